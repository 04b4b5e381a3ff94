#include "store/UserSettingsStore.h"

#include "store/Database.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUserSettings, "taskstream.usersettings", QtInfoMsg)

namespace taskstream::store {

Result<UserSettings> UserSettingsStore::find(const QUuid &userId)
{
    static const QString sql = QStringLiteral("SELECT time_zone, updated_at FROM user_settings WHERE user_id = ?");
    Database::Statement q = m_db->statement(sql);
    if (const Result<int> ran = q.bind(userId.toString(QUuid::WithoutBraces)).exec(); !ran)
        return ran.error();
    UserSettings s;
    if (!q.next())
        return s;
    if (!q.value(0).isNull())
        s.timeZone = q.value(0).toString();
    s.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
    return s;
}

Result<void> UserSettingsStore::put(const QUuid &userId, const UserSettings &settings, const QDateTime &at)
{
    static const QString sql =
        QStringLiteral("INSERT INTO user_settings (user_id, time_zone, updated_at) VALUES (?, ?, ?)"
                       " ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone,"
                       " updated_at = excluded.updated_at");
    const Result<int> rows =
        m_db->statement(sql)
            .bind(userId.toString(QUuid::WithoutBraces))
            .bind(settings.timeZone ? QVariant(*settings.timeZone) : QVariant(QMetaType(QMetaType::QString)))
            .bind(at.toMSecsSinceEpoch())
            .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<QTimeZone> UserSettingsStore::zoneFor(const QUuid &userId, const QTimeZone &fallback)
{
    const Result<UserSettings> s = find(userId);
    if (!s)
        return s.error();
    if (!s->timeZone)
        return fallback;
    const QTimeZone zone(s->timeZone->toUtf8());
    if (!zone.isValid()) {
        qCWarning(lcUserSettings, "user %s: time zone '%s' is unknown to this system; using %s",
                  qPrintable(userId.toString(QUuid::WithoutBraces)), qPrintable(*s->timeZone),
                  fallback.id().constData());
        return fallback;
    }
    return zone;
}

} // namespace taskstream::store

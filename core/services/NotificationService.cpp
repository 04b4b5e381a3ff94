#include "services/NotificationService.h"

#include "store/Database.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcNotificationService, "taskstream.notify", QtInfoMsg)

namespace taskstream::services {

namespace {
Error storage(const Error &error)
{
    qCWarning(lcNotificationService, "database error: %s", qPrintable(error.message));
    if (error.kind != Error::Kind::Internal)
        return Error::unavailable(QStringLiteral("the database is unavailable; nothing was changed, try again"));
    return error;
}

/// "HH:MM" (00:00..23:59) as a minute of the day; nullopt when malformed.
std::optional<int> minuteOfDay(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([01][0-9]|2[0-3]):([0-5][0-9])$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toInt() * 60 + m.captured(2).toInt();
}

bool plausibleAddress(const QString &a)
{
    // An addr-spec without display name or comments; the relay has the last word.
    static const QRegularExpression re(
        QStringLiteral("^[^@\\s<>(),;:\"\\[\\]]+@[^@\\s<>(),;:\"\\[\\]]+\\.[^@\\s<>(),;:\"\\[\\]]+$"));
    return a.size() <= 254 && re.match(a).hasMatch();
}
} // namespace

NotificationService::NotificationService(store::Database *db, QObject *parent) : QObject(parent), m_db(db) {}

Result<NotificationService::Listing> NotificationService::list(const QUuid &userId, bool unreadOnly,
                                                               const std::optional<store::NotificationCursor> &after,
                                                               int limit)
{
    store::NotificationStore store(m_db);
    Result<store::NotificationPage> page = store.list(userId, unreadOnly, after, limit);
    if (!page)
        return storage(page.error());
    const Result<qint64> unread = store.unreadCount(userId);
    if (!unread)
        return storage(unread.error());
    return Listing{std::move(page).value(), *unread};
}

Result<store::Notification> NotificationService::markRead(const QUuid &userId, const QUuid &id)
{
    store::NotificationStore store(m_db);
    if (const Result<int> changed = store.markRead(userId, id, QDateTime::currentDateTimeUtc()); !changed)
        return storage(changed.error());
    const Result<std::optional<store::Notification>> now = store.find(userId, id);
    if (!now)
        return storage(now.error());
    if (!*now)
        return Error::notFound(QStringLiteral("notification %1 not found").arg(id.toString(QUuid::WithoutBraces)));
    return **now;
}

Result<int> NotificationService::markAllRead(const QUuid &userId)
{
    const Result<int> changed = store::NotificationStore(m_db).markAllRead(userId, QDateTime::currentDateTimeUtc());
    if (!changed)
        return storage(changed.error());
    return changed;
}

Result<store::NotificationPreferences> NotificationService::preferences(const QUuid &userId)
{
    const Result<store::NotificationPreferences> p = store::NotificationStore(m_db).preferences(userId);
    if (!p)
        return storage(p.error());
    return p;
}

Result<store::NotificationPreferences> NotificationService::updatePreferences(const QUuid &userId,
                                                                              const QJsonObject &patch)
{
    static const QStringList known{QStringLiteral("channels"), QStringLiteral("email_address"),
                                   QStringLiteral("quiet_hours")};
    for (auto it = patch.begin(); it != patch.end(); ++it)
        if (!known.contains(it.key()))
            return Error::invalid(
                QStringLiteral("%1: unknown field (known: channels, email_address, quiet_hours)").arg(it.key()));
    if (const Result<void> begun = m_db->begin(); !begun)
        return storage(begun.error());
    store::NotificationStore store(m_db);
    Result<store::NotificationPreferences> current = store.preferences(userId);
    if (!current) {
        m_db->rollback();
        return storage(current.error());
    }
    store::NotificationPreferences p = *current;
    auto refuse = [this](const QString &why) -> Result<store::NotificationPreferences> {
        m_db->rollback();
        return Error::invalid(why);
    };
    if (patch.contains(QLatin1String("channels"))) {
        const QJsonValue v = patch.value(QLatin1String("channels"));
        if (!v.isObject())
            return refuse(QStringLiteral("channels: must be an object of booleans (in_app, webhook, email)"));
        const QJsonObject c = v.toObject();
        for (auto it = c.begin(); it != c.end(); ++it) {
            if (!it.value().isBool())
                return refuse(QStringLiteral("channels.%1: must be true or false").arg(it.key()));
            if (it.key() == QLatin1String("in_app"))
                p.inApp = it.value().toBool();
            else if (it.key() == QLatin1String("webhook"))
                p.webhook = it.value().toBool();
            else if (it.key() == QLatin1String("email"))
                p.email = it.value().toBool();
            else
                return refuse(
                    QStringLiteral("channels.%1: unknown channel (known: in_app, webhook, email)").arg(it.key()));
        }
    }
    if (patch.contains(QLatin1String("email_address"))) {
        const QJsonValue v = patch.value(QLatin1String("email_address"));
        if (v.isNull()) {
            p.emailAddress.clear();
        } else if (!v.isString() || !plausibleAddress(v.toString())) {
            return refuse(QStringLiteral("email_address: must be an address like name@example.com, or null"));
        } else {
            p.emailAddress = v.toString();
        }
    }
    if (patch.contains(QLatin1String("quiet_hours"))) {
        const QJsonValue v = patch.value(QLatin1String("quiet_hours"));
        if (v.isNull()) {
            p.quietStartMinute.reset();
            p.quietEndMinute.reset();
        } else {
            const QJsonObject q = v.toObject();
            const std::optional<int> start = minuteOfDay(q.value(QLatin1String("start")).toString());
            const std::optional<int> end = minuteOfDay(q.value(QLatin1String("end")).toString());
            if (!v.isObject() || !start || !end || q.size() != 2)
                return refuse(QStringLiteral("quiet_hours: must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} "
                                             "(24-hour times in your time zone), or null"));
            if (*start == *end)
                return refuse(QStringLiteral("quiet_hours: start and end are the same time; send null for none"));
            p.quietStartMinute = start;
            p.quietEndMinute = end;
        }
    }
    p.updatedAt = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    if (const Result<void> saved = store.savePreferences(userId, p); !saved) {
        m_db->rollback();
        return storage(saved.error());
    }
    if (const Result<void> committed = m_db->commit(); !committed)
        return storage(committed.error());
    return p;
}

} // namespace taskstream::services

#include "store/NotificationStore.h"

#include "store/Database.h"
#include "store/Task.h"

#include <QJsonDocument>

namespace taskstream::store {

namespace {
QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant nullableId(const std::optional<QUuid> &id)
{
    return id ? QVariant(idText(*id)) : QVariant(QMetaType(QMetaType::QString));
}

QVariant nullableInt(const std::optional<int> &v)
{
    return v ? QVariant(qint64(*v)) : QVariant(QMetaType(QMetaType::LongLong));
}

QString hhmm(int minute)
{
    return QStringLiteral("%1:%2").arg(minute / 60, 2, 10, QLatin1Char('0')).arg(minute % 60, 2, 10, QLatin1Char('0'));
}

const char kColumns[] = "id, user_id, kind, reminder_id, task_id, title, body, created_at, read, read_at";

Notification fromRow(const Database::Statement &q)
{
    Notification n;
    n.id = QUuid::fromString(q.value(0).toString());
    n.userId = QUuid::fromString(q.value(1).toString());
    n.kind = q.value(2).toString();
    if (!q.value(3).isNull())
        n.reminderId = QUuid::fromString(q.value(3).toString());
    if (!q.value(4).isNull())
        n.taskId = QUuid::fromString(q.value(4).toString());
    n.title = q.value(5).toString();
    n.body = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    n.createdAt = QDateTime::fromMSecsSinceEpoch(q.int64(7), Qt::UTC);
    n.read = q.int64(8) != 0;
    if (!q.value(9).isNull())
        n.readAt = QDateTime::fromMSecsSinceEpoch(q.int64(9), Qt::UTC);
    return n;
}
} // namespace

bool NotificationPreferences::isQuietAt(int minuteOfDay) const
{
    if (!hasQuietHours())
        return false;
    const int start = *quietStartMinute;
    const int end = *quietEndMinute;
    if (start < end)
        return minuteOfDay >= start && minuteOfDay < end;
    return minuteOfDay >= start || minuteOfDay < end; // wraps midnight
}

QJsonObject NotificationPreferences::toJson() const
{
    return QJsonObject{
        {QStringLiteral("channels"), QJsonObject{{QStringLiteral("in_app"), inApp},
                                                 {QStringLiteral("webhook"), webhook},
                                                 {QStringLiteral("email"), email}}},
        {QStringLiteral("email_address"), emailAddress.isEmpty() ? QJsonValue() : QJsonValue(emailAddress)},
        {QStringLiteral("quiet_hours"), hasQuietHours()
                                            ? QJsonValue(QJsonObject{{QStringLiteral("start"), hhmm(*quietStartMinute)},
                                                                     {QStringLiteral("end"), hhmm(*quietEndMinute)}})
                                            : QJsonValue()},
        {QStringLiteral("updated_at"), updatedAt ? QJsonValue(toIsoUtc(*updatedAt)) : QJsonValue()},
    };
}

QString NotificationCursor::toString() const
{
    return QStringLiteral("%1_%2").arg(createdAtMs).arg(idText(id));
}

bool NotificationCursor::parse(const QString &text, NotificationCursor *cursor)
{
    const qsizetype sep = text.indexOf(QLatin1Char('_'));
    if (sep <= 0)
        return false;
    bool ok = false;
    const qint64 ms = text.left(sep).toLongLong(&ok);
    const QUuid id = QUuid::fromString(text.mid(sep + 1));
    if (!ok || ms < 0 || id.isNull())
        return false;
    *cursor = {ms, id};
    return true;
}

Result<bool> NotificationStore::insert(const Notification &n)
{
    // ON CONFLICT DO NOTHING has the same spelling on SQLite (3.24+) and PostgreSQL.
    const Result<int> rows =
        m_db->statement("INSERT INTO notifications (id, user_id, kind, reminder_id, task_id,"
                        " title, body, created_at, read, read_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
            .bind(idText(n.id))
            .bind(idText(n.userId))
            .bind(n.kind)
            .bind(nullableId(n.reminderId))
            .bind(nullableId(n.taskId))
            .bind(n.title)
            .bind(QString::fromUtf8(QJsonDocument(n.body).toJson(QJsonDocument::Compact)))
            .bind(n.createdAt.toMSecsSinceEpoch())
            .bind(n.read)
            .bind(n.readAt ? QVariant(n.readAt->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong)))
            .exec();
    if (!rows)
        return rows.error();
    return *rows > 0;
}

Result<NotificationPage> NotificationStore::list(const QUuid &userId, bool unreadOnly,
                                                 const std::optional<NotificationCursor> &after, int limit)
{
    // Keyset paging on (created_at, id): a page never repeats or skips a row when new ones arrive.
    QString sql = QStringLiteral("SELECT %1 FROM notifications WHERE user_id = ?").arg(QLatin1String(kColumns));
    if (unreadOnly)
        sql += QStringLiteral(" AND read = 0");
    if (after)
        sql += QStringLiteral(" AND (created_at < ? OR (created_at = ? AND id < ?))");
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT ?");
    Database::Statement q = m_db->statement(sql);
    q.bind(idText(userId));
    if (after)
        q.bind(after->createdAtMs).bind(after->createdAtMs).bind(idText(after->id));
    q.bind(limit + 1);
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    NotificationPage page;
    while (q.next())
        page.items.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    if (page.items.size() > limit) {
        page.items.resize(limit);
        page.next = NotificationCursor{page.items.last().createdAt.toMSecsSinceEpoch(), page.items.last().id};
    }
    return page;
}

Result<std::optional<Notification>> NotificationStore::find(const QUuid &userId, const QUuid &id)
{
    Database::Statement q = m_db->statement(
        QStringLiteral("SELECT %1 FROM notifications WHERE id = ? AND user_id = ?").arg(QLatin1String(kColumns)));
    if (const Result<int> ran = q.bind(idText(id)).bind(idText(userId)).exec(); !ran)
        return ran.error();
    std::optional<Notification> out;
    if (q.next())
        out = fromRow(q);
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

Result<int> NotificationStore::markRead(const QUuid &userId, const QUuid &id, const QDateTime &at)
{
    return m_db->statement("UPDATE notifications SET read = 1, read_at = ? WHERE id = ? AND user_id = ? AND read = 0")
        .bind(at.toMSecsSinceEpoch())
        .bind(idText(id))
        .bind(idText(userId))
        .exec();
}

Result<int> NotificationStore::markAllRead(const QUuid &userId, const QDateTime &at)
{
    return m_db->statement("UPDATE notifications SET read = 1, read_at = ? WHERE user_id = ? AND read = 0")
        .bind(at.toMSecsSinceEpoch())
        .bind(idText(userId))
        .exec();
}

Result<qint64> NotificationStore::unreadCount(const QUuid &userId)
{
    Database::Statement q = m_db->statement("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read = 0");
    if (const Result<int> ran = q.bind(idText(userId)).exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? Error::internal(QStringLiteral("COUNT(*) gave no row")) : q.status().error();
    return q.int64(0);
}

Result<NotificationPreferences> NotificationStore::preferences(const QUuid &userId)
{
    Database::Statement q = m_db->statement("SELECT in_app, webhook, email, email_address, quiet_start_minute,"
                                            " quiet_end_minute, updated_at FROM notification_preferences"
                                            " WHERE user_id = ?");
    if (const Result<int> ran = q.bind(idText(userId)).exec(); !ran)
        return ran.error();
    NotificationPreferences p;
    if (q.next()) {
        p.inApp = q.int64(0) != 0;
        p.webhook = q.int64(1) != 0;
        p.email = q.int64(2) != 0;
        p.emailAddress = q.value(3).toString();
        if (!q.value(4).isNull())
            p.quietStartMinute = int(q.int64(4));
        if (!q.value(5).isNull())
            p.quietEndMinute = int(q.int64(5));
        p.updatedAt = QDateTime::fromMSecsSinceEpoch(q.int64(6), Qt::UTC);
    }
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return p;
}

Result<void> NotificationStore::savePreferences(const QUuid &userId, const NotificationPreferences &p)
{
    const Result<int> rows =
        m_db->statement("INSERT INTO notification_preferences (user_id, in_app, webhook, email, email_address,"
                        " quiet_start_minute, quiet_end_minute, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (user_id) DO UPDATE SET in_app = excluded.in_app, webhook = excluded.webhook,"
                        " email = excluded.email, email_address = excluded.email_address,"
                        " quiet_start_minute = excluded.quiet_start_minute,"
                        " quiet_end_minute = excluded.quiet_end_minute, updated_at = excluded.updated_at")
            .bind(idText(userId))
            .bind(p.inApp)
            .bind(p.webhook)
            .bind(p.email)
            .bind(p.emailAddress.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(p.emailAddress))
            .bind(nullableInt(p.quietStartMinute))
            .bind(nullableInt(p.quietEndMinute))
            .bind(p.updatedAt ? p.updatedAt->toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch())
            .exec();
    if (!rows)
        return rows.error();
    return {};
}

} // namespace taskstream::store

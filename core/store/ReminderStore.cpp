#include "store/ReminderStore.h"

#include "store/Database.h"
#include "store/Task.h"

#include <QJsonDocument>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] = "id, task_id, user_id, remind_at, offset_minutes, status, late, fired_at, dismissed_at, "
                        "title, kafka_partition, created_at";

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QDateTime fromMs(const QVariant &v)
{
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

std::optional<QDateTime> optMs(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return fromMs(v);
}

QVariant nullable(const std::optional<QDateTime> &t)
{
    return t ? QVariant(t->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant nullable(const std::optional<int> &i)
{
    return i ? QVariant(*i) : QVariant(QMetaType(QMetaType::Int));
}

Reminder fromRow(const Database::Statement &q)
{
    Reminder r;
    r.id = QUuid::fromString(q.value(0).toString());
    r.taskId = QUuid::fromString(q.value(1).toString());
    r.userId = QUuid::fromString(q.value(2).toString());
    r.remindAt = fromMs(q.value(3));
    if (!q.value(4).isNull())
        r.offsetMinutes = q.value(4).toInt();
    r.status = q.value(5).toString();
    r.late = q.value(6).toInt() != 0;
    r.firedAt = optMs(q.value(7));
    r.dismissedAt = optMs(q.value(8));
    r.title = q.value(9).toString();
    if (!q.value(10).isNull())
        r.kafkaPartition = q.value(10).toInt();
    r.createdAt = fromMs(q.value(11));
    return r;
}

/// Runs \a q and reads every row.
Result<QList<Reminder>> readAll(Database::Statement &q)
{
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    QList<Reminder> out;
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

/// The outcome of a command whose row count does not matter.
Result<void> done(const Result<int> &rows)
{
    if (!rows)
        return rows.error();
    return {};
}
} // namespace

QJsonObject Reminder::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), idText(id)},
        {QStringLiteral("task_id"), idText(taskId)},
        {QStringLiteral("remind_at"), toIsoUtc(remindAt)},
        {QStringLiteral("offset_minutes"), offsetMinutes ? QJsonValue(*offsetMinutes) : QJsonValue()},
        {QStringLiteral("status"), status},
        {QStringLiteral("late"), late},
        {QStringLiteral("fired_at"), firedAt ? QJsonValue(toIsoUtc(*firedAt)) : QJsonValue()},
        {QStringLiteral("dismissed_at"), dismissedAt ? QJsonValue(toIsoUtc(*dismissedAt)) : QJsonValue()},
        {QStringLiteral("title"), title},
    };
}

QJsonObject Notification::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), idText(id)},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("reminder_id"), reminderId ? QJsonValue(idText(*reminderId)) : QJsonValue()},
        {QStringLiteral("task_id"), taskId ? QJsonValue(idText(*taskId)) : QJsonValue()},
        {QStringLiteral("title"), title},
        {QStringLiteral("body"), body},
        {QStringLiteral("created_at"), toIsoUtc(createdAt)},
        {QStringLiteral("read"), read},
        {QStringLiteral("read_at"), readAt ? QJsonValue(toIsoUtc(*readAt)) : QJsonValue()},
    };
}

Result<std::optional<Reminder>> ReminderStore::find(const QUuid &id)
{
    // Prepared once per connection: the trigger reads every reminder it fires, and on PostgreSQL a
    // fresh prepare is a round trip of its own (and another to deallocate it).
    static const QString sql = QStringLiteral("SELECT %1 FROM reminders WHERE id = ?").arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(sql);
    q.bind(idText(id));
    Result<QList<Reminder>> rows = readAll(q);
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? std::optional<Reminder>() : std::optional<Reminder>(rows->first());
}

Result<bool> ReminderStore::insert(const Reminder &r)
{
    // ON CONFLICT DO NOTHING has the same spelling on SQLite (3.24+) and PostgreSQL.
    static const QString sql = QStringLiteral("INSERT INTO reminders (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                              " ON CONFLICT (id) DO NOTHING")
                                   .arg(QLatin1String(kColumns));
    const Result<int> rows = m_db->statement(sql)
                                 .bind(idText(r.id))
                                 .bind(idText(r.taskId))
                                 .bind(idText(r.userId))
                                 .bind(r.remindAt.toMSecsSinceEpoch())
                                 .bind(nullable(r.offsetMinutes))
                                 .bind(r.status)
                                 .bind(r.late ? 1 : 0)
                                 .bind(nullable(r.firedAt))
                                 .bind(nullable(r.dismissedAt))
                                 .bind(r.title)
                                 .bind(nullable(r.kafkaPartition))
                                 .bind(r.createdAt.toMSecsSinceEpoch())
                                 .exec();
    if (!rows)
        return rows.error();
    return *rows == 1;
}

Result<QList<Reminder>> ReminderStore::forTask(const QUuid &taskId)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM reminders WHERE task_id = ? ORDER BY remind_at, id")
                                   .arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(sql);
    q.bind(idText(taskId));
    return readAll(q);
}

Result<int> ReminderStore::markDismissed(const QUuid &id, const QDateTime &at)
{
    return m_db
        ->statement("UPDATE reminders SET status = 'dismissed', dismissed_at = ? WHERE id = ? "
                    "AND status = 'pending'")
        .bind(at.toMSecsSinceEpoch())
        .bind(idText(id))
        .exec();
}

Result<int> ReminderStore::revive(const QUuid &id)
{
    return m_db
        ->statement("UPDATE reminders SET status = 'pending', dismissed_at = NULL WHERE id = ? "
                    "AND status = 'dismissed'")
        .bind(idText(id))
        .exec();
}

Result<QList<Reminder>> ReminderStore::fireAll(const QList<QUuid> &ids, const QDateTime &at,
                                               const QDateTime &lateBefore)
{
    // One round trip per chunk instead of a read and an update per reminder: a burst of 10,000 due
    // in the same second fires in well under a second on PostgreSQL too. 3 + n parameters stay far
    // below the limits of both drivers (SQLite 32766, PostgreSQL 65535).
    constexpr qsizetype kChunk = 500;
    QList<Reminder> fired;
    for (qsizetype from = 0; from < ids.size(); from += kChunk) {
        const qsizetype n = qMin(kChunk, ids.size() - from);
        // SQLite without statistics would take status = 'pending' to the (status, remind_at) index
        // and walk every pending reminder (seconds with a million of them); its unary + keeps
        // that term off the index, so the ids are looked up by primary key. PostgreSQL plans
        // with statistics and has no unary + for text.
        const QString pending = m_db->kind() == Database::Kind::SQLite ? QStringLiteral("+status = 'pending'")
                                                                       : QStringLiteral("status = 'pending'");
        const QString sql =
            QStringLiteral("UPDATE reminders SET status = 'fired', fired_at = ?, "
                           "late = CASE WHEN remind_at < ? THEN 1 ELSE 0 END "
                           "WHERE id IN (%1) AND %2 RETURNING %3")
                .arg(QStringList(n, QStringLiteral("?")).join(QLatin1Char(',')), pending, QLatin1String(kColumns));
        Database::Statement q = m_db->statement(sql, n == kChunk ? Database::Reuse::Cached : Database::Reuse::Once);
        q.bind(at.toMSecsSinceEpoch()).bind(lateBefore.toMSecsSinceEpoch());
        for (qsizetype i = from; i < from + n; ++i)
            q.bind(idText(ids[i]));
        Result<QList<Reminder>> rows = readAll(q);
        if (!rows)
            return rows.error();
        fired += *rows;
    }
    return fired;
}

Result<void> ReminderStore::setPartition(const QUuid &id, int partition)
{
    return done(m_db->statement("UPDATE reminders SET kafka_partition = ? WHERE id = ?")
                    .bind(partition)
                    .bind(idText(id))
                    .exec());
}

Result<QList<ReminderTimer>> ReminderStore::pendingTimers(const QList<int> &partitions)
{
    if (partitions.isEmpty())
        return QList<ReminderTimer>();
    Database::Statement q = m_db->statement(
        QStringLiteral("SELECT id, remind_at, kafka_partition FROM reminders WHERE status = 'pending' AND "
                       "kafka_partition IN (%1) ORDER BY remind_at")
            .arg(QStringList(partitions.size(), QStringLiteral("?")).join(QLatin1Char(','))));
    for (int p : partitions)
        q.bind(p);
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    QList<ReminderTimer> out;
    while (q.next())
        out.append({QUuid::fromString(q.value(0).toString()), q.int64(1), int(q.int64(2))});
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

Result<QList<Reminder>> ReminderStore::listForUser(const QUuid &userId, const QString &status, int limit)
{
    const QString filter = status.isEmpty() ? QString() : QStringLiteral(" AND status = ?");
    Database::Statement q =
        m_db->statement(QStringLiteral("SELECT %1 FROM reminders WHERE user_id = ?%2 ORDER BY remind_at, id LIMIT ?")
                            .arg(QLatin1String(kColumns), filter));
    q.bind(idText(userId));
    if (!status.isEmpty())
        q.bind(status);
    q.bind(limit);
    return readAll(q);
}

Result<QList<ReminderWithTask>> ReminderStore::listWithTasks(const QString &status, const QUuid &userId, int limit)
{
    QString columns;
    for (const QString &c : QString::fromLatin1(kColumns).split(QStringLiteral(", ")))
        columns += (columns.isEmpty() ? QStringLiteral("r.") : QStringLiteral(", r.")) + c;
    QStringList where;
    if (!status.isEmpty())
        where << QStringLiteral("r.status = ?");
    if (!userId.isNull())
        where << QStringLiteral("r.user_id = ?");
    Database::Statement q = m_db->statement(
        QStringLiteral("SELECT %1, t.status, t.deleted_at, t.due_date, t.id FROM reminders r"
                       " LEFT JOIN tasks t ON t.id = r.task_id%2 ORDER BY r.remind_at, r.id LIMIT ?")
            .arg(columns,
                 where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "))));
    if (!status.isEmpty())
        q.bind(status);
    if (!userId.isNull())
        q.bind(idText(userId));
    q.bind(limit);
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    QList<ReminderWithTask> out;
    while (q.next()) {
        ReminderWithTask row;
        row.reminder = fromRow(q);
        if (q.value(15).isNull())
            row.taskStatus = QStringLiteral("missing");
        else if (!q.value(13).isNull())
            row.taskStatus = QStringLiteral("deleted");
        else
            row.taskStatus = q.value(12).toString();
        row.taskDueDate = optMs(q.value(14));
        out.append(row);
    }
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

Result<qint64> ReminderStore::pendingCount()
{
    Database::Statement q = m_db->statement("SELECT COUNT(*) FROM reminders WHERE status = 'pending'");
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? Error::internal(QStringLiteral("COUNT(*) gave no row")) : q.status().error();
    return q.int64(0);
}

Result<void> ReminderStore::insertNotification(const Notification &n)
{
    // Prepared once per connection: one per firing.
    return done(m_db->statement("INSERT INTO notifications (id, user_id, kind, reminder_id, task_id, "
                                "title, body, created_at, read)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
                    .bind(idText(n.id))
                    .bind(idText(n.userId))
                    .bind(n.kind)
                    .bind(n.reminderId ? QVariant(idText(*n.reminderId)) : QVariant(QMetaType(QMetaType::QString)))
                    .bind(n.taskId ? QVariant(idText(*n.taskId)) : QVariant(QMetaType(QMetaType::QString)))
                    .bind(n.title)
                    .bind(QString::fromUtf8(QJsonDocument(n.body).toJson(QJsonDocument::Compact)))
                    .bind(n.createdAt.toMSecsSinceEpoch())
                    .bind(n.read ? 1 : 0)
                    .exec());
}

Result<void> ReminderStore::insertNotifications(const QList<Notification> &notifications)
{
    constexpr qsizetype kChunk = 500; // 9 parameters per row
    for (qsizetype from = 0; from < notifications.size(); from += kChunk) {
        const qsizetype n = qMin(kChunk, notifications.size() - from);
        const QString sql =
            QStringLiteral("INSERT INTO notifications (id, user_id, kind, reminder_id, task_id, "
                           "title, body, created_at, read) VALUES %1 ON CONFLICT (id) DO NOTHING")
                .arg(QStringList(n, QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?)")).join(QLatin1Char(',')));
        Database::Statement q = m_db->statement(sql, n == kChunk ? Database::Reuse::Cached : Database::Reuse::Once);
        for (qsizetype i = from; i < from + n; ++i) {
            const Notification &x = notifications[i];
            q.bind(idText(x.id))
                .bind(idText(x.userId))
                .bind(x.kind)
                .bind(x.reminderId ? QVariant(idText(*x.reminderId)) : QVariant(QMetaType(QMetaType::QString)))
                .bind(x.taskId ? QVariant(idText(*x.taskId)) : QVariant(QMetaType(QMetaType::QString)))
                .bind(x.title)
                .bind(QString::fromUtf8(QJsonDocument(x.body).toJson(QJsonDocument::Compact)))
                .bind(x.createdAt.toMSecsSinceEpoch())
                .bind(x.read ? 1 : 0);
        }
        if (const Result<int> rows = q.exec(); !rows)
            return rows.error();
    }
    return {};
}

Result<QList<Notification>> ReminderStore::notificationsForUser(const QUuid &userId, int limit)
{
    Database::Statement q =
        m_db->statement("SELECT id, user_id, kind, reminder_id, task_id, title, body, created_at, read"
                        " FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?");
    if (const Result<int> ran = q.bind(idText(userId)).bind(limit).exec(); !ran)
        return ran.error();
    QList<Notification> out;
    while (q.next()) {
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
        n.createdAt = fromMs(q.value(7));
        n.read = q.value(8).toInt() != 0;
        out.append(n);
    }
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

} // namespace taskstream::store

#include "store/ReminderStore.h"

#include "store/Database.h"
#include "store/Task.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] =
    "id, task_id, user_id, remind_at, offset_minutes, status, late, fired_at, dismissed_at, "
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

bool prepare(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.prepare(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

bool run(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    *error = q.lastError().text();
    return false;
}

Reminder fromRow(const QSqlQuery &q)
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

QList<Reminder> readAll(QSqlQuery &q)
{
    QList<Reminder> out;
    while (q.next())
        out.append(fromRow(q));
    return out;
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
    };
}

std::optional<Reminder> ReminderStore::find(const QUuid &id, QString *error)
{
    // Prepared once per connection: the trigger reads every reminder it fires, and on PostgreSQL a
    // fresh prepare is a round trip of its own (and another to deallocate it).
    static const QString sql =
        QStringLiteral("SELECT %1 FROM reminders WHERE id = ?").arg(QLatin1String(kColumns));
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return std::nullopt;
    q.addBindValue(idText(id));
    if (!run(q, error))
        return std::nullopt;
    std::optional<Reminder> r;
    if (q.next())
        r = fromRow(q);
    q.finish(); // no read stays open on a reused statement
    return r;
}

bool ReminderStore::insert(const Reminder &r, bool *inserted, QString *error)
{
    QSqlQuery q(m_db->db());
    // ON CONFLICT DO NOTHING has the same spelling on SQLite (3.24+) and PostgreSQL.
    if (!prepare(q,
                 QStringLiteral("INSERT INTO reminders (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                " ON CONFLICT (id) DO NOTHING")
                     .arg(QLatin1String(kColumns)),
                 error))
        return false;
    q.addBindValue(idText(r.id));
    q.addBindValue(idText(r.taskId));
    q.addBindValue(idText(r.userId));
    q.addBindValue(r.remindAt.toMSecsSinceEpoch());
    q.addBindValue(nullable(r.offsetMinutes));
    q.addBindValue(r.status);
    q.addBindValue(r.late ? 1 : 0);
    q.addBindValue(nullable(r.firedAt));
    q.addBindValue(nullable(r.dismissedAt));
    q.addBindValue(r.title);
    q.addBindValue(nullable(r.kafkaPartition));
    q.addBindValue(r.createdAt.toMSecsSinceEpoch());
    if (!run(q, error))
        return false;
    if (inserted)
        *inserted = q.numRowsAffected() == 1;
    return true;
}

QList<Reminder> ReminderStore::forTask(const QUuid &taskId, QString *error)
{
    QSqlQuery q(m_db->db());
    if (!prepare(q,
                 QStringLiteral("SELECT %1 FROM reminders WHERE task_id = ? ORDER BY remind_at, id")
                     .arg(QLatin1String(kColumns)),
                 error))
        return {};
    q.addBindValue(idText(taskId));
    if (!run(q, error))
        return {};
    return readAll(q);
}

int ReminderStore::markDismissed(const QUuid &id, const QDateTime &at, QString *error)
{
    QSqlQuery q(m_db->db());
    if (!prepare(q,
                 QStringLiteral("UPDATE reminders SET status = 'dismissed', dismissed_at = ? WHERE id = ? "
                                "AND status = 'pending'"),
                 error))
        return -1;
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(idText(id));
    return run(q, error) ? q.numRowsAffected() : -1;
}

int ReminderStore::revive(const QUuid &id, QString *error)
{
    QSqlQuery q(m_db->db());
    if (!prepare(q,
                 QStringLiteral("UPDATE reminders SET status = 'pending', dismissed_at = NULL WHERE id = ? "
                                "AND status = 'dismissed'"),
                 error))
        return -1;
    q.addBindValue(idText(id));
    return run(q, error) ? q.numRowsAffected() : -1;
}

QList<Reminder> ReminderStore::fireAll(const QList<QUuid> &ids, const QDateTime &at,
                                      const QDateTime &lateBefore, QString *error)
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
        QSqlQuery fresh(m_db->db());
        QSqlQuery *q = m_db->batchStatement(sql, n == kChunk, fresh, error);
        if (!q)
            return {};
        q->addBindValue(at.toMSecsSinceEpoch());
        q->addBindValue(lateBefore.toMSecsSinceEpoch());
        for (qsizetype i = from; i < from + n; ++i)
            q->addBindValue(idText(ids[i]));
        if (!run(*q, error))
            return {};
        while (q->next())
            fired.append(fromRow(*q));
    }
    return fired;
}

bool ReminderStore::setPartition(const QUuid &id, int partition, QString *error)
{
    QSqlQuery q(m_db->db());
    if (!prepare(q, QStringLiteral("UPDATE reminders SET kafka_partition = ? WHERE id = ?"), error))
        return false;
    q.addBindValue(partition);
    q.addBindValue(idText(id));
    return run(q, error);
}

QList<ReminderTimer> ReminderStore::pendingTimers(const QList<int> &partitions, QString *error)
{
    if (partitions.isEmpty())
        return {};
    QStringList marks;
    for (qsizetype i = 0; i < partitions.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery q(m_db->db());
    q.setForwardOnly(true);
    if (!prepare(q,
                 QStringLiteral(
                     "SELECT id, remind_at, kafka_partition FROM reminders WHERE status = 'pending' AND "
                     "kafka_partition IN (%1) ORDER BY remind_at")
                     .arg(marks.join(QLatin1Char(','))),
                 error))
        return {};
    for (int p : partitions)
        q.addBindValue(p);
    if (!run(q, error))
        return {};
    QList<ReminderTimer> out;
    while (q.next())
        out.append({QUuid::fromString(q.value(0).toString()), q.value(1).toLongLong(), q.value(2).toInt()});
    return out;
}

QList<Reminder> ReminderStore::listForUser(const QUuid &userId, const QString &status, int limit,
                                           QString *error)
{
    QSqlQuery q(m_db->db());
    const QString filter = status.isEmpty() ? QString() : QStringLiteral(" AND status = ?");
    if (!prepare(q,
                 QStringLiteral("SELECT %1 FROM reminders WHERE user_id = ?%2 ORDER BY remind_at, id LIMIT ?")
                     .arg(QLatin1String(kColumns), filter),
                 error))
        return {};
    q.addBindValue(idText(userId));
    if (!status.isEmpty())
        q.addBindValue(status);
    q.addBindValue(limit);
    if (!run(q, error))
        return {};
    return readAll(q);
}

qint64 ReminderStore::pendingCount(QString *error)
{
    QSqlQuery q(m_db->db());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE status = 'pending'")) || !q.next()) {
        *error = q.lastError().text();
        return 0;
    }
    return q.value(0).toLongLong();
}

bool ReminderStore::insertNotification(const Notification &n, QString *error)
{
    // Prepared once per connection: one per firing.
    static const QString sql =
        QStringLiteral("INSERT INTO notifications (id, user_id, kind, reminder_id, task_id, "
                       "title, body, created_at, read)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return false;
    q.addBindValue(idText(n.id));
    q.addBindValue(idText(n.userId));
    q.addBindValue(n.kind);
    q.addBindValue(n.reminderId ? QVariant(idText(*n.reminderId)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(n.taskId ? QVariant(idText(*n.taskId)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(n.title);
    q.addBindValue(QString::fromUtf8(QJsonDocument(n.body).toJson(QJsonDocument::Compact)));
    q.addBindValue(n.createdAt.toMSecsSinceEpoch());
    q.addBindValue(n.read ? 1 : 0);
    return run(q, error);
}

bool ReminderStore::insertNotifications(const QList<Notification> &notifications, QString *error)
{
    constexpr qsizetype kChunk = 500; // 9 parameters per row
    for (qsizetype from = 0; from < notifications.size(); from += kChunk) {
        const qsizetype n = qMin(kChunk, notifications.size() - from);
        const QString sql = QStringLiteral("INSERT INTO notifications (id, user_id, kind, reminder_id, task_id, "
                                           "title, body, created_at, read) VALUES %1 ON CONFLICT (id) DO NOTHING")
                                .arg(QStringList(n, QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                                         .join(QLatin1Char(',')));
        QSqlQuery fresh(m_db->db());
        QSqlQuery *q = m_db->batchStatement(sql, n == kChunk, fresh, error);
        if (!q)
            return false;
        for (qsizetype i = from; i < from + n; ++i) {
            const Notification &x = notifications[i];
            q->addBindValue(idText(x.id));
            q->addBindValue(idText(x.userId));
            q->addBindValue(x.kind);
            q->addBindValue(x.reminderId ? QVariant(idText(*x.reminderId)) : QVariant(QMetaType(QMetaType::QString)));
            q->addBindValue(x.taskId ? QVariant(idText(*x.taskId)) : QVariant(QMetaType(QMetaType::QString)));
            q->addBindValue(x.title);
            q->addBindValue(QString::fromUtf8(QJsonDocument(x.body).toJson(QJsonDocument::Compact)));
            q->addBindValue(x.createdAt.toMSecsSinceEpoch());
            q->addBindValue(x.read ? 1 : 0);
        }
        if (!run(*q, error))
            return false;
    }
    return true;
}

QList<Notification> ReminderStore::notificationsForUser(const QUuid &userId, int limit, QString *error)
{
    QSqlQuery q(m_db->db());
    if (!prepare(
            q,
            QStringLiteral("SELECT id, user_id, kind, reminder_id, task_id, title, body, created_at, read"
                           " FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"),
            error))
        return {};
    q.addBindValue(idText(userId));
    q.addBindValue(limit);
    if (!run(q, error))
        return {};
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
    return out;
}

} // namespace taskstream::store

#pragma once

#include "common/Result.h"

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

namespace taskstream::store {

class Database;

/// A reminder of a task: due at remindAt (UTC, ms), pending until it fires or is dismissed.
struct Reminder
{
    QUuid id;
    QUuid taskId;
    QUuid userId;
    QDateTime remindAt;
    std::optional<int> offsetMinutes;           ///< minutes before the due date; unknown when learnt from an event
    QString status = QStringLiteral("pending"); ///< pending, fired or dismissed
    bool late = false;                          ///< fired later than the tolerance after remindAt
    std::optional<QDateTime> firedAt;
    std::optional<QDateTime> dismissedAt;
    QString title;
    std::optional<int> kafkaPartition; ///< partition of todo.reminders.events holding its ReminderScheduled
    QDateTime createdAt;

    bool isPending() const { return status == QLatin1String("pending"); }
    /// The API's view (ids, ISO 8601 UTC times).
    QJsonObject toJson() const;
};

/// What a reminder's timer needs: the trigger keeps one per pending reminder of its partitions.
struct ReminderTimer
{
    QUuid id;
    qint64 remindAtMs = 0;
    int partition = -1;
};

/// An in-app notification of a user (store::NotificationStore lists and marks them).
struct Notification
{
    QUuid id;
    QUuid userId;
    QString kind; ///< "reminder" or "task_changed"
    std::optional<QUuid> reminderId;
    std::optional<QUuid> taskId;
    QString title;
    QJsonObject body;
    QDateTime createdAt;
    bool read = false;
    std::optional<QDateTime> readAt; ///< when it was marked read (unknown for those read before this was kept)

    QJsonObject toJson() const;
};

/// A reminder with the state of its task, for the administrators' view across users.
struct ReminderWithTask
{
    Reminder reminder;
    /// The task's status ("pending", "completed"), "deleted" when it was deleted, "missing" when
    /// no row is there (erased, or the scheduler wrote to another database).
    QString taskStatus;
    std::optional<QDateTime> taskDueDate;
};

/// SQL for the reminders and notifications tables. No call opens a transaction of its own: the
/// caller groups the writes with the outbox row of their event. State changes are conditional
/// (WHERE status = 'pending'), and report how many rows they changed, so that concurrent writers
/// (two trigger instances, the API and a worker) never both make the same transition.
class ReminderStore
{
public:
    explicit ReminderStore(Database *db) : m_db(db) {}

    Result<std::optional<Reminder>> find(const QUuid &id);
    /// Inserts unless a row with this id exists; true when it was inserted.
    Result<bool> insert(const Reminder &reminder);
    /// Every reminder of a task, in remind_at order.
    Result<QList<Reminder>> forTask(const QUuid &taskId);
    /// pending -> dismissed; returns rows changed (0 or 1).
    Result<int> markDismissed(const QUuid &id, const QDateTime &at);
    /// dismissed -> pending (the same reminder is wanted again); rows changed.
    Result<int> revive(const QUuid &id);
    /// pending -> fired for every id still pending, one statement per 500 ids (UPDATE ... RETURNING):
    /// a reminder is late when its remind_at is before \a lateBefore. Returns the rows this writer
    /// changed, as changed; an id fired or dismissed by another writer is absent, so concurrent
    /// writers never both fire one.
    Result<QList<Reminder>> fireAll(const QList<QUuid> &ids, const QDateTime &at, const QDateTime &lateBefore);
    Result<void> setPartition(const QUuid &id, int partition);
    /// Timers of the pending reminders carried by these partitions, in remind_at order (only the
    /// three columns arming needs: the trigger loads its partitions' reminders, possibly millions).
    Result<QList<ReminderTimer>> pendingTimers(const QList<int> &partitions);
    /// A user's reminders, soonest first; \a status empty for all.
    Result<QList<Reminder>> listForUser(const QUuid &userId, const QString &status, int limit);
    /// Every user's reminders with their task's state, soonest first; \a status and \a userId
    /// filter when set.
    Result<QList<ReminderWithTask>> listWithTasks(const QString &status, const QUuid &userId, int limit);
    /// Reminders waiting to fire (an index range: cheap enough for every metrics scrape).
    Result<qint64> pendingCount();

    Result<void> insertNotification(const Notification &notification);
    /// insertNotification for many, a multi-row INSERT per few hundred rows.
    Result<void> insertNotifications(const QList<Notification> &notifications);
    /// A user's notifications, newest first.
    Result<QList<Notification>> notificationsForUser(const QUuid &userId, int limit);

private:
    Database *m_db;
};

} // namespace taskstream::store

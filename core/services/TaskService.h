#pragma once

#include "store/Task.h"
#include "store/TaskStore.h"

#include <functional>
#include <memory>

#include <QJsonObject>
#include <QObject>

namespace taskstream::events {
class Event;
class EventSerializer;
struct TaskFields;
} // namespace taskstream::events

namespace taskstream::store {
class Database;
class OutboxStore;
struct OutboxRecord;
} // namespace taskstream::store

namespace taskstream {
class ObjectThread;
}

namespace taskstream::services {

/// The outbox row for \a event (Avro single-object with CloudEvents headers, as TaskService
/// writes them); Invalid when the event does not encode. Workers use it to publish an event in
/// the transaction of their effect.
Result<store::OutboxRecord> makeOutboxRecord(const events::EventSerializer &serializer, const events::Event &event);

/// A stored task as the task fields of its events (TaskCreated, TaskChanged's snapshot).
events::TaskFields toEventFields(const store::Task &task);

struct TaskPage
{
    QList<store::Task> tasks;
    int total = 0;
    int limit = 0;
    int offset = 0;
};

/// Limits of what a task may hold.
struct TaskLimits
{
    int maxTitle = 500;
    int maxDescription = 10000;
    int maxTags = 20;
    int maxTagLength = 64;
    int maxReminders = 10;
    int maxReminderMinutes = 60 * 24 * 365;
};

/// Task commands. Each command writes the task row and an outbox row holding the encoded event in
/// one transaction: either both are durable or neither is, so no event is lost between commit
/// and publish, and no command waits for (or fails because of) Kafka.
///
/// Failures are Errors: Invalid with the wrong fields (422 in the API), NotFound (no such task for
/// this user), Conflict (the command does not apply in the task's state, or the task changed
/// concurrently), and the database's own (Unavailable: nothing was changed, try again).
/// Double commands are answered consistently: completing a completed task is Conflict; deleting a
/// deleted (or unknown) task is NotFound.
class TaskService : public QObject
{
    Q_OBJECT
public:
    TaskService(store::Database *db, const events::EventSerializer *serializer, QObject *parent = nullptr);
    ~TaskService() override;

    void setLimits(const TaskLimits &limits) { m_limits = limits; }

    Result<store::Task> create(const QUuid &userId, const QJsonObject &input);
    /// Like create(), with group commit: creates arriving in the same event-loop round share one
    /// transaction (one fsync), and \a done runs once that transaction committed (or failed).
    /// Validation errors are answered at once. Nothing is acknowledged before it is durable.
    void createAsync(const QUuid &userId, const QJsonObject &input,
                     std::function<void(const Result<store::Task> &)> done);
    /// Largest number of commands one group commit holds.
    void setMaxGroupCommit(int n) { m_maxGroup = qMax(1, n); }
    /// Runs the group commits of createAsync() on a thread of their own, with a second connection
    /// to the database: while one group's transaction and fsync run there, this thread goes on
    /// parsing requests and the next group forms, committed as soon as the previous one is.
    /// The thread opens its connection in the background; until it has, and for good when it
    /// cannot (logged), commits run on this thread. An error, and commits stay on this thread,
    /// when the database cannot be opened a second time (an in-memory SQLite database: Invalid).
    Result<void> startCommitThread();
    Result<store::Task> update(const QUuid &userId, const QUuid &taskId, const QJsonObject &patch);
    Result<store::Task> complete(const QUuid &userId, const QUuid &taskId);
    Result<void> remove(const QUuid &userId, const QUuid &taskId);
    Result<store::Task> get(const QUuid &userId, const QUuid &taskId);
    Result<TaskPage> list(const store::TaskQuery &query);

    /// Creates \a task as given (id, user, fields already valid), e.g. the next instance of a
    /// recurring task, with its TaskCreated in the same transaction.
    Result<store::Task> createPrepared(const store::Task &task);

    /// The thread that commits creates and updates (for the node's liveness heartbeat).
    ObjectThread *commitThread() const { return m_commitThread.get(); }

signals:
    /// An outbox row was committed: the relay can publish without polling.
    void outboxAppended();

private:
    bool parseFields(const QJsonObject &input, bool partial, store::Task *task, QStringList *changed,
                     QList<Error::Field> *errors) const;
    /// Runs \a write and appends \a event to the outbox in one transaction.
    Result<void> commitWithEvent(const std::function<Result<void>()> &write, const events::Event &event);
    /// The outbox row for \a event, or an error if it cannot be encoded.
    Result<store::OutboxRecord> outboxRecord(const events::Event &event) const;
    void flushGroup();

    struct PendingCreate
    {
        store::Task task;
        std::shared_ptr<store::OutboxRecord> record;
        std::function<void(const Result<void> &)> done;
    };
    /// Commits \a group through \a tasks and \a outbox on \a db: one transaction for all, or
    /// each command on its own when that fails, so one bad command does not fail the others.
    static QList<Result<void>> commitGroup(store::Database *db, store::TaskStore *tasks, store::OutboxStore *outbox,
                                           const QList<PendingCreate> &group, bool *anyCommitted);
    void groupCommitted(const QList<PendingCreate> &group, const QList<Result<void>> &results, bool anyCommitted);

    QList<PendingCreate> m_group;
    bool m_groupScheduled = false;
    int m_maxGroup = 1000;
    class Committer;
    std::unique_ptr<ObjectThread> m_commitThread;
    Committer *m_committer = nullptr; ///< lives on m_commitThread; null until it started
    bool m_commitInFlight = false;    ///< a group is being committed on m_commitThread

    store::Database *m_db;
    const events::EventSerializer *m_serializer;
    std::unique_ptr<store::TaskStore> m_tasks;
    std::unique_ptr<store::OutboxStore> m_outbox;
    TaskLimits m_limits;
};

} // namespace taskstream::services

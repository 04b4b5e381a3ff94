#pragma once

#include "store/IdempotencyStore.h"
#include "store/Task.h"
#include "store/TaskStore.h"

#include <functional>
#include <memory>
#include <optional>

#include <QJsonObject>
#include <QObject>
#include <QTimeZone>

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
class Clock;
class ClockTimer;
class ObjectThread;
} // namespace taskstream

namespace taskstream::services {

/// The outbox row for \a event (Avro single-object with CloudEvents headers, as TaskService
/// writes them); Invalid when the event does not encode. Workers use it to publish an event in
/// the transaction of their effect. An event without an actor gets the current one
/// (events::ActorScope: the API request's or the worker's).
Result<store::OutboxRecord> makeOutboxRecord(const events::EventSerializer &serializer, const events::Event &event);

/// A stored task as the task fields of its events (TaskCreated, TaskChanged's snapshot).
events::TaskFields toEventFields(const store::Task &task);

/// What skipping an occurrence did: the skipped instance (deleted) and the next one, unless the
/// series ended with the skipped occurrence.
struct SkipResult
{
    store::Task skipped;
    std::optional<store::Task> next;
};

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

/// The If-Match condition of a command on one task (RFC 9110 section 13.1.1): absent, "*" (any
/// current version), or the versions its strong entity tags name.
struct IfMatch
{
    bool present = false;
    bool any = false;
    QList<int> versions;
    bool holdsFor(int version) const { return !present || any || versions.contains(version); }
};

/// An Idempotency-Key claimed for one request: the command it goes with stores the answer
/// \a render makes of the resulting task in its own transaction, so the effect and the answer a
/// retry is given commit together or not at all.
struct IdempotencyTicket
{
    QUuid userId;
    QString key;
    QString owner; ///< this attempt; the key is its own until it completes or its lease runs out
    std::function<store::StoredResponse(const store::Task &)> render;
};

/// What a request's Idempotency-Key was found to be.
struct IdempotencyClaim
{
    enum class Outcome {
        Claimed,  ///< new (or expired, or abandoned by a dead attempt): go on with ticket
        Replay,   ///< the same request was answered already: send response again
        Mismatch, ///< the key was used for a different request
        InFlight, ///< the first request with the key is still running
    };
    Outcome outcome = Outcome::Claimed;
    IdempotencyTicket ticket;
    store::StoredResponse response;
};

/// How long Idempotency-Keys live.
struct IdempotencyTimes
{
    qint64 retentionMs = 24 * 3600 * 1000LL; ///< a key and its answer are kept this long
    qint64 leaseMs = 60 * 1000;              ///< an attempt in flight longer is presumed dead
    int purgeIntervalMs = 3600 * 1000;       ///< expired keys are deleted this often
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
///
/// Commands on an existing task read it under a row lock in their transaction and change only
/// what they name, so concurrent commands (several daemons on one PostgreSQL) never lose each
/// other's changes; each bumps the version, which is the task's ETag. With an IfMatch that does
/// not hold for the locked version they change nothing: Conflict, with the task as it is in
/// *\a mismatched.
class TaskService : public QObject
{
    Q_OBJECT
public:
    TaskService(store::Database *db, const events::EventSerializer *serializer, QObject *parent = nullptr);
    ~TaskService() override;

    void setLimits(const TaskLimits &limits) { m_limits = limits; }
    /// The clock of Idempotency-Key lifetimes and of completion and skip times (the system clock
    /// unless set).
    void setClock(Clock *clock);
    void setIdempotencyTimes(const IdempotencyTimes &times) { m_keyTimes = times; }

    Result<store::Task> create(const QUuid &userId, const QJsonObject &input);
    /// Like create(), with group commit: creates arriving in the same event-loop round share one
    /// transaction (one fsync), and \a done runs once that transaction committed (or failed).
    /// Validation errors are answered at once. Nothing is acknowledged before it is durable.
    /// With \a ticket, the answer it renders is stored with the task in the same transaction.
    void createAsync(const QUuid &userId, const QJsonObject &input,
                     std::function<void(const Result<store::Task> &)> done,
                     std::shared_ptr<const IdempotencyTicket> ticket = {});
    /// Largest number of commands one group commit holds.
    void setMaxGroupCommit(int n) { m_maxGroup = qMax(1, n); }
    /// Runs the group commits of createAsync() on a thread of their own, with a second connection
    /// to the database: while one group's transaction and fsync run there, this thread goes on
    /// parsing requests and the next group forms, committed as soon as the previous one is.
    /// The thread opens its connection in the background; until it has, and for good when it
    /// cannot (logged), commits run on this thread. An error, and commits stay on this thread,
    /// when the database cannot be opened a second time (an in-memory SQLite database: Invalid).
    Result<void> startCommitThread();
    /// Changes the fields \a patch names, nothing else. On a recurring task this is a series edit:
    /// the next instances copy the changed fields (and a field edited for this occurrence only
    /// before takes the new value for the series too).
    Result<store::Task> update(const QUuid &userId, const QUuid &taskId, const QJsonObject &patch,
                               const IfMatch &ifMatch = {}, std::optional<store::Task> *mismatched = nullptr);
    /// Changes the fields \a patch names for this occurrence of a recurring series only: the task
    /// keeps the series' value of each (series_values) and the next instance takes that instead.
    /// recurrence_pattern and recurrence_anchor are refused (series fields); Invalid for a task
    /// that is not recurring, Conflict for a completed one. See docs/recurrence.md.
    Result<store::Task> updateOccurrence(const QUuid &userId, const QUuid &taskId, const QJsonObject &patch,
                                         const IfMatch &ifMatch = {}, std::optional<store::Task> *mismatched = nullptr);
    /// Skips this occurrence of a recurring series: the task is deleted (TaskDeleted) and the
    /// instance of the occurrence after it created (TaskCreated), in one transaction; the next
    /// occurrence is found as a completion at this moment would find it (anchor, user's zone).
    /// Conflict for a task that is not recurring, is completed, or whose rule has no next
    /// occurrence; no next instance when COUNT or UNTIL ended the series.
    Result<SkipResult> skip(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch = {},
                            std::optional<store::Task> *mismatched = nullptr);
    /// The zone of users who set none (the daemon's NodeConfig timeZone; UTC unless set).
    void setDefaultZone(const QTimeZone &zone) { m_defaultZone = zone; }
    QTimeZone defaultZone() const { return m_defaultZone; }
    /// With \a ticket, the answer it renders is stored in the completion's transaction.
    Result<store::Task> complete(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch = {},
                                 std::optional<store::Task> *mismatched = nullptr,
                                 const IdempotencyTicket *ticket = nullptr);
    Result<void> remove(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch = {},
                        std::optional<store::Task> *mismatched = nullptr);
    Result<store::Task> get(const QUuid &userId, const QUuid &taskId);
    Result<TaskPage> list(const store::TaskQuery &query);

    /// Looks up (and, when new, takes) \a userId's Idempotency-Key \a key for a request whose
    /// method, target and body hash to \a fingerprint. An expired key counts as new.
    Result<IdempotencyClaim> claimIdempotencyKey(const QUuid &userId, const QString &key, const QString &fingerprint);
    /// Gives up a claimed key whose request changed nothing (it failed): a retry runs afresh.
    void releaseIdempotencyKey(const IdempotencyTicket &ticket);
    /// Deletes the expired keys; the number deleted.
    Result<int> purgeExpiredIdempotencyKeys();
    /// Purges expired keys now and then every purgeIntervalMs of the clock.
    void startIdempotencyPurge();

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
    /// Runs \a change in a transaction (or the one open) and appends the event it returns, if
    /// any, to the outbox in it. \a change answers errors as the service reports them.
    Result<void> commitChange(const std::function<Result<std::optional<events::Event>>()> &change);
    /// The user's task, locked until the transaction ends; NotFound for another user's.
    Result<store::Task> lockedTask(const QUuid &userId, const QUuid &taskId);

    struct PendingCreate
    {
        store::Task task;
        std::shared_ptr<store::OutboxRecord> record;
        std::function<void(const Result<void> &)> done;
        std::shared_ptr<const IdempotencyTicket> ticket; ///< with response, stored in the same transaction
        store::StoredResponse response;
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
    Clock *m_clock;
    QTimeZone m_defaultZone = QTimeZone::utc();
    IdempotencyTimes m_keyTimes;
    ClockTimer *m_keyPurge = nullptr;
};

} // namespace taskstream::services

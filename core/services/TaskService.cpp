#include "services/TaskService.h"

#include "common/Clock.h"
#include "common/ObjectThread.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "services/Recurrence.h"
#include "services/Series.h"
#include "store/Database.h"
#include "store/IdempotencyStore.h"
#include "store/OutboxStore.h"
#include "store/TimeOrderedId.h"
#include "store/UserSettingsStore.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcTasks, "taskstream.tasks", QtInfoMsg)

namespace taskstream::services {

using store::Task;

namespace {
Error notFound(const QUuid &id)
{
    return Error::notFound(QStringLiteral("task %1 not found").arg(id.toString(QUuid::WithoutBraces)));
}

/// A store's error as the service reports it: a row that vanished between the read and the write
/// changed concurrently (Conflict); every other database failure leaves nothing changed and may
/// be tried again.
Error storage(const Error &error)
{
    if (error.kind == Error::Kind::NotFound)
        return Error::conflict(QStringLiteral("the task changed concurrently; read it again"));
    qCWarning(lcTasks, "database error: %s", qPrintable(error.message));
    // Nothing was changed: a constraint violation here is the database refusing, not a state of
    // the task the client could act on.
    if (error.kind != Error::Kind::Internal)
        return Error::unavailable(QStringLiteral("the database is unavailable; nothing was changed, try again"));
    return error;
}

/// A command whose If-Match does not hold for the task's current version.
Error preconditionFailed(const Task &t)
{
    return Error::conflict(QStringLiteral("task %1 is at version %2, which If-Match does not name; nothing was changed")
                               .arg(t.id.toString(QUuid::WithoutBraces))
                               .arg(t.version));
}

/// The attempt's Idempotency-Key was taken over by a retry (its lease ran out): its effect is rolled back.
Error keyTakenOver()
{
    return Error::conflict(
        QStringLiteral("the Idempotency-Key was taken over by a retry of this request; nothing was changed"));
}

QDateTime nowMs()
{
    // Millisecond precision, like every timestamp in the events and the database.
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

std::optional<events::Priority> toPriority(const QString &p)
{
    if (p == QLatin1String("Low"))
        return events::Priority::Low;
    if (p == QLatin1String("High"))
        return events::Priority::High;
    return events::Priority::Medium;
}

} // namespace

events::TaskFields toEventFields(const Task &t)
{
    events::TaskFields f;
    f.id = t.id;
    f.userId = t.userId;
    f.title = t.title;
    f.description = t.description;
    f.createdAt = t.createdAt;
    f.dueDate = t.dueDate;
    f.priority = toPriority(t.priority);
    f.tags = t.tags;
    f.isRecurringTemplate = t.isRecurring();
    f.recurrencePattern = t.recurrencePattern;
    return f;
}

namespace {
events::TaskFields toFields(const Task &t)
{
    return toEventFields(t);
}

events::EventHeader newHeader(const QDateTime &at)
{
    return {store::newTimeOrderedId(), at};
}

events::TaskCreated createdEvent(const Task &t)
{
    events::TaskCreated ev;
    ev.header = newHeader(t.createdAt);
    ev.task = toFields(t);
    ev.recurrenceAnchor = t.recurrenceAnchor;
    return ev;
}

/// The TaskUpdated of \a t's fields \a changed.
events::TaskUpdated updatedEvent(const Task &t, const QStringList &changed)
{
    events::TaskUpdated ev;
    ev.header = newHeader(t.updatedAt);
    ev.id = t.id;
    ev.userId = t.userId;
    ev.changedFields = changed;
    if (changed.contains(QLatin1String("title")))
        ev.title = t.title;
    if (changed.contains(QLatin1String("description")))
        ev.description = t.description;
    if (changed.contains(QLatin1String("due_date")))
        ev.dueDate = t.dueDate;
    if (changed.contains(QLatin1String("priority")))
        ev.priority = toPriority(t.priority);
    if (changed.contains(QLatin1String("tags")))
        ev.tags = t.tags;
    if (changed.contains(QLatin1String("recurrence_pattern"))) {
        ev.recurrencePattern = t.recurrencePattern;
        ev.isRecurringTemplate = t.isRecurring();
    }
    if (changed.contains(QLatin1String("recurrence_anchor")))
        ev.recurrenceAnchor = t.recurrenceAnchor;
    return ev;
}
} // namespace

TaskService::TaskService(store::Database *db, const events::EventSerializer *serializer, QObject *parent)
    : QObject(parent), m_db(db), m_serializer(serializer), m_tasks(std::make_unique<store::TaskStore>(db)),
      m_outbox(std::make_unique<store::OutboxStore>(db)), m_clock(Clock::system())
{
}

void TaskService::setClock(Clock *clock)
{
    m_clock = clock ? clock : Clock::system();
}

/// The commit thread's connection and stores; created, used and destroyed on that thread.
class TaskService::Committer : public QObject
{
public:
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::TaskStore> tasks;
    std::unique_ptr<store::OutboxStore> outbox;
};

TaskService::~TaskService()
{
    if (!m_commitThread)
        return;
    // Commands still waiting are committed before the connection closes; nobody waits for
    // their answers any more, but what was accepted is not dropped.
    const QList<PendingCreate> rest = std::move(m_group);
    m_group.clear();
    if (!rest.isEmpty()) {
        bool any = false;
        if (m_committer)
            QMetaObject::invokeMethod(
                m_committer,
                [committer = m_committer, rest] {
                    bool any = false;
                    commitGroup(committer->db.get(), committer->tasks.get(), committer->outbox.get(), rest, &any);
                },
                Qt::QueuedConnection);
        else
            commitGroup(m_db, m_tasks.get(), m_outbox.get(), rest, &any);
    }
    // Destroys the committer on its thread, after what was queued there, and waits for the thread.
    m_committer = nullptr;
    m_commitThread.reset();
}

Result<void> TaskService::startCommitThread()
{
    if (m_commitThread)
        return {};
    if (m_db->kind() == store::Database::Kind::SQLite && m_db->url().contains(QLatin1String(":memory:")))
        return Error::invalid(QStringLiteral("an in-memory database cannot be opened a second time"));
    m_commitThread = std::make_unique<ObjectThread>(QStringLiteral("task-commits"));
    connect(m_commitThread.get(), &ObjectThread::started, this,
            [this] { m_committer = m_commitThread->objectAs<Committer>(); });
    connect(m_commitThread.get(), &ObjectThread::failed, this, [](const QString &why) {
        qCWarning(lcTasks, "task creates commit on the main thread: %s", qPrintable(why));
    });
    const QString url = m_db->url();
    m_commitThread->start([url](QString *why) -> QObject * {
        auto committer = std::make_unique<Committer>();
        committer->db = store::Database::open(url, why);
        if (!committer->db)
            return nullptr;
        // Clients wait for these commits: they go before the workers' batches (SQLite).
        committer->db->setWritePriority(true);
        committer->tasks = std::make_unique<store::TaskStore>(committer->db.get());
        committer->outbox = std::make_unique<store::OutboxStore>(committer->db.get());
        return committer.release();
    });
    return {};
}

bool TaskService::parseFields(const QJsonObject &in, bool partial, Task *t, QStringList *changed,
                              QList<Error::Field> *errors) const
{
    auto bad = [errors](const QString &field, const QString &msg) { errors->append({field, msg}); };
    static const QSet<QString> known = {QStringLiteral("title"),
                                        QStringLiteral("description"),
                                        QStringLiteral("due_date"),
                                        QStringLiteral("priority"),
                                        QStringLiteral("tags"),
                                        QStringLiteral("recurrence_pattern"),
                                        QStringLiteral("recurrence_anchor"),
                                        QStringLiteral("remind_before_minutes")};
    static const QSet<QString> readOnly = {QStringLiteral("id"),
                                           QStringLiteral("user_id"),
                                           QStringLiteral("status"),
                                           QStringLiteral("created_at"),
                                           QStringLiteral("updated_at"),
                                           QStringLiteral("completed_at"),
                                           QStringLiteral("version"),
                                           QStringLiteral("is_recurring_template"),
                                           QStringLiteral("parent_task_id"),
                                           QStringLiteral("series_values")};
    for (auto it = in.begin(); it != in.end(); ++it) {
        if (readOnly.contains(it.key()))
            bad(it.key(), QStringLiteral("is set by the server and cannot be written"));
        else if (!known.contains(it.key()))
            bad(it.key(), QStringLiteral("is not a task field"));
    }
    auto has = [&](const char *f) { return in.contains(QLatin1String(f)); };
    auto mark = [changed](const char *f) {
        if (changed)
            changed->append(QString::fromLatin1(f));
    };

    if (has("title") || !partial) {
        const QJsonValue v = in.value(QLatin1String("title"));
        if (!v.isString())
            bad(QStringLiteral("title"),
                v.isUndefined() || v.isNull() ? QStringLiteral("is required") : QStringLiteral("must be a string"));
        else if (v.toString().trimmed().isEmpty())
            bad(QStringLiteral("title"), QStringLiteral("must not be empty"));
        else if (v.toString().size() > m_limits.maxTitle)
            bad(QStringLiteral("title"), QStringLiteral("is longer than %1 characters").arg(m_limits.maxTitle));
        else if (t->title != v.toString().trimmed()) {
            t->title = v.toString().trimmed();
            mark("title");
        }
    }
    if (has("description")) {
        const QJsonValue v = in.value(QLatin1String("description"));
        if (v.isNull()) {
            if (t->description) {
                t->description.reset();
                mark("description");
            }
        } else if (!v.isString())
            bad(QStringLiteral("description"), QStringLiteral("must be a string or null"));
        else if (v.toString().size() > m_limits.maxDescription)
            bad(QStringLiteral("description"),
                QStringLiteral("is longer than %1 characters").arg(m_limits.maxDescription));
        else if (t->description != v.toString()) {
            t->description = v.toString();
            mark("description");
        }
    }
    if (has("due_date")) {
        const QJsonValue v = in.value(QLatin1String("due_date"));
        if (v.isNull()) {
            if (t->dueDate) {
                t->dueDate.reset();
                mark("due_date");
            }
        } else if (!v.isString()) {
            bad(QStringLiteral("due_date"), QStringLiteral("must be an ISO 8601 date-time string or null"));
        } else {
            const QDateTime d = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
            if (!d.isValid())
                bad(QStringLiteral("due_date"),
                    QStringLiteral("'%1' is not an ISO 8601 date-time such as 2026-12-01T09:00:00Z").arg(v.toString()));
            else if (d.timeSpec() == Qt::LocalTime)
                bad(QStringLiteral("due_date"),
                    QStringLiteral("'%1' has no time zone; add Z or an offset such as +01:00").arg(v.toString()));
            else {
                const QDateTime utc = QDateTime::fromMSecsSinceEpoch(d.toMSecsSinceEpoch(), Qt::UTC);
                if (t->dueDate != utc) {
                    t->dueDate = utc;
                    mark("due_date");
                }
            }
        }
    }
    if (has("priority")) {
        const QJsonValue v = in.value(QLatin1String("priority"));
        static const QStringList allowed = {QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")};
        if (!v.isString())
            bad(QStringLiteral("priority"), QStringLiteral("must be one of Low, Medium, High"));
        else if (!allowed.contains(v.toString()))
            bad(QStringLiteral("priority"), QStringLiteral("'%1' is not one of Low, Medium, High").arg(v.toString()));
        else if (t->priority != v.toString()) {
            t->priority = v.toString();
            mark("priority");
        }
    }
    if (has("tags")) {
        const QJsonValue v = in.value(QLatin1String("tags"));
        if (!v.isArray()) {
            bad(QStringLiteral("tags"), QStringLiteral("must be an array of strings"));
        } else {
            QStringList tags;
            bool ok = true;
            for (const QJsonValue &tv : v.toArray()) {
                if (!tv.isString() || tv.toString().trimmed().isEmpty()) {
                    bad(QStringLiteral("tags"), QStringLiteral("must contain only non-empty strings"));
                    ok = false;
                    break;
                }
                if (tv.toString().size() > m_limits.maxTagLength) {
                    bad(QStringLiteral("tags"), QStringLiteral("tag '%1...' is longer than %2 characters")
                                                    .arg(tv.toString().left(20))
                                                    .arg(m_limits.maxTagLength));
                    ok = false;
                    break;
                }
                if (!tags.contains(tv.toString().trimmed()))
                    tags.append(tv.toString().trimmed());
            }
            if (ok && tags.size() > m_limits.maxTags) {
                bad(QStringLiteral("tags"), QStringLiteral("has more than %1 tags").arg(m_limits.maxTags));
                ok = false;
            }
            if (ok && tags != t->tags) {
                t->tags = tags;
                mark("tags");
            }
        }
    }
    if (has("recurrence_pattern")) {
        const QJsonValue v = in.value(QLatin1String("recurrence_pattern"));
        if (v.isNull()) {
            if (t->recurrencePattern) {
                t->recurrencePattern.reset();
                mark("recurrence_pattern");
            }
        } else if (!v.isString()) {
            bad(QStringLiteral("recurrence_pattern"),
                QStringLiteral("must be daily, weekly, monthly, an RRULE or null"));
        } else {
            QString why;
            const auto rule = Recurrence::normalize(v.toString(), &why);
            if (!rule)
                bad(QStringLiteral("recurrence_pattern"), why);
            else if (t->recurrencePattern != *rule) {
                t->recurrencePattern = *rule;
                mark("recurrence_pattern");
            }
        }
    }
    if (has("recurrence_anchor")) {
        const QJsonValue v = in.value(QLatin1String("recurrence_anchor"));
        if (!v.isString() || !Recurrence::parseAnchor(v.toString()))
            bad(QStringLiteral("recurrence_anchor"),
                QStringLiteral("must be due (the next occurrence counts from the due date) or completion (from "
                               "when the task is completed)"));
        else if (t->recurrenceAnchor != v.toString()) {
            t->recurrenceAnchor = v.toString();
            mark("recurrence_anchor");
        }
    }
    if (has("remind_before_minutes")) {
        const QJsonValue v = in.value(QLatin1String("remind_before_minutes"));
        if (!v.isArray()) {
            bad(QStringLiteral("remind_before_minutes"), QStringLiteral("must be an array of whole minutes"));
        } else {
            QList<int> mins;
            bool ok = true;
            for (const QJsonValue &m : v.toArray()) {
                const double d = m.toDouble(-1);
                if (!m.isDouble() || d != double(qint64(d)) || d < 0 || d > m_limits.maxReminderMinutes) {
                    bad(QStringLiteral("remind_before_minutes"),
                        QStringLiteral("must hold whole minutes from 0 to %1").arg(m_limits.maxReminderMinutes));
                    ok = false;
                    break;
                }
                if (!mins.contains(int(d)))
                    mins.append(int(d));
            }
            if (ok && mins.size() > m_limits.maxReminders) {
                bad(QStringLiteral("remind_before_minutes"),
                    QStringLiteral("has more than %1 reminders").arg(m_limits.maxReminders));
                ok = false;
            }
            std::sort(mins.begin(), mins.end());
            if (ok && mins != t->remindBeforeMinutes) {
                t->remindBeforeMinutes = mins;
                mark("remind_before_minutes");
            }
        }
    }
    // Rules across fields, on the resulting task.
    if (errors->isEmpty()) {
        if (t->recurrencePattern && !t->dueDate)
            bad(QStringLiteral("recurrence_pattern"), QStringLiteral("needs a due_date to anchor the series"));
        if (!t->remindBeforeMinutes.isEmpty() && !t->dueDate)
            bad(QStringLiteral("remind_before_minutes"), QStringLiteral("needs a due_date to count back from"));
    }
    return errors->isEmpty();
}

Result<store::OutboxRecord> makeOutboxRecord(const events::EventSerializer &serializer, const events::Event &given)
{
    // Who made it happen: the request or the worker's handler this runs in (events::ActorScope).
    events::Event event = given;
    if (event.actor().isEmpty())
        event.setActor(events::Actor::current());
    const events::EncodeResult enc = serializer.encode(event, events::WireFormat::AvroSingleObject);
    if (!enc.ok())
        return Error::invalid(enc.error.message);
    store::OutboxRecord rec;
    rec.eventId = event.eventId();
    rec.eventType = event.type();
    rec.topic = enc.record.topic;
    rec.key = enc.record.key;
    rec.payload = enc.record.value;
    for (const events::Header &h : enc.record.headers)
        rec.headers.append({h.key, h.value});
    rec.createdAt = event.occurredAt();
    return rec;
}

Result<store::OutboxRecord> TaskService::outboxRecord(const events::Event &event) const
{
    Result<store::OutboxRecord> made = makeOutboxRecord(*m_serializer, event);
    if (!made) {
        // A contract violation of our own making: refuse the command rather than store a bad event.
        const QString why = made.error().message;
        qCCritical(lcTasks, "cannot encode %s: %s", qPrintable(event.type()), qPrintable(why));
        return Error::invalid(QStringLiteral("the change cannot be expressed as %1: %2").arg(event.type(), why));
    }
    return made;
}

Result<void> TaskService::commitWithEvent(const std::function<Result<void>()> &write, const events::Event &event)
{
    const Result<store::OutboxRecord> rec = outboxRecord(event);
    if (!rec)
        return rec.error();
    const bool joined = m_db->inTransaction();
    // Inside a worker's batch: the write and the event join that transaction, which commits
    // (or rolls back to the record's savepoint) as a whole.
    if (!joined) {
        // A waiting group goes first. With the commit thread it is only handed over: creates touch
        // new tasks only, so this command cannot depend on them, and the database orders the writes.
        if (!m_group.isEmpty())
            flushGroup();
        if (const Result<void> begun = m_db->begin(); !begun)
            return storage(begun.error());
    }
    Result<void> done = write();
    if (done)
        done = m_outbox->append(*rec);
    if (!done) {
        if (!joined)
            m_db->rollback();
        return storage(done.error());
    }
    if (joined)
        return {};
    if (const Result<void> committed = m_db->commit(); !committed)
        return storage(committed.error());
    emit outboxAppended();
    return {};
}

Result<Task> TaskService::create(const QUuid &userId, const QJsonObject &input)
{
    Task t;
    t.id = store::newTimeOrderedId();
    t.userId = userId;
    QList<Error::Field> errors;
    if (!parseFields(input, false, &t, nullptr, &errors))
        return Error::invalid(errors);
    t.createdAt = t.updatedAt = nowMs();
    return createPrepared(t);
}

void TaskService::createAsync(const QUuid &userId, const QJsonObject &input,
                              std::function<void(const Result<Task> &)> done,
                              std::shared_ptr<const IdempotencyTicket> ticket)
{
    Task t;
    t.id = store::newTimeOrderedId();
    t.userId = userId;
    QList<Error::Field> errors;
    if (!parseFields(input, false, &t, nullptr, &errors)) {
        done(Error::invalid(errors));
        return;
    }
    t.createdAt = t.updatedAt = nowMs();
    const events::TaskCreated ev = createdEvent(t);
    Result<store::OutboxRecord> made = outboxRecord(events::Event::from(ev));
    if (!made) {
        done(made.error());
        return;
    }
    auto rec = std::make_shared<store::OutboxRecord>(std::move(made).value());
    store::StoredResponse response;
    if (ticket)
        response = ticket->render(t);
    m_group.append({t, rec, [t, done](const Result<void> &r) { done(r ? Result<Task>(t) : Result<Task>(r.error())); },
                    std::move(ticket), std::move(response)});
    if (m_group.size() >= m_maxGroup && !m_commitInFlight) {
        flushGroup();
    } else if (!m_groupScheduled) {
        // Runs after every request readable in this event-loop round has been parsed.
        m_groupScheduled = true;
        QMetaObject::invokeMethod(this, &TaskService::flushGroup, Qt::QueuedConnection);
    }
}

QList<Result<void>> TaskService::commitGroup(store::Database *db, store::TaskStore *tasks, store::OutboxStore *outbox,
                                             const QList<PendingCreate> &group, bool *anyCommitted)
{
    QList<Result<void>> results(group.size());
    // Every command of \a from.. in one transaction.
    auto commitRange = [&](qsizetype from, qsizetype to) -> Result<void> {
        if (const Result<void> begun = db->begin(); !begun)
            return begun;
        Result<void> done;
        for (qsizetype i = from; done && i < to; ++i) {
            done = tasks->insert(group[i].task);
            if (done)
                done = outbox->append(*group[i].record);
            if (done && group[i].ticket) {
                const IdempotencyTicket &ticket = *group[i].ticket;
                done = store::IdempotencyStore(db).complete(ticket.userId, ticket.key, ticket.owner, group[i].response);
            }
        }
        if (!done) {
            db->rollback();
            return done;
        }
        return db->commit();
    };
    // The common case: every command of the group in one transaction, one fsync.
    const Result<void> all = commitRange(0, group.size());
    bool committed = all.ok();
    if (!committed && group.size() > 1) {
        // Something in the group failed: apply each command on its own so one bad command does
        // not take the others with it.
        qCWarning(lcTasks, "group commit of %lld commands failed (%s); committing them one by one",
                  qint64(group.size()), qPrintable(all.error().message));
        bool any = false;
        for (qsizetype i = 0; i < group.size(); ++i) {
            const Result<void> one = commitRange(i, i + 1);
            if (!one) // a create finds no row: NotFound is only a key that was taken over
                results[i] = one.error().kind == Error::Kind::NotFound ? keyTakenOver() : storage(one.error());
            any = any || one.ok();
        }
        committed = any;
    } else if (!committed) {
        results[0] = all.error().kind == Error::Kind::NotFound ? keyTakenOver() : storage(all.error());
    }
    *anyCommitted = committed;
    return results;
}

void TaskService::flushGroup()
{
    m_groupScheduled = false;
    if (m_group.isEmpty() || m_commitInFlight)
        return; // a group in flight: this one goes when it has committed
    QList<PendingCreate> group;
    if (m_group.size() <= m_maxGroup) {
        group = std::move(m_group);
        m_group.clear();
    } else {
        group = m_group.mid(0, m_maxGroup);
        m_group.remove(0, m_maxGroup);
    }
    if (!m_committer) {
        bool any = false;
        const QList<Result<void>> results = commitGroup(m_db, m_tasks.get(), m_outbox.get(), group, &any);
        groupCommitted(group, results, any);
        return;
    }
    m_commitInFlight = true;
    QMetaObject::invokeMethod(
        m_committer,
        [this, committer = m_committer, group] {
            bool any = false;
            const QList<Result<void>> results =
                commitGroup(committer->db.get(), committer->tasks.get(), committer->outbox.get(), group, &any);
            QMetaObject::invokeMethod(
                this,
                [this, group, results, any] {
                    m_commitInFlight = false;
                    groupCommitted(group, results, any);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void TaskService::groupCommitted(const QList<PendingCreate> &group, const QList<Result<void>> &results,
                                 bool anyCommitted)
{
    for (qsizetype i = 0; i < group.size(); ++i)
        group[i].done(results[i]);
    if (anyCommitted)
        emit outboxAppended();
    // The group that formed meanwhile.
    if (!m_group.isEmpty() && !m_groupScheduled)
        flushGroup();
}

Result<Task> TaskService::createPrepared(const Task &t)
{
    const events::TaskCreated ev = createdEvent(t);
    if (const Result<void> done = commitWithEvent([&] { return m_tasks->insert(t); }, events::Event::from(ev)); !done)
        return done.error();
    return t;
}

Result<Task> TaskService::get(const QUuid &userId, const QUuid &taskId)
{
    const Result<std::optional<Task>> found = m_tasks->find(taskId);
    if (!found)
        return storage(found.error());
    const std::optional<Task> &t = *found;
    // Another user's task is reported exactly like a missing one: its existence is not disclosed.
    if (!t || t->userId != userId)
        return notFound(taskId);
    return *t;
}

Result<Task> TaskService::lockedTask(const QUuid &userId, const QUuid &taskId)
{
    const Result<std::optional<Task>> found = m_tasks->findForUpdate(taskId);
    if (!found)
        return storage(found.error());
    // Another user's task is reported exactly like a missing one: its existence is not disclosed.
    if (!*found || (*found)->userId != userId)
        return notFound(taskId);
    return **found;
}

Result<void> TaskService::commitChange(const std::function<Result<std::optional<events::Event>>()> &change)
{
    const bool joined = m_db->inTransaction();
    if (!joined) {
        if (!m_group.isEmpty())
            flushGroup();
        if (const Result<void> begun = m_db->begin(); !begun)
            return storage(begun.error());
    }
    const Result<std::optional<events::Event>> made = change();
    Result<void> done;
    if (!made) {
        done = made.error();
    } else if (*made) {
        const Result<store::OutboxRecord> rec = outboxRecord(**made);
        if (!rec)
            done = rec.error();
        else if (const Result<void> appended = m_outbox->append(*rec); !appended)
            done = storage(appended.error());
    }
    if (!done) {
        if (!joined)
            m_db->rollback();
        return done;
    }
    if (joined)
        return {};
    if (const Result<void> committed = m_db->commit(); !committed)
        return storage(committed.error());
    if (*made)
        emit outboxAppended();
    return {};
}

Result<Task> TaskService::update(const QUuid &userId, const QUuid &taskId, const QJsonObject &patch,
                                 const IfMatch &ifMatch, std::optional<Task> *mismatched)
{
    if (patch.isEmpty())
        return Error::invalid(
            QList<Error::Field>{{QStringLiteral("body"), QStringLiteral("names no field to change")}});
    // Read, check and write under the row's lock: a concurrent command on the task waits, then
    // sees this one's result, so the fields it does not name keep their newest values.
    Task t;
    const Result<void> done = commitChange([&]() -> Result<std::optional<events::Event>> {
        Result<Task> locked = lockedTask(userId, taskId);
        if (!locked)
            return locked.error();
        t = std::move(locked).value();
        if (!ifMatch.holdsFor(t.version)) {
            if (mismatched)
                *mismatched = t;
            return preconditionFailed(t);
        }
        QStringList changed;
        QList<Error::Field> errors;
        if (!parseFields(patch, true, &t, &changed, &errors))
            return Error::invalid(errors);
        if (changed.isEmpty())
            return std::optional<events::Event>(); // nothing changed: no event, no new version
        // A series edit: what this occurrence had changed for itself now is the series' value.
        for (const QString &f : std::as_const(changed))
            t.seriesValues.remove(f);
        if (!t.isRecurring())
            t.seriesValues = {}; // no series any more
        t.updatedAt = nowMs();
        if (const Result<void> written = m_tasks->update(t); !written)
            return storage(written.error());
        t.version += 1;
        return std::optional<events::Event>(events::Event::from(updatedEvent(t, changed)));
    });
    if (!done)
        return done.error();
    return t;
}

Result<Task> TaskService::updateOccurrence(const QUuid &userId, const QUuid &taskId, const QJsonObject &patch,
                                           const IfMatch &ifMatch, std::optional<Task> *mismatched)
{
    if (patch.isEmpty())
        return Error::invalid(
            QList<Error::Field>{{QStringLiteral("body"), QStringLiteral("names no field to change")}});
    QList<Error::Field> refused;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.key() == QLatin1String("recurrence_pattern") || it.key() == QLatin1String("recurrence_anchor"))
            refused.append({it.key(), QStringLiteral("describes the whole series: change it with scope=series")});
    }
    if (!refused.isEmpty())
        return Error::invalid(refused);
    Task t;
    const Result<void> done = commitChange([&]() -> Result<std::optional<events::Event>> {
        Result<Task> locked = lockedTask(userId, taskId);
        if (!locked)
            return locked.error();
        t = std::move(locked).value();
        if (!ifMatch.holdsFor(t.version)) {
            if (mismatched)
                *mismatched = t;
            return preconditionFailed(t);
        }
        if (!t.isRecurring())
            return Error::invalid(QList<Error::Field>{
                {QStringLiteral("scope"), QStringLiteral("this applies to recurring tasks only; the task has no "
                                                         "recurrence_pattern")}});
        if (t.isCompleted())
            return Error::conflict(QStringLiteral("task %1 is completed; its occurrence is over")
                                       .arg(taskId.toString(QUuid::WithoutBraces)));
        const QJsonObject before = t.toJson();
        QStringList changed;
        QList<Error::Field> errors;
        if (!parseFields(patch, true, &t, &changed, &errors))
            return Error::invalid(errors);
        if (changed.isEmpty())
            return std::optional<events::Event>();
        // The series keeps its value of each field this occurrence changes: the next instance
        // takes it. A field edited back to the series' value is no longer this occurrence's own.
        const QJsonObject after = t.toJson();
        for (const QString &f : std::as_const(changed)) {
            if (!t.seriesValues.contains(f))
                t.seriesValues.insert(f, before.value(f));
            if (t.seriesValues.value(f) == after.value(f))
                t.seriesValues.remove(f);
        }
        t.updatedAt = nowMs();
        if (const Result<void> written = m_tasks->update(t); !written)
            return storage(written.error());
        t.version += 1;
        return std::optional<events::Event>(events::Event::from(updatedEvent(t, changed)));
    });
    if (!done)
        return done.error();
    return t;
}

Result<SkipResult> TaskService::skip(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch,
                                     std::optional<Task> *mismatched)
{
    // The next occurrence is searched for before the transaction (libical's bounded search does
    // not hold the database's writer); the transaction then checks the task is still as read.
    const Result<Task> read = get(userId, taskId);
    if (!read)
        return read.error();
    if (!ifMatch.holdsFor(read->version)) {
        if (mismatched)
            *mismatched = *read;
        return preconditionFailed(*read);
    }
    if (!read->isRecurring())
        return Error::conflict(QStringLiteral("task %1 is not recurring; only an occurrence of a series can be skipped")
                                   .arg(taskId.toString(QUuid::WithoutBraces)));
    if (read->isCompleted())
        return Error::conflict(
            QStringLiteral("task %1 is completed; its occurrence is over").arg(taskId.toString(QUuid::WithoutBraces)));
    const Result<QTimeZone> zone = store::UserSettingsStore(m_db).zoneFor(userId, m_defaultZone);
    if (!zone)
        return storage(zone.error());
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_clock->nowMs(), QTimeZone::utc());
    QString why;
    const std::optional<Recurrence::Next> next = series::searchNext(*read, now, *zone, &why);
    if (!next && !why.isEmpty())
        return Error::conflict(
            QStringLiteral("task %1 has no next occurrence: %2").arg(taskId.toString(QUuid::WithoutBraces), why));

    SkipResult result;
    const Result<void> done = commitChange([&]() -> Result<std::optional<events::Event>> {
        Result<Task> locked = lockedTask(userId, taskId);
        if (!locked)
            return locked.error();
        if (locked->version != read->version)
            return Error::conflict(QStringLiteral("the task changed while its skip was prepared; try again"));
        result.skipped = std::move(locked).value();
        events::TaskDeleted deleted;
        deleted.header = newHeader(now);
        deleted.id = taskId;
        deleted.userId = userId;
        if (const Result<void> gone = m_tasks->markDeleted(taskId, now); !gone)
            return storage(gone.error());
        const Result<store::OutboxRecord> rec = outboxRecord(events::Event::from(deleted));
        if (!rec)
            return rec.error();
        if (const Result<void> appended = m_outbox->append(*rec); !appended)
            return storage(appended.error());
        if (!next)
            return std::optional<events::Event>(); // the series ended with the skipped occurrence
        Task following = series::nextInstance(result.skipped, *next, now);
        if (const Result<void> inserted = m_tasks->insert(following); !inserted)
            return storage(inserted.error());
        result.next = following;
        return std::optional<events::Event>(events::Event::from(createdEvent(following)));
    });
    if (!done)
        return done.error();
    if (!result.next)
        emit outboxAppended(); // commitChange announces only the event it was given
    return result;
}

Result<Task> TaskService::complete(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch,
                                   std::optional<Task> *mismatched, const IdempotencyTicket *ticket)
{
    Task t;
    const Result<void> done = commitChange([&]() -> Result<std::optional<events::Event>> {
        Result<Task> locked = lockedTask(userId, taskId);
        if (!locked)
            return locked.error();
        t = std::move(locked).value();
        if (!ifMatch.holdsFor(t.version)) {
            if (mismatched)
                *mismatched = t;
            return preconditionFailed(t);
        }
        if (t.isCompleted())
            return Error::conflict(
                QStringLiteral("task %1 is already completed").arg(taskId.toString(QUuid::WithoutBraces)));
        t.status = QStringLiteral("completed");
        t.completedAt = QDateTime::fromMSecsSinceEpoch(m_clock->nowMs(), QTimeZone::utc());
        t.updatedAt = *t.completedAt;
        if (const Result<void> written = m_tasks->update(t); !written)
            return storage(written.error());
        t.version += 1;
        if (ticket) {
            const Result<void> stored =
                store::IdempotencyStore(m_db).complete(ticket->userId, ticket->key, ticket->owner, ticket->render(t));
            if (!stored)
                return stored.error().kind == Error::Kind::NotFound ? keyTakenOver() : storage(stored.error());
        }

        events::TaskCompleted ev;
        ev.header = newHeader(*t.completedAt);
        ev.id = t.id;
        ev.userId = t.userId;
        ev.completedAt = *t.completedAt;
        ev.isRecurringTemplate = t.isRecurring();
        ev.recurrencePattern = t.recurrencePattern;
        ev.dueDate = t.dueDate;
        return std::optional<events::Event>(events::Event::from(ev));
    });
    if (!done)
        return done.error();
    return t;
}

Result<void> TaskService::remove(const QUuid &userId, const QUuid &taskId, const IfMatch &ifMatch,
                                 std::optional<Task> *mismatched)
{
    return commitChange([&]() -> Result<std::optional<events::Event>> {
        const Result<Task> locked = lockedTask(userId, taskId);
        if (!locked)
            return locked.error();
        if (!ifMatch.holdsFor(locked->version)) {
            if (mismatched)
                *mismatched = *locked;
            return preconditionFailed(*locked);
        }
        events::TaskDeleted ev;
        ev.header = newHeader(nowMs());
        ev.id = taskId;
        ev.userId = userId;
        if (const Result<void> deleted = m_tasks->markDeleted(taskId, ev.header.occurredAt); !deleted)
            return storage(deleted.error());
        return std::optional<events::Event>(events::Event::from(ev));
    });
}

Result<IdempotencyClaim> TaskService::claimIdempotencyKey(const QUuid &userId, const QString &key,
                                                          const QString &fingerprint)
{
    const qint64 now = m_clock->nowMs();
    store::IdempotencyEntry mine;
    mine.fingerprint = fingerprint;
    mine.owner = QUuid::createUuid().toString(QUuid::WithoutBraces);
    mine.leaseUntilMs = now + m_keyTimes.leaseMs;
    mine.expiresAtMs = now + m_keyTimes.retentionMs;
    IdempotencyClaim claim;
    claim.ticket = {userId, key, mine.owner, {}};
    store::IdempotencyStore keys(m_db);

    if (const Result<void> begun = m_db->begin(); !begun)
        return storage(begun.error());
    auto fail = [this](const Error &e) {
        m_db->rollback();
        return storage(e);
    };
    // A key deleted between the insert and the read (released, purged) is tried again.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const Result<bool> inserted = keys.insertPending(userId, key, mine);
        if (!inserted)
            return fail(inserted.error());
        if (*inserted)
            break; // claimed
        const Result<std::optional<store::IdempotencyEntry>> found = keys.findForUpdate(userId, key);
        if (!found)
            return fail(found.error());
        if (!*found)
            continue;
        const store::IdempotencyEntry &entry = **found;
        const bool expired = entry.expiresAtMs <= now;
        const bool abandoned = !entry.response && entry.leaseUntilMs <= now && entry.fingerprint == fingerprint;
        if (expired || abandoned) {
            if (abandoned)
                qCWarning(lcTasks, "an Idempotency-Key in flight past its lease is taken over by a retry");
            if (const Result<void> replaced = keys.replace(userId, key, mine); !replaced)
                return fail(replaced.error());
            break;
        }
        if (entry.fingerprint != fingerprint)
            claim.outcome = IdempotencyClaim::Outcome::Mismatch;
        else if (entry.response) {
            claim.outcome = IdempotencyClaim::Outcome::Replay;
            claim.response = *entry.response;
        } else
            claim.outcome = IdempotencyClaim::Outcome::InFlight;
        break;
    }
    if (const Result<void> committed = m_db->commit(); !committed)
        return storage(committed.error());
    return claim;
}

void TaskService::releaseIdempotencyKey(const IdempotencyTicket &ticket)
{
    // When this fails, the key stays in flight until its lease runs out, and retries are
    // answered 409 until then.
    Result<void> released = m_db->begin();
    if (released) {
        released = store::IdempotencyStore(m_db).release(ticket.userId, ticket.key, ticket.owner);
        if (released)
            released = m_db->commit();
        else
            m_db->rollback();
    }
    if (!released)
        qCWarning(lcTasks, "cannot release an Idempotency-Key (retries wait for its lease): %s",
                  qPrintable(released.error().message));
}

Result<int> TaskService::purgeExpiredIdempotencyKeys()
{
    constexpr int kBatch = 1000;
    int total = 0;
    store::IdempotencyStore keys(m_db);
    const qint64 now = m_clock->nowMs();
    for (;;) {
        // One transaction per batch, so no purge holds the write lock long.
        if (const Result<void> begun = m_db->begin(); !begun)
            return storage(begun.error());
        const Result<int> removed = keys.purgeExpired(now, kBatch);
        if (!removed) {
            m_db->rollback();
            return storage(removed.error());
        }
        if (const Result<void> committed = m_db->commit(); !committed)
            return storage(committed.error());
        total += *removed;
        if (*removed < kBatch)
            return total;
    }
}

void TaskService::startIdempotencyPurge()
{
    if (!m_keyPurge) {
        m_keyPurge = m_clock->createTimer(Qt::CoarseTimer, this);
        connect(m_keyPurge, &ClockTimer::timeout, this, [this] {
            if (const Result<int> purged = purgeExpiredIdempotencyKeys(); !purged)
                qCWarning(lcTasks, "purging expired Idempotency-Keys failed (tried again in %d s): %s",
                          m_keyTimes.purgeIntervalMs / 1000, qPrintable(purged.error().message));
            else if (*purged > 0)
                qCInfo(lcTasks, "purged %d expired Idempotency-Keys", *purged);
            m_keyPurge->start(m_keyTimes.purgeIntervalMs);
        });
    }
    m_keyPurge->start(0);
}

Result<TaskPage> TaskService::list(const store::TaskQuery &query)
{
    TaskPage page;
    page.limit = query.limit;
    page.offset = query.offset;
    Result<QList<Task>> tasks = m_tasks->list(query, &page.total);
    if (!tasks)
        return storage(tasks.error());
    page.tasks = std::move(tasks).value();
    return page;
}

} // namespace taskstream::services

#include "services/RecurringTaskWorker.h"

#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/Recurrence.h"
#include "services/Series.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/TaskStore.h"
#include "store/UserSettingsStore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRecurring, "taskstream.recurring", QtInfoMsg)

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

RecurringTaskWorker::RecurringTaskWorker(const events::EventSerializer *serializer, RecurringTaskOptions options)
    : m_serializer(serializer), m_options(std::move(options))
{
}

RecurringTaskWorker::~RecurringTaskWorker() = default;

QString RecurringTaskWorker::group() const
{
    return QStringLiteral("recurring-task-cg");
}

QUuid RecurringTaskWorker::nextInstanceId(const QUuid &parent, const QDateTime &due)
{
    return series::nextInstanceId(parent, due);
}

void RecurringTaskWorker::install(processing::ConsumerRunner &runner)
{
    const QString type = QString::fromLatin1(events::TaskCompleted::TypeName);
    runner.addPreparer(type, [this](const events::Event &e, store::Database *db) { prepareCompleted(e, db); });
    runner.addHandler(type, [this](const HandlerContext &ctx) { return onCompleted(ctx); });
}

QString RecurringTaskWorker::searchKey(const store::Task &task, const QDateTime &closedAt)
{
    // Everything the search depends on but the zone (read with it, in the preparer).
    return task.id.toString(QUuid::WithoutBraces) + QLatin1Char('|') +
           QString::number(series::seriesDue(task).value_or(QDateTime()).toMSecsSinceEpoch()) + QLatin1Char('|') +
           QString::number(closedAt.toMSecsSinceEpoch()) + QLatin1Char('|') + task.recurrenceAnchor + QLatin1Char('|') +
           task.recurrencePattern.value_or(QString());
}

void RecurringTaskWorker::prepareCompleted(const events::Event &event, store::Database *db)
{
    const std::optional<events::TaskCompleted> done = event.as<events::TaskCompleted>();
    if (!done)
        return;
    // A read outside any transaction: the handler reads the task again in its transaction and
    // uses this search only if the rule and anchor are still the same.
    const Result<std::optional<store::Task>> found = store::TaskStore(db).find(done->id);
    if (!found || !*found || !(*found)->recurrencePattern)
        return;
    const store::Task &parent = **found;
    // The owner's zone, else the daemon's. Unreadable: the daemon's, logged; the handler's
    // transaction retries the batch anyway if the database is down.
    const Result<QTimeZone> zone = store::UserSettingsStore(db).zoneFor(parent.userId, m_options.zone);
    if (!zone)
        qCWarning(lcRecurring, "time zone of user %s unreadable (%s); using the daemon's",
                  qPrintable(parent.userId.toString(QUuid::WithoutBraces)), qPrintable(zone.error().message));
    if (db->inTransaction())
        ++m_searchesInTransaction;
    Searched s;
    s.next = series::searchNext(parent, done->completedAt, zone ? *zone : m_options.zone, &s.error);
    // Bounded: a batch's completions at most, and forgotten once used.
    if (m_searched.size() > 10000)
        m_searched.clear();
    m_searched.insert(searchKey(parent, done->completedAt), s);
}

HandlerResult RecurringTaskWorker::onCompleted(const HandlerContext &ctx)
{
    const std::optional<events::TaskCompleted> done = ctx.event.as<events::TaskCompleted>();
    if (!done)
        return HandlerResult::permanent(QStringLiteral("contract"), QStringLiteral("not a TaskCompleted"));

    store::TaskStore tasks(ctx.db);
    const Result<std::optional<store::Task>> found = tasks.find(done->id);
    if (!found)
        return HandlerResult::retriable(QStringLiteral("storage"), found.error().message);
    const std::optional<store::Task> &parent = *found;
    QString why;
    // The stored task is authoritative for what carries over; the event is what was completed.
    const std::optional<QString> rule = parent ? parent->recurrencePattern : done->recurrencePattern;
    if (!rule)
        return HandlerResult::ok(); // not recurring
    if (!parent) {
        // Deleted after it was completed: a deleted series does not go on.
        qCInfo(lcRecurring, "task %s completed and since deleted; its series ends",
               qPrintable(done->id.toString(QUuid::WithoutBraces)));
        ++m_ended;
        return HandlerResult::ok();
    }

    // The search ran before the transaction opened (prepareCompleted); never here, where the
    // database's writer is held.
    const auto searched = m_searched.constFind(searchKey(*parent, done->completedAt));
    if (searched == m_searched.cend())
        return HandlerResult::retriable(QStringLiteral("recurrence"),
                                        QStringLiteral("task %1 changed while its next occurrence was searched for")
                                            .arg(done->id.toString(QUuid::WithoutBraces)));
    const std::optional<Recurrence::Next> next = searched->next;
    why = searched->error;
    m_searched.erase(searched);
    if (!next) {
        if (!why.isEmpty())
            return HandlerResult::permanent(
                QStringLiteral("recurrence"),
                QStringLiteral("task %1 has no next occurrence: %2").arg(done->id.toString(QUuid::WithoutBraces), why));
        qCInfo(lcRecurring, "series of task %s ended (COUNT or UNTIL)",
               qPrintable(done->id.toString(QUuid::WithoutBraces)));
        ++m_ended;
        return HandlerResult::ok();
    }

    const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), QTimeZone::utc());
    const store::Task t = series::nextInstance(*parent, *next, now);
    const Result<bool> exists = tasks.exists(t.id);
    if (!exists)
        return HandlerResult::retriable(QStringLiteral("storage"), exists.error().message);
    if (*exists)
        return HandlerResult::ok(); // this occurrence has its instance already (a replayed completion)

    if (!m_service || m_serviceDb != ctx.db) {
        m_service = std::make_unique<TaskService>(ctx.db, m_serializer);
        m_serviceDb = ctx.db;
    }
    const Result<store::Task> r = m_service->createPrepared(t);
    if (!r.ok()) {
        const Error &e = r.error();
        if (e.kind != Error::Kind::Invalid && e.kind != Error::Kind::Conflict)
            return HandlerResult::retriable(QStringLiteral("storage"), e.message);
        return HandlerResult::permanent(QStringLiteral("invalid"), e.message);
    }
    ++m_created;
    qCInfo(lcRecurring, "task %s completed; next instance %s due %s",
           qPrintable(parent->id.toString(QUuid::WithoutBraces)), qPrintable(t.id.toString(QUuid::WithoutBraces)),
           qPrintable(store::toIsoUtc(next->due)));
    return HandlerResult::ok();
}

} // namespace taskstream::services

#pragma once

#include "services/Recurrence.h"
#include "services/Worker.h"

#include <memory>
#include <optional>

#include <QDateTime>
#include <QHash>
#include <QTimeZone>

namespace taskstream::events {
class Event;
class EventSerializer;
} // namespace taskstream::events
namespace taskstream::store {
class Database;
struct Task;
} // namespace taskstream::store
namespace taskstream::processing {
struct HandlerContext;
class HandlerResult;
} // namespace taskstream::processing

namespace taskstream::services {

class TaskService;

struct RecurringTaskOptions
{
    /// The zone recurrences are evaluated in for users who set none (GET/PUT
    /// /api/v1/users/me/settings): a daily task at 09:00 stays at 09:00 local time across
    /// daylight-saving changes.
    QTimeZone zone = QTimeZone::utc();
};

/// recurring-task-cg: when a recurring task is completed, creates its next instance through
/// TaskService (so it is announced by its own TaskCreated, in the runner's transaction).
///
/// The next instance's id is derived from the completed task's id and the next due date (UUID
/// version 5), so a duplicate, redelivered or replayed TaskCompleted finds it and creates
/// nothing: exactly one next instance per occurrence. It carries the title, description,
/// priority, tags and reminder offsets over (the series' values of fields edited for the
/// completed occurrence only), and the anchor; its rule is the series' rule with COUNT lowered,
/// and the series ends when COUNT or UNTIL says so. The next occurrence is found by
/// series::searchNext in the owner's time zone: after the completion time, counted from the due
/// date or from the completion (the task's recurrence_anchor); see docs/recurrence.md.
///
/// The next occurrence is searched for before the batch's transaction opens (a Preparer), with
/// Recurrence's bounded search, so the database's writer is never held while libical works; a
/// rule whose next occurrence is not found within the bound sends the completion to the DLQ with
/// the reason (error class "recurrence").
class RecurringTaskWorker : public Worker
{
public:
    RecurringTaskWorker(const events::EventSerializer *serializer, RecurringTaskOptions options = {});
    ~RecurringTaskWorker() override;

    QString group() const override;
    void install(processing::ConsumerRunner &runner) override;

    /// How many next instances were created, and how many completions ended a series.
    quint64 created() const { return m_created; }
    quint64 seriesEnded() const { return m_ended; }

    /// The id of the instance of \a parent due at \a due.
    static QUuid nextInstanceId(const QUuid &parent, const QDateTime &due);

    /// How many searches ran while a transaction was open on the worker's database (0 by design).
    quint64 searchesInTransaction() const { return m_searchesInTransaction; }

private:
    struct Searched
    {
        std::optional<Recurrence::Next> next;
        QString error;
    };
    processing::HandlerResult onCompleted(const processing::HandlerContext &ctx);
    void prepareCompleted(const events::Event &event, store::Database *db);
    /// What a search is remembered by between the preparer and the handler.
    static QString searchKey(const store::Task &task, const QDateTime &closedAt);

    const events::EventSerializer *m_serializer;
    std::unique_ptr<TaskService> m_service;
    store::Database *m_serviceDb = nullptr;
    RecurringTaskOptions m_options;
    quint64 m_created = 0;
    quint64 m_ended = 0;
    quint64 m_searchesInTransaction = 0;
    QHash<QString, Searched> m_searched; ///< searchKey() -> the bounded search's answer
};

} // namespace taskstream::services

#include "services/TaskBroadcaster.h"

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "store/TaskStore.h"

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

namespace {
// Namespace of TaskChanged ids derived from their source event (never change it).
const QUuid kBroadcastNamespace(QStringLiteral("{0e7f3b8a-61c4-4f0d-b5d2-9c8a7e14f3a6}"));

QStringList setFields(const events::TaskFields &f)
{
    QStringList out{QStringLiteral("title")};
    if (f.description)
        out << QStringLiteral("description");
    if (f.dueDate)
        out << QStringLiteral("due_date");
    if (f.priority)
        out << QStringLiteral("priority");
    if (!f.tags.isEmpty())
        out << QStringLiteral("tags");
    if (f.recurrencePattern)
        out << QStringLiteral("is_recurring_template") << QStringLiteral("recurrence_pattern");
    return out;
}
} // namespace

TaskBroadcaster::TaskBroadcaster(const events::EventSerializer *serializer) : m_serializer(serializer) {}

QString TaskBroadcaster::group() const
{
    return QStringLiteral("task-broadcaster-cg");
}

void TaskBroadcaster::install(processing::ConsumerRunner &runner)
{
    const auto h = [this](const HandlerContext &ctx) { return handle(ctx); };
    for (const char *type : {events::TaskCreated::TypeName, events::TaskUpdated::TypeName,
                             events::TaskCompleted::TypeName, events::TaskDeleted::TypeName})
        runner.addHandler(QString::fromLatin1(type), h);
}

HandlerResult TaskBroadcaster::handle(const HandlerContext &ctx)
{
    events::TaskChanged out;
    out.header.occurredAt = ctx.event.occurredAt();
    out.sourceEventId = ctx.event.eventId();
    out.header.eventId = QUuid::createUuidV5(kBroadcastNamespace, ctx.event.eventId().toString(QUuid::WithoutBraces));

    store::TaskStore tasks(ctx.db);
    QString why;
    auto stored = [&](const QUuid &id) -> std::optional<events::TaskChanged::Snapshot> {
        const Result<std::optional<store::Task>> found = tasks.findIncludingDeleted(id);
        if (!found)
            why = found.error().message;
        const std::optional<store::Task> t = found ? *found : std::nullopt;
        if (!t)
            return std::nullopt;
        return events::TaskChanged::Snapshot{toEventFields(*t), t->completedAt};
    };

    if (const auto created = ctx.event.as<events::TaskCreated>()) {
        out.userId = created->task.userId;
        out.taskId = created->task.id;
        out.changeType = events::ChangeType::Created;
        out.task = events::TaskChanged::Snapshot{created->task, std::nullopt};
        out.changedFields = setFields(created->task);
    } else if (const auto updated = ctx.event.as<events::TaskUpdated>()) {
        out.userId = updated->userId;
        out.taskId = updated->id;
        out.changeType = events::ChangeType::Updated;
        out.changedFields = updated->changedFields;
        out.task = stored(updated->id);
        if (out.task) {
            // The event's values are what this change set, whatever happened since.
            events::TaskFields &f = out.task->task;
            const QStringList &c = updated->changedFields;
            if (c.contains(QLatin1String("title")) && updated->title)
                f.title = *updated->title;
            if (c.contains(QLatin1String("description")))
                f.description = updated->description;
            if (c.contains(QLatin1String("due_date")))
                f.dueDate = updated->dueDate;
            if (c.contains(QLatin1String("priority")))
                f.priority = updated->priority;
            if (c.contains(QLatin1String("tags")) && updated->tags)
                f.tags = *updated->tags;
            if (c.contains(QLatin1String("recurrence_pattern")))
                f.recurrencePattern = updated->recurrencePattern;
            if (updated->isRecurringTemplate)
                f.isRecurringTemplate = *updated->isRecurringTemplate;
        }
    } else if (const auto completed = ctx.event.as<events::TaskCompleted>()) {
        out.userId = completed->userId;
        out.taskId = completed->id;
        out.changeType = events::ChangeType::Completed;
        out.changedFields = QStringList{QStringLiteral("completed_at")};
        out.task = stored(completed->id);
        if (out.task)
            out.task->completedAt = completed->completedAt;
    } else if (const auto deleted = ctx.event.as<events::TaskDeleted>()) {
        out.userId = deleted->userId;
        out.taskId = deleted->id;
        out.changeType = events::ChangeType::Deleted;
    } else {
        return HandlerResult::permanent(QStringLiteral("contract"),
                                        QStringLiteral("not a task event: %1").arg(ctx.event.type()));
    }
    if (!why.isEmpty())
        return HandlerResult::retriable(QStringLiteral("storage"), why);

    const Result<store::OutboxRecord> rec = makeOutboxRecord(*m_serializer, events::Event::from(out));
    if (!rec)
        return HandlerResult::permanent(QStringLiteral("encode"), rec.error().message);
    store::OutboxStore outbox(ctx.db);
    if (const Result<void> appended = outbox.append(*rec); !appended)
        return HandlerResult::retriable(QStringLiteral("storage"), appended.error().message);
    ++m_broadcasts;
    return HandlerResult::ok();
}

} // namespace taskstream::services

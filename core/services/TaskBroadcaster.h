#pragma once

#include "services/Worker.h"

#include <QtGlobal>

namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::processing {
struct HandlerContext;
class HandlerResult;
} // namespace taskstream::processing

namespace taskstream::services {

/// task-broadcaster-cg: every task event becomes a TaskChanged on todo.task_updates.broadcast,
/// keyed by user_id (so a user's changes stay in order on one partition), for live front ends.
///
/// A TaskChanged carries the change type, the changed fields (schema names) and the task after
/// the change: for TaskCreated the event's own fields; for TaskUpdated and TaskCompleted the
/// stored task (also if deleted since) with the event's values for what the event changed; null
/// for TaskDeleted, and for a task this database never stored (a worker on another database). It is appended to the
/// outbox in the runner's transaction, so it is published exactly when the source event is marked handled; its event_id
/// derives from the source's (UUID version 5), so a replay of the source yields the same TaskChanged id and front ends
/// can deduplicate.
class TaskBroadcaster : public Worker
{
public:
    explicit TaskBroadcaster(const events::EventSerializer *serializer);

    QString group() const override;
    void install(processing::ConsumerRunner &runner) override;

    quint64 broadcasts() const { return m_broadcasts; }

private:
    processing::HandlerResult handle(const processing::HandlerContext &ctx);

    const events::EventSerializer *m_serializer;
    quint64 m_broadcasts = 0;
};

} // namespace taskstream::services

#include "services/ReminderEvents.h"

#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "store/TimeOrderedId.h"

namespace taskstream::services {

QDateTime utcNowMs()
{
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

events::ReminderFields reminderFields(const store::Reminder &r)
{
    events::ReminderFields f;
    f.reminderId = r.id;
    f.taskId = r.taskId;
    f.userId = r.userId;
    f.remindAt = r.remindAt;
    return f;
}

Result<void> appendEvent(store::Database *db, const events::EventSerializer &serializer, const events::Event &event)
{
    const Result<store::OutboxRecord> rec = makeOutboxRecord(serializer, event);
    if (!rec)
        return rec.error();
    store::OutboxStore outbox(db);
    return outbox.append(*rec);
}

events::Event reminderDismissedEvent(const store::Reminder &reminder, const QDateTime &at, const QString &reason)
{
    events::ReminderDismissed ev;
    ev.header = {store::newTimeOrderedId(), at};
    ev.reminder = reminderFields(reminder);
    ev.dismissedAt = at;
    ev.reason = reason;
    return events::Event::from(ev);
}

} // namespace taskstream::services

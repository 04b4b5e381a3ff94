#pragma once

#include "common/Result.h"
#include "events/TaskEvents.h"

#include <QDateTime>
#include <QString>

namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::store {
class Database;
struct Reminder;
} // namespace taskstream::store

namespace taskstream::services {

/// The current time in UTC with millisecond precision (as stored and as events carry it).
QDateTime utcNowMs();

/// The fields every reminder event carries, from a reminder row.
events::ReminderFields reminderFields(const store::Reminder &reminder);

/// Encodes \a event and appends it to the outbox in the transaction open on \a db (Invalid when
/// it does not encode).
Result<void> appendEvent(store::Database *db, const events::EventSerializer &serializer, const events::Event &event);

/// A ReminderDismissed for \a reminder at \a at, with a fresh event id and \a reason (one of
/// events::ReminderDismissed::Reason).
events::Event reminderDismissedEvent(const store::Reminder &reminder, const QDateTime &at, const QString &reason);

} // namespace taskstream::services

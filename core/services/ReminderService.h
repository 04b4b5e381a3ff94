#pragma once

#include "common/Result.h"
#include "store/ReminderStore.h"

#include <QObject>

namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::store {
class Database;
}

namespace taskstream::services {

/// A user's reminders: reading them, and dismissing a reminder. A dismissal
/// writes the reminder row and its ReminderDismissed outbox row in one transaction.
///
/// Failures are Errors: NotFound (no such reminder for this user: another user's reminder is
/// reported like a missing one), Conflict (the reminder has already fired), and the database's
/// own (Unavailable: nothing was changed, try again).
class ReminderService : public QObject
{
    Q_OBJECT
public:
    ReminderService(store::Database *db, const events::EventSerializer *serializer, QObject *parent = nullptr);

    /// \a userId's reminders, soonest first; \a status empty for all.
    Result<QList<store::Reminder>> list(const QUuid &userId, const QString &status, int limit);
    /// Administrators: every user's reminders (or \a userId's when set) with their task's state.
    Result<QList<store::ReminderWithTask>> listAll(const QString &status, const QUuid &userId, int limit);
    /// Dismisses a pending reminder and returns it as it is now. Dismissing a dismissed reminder
    /// again answers it unchanged and publishes nothing more.
    Result<store::Reminder> dismiss(const QUuid &userId, const QUuid &reminderId);

signals:
    /// A dismissal committed its ReminderDismissed to the outbox: the relay can publish it.
    void outboxAppended();

private:
    store::Database *m_db;
    const events::EventSerializer *m_serializer;
    store::ReminderStore m_reminders;
};

} // namespace taskstream::services

#include "services/ReminderService.h"

#include "services/ReminderEvents.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcReminderService, "taskstream.reminders", QtInfoMsg)

namespace taskstream::services {

namespace {
Error notFound(const QUuid &id)
{
    return Error::notFound(QStringLiteral("reminder %1 not found").arg(id.toString(QUuid::WithoutBraces)));
}

Error alreadyFired(const QUuid &id)
{
    return Error::conflict(QStringLiteral("reminder %1 has already fired; it can no longer be dismissed")
                               .arg(id.toString(QUuid::WithoutBraces)));
}

/// A database failure as the service reports it: nothing was changed and the call may be tried
/// again, unless the database called it internal.
Error storage(const Error &error)
{
    qCWarning(lcReminderService, "database error: %s", qPrintable(error.message));
    if (error.kind != Error::Kind::Internal)
        return Error::unavailable(QStringLiteral("the database is unavailable; nothing was changed, try again"));
    return error;
}
} // namespace

ReminderService::ReminderService(store::Database *db, const events::EventSerializer *serializer, QObject *parent)
    : QObject(parent), m_db(db), m_serializer(serializer), m_reminders(db)
{
}

Result<QList<store::Reminder>> ReminderService::list(const QUuid &userId, const QString &status, int limit)
{
    Result<QList<store::Reminder>> found = m_reminders.listForUser(userId, status, limit);
    if (!found)
        return storage(found.error());
    return found;
}

Result<QList<store::ReminderWithTask>> ReminderService::listAll(const QString &status, const QUuid &userId, int limit)
{
    Result<QList<store::ReminderWithTask>> found = m_reminders.listWithTasks(status, userId, limit);
    if (!found)
        return storage(found.error());
    return found;
}

Result<store::Reminder> ReminderService::dismiss(const QUuid &userId, const QUuid &reminderId)
{
    if (const Result<void> begun = m_db->begin(); !begun)
        return storage(begun.error());
    const Result<std::optional<store::Reminder>> found = m_reminders.find(reminderId);
    if (!found) {
        m_db->rollback();
        return storage(found.error());
    }
    std::optional<store::Reminder> r = *found;
    // Another user's reminder is reported exactly like a missing one.
    if (!r || r->userId != userId) {
        m_db->rollback();
        return notFound(reminderId);
    }
    if (r->status == QLatin1String("fired")) {
        m_db->rollback();
        return alreadyFired(reminderId);
    }
    if (r->status == QLatin1String("dismissed")) {
        // Idempotent: dismissing twice answers the same state, and publishes nothing more.
        m_db->rollback();
        return *r;
    }
    const QDateTime now = utcNowMs();
    const Result<int> changed = m_reminders.markDismissed(reminderId, now);
    if (!changed) {
        m_db->rollback();
        return storage(changed.error());
    }
    if (*changed == 0) {
        // Fired (or dismissed) concurrently between the read and the update: answer what it is now.
        m_db->rollback();
        const Result<std::optional<store::Reminder>> current = m_reminders.find(reminderId);
        if (!current)
            return storage(current.error());
        if (!*current)
            return notFound(reminderId);
        if ((*current)->status == QLatin1String("fired"))
            return alreadyFired(reminderId);
        return **current;
    }
    const Result<store::OutboxRecord> rec = makeOutboxRecord(
        *m_serializer, reminderDismissedEvent(*r, now, QLatin1String(events::ReminderDismissed::Reason::User)));
    if (!rec) {
        // A contract violation of our own making: refuse the dismissal rather than store a bad event.
        qCCritical(lcReminderService, "cannot encode a ReminderDismissed: %s", qPrintable(rec.error().message));
        m_db->rollback();
        return rec.error();
    }
    if (const Result<void> appended = store::OutboxStore(m_db).append(*rec); !appended) {
        m_db->rollback();
        return storage(appended.error());
    }
    if (const Result<void> committed = m_db->commit(); !committed)
        return storage(committed.error());
    emit outboxAppended();
    r->status = QStringLiteral("dismissed");
    r->dismissedAt = now;
    return *r;
}

} // namespace taskstream::services

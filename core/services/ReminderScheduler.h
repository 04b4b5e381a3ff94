#pragma once

#include "processing/Handler.h"
#include "services/Worker.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>
#include <QUuid>

namespace taskstream::events {
class EventSerializer;
}

namespace taskstream::services {

struct ReminderSchedulerOptions
{
    /// Minutes before the due date for tasks that name no reminder offsets; 0: no default reminder.
    int defaultOffsetMinutes = 15;
    /// The zone of users who set none: an offset of whole days is counted in the owner's zone on
    /// the wall clock (a reminder one day before 09:00 is at 09:00 the day before, across a
    /// daylight-saving change too).
    QTimeZone zone = QTimeZone::utc();
};

/// The reminder-scheduler-cg worker (todo.tasks.events): keeps each task's reminder rows in line
/// with its due date and offsets, publishing ReminderScheduled / ReminderDismissed through the
/// outbox in the runner's batch transaction.
///
/// Reminder ids are deterministic (UUIDv5 of task, remind_at and offset), so a duplicate or
/// replayed event finds its reminders and creates nothing twice. Offsets come from the task row
/// (same database as the API); a task with none gets the configured default. A reminder whose time
/// has passed is still scheduled (it fires at once, marked late) while the due date lies ahead;
/// once the task is due, nothing is scheduled for it.
class ReminderScheduler : public Worker
{
public:
    /// When the reminder \a minutes before \a due is, for an owner in \a zone: whole days on the
    /// zone's wall clock, the rest in elapsed minutes.
    static QDateTime remindAt(const QDateTime &due, int minutes, const QTimeZone &zone);

    explicit ReminderScheduler(const events::EventSerializer *serializer, ReminderSchedulerOptions options = {});

    QString group() const override { return QStringLiteral("reminder-scheduler-cg"); }
    void install(processing::ConsumerRunner &runner) override;

    /// The id of the reminder \a offsetMinutes before a due date, at \a remindAt.
    static QUuid reminderId(const QUuid &taskId, const QDateTime &remindAt, int offsetMinutes);

private:
    struct Wanted
    {
        QDateTime remindAt;
        int offsetMinutes = 0;
    };
    processing::HandlerResult onCreated(const processing::HandlerContext &ctx);
    processing::HandlerResult onUpdated(const processing::HandlerContext &ctx);
    /// The task was completed or deleted (\a reason): its pending reminders are dismissed.
    processing::HandlerResult onEnded(const processing::HandlerContext &ctx, const QUuid &taskId,
                                      const QString &reason);
    /// The reminders a task with \a due and \a offsets should have now, for an owner in \a zone.
    QList<Wanted> wanted(const std::optional<QDateTime> &due, QList<int> offsets, const QTimeZone &zone) const;
    /// The zone of \a userId (their setting, else the configured one).
    QTimeZone zoneOf(const processing::HandlerContext &ctx, const QUuid &userId) const;
    /// Dismisses pending reminders of the task that are not wanted (for \a reason), schedules
    /// wanted ones it lacks.
    processing::HandlerResult reconcile(const processing::HandlerContext &ctx, const QUuid &taskId, const QUuid &userId,
                                        const QString &title, const QList<Wanted> &wanted, const QString &reason);

    const events::EventSerializer *m_serializer;
    ReminderSchedulerOptions m_options;
};

} // namespace taskstream::services

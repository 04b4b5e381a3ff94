#include "services/ReminderScheduler.h"

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/ReminderEvents.h"
#include "store/Database.h"
#include "store/ReminderStore.h"
#include "store/TaskStore.h"
#include "store/TimeOrderedId.h"
#include "store/UserSettingsStore.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcScheduler, "taskstream.reminders", QtInfoMsg)

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

namespace {
// Namespace of reminder ids (UUIDv5); never change it, or replays would schedule twice.
const QUuid kReminderNamespace(QStringLiteral("6f1c2a8e-5b7d-4c3e-9a41-0d2e8b7f3c15"));

HandlerResult storageFailure(const QString &why)
{
    return HandlerResult::retriable(QStringLiteral("store"), why);
}

template <class T> std::optional<T> decode(const HandlerContext &ctx)
{
    return ctx.event.as<T>();
}
} // namespace

ReminderScheduler::ReminderScheduler(const events::EventSerializer *serializer, ReminderSchedulerOptions options)
    : m_serializer(serializer), m_options(options)
{
}

QUuid ReminderScheduler::reminderId(const QUuid &taskId, const QDateTime &remindAt, int offsetMinutes)
{
    const QByteArray name = taskId.toString(QUuid::WithoutBraces).toLatin1() + '|' +
                            QByteArray::number(remindAt.toMSecsSinceEpoch()) + '|' + QByteArray::number(offsetMinutes);
    return QUuid::createUuidV5(kReminderNamespace, name);
}

void ReminderScheduler::install(processing::ConsumerRunner &runner)
{
    runner.addHandler(QString::fromLatin1(events::TaskCreated::TypeName),
                      [this](const HandlerContext &ctx) { return onCreated(ctx); });
    runner.addHandler(QString::fromLatin1(events::TaskUpdated::TypeName),
                      [this](const HandlerContext &ctx) { return onUpdated(ctx); });
    runner.addHandler(QString::fromLatin1(events::TaskCompleted::TypeName), [this](const HandlerContext &ctx) {
        const auto ev = decode<events::TaskCompleted>(ctx);
        return ev ? onEnded(ctx, ev->id, QLatin1String(events::ReminderDismissed::Reason::TaskCompleted))
                  : HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a TaskCompleted"));
    });
    runner.addHandler(QString::fromLatin1(events::TaskDeleted::TypeName), [this](const HandlerContext &ctx) {
        const auto ev = decode<events::TaskDeleted>(ctx);
        return ev ? onEnded(ctx, ev->id, QLatin1String(events::ReminderDismissed::Reason::TaskDeleted))
                  : HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a TaskDeleted"));
    });
}

QDateTime ReminderScheduler::remindAt(const QDateTime &due, int minutes, const QTimeZone &zone)
{
    const int days = minutes / (24 * 60);
    const int rest = minutes % (24 * 60);
    return due.toTimeZone(zone).addDays(-days).addSecs(-qint64(rest) * 60).toUTC();
}

QTimeZone ReminderScheduler::zoneOf(const HandlerContext &ctx, const QUuid &userId) const
{
    if (userId.isNull())
        return m_options.zone;
    const Result<QTimeZone> zone = store::UserSettingsStore(ctx.db).zoneFor(userId, m_options.zone);
    if (!zone) {
        qCWarning(lcScheduler, "time zone of user %s unreadable (%s); using the configured one",
                  qPrintable(userId.toString(QUuid::WithoutBraces)), qPrintable(zone.error().message));
        return m_options.zone;
    }
    return *zone;
}

QList<ReminderScheduler::Wanted> ReminderScheduler::wanted(const std::optional<QDateTime> &due, QList<int> offsets,
                                                           const QTimeZone &zone) const
{
    QList<Wanted> out;
    if (!due)
        return out;
    if (offsets.isEmpty() && m_options.defaultOffsetMinutes > 0)
        offsets = {m_options.defaultOffsetMinutes};
    // A task already due gets no reminders: they would only announce the past.
    if (due->toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch())
        return out;
    QSet<int> seen;
    for (int minutes : std::as_const(offsets)) {
        if (minutes < 0 || seen.contains(minutes))
            continue;
        seen.insert(minutes);
        out.append({remindAt(*due, minutes, zone), minutes});
    }
    return out;
}

HandlerResult ReminderScheduler::onCreated(const HandlerContext &ctx)
{
    const auto ev = decode<events::TaskCreated>(ctx);
    if (!ev)
        return HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a TaskCreated"));
    // The event does not carry the offsets; the task row (same database as the API) does. A task
    // whose row is missing (another database, or deleted since) gets the default.
    store::TaskStore tasks(ctx.db);
    const Result<std::optional<store::Task>> found = tasks.find(ev->task.id);
    if (!found)
        return storageFailure(found.error().message);
    const std::optional<store::Task> &row = *found;
    const QList<int> offsets = row ? row->remindBeforeMinutes : QList<int>{};
    return reconcile(ctx, ev->task.id, ev->task.userId, ev->task.title,
                     wanted(ev->task.dueDate, offsets, zoneOf(ctx, ev->task.userId)),
                     QLatin1String(events::ReminderDismissed::Reason::DueDateChanged));
}

HandlerResult ReminderScheduler::onUpdated(const HandlerContext &ctx)
{
    const auto ev = decode<events::TaskUpdated>(ctx);
    if (!ev)
        return HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a TaskUpdated"));
    const bool dueChanged = ev->changedFields.contains(QLatin1String("due_date"));
    const bool offsetsChanged = ev->changedFields.contains(QLatin1String("remind_before_minutes"));
    if (!dueChanged && !offsetsChanged)
        return HandlerResult::ok();
    store::TaskStore tasks(ctx.db);
    const Result<std::optional<store::Task>> found = tasks.find(ev->id);
    if (!found)
        return storageFailure(found.error().message);
    const std::optional<store::Task> &row = *found;
    if (!row && !dueChanged) {
        qCWarning(lcScheduler,
                  "task %s: reminder offsets changed but its row is not in this database; share the API's "
                  "database with the reminder scheduler so offsets can be read",
                  qPrintable(ev->id.toString(QUuid::WithoutBraces)));
        return HandlerResult::ok();
    }
    const std::optional<QDateTime> due = dueChanged ? ev->dueDate : row->dueDate;
    QString title = ev->title.value_or(row ? row->title : QString());
    if (title.isEmpty()) {
        const Result<QList<store::Reminder>> existing = store::ReminderStore(ctx.db).forTask(ev->id);
        if (existing && !existing->isEmpty())
            title = existing->first().title;
    }
    // A completed task keeps no pending reminders, whatever its due date becomes.
    const bool active = !row || !row->isCompleted();
    const char *reason = !active      ? events::ReminderDismissed::Reason::TaskCompleted
                         : dueChanged ? events::ReminderDismissed::Reason::DueDateChanged
                                      : events::ReminderDismissed::Reason::OffsetsChanged;
    return reconcile(ctx, ev->id, ev->userId, title,
                     active ? wanted(due, row ? row->remindBeforeMinutes : QList<int>{}, zoneOf(ctx, ev->userId))
                            : QList<Wanted>{},
                     QLatin1String(reason));
}

HandlerResult ReminderScheduler::onEnded(const HandlerContext &ctx, const QUuid &taskId, const QString &reason)
{
    return reconcile(ctx, taskId, {}, {}, {}, reason);
}

HandlerResult ReminderScheduler::reconcile(const HandlerContext &ctx, const QUuid &taskId, const QUuid &userId,
                                           const QString &title, const QList<Wanted> &want, const QString &reason)
{
    store::ReminderStore reminders(ctx.db);
    const Result<QList<store::Reminder>> stored = reminders.forTask(taskId);
    if (!stored)
        return storageFailure(stored.error().message);
    const QList<store::Reminder> &existing = *stored;
    QHash<QUuid, store::Reminder> byId;
    for (const store::Reminder &r : existing)
        byId.insert(r.id, r);
    QSet<QUuid> wantedIds;
    for (const Wanted &w : want)
        wantedIds.insert(reminderId(taskId, w.remindAt, w.offsetMinutes));

    const QDateTime now = utcNowMs();
    int dismissed = 0, scheduled = 0;
    for (const store::Reminder &r : existing) {
        if (!r.isPending() || wantedIds.contains(r.id))
            continue;
        const Result<int> changed = reminders.markDismissed(r.id, now);
        if (!changed)
            return storageFailure(changed.error().message);
        if (*changed == 1) {
            if (const Result<void> appended =
                    appendEvent(ctx.db, *m_serializer, reminderDismissedEvent(r, now, reason));
                !appended)
                return HandlerResult::retriable(QStringLiteral("outbox"), appended.error().message);
            ++dismissed;
        }
    }
    for (const Wanted &w : want) {
        store::Reminder r;
        r.id = reminderId(taskId, w.remindAt, w.offsetMinutes);
        const auto found = byId.constFind(r.id);
        if (found != byId.cend()) {
            // Pending or fired: nothing to do. Dismissed (e.g. the due date moved away and back):
            // the same reminder is wanted again.
            if (found->status != QLatin1String("dismissed"))
                continue;
            const Result<int> changed = reminders.revive(r.id);
            if (!changed)
                return storageFailure(changed.error().message);
            if (*changed == 0)
                continue;
            r = *found;
        } else {
            r.taskId = taskId;
            r.userId = userId;
            r.remindAt = w.remindAt;
            r.offsetMinutes = w.offsetMinutes;
            r.title = title;
            r.createdAt = now;
            const Result<bool> inserted = reminders.insert(r);
            if (!inserted)
                return storageFailure(inserted.error().message);
            if (!*inserted)
                continue;
        }
        events::ReminderScheduled ev;
        ev.header = {store::newTimeOrderedId(), now};
        ev.reminder = reminderFields(r);
        ev.title = r.title;
        if (const Result<void> appended = appendEvent(ctx.db, *m_serializer, events::Event::from(ev)); !appended)
            return HandlerResult::retriable(QStringLiteral("outbox"), appended.error().message);
        ++scheduled;
    }
    if (scheduled || dismissed)
        qCDebug(lcScheduler, "task %s: %d reminder(s) scheduled, %d dismissed",
                qPrintable(taskId.toString(QUuid::WithoutBraces)), scheduled, dismissed);
    return HandlerResult::ok();
}

} // namespace taskstream::services

#pragma once

#include "common/Clock.h"
#include "processing/Handler.h"
#include "services/Worker.h"
#include "store/NotificationStore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimeZone>
#include <QUuid>

namespace taskstream::events {
class EventSerializer;
}

namespace taskstream::services {

struct NotifierOptions
{
    /// Quiet hours are judged on this clock; null: the system clock.
    Clock *clock = nullptr;
    /// Quiet hours are read in the user's time zone (user settings), else in this one.
    QTimeZone zone = QTimeZone::utc();
};

/// The notification-cg worker (todo.tasks.events and todo.reminders.events): makes a user's
/// notifications and hands them to the user's channels.
///
/// A notification is made for a ReminderTriggered (kind "reminder") and for a change of a user's
/// task by someone else: a task event whose acting subject (the ce_actor header, a user id) is
/// not the task's owner (kind "task_changed"). Changes a user makes to their own tasks, and those
/// of workers (a recurring task's next instance), notify nobody.
///
/// Per the user's preferences (store::NotificationPreferences): with the in-app channel on, the
/// notification row and a NotificationCreated outbox record (for the live feed) are written in the
/// runner's transaction, so the ledger makes a redelivery harmless and the id, derived from the
/// source event, never repeats. Webhook and email are pushed once the batch committed, unless the
/// user's quiet hours hold at that time (then the notification is only listed in the app).
class Notifier : public QObject, public Worker
{
    Q_OBJECT
public:
    Notifier(const events::EventSerializer *serializer, NotifierOptions options = {}, QObject *parent = nullptr);
    ~Notifier() override;

    QString group() const override { return QStringLiteral("notification-cg"); }
    void install(processing::ConsumerRunner &runner) override;
    void stopped() override { m_staged.clear(); }
    /// taskstream_notifications_created_total and taskstream_notifications_quiet_total.
    QList<metrics::Sample> metricSamples() const override;

    quint64 createdCount() const { return m_created; }
    quint64 quietCount() const { return m_quiet; }

    /// The header carrying the acting subject of a task event.
    static constexpr const char ActorHeader[] = "ce_actor";

signals:
    /// A committed notification for the webhook (its JSON, with user_id).
    void webhookWanted(const QJsonObject &notification);
    /// A committed notification to be mailed to \a address.
    void emailWanted(const QString &address, const QJsonObject &notification);

private:
    processing::HandlerResult onReminderTriggered(const processing::HandlerContext &ctx);
    processing::HandlerResult onTaskEvent(const processing::HandlerContext &ctx);
    /// Stores (in-app) and stages (push channels) \a n per its user's preferences.
    processing::HandlerResult deliver(const processing::HandlerContext &ctx, store::Notification n);
    void onBatchCommitted();

    struct Push
    {
        QJsonObject json;
        bool webhook = false;
        QString emailTo; ///< empty: no mail
    };
    const events::EventSerializer *m_serializer;
    Clock *m_clock;
    QTimeZone m_zone;
    QHash<QUuid, Push> m_staged; ///< pushes of the current batch, sent once it committed
    quint64 m_created = 0;
    quint64 m_quiet = 0;
};

/// The time zone quiet hours are read in for \a userId: the user's own (user settings), else
/// \a fallback (also when the user's cannot be read: a missed quiet hour beats a lost push).
QTimeZone notificationZoneFor(store::Database *db, const QUuid &userId, const QTimeZone &fallback);

} // namespace taskstream::services

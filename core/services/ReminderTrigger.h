#pragma once

#include "common/Clock.h"
#include "kafka/KafkaTypes.h"
#include "processing/Handler.h"
#include "services/Worker.h"

#include <set>
#include <utility>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QUuid>

namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::store {
class Database;
struct Reminder;
} // namespace taskstream::store

namespace taskstream::services {

struct ReminderTriggerOptions
{
    /// A reminder fired more than this after its time is marked late.
    qint64 lateToleranceMs = 60000;
    /// Most reminders fired in one transaction (a burst continues on the next event-loop round).
    int maxFiresPerTransaction = 500;
    /// After a failed firing transaction, the next attempt waits this long (doubling up to 30 s).
    int retryDelayMs = 500;
    /// Time and timers; null is the system clock.
    Clock *clock = nullptr;
};

/// The reminder-trigger-cg worker (todo.reminders.events): durable reminder timers.
///
/// ReminderScheduled / ReminderDismissed keep the reminders table in step (rows are recorded with
/// the partition that carries them). Timers are armed only for the partitions this instance owns:
/// on assignment it loads their pending reminders from the database, on revocation it forgets
/// them. One precise timer waits for the earliest deadline. A reminder never fires before its
/// time; firing is the conditional change pending -> fired, in one transaction with its
/// ReminderTriggered outbox row, so of two instances only one can fire it. The notification is
/// made from that event by the notifier (notification-cg, services/Notifier.h).
/// Reminders overdue at load fire at once, marked late.
class ReminderTrigger : public QObject, public Worker
{
    Q_OBJECT
public:
    ReminderTrigger(store::Database *db, const events::EventSerializer *serializer, ReminderTriggerOptions options = {},
                    QObject *parent = nullptr);
    ~ReminderTrigger() override;

    QString group() const override { return QStringLiteral("reminder-trigger-cg"); }
    void install(processing::ConsumerRunner &runner) override;
    void stopped() override;
    /// taskstream_reminders_fired_total, _late_total and _armed.
    QList<metrics::Sample> metricSamples() const override;

    /// Reminders armed in this instance (pending, of owned partitions).
    int armedCount() const { return int(m_armed.size()); }
    /// Reminders this instance fired since start, and how many of them late.
    quint64 firedCount() const { return m_fired; }
    quint64 lateCount() const { return m_late; }

signals:
    /// A reminder fired and its transaction committed; \a reminder says which (user_id,
    /// reminder_id, task_id, title, remind_at, fired_at, late). The outbox holds its
    /// ReminderTriggered: wake the relay.
    void fired(const QJsonObject &reminder);

private:
    processing::HandlerResult onScheduled(const processing::HandlerContext &ctx);
    processing::HandlerResult onDismissed(const processing::HandlerContext &ctx);
    void onAssigned(const kafka::TopicPartitionList &partitions);
    void onRevoked(const kafka::TopicPartitionList &partitions);
    void onBatchCommitted();
    void arm(const QUuid &id, qint64 remindAtMs, int partition);
    void disarm(const QUuid &id);
    void rearm();
    void fireDue();

    struct Armed
    {
        qint64 at;
        int partition;
    };
    store::Database *m_db;
    const events::EventSerializer *m_serializer;
    ReminderTriggerOptions m_options;
    QString m_topic; ///< the reminders topic whose partitions are owned
    QSet<int> m_owned;
    QSet<int> m_loading;                        ///< assigned, but their pending reminders could not be loaded yet
    std::set<std::pair<qint64, QUuid>> m_queue; ///< deadline order
    QHash<QUuid, Armed> m_armed;
    /// Rows the current batch made pending / not pending; applied once the batch committed.
    QHash<QUuid, Armed> m_stagedArm;
    QSet<QUuid> m_stagedDisarm;
    Clock *m_clock;
    ClockTimer *m_timer; ///< precise, single shot; a child of this
    int m_failures = 0;
    quint64 m_fired = 0;
    quint64 m_late = 0;
};

} // namespace taskstream::services

#include "services/ReminderTrigger.h"

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/ReminderEvents.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "store/Task.h"
#include "store/TimeOrderedId.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTrigger, "taskstream.reminders", QtInfoMsg)

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

namespace {
// A QTimer interval is an int of milliseconds; longer waits are re-armed on the way.
constexpr qint64 kMaxTimerMs = 6 * 3600 * 1000;

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}
} // namespace

ReminderTrigger::ReminderTrigger(store::Database *db, const events::EventSerializer *serializer,
                                 ReminderTriggerOptions options, QObject *parent)
    : QObject(parent), m_db(db), m_serializer(serializer), m_options(options),
      m_clock(options.clock ? options.clock : Clock::system()), m_timer(m_clock->createTimer(Qt::PreciseTimer, this))
{
    connect(m_timer, &ClockTimer::timeout, this, &ReminderTrigger::fireDue);
}

ReminderTrigger::~ReminderTrigger() = default;

void ReminderTrigger::install(processing::ConsumerRunner &runner)
{
    m_topic = runner.options().topics.value(0);
    runner.addHandler(QString::fromLatin1(events::ReminderScheduled::TypeName),
                      [this](const HandlerContext &ctx) { return onScheduled(ctx); });
    runner.addHandler(QString::fromLatin1(events::ReminderDismissed::TypeName),
                      [this](const HandlerContext &ctx) { return onDismissed(ctx); });
    connect(&runner, &processing::ConsumerRunner::partitionsAssigned, this, &ReminderTrigger::onAssigned);
    connect(&runner, &processing::ConsumerRunner::partitionsRevoked, this, &ReminderTrigger::onRevoked);
    connect(&runner, &processing::ConsumerRunner::batchCommitted, this, &ReminderTrigger::onBatchCommitted);
}

void ReminderTrigger::stopped()
{
    m_timer->stop();
    m_queue.clear();
    m_armed.clear();
    m_owned.clear();
    m_loading.clear();
    m_stagedArm.clear();
    m_stagedDisarm.clear();
}

HandlerResult ReminderTrigger::onScheduled(const HandlerContext &ctx)
{
    const auto ev = ctx.event.as<events::ReminderScheduled>();
    if (!ev)
        return HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a ReminderScheduled"));
    store::ReminderStore reminders(ctx.db);
    Result<std::optional<store::Reminder>> found = reminders.find(ev->reminder.reminderId);
    if (!found)
        return HandlerResult::retriable(QStringLiteral("store"), found.error().message);
    std::optional<store::Reminder> &row = *found;
    if (!row) {
        // The scheduler writes to another database: learn the reminder from the event.
        store::Reminder r;
        r.id = ev->reminder.reminderId;
        r.taskId = ev->reminder.taskId;
        r.userId = ev->reminder.userId;
        r.remindAt = ev->reminder.remindAt;
        r.title = ev->title.value_or(QString());
        r.kafkaPartition = ctx.message.partition;
        r.createdAt = utcNowMs();
        if (const Result<bool> inserted = reminders.insert(r); !inserted)
            return HandlerResult::retriable(QStringLiteral("store"), inserted.error().message);
        row = r;
    } else {
        if (const Result<void> set = reminders.setPartition(row->id, ctx.message.partition); !set)
            return HandlerResult::retriable(QStringLiteral("store"), set.error().message);
        // Scheduled again after a dismissal that this event postdates (a moved due date came back).
        if (row->status == QLatin1String("dismissed") && row->dismissedAt &&
            *row->dismissedAt < ev->header.occurredAt) {
            if (const Result<int> revived = reminders.revive(row->id); !revived)
                return HandlerResult::retriable(QStringLiteral("store"), revived.error().message);
            row->status = QStringLiteral("pending");
        }
    }
    if (row->isPending()) {
        m_stagedDisarm.remove(row->id);
        m_stagedArm.insert(row->id, {row->remindAt.toMSecsSinceEpoch(), ctx.message.partition});
    }
    return HandlerResult::ok();
}

HandlerResult ReminderTrigger::onDismissed(const HandlerContext &ctx)
{
    const auto ev = ctx.event.as<events::ReminderDismissed>();
    if (!ev)
        return HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a ReminderDismissed"));
    store::ReminderStore reminders(ctx.db);
    // Already dismissed (by the API or the scheduler on this database) or fired: nothing changes.
    if (const Result<int> changed = reminders.markDismissed(ev->reminder.reminderId, ev->dismissedAt); !changed)
        return HandlerResult::retriable(QStringLiteral("store"), changed.error().message);
    m_stagedArm.remove(ev->reminder.reminderId);
    m_stagedDisarm.insert(ev->reminder.reminderId);
    return HandlerResult::ok();
}

void ReminderTrigger::onBatchCommitted()
{
    for (const QUuid &id : std::as_const(m_stagedDisarm))
        disarm(id);
    for (auto it = m_stagedArm.cbegin(); it != m_stagedArm.cend(); ++it)
        if (m_owned.contains(it->partition))
            arm(it.key(), it->at, it->partition);
    m_stagedArm.clear();
    m_stagedDisarm.clear();
    rearm();
}

void ReminderTrigger::onAssigned(const kafka::TopicPartitionList &partitions)
{
    QList<int> added;
    for (const kafka::TopicPartition &tp : partitions)
        if (tp.topic == m_topic && !m_owned.contains(tp.partition))
            added.append(tp.partition);
    if (added.isEmpty())
        return;
    store::ReminderStore reminders(m_db);
    const Result<QList<store::ReminderTimer>> loaded = reminders.pendingTimers(added);
    if (!loaded) {
        const QString why = loaded.error().message;
        // The records of these partitions are not delivered again once committed, so the timers
        // must come from the table: try the load again shortly.
        qCWarning(lcTrigger, "cannot load pending reminders of %s: %s; retrying in 1 s (check the database)",
                  qPrintable(m_topic), qPrintable(why));
        for (int p : std::as_const(added))
            m_loading.insert(p);
        m_clock->singleShot(1000, this, [this] {
            kafka::TopicPartitionList again; // those not revoked meanwhile
            for (int p : std::as_const(m_loading))
                again.append({m_topic, p, kafka::OffsetInvalid});
            m_loading.clear();
            onAssigned(again);
        });
        return;
    }
    for (int p : std::as_const(added))
        m_owned.insert(p);
    const QList<store::ReminderTimer> &pending = *loaded;
    for (const store::ReminderTimer &t : pending)
        arm(t.id, t.remindAtMs, t.partition);
    qCInfo(lcTrigger, "%lld pending reminder(s) armed for %lld newly owned partition(s) of %s", qint64(pending.size()),
           qint64(added.size()), qPrintable(m_topic));
    rearm();
}

void ReminderTrigger::onRevoked(const kafka::TopicPartitionList &partitions)
{
    QSet<int> lost;
    for (const kafka::TopicPartition &tp : partitions)
        if (tp.topic == m_topic)
            m_loading.remove(tp.partition);
    for (const kafka::TopicPartition &tp : partitions)
        if (tp.topic == m_topic && m_owned.remove(tp.partition))
            lost.insert(tp.partition);
    if (lost.isEmpty())
        return;
    QList<QUuid> drop;
    for (auto it = m_armed.cbegin(); it != m_armed.cend(); ++it)
        if (lost.contains(it->partition))
            drop.append(it.key());
    for (const QUuid &id : std::as_const(drop))
        disarm(id);
    qCInfo(lcTrigger, "%lld reminder timer(s) dropped with %lld revoked partition(s)", qint64(drop.size()),
           qint64(lost.size()));
    rearm();
}

void ReminderTrigger::arm(const QUuid &id, qint64 remindAtMs, int partition)
{
    disarm(id);
    m_armed.insert(id, {remindAtMs, partition});
    m_queue.insert({remindAtMs, id});
}

void ReminderTrigger::disarm(const QUuid &id)
{
    const auto it = m_armed.constFind(id);
    if (it == m_armed.cend())
        return;
    m_queue.erase({it->at, id});
    m_armed.erase(it);
}

void ReminderTrigger::rearm()
{
    if (m_queue.empty()) {
        m_timer->stop();
        return;
    }
    const qint64 wait = m_queue.begin()->first - m_clock->nowMs();
    m_timer->start(int(qBound<qint64>(0, wait, kMaxTimerMs)));
}

void ReminderTrigger::fireDue()
{
    // Fired by time, not by a request: the events are this worker's, with no subject behind them.
    const events::ActorScope actor(events::Actor{QString(), events::Actor::workerSource(group())});
    if (m_db->inTransaction()) {
        // Cannot happen on one event-loop thread; if it ever does, do not join someone's transaction.
        m_timer->start(10);
        return;
    }
    const qint64 nowMs = m_clock->nowMs();
    QList<std::pair<qint64, QUuid>> due;
    for (auto it = m_queue.begin();
         it != m_queue.end() && it->first <= nowMs && due.size() < m_options.maxFiresPerTransaction; ++it)
        due.append(*it);
    if (due.isEmpty()) {
        rearm(); // woke early or nothing left: never fire before remind_at
        return;
    }

    const QDateTime firedAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    const QDateTime lateBefore = QDateTime::fromMSecsSinceEpoch(nowMs - m_options.lateToleranceMs, Qt::UTC);
    QList<QUuid> ids;
    ids.reserve(due.size());
    for (const auto &d : std::as_const(due))
        ids.append(d.second);

    // A few statements per round whatever its size: the conditional update returns exactly the
    // reminders this instance fired (one dismissed or fired elsewhere meanwhile is not among them),
    // then their events go in with multi-row inserts, all in one transaction.
    QList<QJsonObject> firings;
    QString why;
    store::ReminderStore reminders(m_db);
    // Records \a r's error in why; true on success.
    auto check = [&why](const Result<void> &r) {
        if (!r)
            why = r.error().message;
        return r.ok();
    };
    bool ok = check(m_db->begin());
    QList<store::Reminder> firedNow;
    if (ok) {
        Result<QList<store::Reminder>> changed = reminders.fireAll(ids, firedAt, lateBefore);
        ok = changed.ok();
        if (ok)
            firedNow = std::move(changed).value();
        else
            why = changed.error().message;
    }
    QList<store::OutboxRecord> records;
    for (qsizetype i = 0; ok && i < firedNow.size(); ++i) {
        const store::Reminder &r = firedNow[i];
        events::ReminderTriggered ev;
        ev.header = {store::newTimeOrderedId(), firedAt};
        ev.reminder = reminderFields(r);
        ev.triggeredAt = firedAt;
        ev.late = r.late;
        Result<store::OutboxRecord> rec = makeOutboxRecord(*m_serializer, events::Event::from(ev));
        if (!rec) {
            why = rec.error().message;
            ok = false;
            break;
        }
        records.append(std::move(rec).value());
        // What fired, for the signal; the notification itself is the notifier's (notification-cg).
        firings.append(QJsonObject{{QStringLiteral("user_id"), idText(r.userId)},
                                   {QStringLiteral("reminder_id"), idText(r.id)},
                                   {QStringLiteral("task_id"), idText(r.taskId)},
                                   {QStringLiteral("title"), r.title},
                                   {QStringLiteral("remind_at"), store::toIsoUtc(r.remindAt)},
                                   {QStringLiteral("fired_at"), store::toIsoUtc(firedAt)},
                                   {QStringLiteral("late"), r.late}});
    }
    if (ok && !records.isEmpty()) {
        store::OutboxStore outbox(m_db);
        ok = check(outbox.appendAll(records));
    }
    if (ok)
        ok = check(m_db->commit());
    if (!ok) {
        if (m_db->inTransaction()) // a failed commit has rolled back already
            m_db->rollback();
        // Capped low: a database that comes back must see due reminders fire within seconds.
        const int delay = qMin(4000, m_options.retryDelayMs << qMin(m_failures, 6));
        ++m_failures;
        qCWarning(lcTrigger, "firing %lld due reminder(s) failed: %s; trying again in %d ms (check the database)",
                  qint64(due.size()), qPrintable(why), delay);
        m_timer->start(delay);
        return;
    }
    m_failures = 0;
    for (const auto &d : std::as_const(due))
        disarm(d.second);
    for (const QJsonObject &n : std::as_const(firings)) {
        ++m_fired;
        if (n.value(QStringLiteral("late")).toBool())
            ++m_late;
        emit fired(n);
    }
    // More due now (a burst larger than one transaction) continue on the next round.
    rearm();
}

QList<metrics::Sample> ReminderTrigger::metricSamples() const
{
    return {{QStringLiteral("taskstream_reminders_fired_total"), {}, double(firedCount())},
            {QStringLiteral("taskstream_reminders_late_total"), {}, double(lateCount())},
            {QStringLiteral("taskstream_reminders_armed"), {}, double(armedCount())}};
}

} // namespace taskstream::services

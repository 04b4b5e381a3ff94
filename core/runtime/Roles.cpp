#include "Roles.h"

#include "NodeConfig.h"
#include "services/AuditLog.h"
#include "services/NotificationMailer.h"
#include "services/NotificationWebhook.h"
#include "services/Notifier.h"
#include "services/OutboxRelay.h"
#include "services/RecurringTaskWorker.h"
#include "services/ReminderScheduler.h"
#include "services/ReminderTrigger.h"
#include "services/Retention.h"
#include "services/TaskBroadcaster.h"
#include "store/AuditStore.h"
#include "store/Database.h"
#include "store/ReminderStore.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcNode)

namespace taskstream::runtime {

namespace {

Result<double> asGauge(const Result<qint64> &count)
{
    if (!count)
        return count.error();
    return double(count.value());
}

Result<double> auditRows(store::Database &db)
{
    // Exact on SQLite, the planner's estimate on PostgreSQL, so a scrape never counts a large table.
    return asGauge(store::AuditStore(&db).approximateCount());
}

Result<double> pendingReminders(store::Database &db)
{
    return asGauge(store::ReminderStore(&db).pendingCount());
}

const metrics::MetricFamily kRemindersPending{"taskstream_reminders_pending", "gauge",
                                              "Reminders waiting to fire, in the whole database."};

/// A role's worker and the retention purges on its thread and database connections: the
/// worker's group, handlers and metrics, plus taskstream_retention_purged_total (summed over the
/// files when the role's own database is not the main one).
class WithRetention : public services::Worker
{
public:
    WithRetention(std::unique_ptr<services::Worker> worker,
                  std::vector<std::unique_ptr<services::Retention>> retentions)
        : m_worker(std::move(worker)), m_retentions(std::move(retentions))
    {
    }
    QString group() const override { return m_worker->group(); }
    void install(processing::ConsumerRunner &runner) override
    {
        m_worker->install(runner);
        for (const auto &r : m_retentions)
            r->start();
    }
    void stopped() override
    {
        for (const auto &r : m_retentions)
            r->stop();
        m_worker->stopped();
    }
    QList<metrics::Sample> metricSamples() const override
    {
        // Every Retention lists the same tables in the same order.
        QList<metrics::Sample> purged;
        for (const auto &r : m_retentions) {
            const QList<metrics::Sample> samples = r->metricSamples();
            if (purged.isEmpty()) {
                purged = samples;
                continue;
            }
            for (qsizetype i = 0; i < purged.size() && i < samples.size(); ++i)
                purged[i].value += samples.at(i).value;
        }
        return m_worker->metricSamples() + purged;
    }

private:
    std::unique_ptr<services::Worker> m_worker;
    std::vector<std::unique_ptr<services::Retention>> m_retentions;
};

std::unique_ptr<services::Retention> retentionFor(const RoleContext &c, store::Database *db, bool ledgerOnly)
{
    services::RetentionOptions o;
    o.ledgerRetentionMs = services::Retention::ledgerRetentionMs(c.config.ledgerRetentionMarginHours);
    o.reminderRetentionDays = c.config.reminderRetentionDays;
    o.notificationRetentionDays = ledgerOnly ? 0 : c.config.notificationRetentionDays;
    o.deletedTaskRetentionDays = ledgerOnly ? 0 : c.config.deletedTaskRetentionDays;
    if (ledgerOnly)
        o.reminderRetentionDays = 0;
    auto r = std::make_unique<services::Retention>(db, o);
    QObject::connect(r.get(), &services::Retention::passFinished, c.host, c.metricsChanged);
    return r;
}

/// The purges of the main database; with the audit log in a file of its own, also of that file's
/// ledger (the audit group's rows).
std::vector<std::unique_ptr<services::Retention>> retentionsFor(const RoleContext &c)
{
    std::vector<std::unique_ptr<services::Retention>> out;
    out.push_back(retentionFor(c, c.mainDb, false));
    if (c.mainDb != c.db)
        out.push_back(retentionFor(c, c.db, true));
    return out;
}

} // namespace

const QList<Role> &roleTable()
{
    static const QList<Role> table{
        {QStringLiteral("api"), {}, {}, RoleReadiness::None, {}, {}, {}},
        {QStringLiteral("relay"), {}, {}, RoleReadiness::None, {}, {}, {}},
        {QStringLiteral("recurring"),
         {QStringLiteral("recurring-task-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             services::RecurringTaskOptions o;
             o.zone = c.config.timeZone;
             return std::make_unique<services::RecurringTaskWorker>(c.serializer, o);
         },
         RoleReadiness::ConsumerGroupJoined,
         {},
         {},
         {}},
        {QStringLiteral("reminder-scheduler"),
         {QStringLiteral("reminder-scheduler-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             services::ReminderSchedulerOptions o;
             o.defaultOffsetMinutes = c.config.reminderDefaultMinutes;
             o.zone = c.config.timeZone;
             return std::make_unique<services::ReminderScheduler>(c.serializer, o);
         },
         RoleReadiness::ConsumerGroupJoined,
         {kRemindersPending},
         {"taskstream_reminders_pending", "reminders", &pendingReminders},
         {}},
        {QStringLiteral("reminder-trigger"),
         {QStringLiteral("reminder-trigger-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             auto trigger = std::make_unique<services::ReminderTrigger>(c.db, c.serializer);
             // Each firing appended a ReminderTriggered to the outbox. The relay lives on another
             // thread: the call is queued.
             if (c.relay)
                 QObject::connect(trigger.get(), &services::ReminderTrigger::fired, c.relay,
                                  &services::OutboxRelay::wake);
             QObject::connect(trigger.get(), &services::ReminderTrigger::fired, c.host, c.metricsChanged);
             return trigger;
         },
         RoleReadiness::ConsumerGroupJoined,
         {kRemindersPending,
          {"taskstream_reminders_armed", "gauge",
           "Pending reminders whose timer this instance holds (its partitions)."},
          {"taskstream_reminders_fired_total", "counter", "Reminders this instance fired since start."},
          {"taskstream_reminders_late_total", "counter",
           "Reminders this instance fired more than the tolerance (60 s) after their time."}},
         {"taskstream_reminders_pending", "reminders", &pendingReminders},
         {}},
        {QStringLiteral("broadcaster"),
         {QStringLiteral("task-broadcaster-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             return std::make_unique<services::TaskBroadcaster>(c.serializer);
         },
         RoleReadiness::ConsumerGroupJoined,
         {},
         {},
         {}},
        {QStringLiteral("audit"),
         {QStringLiteral("audit-log-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             services::AuditLogOptions o;
             o.retentionDays = c.config.auditRetentionDays;
             // The audit role keeps the records, and purges what is kept no longer (docs/deploy.md).
             return std::make_unique<WithRetention>(std::make_unique<services::AuditLog>(c.db, o), retentionsFor(c));
         },
         RoleReadiness::ConsumerGroupJoined,
         {{"taskstream_audit_events", "gauge", "Entries in the audit log (PostgreSQL: the planner's estimate)."},
          services::Retention::PurgedFamily},
         {"taskstream_audit_events", "audit", &auditRows},
         {}},
        {QStringLiteral("notifier"),
         {QStringLiteral("notification-cg")},
         [](const RoleContext &c) -> std::unique_ptr<services::Worker> {
             // Notifications of reminders and of changes by others (docs/notifications.md): the
             // in-app row and its NotificationCreated in the runner's transaction, the pushes
             // after it committed. The webhook and the mailer live on other threads: queued calls.
             services::NotifierOptions o;
             o.zone = c.config.timeZone;
             auto notifier = std::make_unique<services::Notifier>(c.serializer, o);
             if (c.webhook)
                 QObject::connect(notifier.get(), &services::Notifier::webhookWanted, c.webhook,
                                  &services::NotificationWebhook::send);
             if (c.mailer)
                 QObject::connect(notifier.get(), &services::Notifier::emailWanted, c.mailer,
                                  &services::NotificationMailer::send);
             return notifier;
         },
         RoleReadiness::ConsumerGroupJoined,
         {{"taskstream_notifications_created_total", "counter",
           "Notifications this instance made since start (in-app, pushed or both)."},
          {"taskstream_notifications_quiet_total", "counter",
           "Notifications this instance did not push (webhook, email) because of the user's quiet hours."}},
         {},
         {}},
        {QStringLiteral("feed"), {}, {}, RoleReadiness::FeedReader, {}, {}, {}},
    };
    return table;
}

const Role *findRole(const QString &name)
{
    for (const Role &r : roleTable())
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace taskstream::runtime

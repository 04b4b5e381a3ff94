// Node's operations endpoints: /healthz, /readyz and /metrics.
#include "Node.h"
#include "Node_p.h"
#include "Roles.h"
#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "common/ObjectThread.h"
#include "events/Actor.h"
#include "feed/TaskFeed.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "kafka/KafkaAdmin.h"
#include "metrics/MetricsRegistry.h"
#include "runtime/DatabaseProbe.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/AuditStore.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutexLocker>
#include <QSet>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

namespace taskstream::runtime {

using namespace taskstream::kafka;

namespace {

/// How often the database probe checks, and how long a check may wait before /readyz says the
/// database does not answer (a kubelet's readiness probe gives up after its timeoutSeconds, 1 by
/// default: the answer must not wait for the database).
constexpr int kDatabaseProbeIntervalMs = 2000;
constexpr qint64 kDatabaseNoAnswerMs = 5000;

// Families of the node itself; the workers' own are listed with their roles.
const QList<metrics::MetricFamily> kNodeMetrics{
    {"taskstream_build_info", "gauge", "Version of this taskstreamd."},
    {"taskstream_http_requests_total", "counter", "HTTP requests answered, by method, route and status."},
    {"taskstream_http_request_duration_seconds", "histogram", "Time from a request's first byte to its answer."},
    {"taskstream_outbox_pending", "gauge", "Outbox records committed and not yet acknowledged by Kafka."},
    {"taskstream_outbox_failed", "gauge",
     "Outbox records that can never be delivered (see GET /api/v1/outbox/failed)."},
    {"taskstream_outbox_oldest_pending_age_seconds", "gauge", "Age of the oldest pending outbox record (0 when none)."},
    {"taskstream_outbox_published_total", "counter", "Outbox records acknowledged by Kafka since start."},
    {"taskstream_outbox_relay_leader", "gauge",
     "1 while this instance publishes the outbox (one instance at a time on PostgreSQL)."},
    {"taskstream_outbox_in_flight", "gauge", "Outbox records handed to the producer and not yet acknowledged."},
    {"taskstream_outbox_publish_retries_total", "counter",
     "Outbox records held for another attempt after a refusal an operator fixes (unknown topic, ACL), by reason."},
    {"taskstream_kafka_brokers_reachable", "gauge", "1 when the last metadata request to the cluster succeeded."},
    {"taskstream_metrics_collect_errors", "gauge",
     "1 when the last scrape could not read a source's values (they are absent then), by source."},
    {"taskstream_database_up", "gauge",
     "1 when the database answered its last check (every 2 s) and this instance's own connection is not lost."},
    {"taskstream_database_connections_lost", "gauge",
     "Database connections of this process that are lost and reconnecting with backoff."},
    {"taskstream_database_reconnects_total", "counter", "Database connections reopened after a loss since start."},
    {"taskstream_thread_heartbeat_age_seconds", "gauge",
     "Seconds since each worker, relay or commit thread last answered a heartbeat (liveness)."},
    {"taskstream_feed_connections", "gauge", "Open WebSocket feed connections."},
    {"taskstream_feed_messages_sent_total", "counter", "Messages sent to feed clients."},
    {"taskstream_feed_refused_total", "counter", "Feed connections refused (token, origin, capacity)."},
    {"taskstream_feed_slow_clients_closed_total", "counter", "Feed clients closed because they read too slowly."},
    {"taskstream_feed_resumes_total", "counter", "Feed connections that resumed from a cursor."},
    {"taskstream_feed_resumes_refused_total", "counter",
     "Feed resumes closed with 1013 because too many were waiting for a shared reader."},
    {"taskstream_feed_resume_readers", "gauge", "Shared Kafka readers serving feed resumes now."},
    {"taskstream_feed_tokens_expired_total", "counter", "Feed connections closed at their token's expiry."},
};

// Families every consumer-group worker exports through its runner.
const QList<metrics::MetricFamily> kRunnerMetrics{
    {"taskstream_events_processed_total", "counter",
     "Events whose effect committed, by consumer group and event type."},
    {"taskstream_events_duplicate_total", "counter", "Redelivered events found in the idempotency ledger (no effect)."},
    {"taskstream_events_skipped_total", "counter", "Events of a type the group has no handler for, skipped."},
    {"taskstream_events_retried_total", "counter", "Handler failures scheduled for another attempt."},
    {"taskstream_events_dead_lettered_total", "counter", "Events written to the group's dead-letter topic."},
    {"taskstream_events_decode_errors_total", "counter", "Records that could not be decoded (they go to the DLQ)."},
    {"taskstream_dlq_write_failures_total", "counter",
     "Failed dead-letter writes (each stops its partition until one succeeds)."},
    {"taskstream_offset_commit_failures_total", "counter", "Offset commits that failed (retried)."},
    {"taskstream_processing_store_failures_total", "counter", "Batches rolled back because the database failed."},
    {"taskstream_partitions_paused", "gauge", "Partitions paused for a retry backoff or a dead-letter write."},
    {"taskstream_partitions_dlq_blocked", "gauge",
     "Alert: partitions stopped because the dead-letter topic cannot be written."},
    {"taskstream_consumer_group_joined", "gauge", "1 once the group member received its first assignment."},
    {"taskstream_handler_duration_seconds", "histogram", "Time spent in event handlers per record."},
    {"taskstream_consumer_lag_records", "gauge",
     "High watermark minus the next offset to commit, per partition, as last seen."},
    {"taskstream_partition_stalled", "gauge",
     "1 while a partition is stalled: its next records are gone from the broker and an admin must acknowledge "
     "the gap (absent otherwise)."},
};

} // namespace

void Node::collectMetrics(metrics::MetricsRegistry &m)
{
    auto collected = [&m](const char *source, bool ok) {
        m.gaugeSet(QStringLiteral("taskstream_metrics_collect_errors"),
                   {{QStringLiteral("source"), QLatin1String(source)}}, ok ? 0 : 1);
    };
    // From the database probe's last check: a scrape never waits for the database.
    const DatabaseHealth::Reading reading = m_dbHealth ? m_dbHealth->last() : DatabaseHealth::Reading{};
    std::optional<store::OutboxStats> stats = reading.outbox;
    if (!reading.checked) { // no probe (in-memory SQLite), or its first check has not ended yet
        if (const Result<store::OutboxStats> read = store::OutboxStore(m_db.get()).stats(); read)
            stats = read.value();
    }
    bool databaseOk = false;
    databaseCheck(&databaseOk);
    if (stats) {
        const store::OutboxStats &st = *stats;
        m.gaugeSet(QStringLiteral("taskstream_outbox_pending"), {}, double(st.pending));
        m.gaugeSet(QStringLiteral("taskstream_outbox_failed"), {}, double(st.failed));
        m.gaugeSet(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), {},
                   st.oldestPending ? st.oldestPending->msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0 : 0.0);
    } else {
        m.clear(QStringLiteral("taskstream_outbox_pending"));
        m.clear(QStringLiteral("taskstream_outbox_failed"));
        m.clear(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"));
    }
    collected("outbox", stats.has_value());
    m.gaugeSet(QStringLiteral("taskstream_outbox_published_total"), {},
               m_relay ? double(m_relay->publishedCount()) : 0.0);
    m.gaugeSet(QStringLiteral("taskstream_outbox_relay_leader"), {}, m_relay && m_relay->isLeader() ? 1 : 0);
    m.gaugeSet(QStringLiteral("taskstream_outbox_in_flight"), {}, m_relay ? m_relay->inFlightCount() : 0);
    if (m_relay) {
        const QHash<QString, qint64> retries = m_relay->publishRetries();
        for (auto it = retries.cbegin(); it != retries.cend(); ++it)
            m.gaugeSet(QStringLiteral("taskstream_outbox_publish_retries_total"),
                       {{QStringLiteral("reason"), it.key()}}, double(it.value()));
    }
    m.gaugeSet(QStringLiteral("taskstream_kafka_brokers_reachable"), {}, m_brokersReachable ? 1 : 0);
    m.gaugeSet(QStringLiteral("taskstream_database_up"), {}, databaseOk && !m_db->isConnectionLost() ? 1 : 0);
    m.gaugeSet(QStringLiteral("taskstream_database_connections_lost"), {}, store::Database::lostConnectionCount());
    m.gaugeSet(QStringLiteral("taskstream_database_reconnects_total"), {}, double(store::Database::reconnectCount()));
    const qint64 now = QDeadlineTimer::current().deadline();
    auto threadAge = [&m, now](const ObjectThread *t) {
        if (t && t->isStarted() && t->lastAnsweredPing() >= 0)
            m.gaugeSet(QStringLiteral("taskstream_thread_heartbeat_age_seconds"),
                       {{QStringLiteral("thread"), t->name()}}, (now - t->lastAnsweredPing()) / 1000.0);
    };
    for (const auto &w : m_workers)
        threadAge(w->thread.get());
    threadAge(m_relayThread.get());
    threadAge(m_feedThread.get());
    if (m_tasks)
        threadAge(m_tasks->commitThread());

    // What the roles read from the database, once per source.
    QSet<QString> sources;
    for (const QString &name : std::as_const(m_config.roles)) {
        const Role *role = findRole(name);
        if (!role || !role->databaseMetric.read || sources.contains(QLatin1String(role->databaseMetric.source)))
            continue;
        const DatabaseMetric &dm = role->databaseMetric;
        sources.insert(QLatin1String(dm.source));
        // The audit log's gauge reads its own file where it has one.
        const Result<double> value =
            dm.read(QLatin1String(dm.source) == QLatin1String("audit") ? *auditDatabase() : *m_db);
        if (value)
            m.gaugeSet(QLatin1String(dm.family), {}, value.value());
        else
            m.clear(QLatin1String(dm.family));
        collected(dm.source, value.ok());
    }

    if (m_feed) {
        const feed::FeedStats &fs = m_feed->stats();
        m.gaugeSet(QStringLiteral("taskstream_feed_connections"), {}, m_feed->connectionCount());
        m.gaugeSet(QStringLiteral("taskstream_feed_messages_sent_total"), {}, double(fs.messagesSent));
        m.gaugeSet(QStringLiteral("taskstream_feed_refused_total"), {}, double(fs.refused));
        m.gaugeSet(QStringLiteral("taskstream_feed_slow_clients_closed_total"), {}, double(fs.slowClientsClosed));
        m.gaugeSet(QStringLiteral("taskstream_feed_resumes_total"), {}, double(fs.resumes));
        m.gaugeSet(QStringLiteral("taskstream_feed_resumes_refused_total"), {}, double(fs.resumesRefused));
        m.gaugeSet(QStringLiteral("taskstream_feed_resume_readers"), {}, m_feed->resumeReadersOpen());
        m.gaugeSet(QStringLiteral("taskstream_feed_tokens_expired_total"), {}, double(fs.tokensExpired));
    }

    m.clear(QStringLiteral("taskstream_partition_stalled"));
    for (const auto &w : m_workers) {
        QMutexLocker lock(&w->snapshot->mutex);
        const processing::ProcessingMetrics &pm = w->snapshot->metrics;
        const QString &group = w->group;
        if (group.isEmpty())
            continue; // still starting
        const metrics::Labels g{{QStringLiteral("group"), group}};
        for (auto it = pm.processedByType.cbegin(); it != pm.processedByType.cend(); ++it)
            m.gaugeSet(QStringLiteral("taskstream_events_processed_total"),
                       {{QStringLiteral("group"), group}, {QStringLiteral("type"), it.key()}}, double(it.value()));
        m.gaugeSet(QStringLiteral("taskstream_events_duplicate_total"), g, double(pm.duplicates));
        m.gaugeSet(QStringLiteral("taskstream_events_skipped_total"), g, double(pm.skipped));
        m.gaugeSet(QStringLiteral("taskstream_events_retried_total"), g, double(pm.retries));
        m.gaugeSet(QStringLiteral("taskstream_events_dead_lettered_total"), g, double(pm.deadLettered));
        m.gaugeSet(QStringLiteral("taskstream_events_decode_errors_total"), g, double(pm.decodeErrors));
        m.gaugeSet(QStringLiteral("taskstream_dlq_write_failures_total"), g, double(pm.dlqWriteFailures));
        m.gaugeSet(QStringLiteral("taskstream_offset_commit_failures_total"), g, double(pm.commitFailures));
        m.gaugeSet(QStringLiteral("taskstream_processing_store_failures_total"), g, double(pm.storeFailures));
        m.gaugeSet(QStringLiteral("taskstream_partitions_paused"), g, pm.pausedPartitions);
        m.gaugeSet(QStringLiteral("taskstream_partitions_dlq_blocked"), g, pm.dlqBlockedPartitions);
        m.gaugeSet(QStringLiteral("taskstream_consumer_group_joined"), g, w->joined ? 1 : 0);
        QList<quint64> cumulative;
        quint64 acc = 0;
        const QList<quint64> &perBucket = pm.handlerSeconds.counts();
        for (qsizetype i = 0; i < pm.handlerSeconds.bounds().size(); ++i)
            cumulative.append(acc += perBucket.value(i));
        m.histogramSet(QStringLiteral("taskstream_handler_duration_seconds"), g, pm.handlerSeconds.bounds(), cumulative,
                       pm.handlerSeconds.sum(), pm.handlerSeconds.count());
        for (auto it = pm.lag.cbegin(); it != pm.lag.cend(); ++it) {
            const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
            m.gaugeSet(QStringLiteral("taskstream_consumer_lag_records"),
                       {{QStringLiteral("group"), group},
                        {QStringLiteral("topic"), it.key().left(slash)},
                        {QStringLiteral("partition"), it.key().mid(slash + 1)}},
                       double(it.value()));
        }
        for (auto it = pm.stalled.cbegin(); it != pm.stalled.cend(); ++it) {
            const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
            m.gaugeSet(QStringLiteral("taskstream_partition_stalled"),
                       {{QStringLiteral("group"), group},
                        {QStringLiteral("topic"), it.key().left(slash)},
                        {QStringLiteral("partition"), it.key().mid(slash + 1)}},
                       1);
        }
        // The worker's own metrics.
        for (const metrics::Sample &s : std::as_const(w->snapshot->samples))
            m.set(s);
    }
}

QJsonArray Node::stalledPartitionsJson() const
{
    QJsonArray out;
    for (const auto &w : m_workers) {
        QMutexLocker lock(&w->snapshot->mutex);
        const auto &stalled = w->snapshot->metrics.stalled;
        for (auto it = stalled.cbegin(); it != stalled.cend(); ++it) {
            const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
            const processing::StalledPartition &sp = it.value();
            out.append(QJsonObject{
                {QStringLiteral("group"), w->group},
                {QStringLiteral("topic"), it.key().left(slash)},
                {QStringLiteral("partition"), it.key().mid(slash + 1).toInt()},
                {QStringLiteral("missing_from"), sp.from},
                // The first offset still there; null when the broker could not be asked.
                {QStringLiteral("missing_to"), sp.to >= 0 ? QJsonValue(sp.to) : QJsonValue()},
                {QStringLiteral("since"),
                 QDateTime::fromMSecsSinceEpoch(sp.sinceMs, QTimeZone::utc()).toString(Qt::ISODateWithMs)},
                {QStringLiteral("reason"), sp.reason},
            });
        }
    }
    return out;
}

QJsonObject Node::reminderTriggerJson() const
{
    const QString group = QStringLiteral("reminder-trigger-cg");
    const QString topic = QStringLiteral("todo.reminders.events");
    QJsonObject out{
        {QStringLiteral("group"), group},
        {QStringLiteral("topic"), topic},
        {QStringLiteral("instance_id"), m_config.instanceId.isEmpty() ? QJsonValue() : m_config.instanceId}};
    QList<int> owned;
    QJsonArray stalled;
    bool runs = false;
    for (const auto &w : m_workers) {
        if (w->group != group)
            continue;
        runs = true;
        QMutexLocker lock(&w->snapshot->mutex);
        const processing::ProcessingMetrics &m = w->snapshot->metrics;
        for (const QString &key : m.assigned) {
            const qsizetype slash = key.lastIndexOf(QLatin1Char('/'));
            if (key.left(slash) == topic)
                owned << key.mid(slash + 1).toInt();
        }
        for (auto it = m.stalled.cbegin(); it != m.stalled.cend(); ++it) {
            const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
            stalled.append(QJsonObject{
                {QStringLiteral("topic"), it.key().left(slash)},
                {QStringLiteral("partition"), it.key().mid(slash + 1).toInt()},
                {QStringLiteral("since"),
                 QDateTime::fromMSecsSinceEpoch(it->sinceMs, QTimeZone::utc()).toString(Qt::ISODateWithMs)},
                {QStringLiteral("reason"), it->reason},
            });
        }
    }
    std::sort(owned.begin(), owned.end());
    QJsonArray ownedJson;
    for (int p : owned)
        ownedJson.append(p);
    out.insert(QStringLiteral("runs_here"), runs);
    // Null, not empty, when this node runs no trigger: it cannot tell who owns the partitions.
    out.insert(QStringLiteral("owned_partitions"), runs ? QJsonValue(ownedJson) : QJsonValue());
    out.insert(QStringLiteral("stalled_partitions"), stalled);
    return out;
}

void Node::registerGroupAdminRoutes()
{
    if (m_workers.empty() || !m_auth)
        return;
    api::Routes routes(*m_http, m_auth.get());
    routes.requireAdminAsync(
        "POST", QStringLiteral("/api/v1/groups/{group}/partitions/{topic}/{partition}/acknowledge-gap"),
        QStringLiteral("acknowledging a gap skips records: it needs an admin token (taskstreamd token --role admin)"),
        [this](const http::HttpRequest &request, const auth::Principal &admin, http::HttpServer::Responder respond) {
            const QString group = request.pathParam(QStringLiteral("group"));
            const QString topic = request.pathParam(QStringLiteral("topic"));
            bool ok = false;
            const int partition = request.pathParam(QStringLiteral("partition")).toInt(&ok);
            if (!ok || partition < 0) {
                respond(api::problem::notFound(QStringLiteral("no partition '%1' of topic %2")
                                                   .arg(request.pathParam(QStringLiteral("partition")), topic)));
                return;
            }
            const events::Actor by = events::Actor::current(); // the request's: the callback runs later
            acknowledgeGap(
                group, topic, partition,
                [this, group, topic, partition, admin, by, respond](const Result<GapAcknowledged> &r) {
                    if (!r) {
                        respond(api::problem::fromError(r.error()));
                        return;
                    }
                    // Audited like the events: who skipped which records, searchable in the audit log.
                    const QDateTime now = QDateTime::currentDateTimeUtc();
                    store::AuditEntry entry;
                    entry.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
                    entry.eventType = QStringLiteral("taskstream.admin.PartitionGapAcknowledged");
                    entry.topic = topic;
                    entry.partition = partition;
                    entry.offset = r->from;
                    entry.userId = admin.userId;
                    entry.actor = admin.userId.toString(QUuid::WithoutBraces);
                    entry.actorSource = by.source;
                    entry.occurredAt = now;
                    entry.recordedAt = now;
                    entry.payload =
                        QJsonObject{{QStringLiteral("group"), group},
                                    {QStringLiteral("topic"), topic},
                                    {QStringLiteral("partition"), partition},
                                    {QStringLiteral("missing_from"), r->from},
                                    {QStringLiteral("missing_to"), r->to},
                                    {QStringLiteral("acknowledged_by"), admin.userId.toString(QUuid::WithoutBraces)},
                                    {QStringLiteral("instance_id"), m_config.instanceId}};
                    const Result<bool> audited = store::AuditStore(auditDatabase()).insert(entry);
                    if (!audited)
                        qCWarning(lcNode, "gap acknowledgement of %s %s/%d not written to the audit log: %s",
                                  qPrintable(group), qPrintable(topic), partition, qPrintable(audited.error().message));
                    qCWarning(lcNode,
                              "admin %s acknowledged the gap of group %s on %s/%d: offsets %lld to %lld skipped",
                              qPrintable(admin.userId.toString(QUuid::WithoutBraces)), qPrintable(group),
                              qPrintable(topic), partition, r->from, r->to - 1);
                    respond(http::HttpResponse::json(200, QJsonObject{{QStringLiteral("group"), group},
                                                                      {QStringLiteral("topic"), topic},
                                                                      {QStringLiteral("partition"), partition},
                                                                      {QStringLiteral("skipped_from"), r->from},
                                                                      {QStringLiteral("resumed_at"), r->to},
                                                                      {QStringLiteral("audited"), audited.ok()}}));
                });
        });
}

void Node::probeBrokers()
{
    // Kafka's reachability is a metric and a line in /readyz's checks: a bounded metadata request
    // every few seconds.
    m_admin->fetchMetadata(3000);
}

void Node::beat()
{
    const qint64 now = QDeadlineTimer::current().deadline();
    for (const auto &w : m_workers)
        w->thread->ping(now);
    if (m_relayThread)
        m_relayThread->ping(now);
    if (m_feedThread)
        m_feedThread->ping(now);
    if (m_tasks && m_tasks->commitThread())
        m_tasks->commitThread()->ping(now);
}

QStringList Node::unresponsiveThreads() const
{
    QStringList out;
    const qint64 now = QDeadlineTimer::current().deadline();
    const qint64 limitMs = qint64(m_config.livenessTimeoutSeconds) * 1000;
    auto check = [&](const ObjectThread *t) {
        if (!t || !t->isStarted() || t->lastAnsweredPing() < 0)
            return;
        const qint64 age = now - t->lastAnsweredPing();
        if (age > limitMs)
            out << QStringLiteral("%1 has not answered for %2 s").arg(t->name()).arg(age / 1000);
    };
    for (const auto &w : m_workers)
        check(w->thread.get());
    check(m_relayThread.get());
    check(m_feedThread.get());
    if (m_tasks)
        check(m_tasks->commitThread());
    return out;
}

bool Node::servesClients() const
{
    return m_config.hasRole(QStringLiteral("api")) || m_config.hasRole(QStringLiteral("feed"));
}

void Node::startDatabaseProbe()
{
    // An in-memory SQLite database exists only in this process's connection: checked in place.
    if (m_db->url().contains(QLatin1String(":memory:")))
        return;
    m_dbHealth = std::make_shared<DatabaseHealth>();
    m_dbProbeThread = std::make_unique<ObjectThread>(QStringLiteral("database-probe"));
    connect(m_dbProbeThread.get(), &ObjectThread::failed, this,
            [](const QString &why) { qCWarning(lcNode, "the database probe did not start: %s", qPrintable(why)); });
    const QString url = m_db->url();
    std::shared_ptr<DatabaseHealth> health = m_dbHealth;
    m_dbProbeThread->start(
        [url, health](QString *) -> QObject * { return new DatabaseProbe(url, health, kDatabaseProbeIntervalMs); });
}

QString Node::databaseCheck(bool *ok) const
{
    *ok = false;
    const qint64 now = QDeadlineTimer::current().deadline();
    const qint64 waiting = m_dbHealth ? m_dbHealth->waitingMs(now) : -1;
    if (waiting >= kDatabaseNoAnswerMs)
        return QStringLiteral("no answer for %1 s").arg(waiting / 1000);
    const DatabaseHealth::Reading r = m_dbHealth ? m_dbHealth->last() : DatabaseHealth::Reading{};
    if (!r.checked) {
        // No probe (in-memory SQLite), or its first check has not ended: checked here. The node
        // has just opened the database, so this does not wait for long.
        const Result<void> pinged = m_db->ping();
        *ok = pinged.ok();
        if (!pinged.ok())
            qCWarning(lcNode, "/readyz: the database does not answer: %s", qPrintable(pinged.error().message));
        // The probe is unauthenticated: it names the kind of failure; the database's words go to the log.
        return pinged.ok() ? QStringLiteral("ok")
                           : QStringLiteral("%1; the daemon's log has the database's message")
                                 .arg(QLatin1String(Error::kindName(pinged.error().kind)));
    }
    if (!r.ok)
        return QStringLiteral("%1; the daemon's log has the database's message").arg(r.errorKind);
    *ok = true;
    return QStringLiteral("ok");
}

void Node::registerOperationsEndpoints()
{
    using http::HttpRequest;
    using http::HttpResponse;
    m_metrics = std::make_unique<metrics::MetricsRegistry>();
    metrics::MetricsRegistry &mr = *m_metrics;
    mr.describe(kNodeMetrics);
    if (!m_workerRoles.empty())
        mr.describe(kRunnerMetrics);
    for (const QString &name : std::as_const(m_config.roles))
        if (const Role *role = findRole(name))
            mr.describe(role->metrics);
    mr.gaugeSet(QStringLiteral("taskstream_build_info"),
                {{QStringLiteral("version"), QStringLiteral(TASKSTREAM_VERSION)}}, 1);
    connect(m_http.get(), &http::HttpServer::requestFinished, this,
            [this](const QByteArray &method, const QString &route, int status, qint64 us) {
                if (!m_metrics)
                    return;
                const QString r = route.isEmpty() ? QStringLiteral("unmatched") : route;
                m_metrics->counterAdd(QStringLiteral("taskstream_http_requests_total"),
                                      {{QStringLiteral("method"), QString::fromLatin1(method)},
                                       {QStringLiteral("route"), r},
                                       {QStringLiteral("status"), QString::number(status)}});
                m_metrics->observe(QStringLiteral("taskstream_http_request_duration_seconds"),
                                   {{QStringLiteral("route"), r}}, us / 1e6,
                                   metrics::MetricsRegistry::defaultLatencyBuckets());
            });
    mr.addCollector([this](metrics::MetricsRegistry &m) { collectMetrics(m); });

    connect(m_admin.get(), &KafkaAdmin::metadataReady, this,
            [this](quint64, const ClusterMetadata &md, const KafkaError &e) {
                const bool reachable = !e.isError() && !md.brokers.isEmpty();
                if (reachable != m_brokersReachable)
                    qCInfo(lcNode, "Kafka %s",
                           reachable ? "is reachable again"
                                     : qPrintable(QStringLiteral("is unreachable: ") + e.message()));
                m_brokersReachable = reachable;
                m_brokerError = reachable ? QString() : e.message();
            });
    m_probe = new QTimer(this);
    m_probe->setInterval(5000);
    connect(m_probe, &QTimer::timeout, this, &Node::probeBrokers);
    m_probe->start();

    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(1000);
    connect(m_heartbeat, &QTimer::timeout, this, &Node::beat);
    m_heartbeat->start();

    // Liveness: this process works. Answering at all shows the node's event loop runs; every
    // thread that does the node's work must also have answered a heartbeat lately. Nothing about
    // the database or Kafka: restarting the pod would not bring them back.
    m_http->route("GET", QStringLiteral("/healthz"), [this](const HttpRequest &) {
        const QStringList stuck = unresponsiveThreads();
        if (stuck.isEmpty())
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
        return HttpResponse::json(503, QJsonObject{{QStringLiteral("status"), QStringLiteral("unhealthy")},
                                                   {QStringLiteral("reasons"), QJsonArray::fromStringList(stuck)}});
    });
    // Readiness: this instance can serve its role. A node that serves clients (API, feed) needs
    // its database and its HTTP loop (answering proves the loop); a worker-only node needs its
    // consumer groups joined; a relay-only node its database. Kafka's reachability, the outbox's
    // age and stalled partitions are reported here and as metrics, never as unreadiness: an API
    // taken out of its Service for a Kafka outage would turn the outage the outbox absorbs into
    // an API outage.
    m_http->route("GET", QStringLiteral("/readyz"), [this](const HttpRequest &) {
        QJsonObject checks;
        QStringList reasons;
        const bool clients = servesClients();
        QStringList waiting;
        for (const auto &w : m_workers)
            if (w->role->readiness == RoleReadiness::ConsumerGroupJoined && !w->joined)
                waiting << w->group;
        const bool workerOnly = !clients && !m_workers.empty();

        // Read from the database probe (its own thread and connection): /readyz answers at once
        // even when the database does not, and says so.
        bool databaseOk = false;
        const QString database = databaseCheck(&databaseOk);
        checks.insert(QStringLiteral("database"), database);
        if (!databaseOk && !workerOnly)
            reasons << QStringLiteral("database unreachable: ") + database;

        checks.insert(QStringLiteral("kafka"), m_brokersReachable ? QStringLiteral("ok") : m_brokerError);
        const DatabaseHealth::Reading reading = m_dbHealth ? m_dbHealth->last() : DatabaseHealth::Reading{};
        const store::OutboxStats st = reading.checked ? reading.outbox.value_or(store::OutboxStats{})
                                                      : store::OutboxStore(m_db.get()).stats().valueOr({});
        const qint64 ageS = st.oldestPending ? st.oldestPending->secsTo(QDateTime::currentDateTimeUtc()) : 0;
        checks.insert(QStringLiteral("outbox"), ageS > 120
                                                    ? QStringLiteral("oldest pending record is %1 s old").arg(ageS)
                                                    : QStringLiteral("ok"));
        checks.insert(QStringLiteral("consumer_groups"),
                      waiting.isEmpty() ? QStringLiteral("ok")
                                        : QStringLiteral("joining: ") + waiting.join(QStringLiteral(", ")));
        if (workerOnly && !waiting.isEmpty())
            reasons << QStringLiteral("consumer groups not joined yet: ") + waiting.join(QStringLiteral(", "));
        if (m_feed)
            checks.insert(QStringLiteral("feed"),
                          m_feed->isReady() ? QStringLiteral("ok") : QStringLiteral("reader starting"));
        if (m_state == State::Starting)
            reasons << QStringLiteral("starting");
        else if (m_state != State::Running)
            reasons << QStringLiteral("shutting down");
        QJsonObject body{
            {QStringLiteral("status"), reasons.isEmpty() ? QStringLiteral("ready") : QStringLiteral("not ready")},
            {QStringLiteral("checks"), checks}};
        if (!reasons.isEmpty())
            body.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(reasons));
        return HttpResponse::json(reasons.isEmpty() ? 200 : 503, body);
    });
    registerGroupAdminRoutes();
    m_http->route("GET", QStringLiteral("/metrics"), [this](const HttpRequest &) {
        return HttpResponse::text(200, m_metrics->exposition(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

} // namespace taskstream::runtime

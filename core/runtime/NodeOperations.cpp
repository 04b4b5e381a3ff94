// Node's operations endpoints: /healthz, /readyz and /metrics.
#include "Node.h"
#include "Node_p.h"
#include "Roles.h"
#include "common/ObjectThread.h"
#include "feed/TaskFeed.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "kafka/KafkaAdmin.h"
#include "metrics/MetricsRegistry.h"
#include "services/OutboxRelay.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutexLocker>
#include <QSet>
#include <QTimer>

namespace taskstream::runtime {

using namespace taskstream::kafka;

namespace {

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
    {"taskstream_kafka_brokers_reachable", "gauge", "1 when the last metadata request to the cluster succeeded."},
    {"taskstream_metrics_collect_errors", "gauge",
     "1 when the last scrape could not read a source's values (they are absent then), by source."},
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
};

} // namespace

void Node::collectMetrics(metrics::MetricsRegistry &m)
{
    auto collected = [&m](const char *source, bool ok) {
        m.gaugeSet(QStringLiteral("taskstream_metrics_collect_errors"),
                   {{QStringLiteral("source"), QLatin1String(source)}}, ok ? 0 : 1);
    };
    const Result<store::OutboxStats> stats = store::OutboxStore(m_db.get()).stats();
    if (stats) {
        const store::OutboxStats &st = stats.value();
        m.gaugeSet(QStringLiteral("taskstream_outbox_pending"), {}, double(st.pending));
        m.gaugeSet(QStringLiteral("taskstream_outbox_failed"), {}, double(st.failed));
        m.gaugeSet(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), {},
                   st.oldestPending ? st.oldestPending->msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0 : 0.0);
    } else {
        m.clear(QStringLiteral("taskstream_outbox_pending"));
        m.clear(QStringLiteral("taskstream_outbox_failed"));
        m.clear(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"));
    }
    collected("outbox", stats.ok());
    m.gaugeSet(QStringLiteral("taskstream_outbox_published_total"), {},
               m_relay ? double(m_relay->publishedCount()) : 0.0);
    m.gaugeSet(QStringLiteral("taskstream_outbox_relay_leader"), {}, m_relay && m_relay->isLeader() ? 1 : 0);
    m.gaugeSet(QStringLiteral("taskstream_outbox_in_flight"), {}, m_relay ? m_relay->inFlightCount() : 0);
    m.gaugeSet(QStringLiteral("taskstream_kafka_brokers_reachable"), {}, m_brokersReachable ? 1 : 0);

    // What the roles read from the database, once per source.
    QSet<QString> sources;
    for (const QString &name : std::as_const(m_config.roles)) {
        const Role *role = findRole(name);
        if (!role || !role->databaseMetric.read || sources.contains(QLatin1String(role->databaseMetric.source)))
            continue;
        const DatabaseMetric &dm = role->databaseMetric;
        sources.insert(QLatin1String(dm.source));
        const Result<double> value = dm.read(*m_db);
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
        // The worker's own metrics.
        for (const metrics::Sample &s : std::as_const(w->snapshot->samples))
            m.set(s);
    }
}

void Node::probeBrokers()
{
    // Readiness follows the brokers: a bounded metadata request every few seconds.
    m_admin->fetchMetadata(3000);
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

    m_http->route("GET", QStringLiteral("/healthz"), [](const HttpRequest &) {
        // Answering at all shows the event loop is alive.
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    m_http->route("GET", QStringLiteral("/readyz"), [this](const HttpRequest &) {
        QJsonObject checks;
        QStringList reasons;
        const Result<void> pinged = m_db->ping();
        const bool dbOk = pinged.ok();
        const QString why = dbOk ? QString() : pinged.error().message;
        checks.insert(QStringLiteral("database"), dbOk ? QStringLiteral("ok") : why);
        if (!dbOk)
            reasons << QStringLiteral("database unreachable: ") + why;
        checks.insert(QStringLiteral("kafka"), m_brokersReachable ? QStringLiteral("ok") : m_brokerError);
        if (!m_brokersReachable)
            reasons << QStringLiteral("Kafka unreachable: ") + m_brokerError;
        // Readiness keeps its meaning here; an outbox that cannot be read counts as not stuck, the
        // database check above says why.
        const store::OutboxStats st = store::OutboxStore(m_db.get()).stats().valueOr({});
        const qint64 ageS = st.oldestPending ? st.oldestPending->secsTo(QDateTime::currentDateTimeUtc()) : 0;
        const bool stuck = ageS > 120;
        checks.insert(QStringLiteral("outbox"),
                      stuck ? QStringLiteral("oldest pending record is %1 s old").arg(ageS) : QStringLiteral("ok"));
        if (stuck)
            reasons << QStringLiteral("outbox stuck: oldest pending record is %1 s old").arg(ageS);
        QStringList waiting;
        for (const auto &w : m_workers)
            if (w->role->readiness == RoleReadiness::ConsumerGroupJoined && !w->joined)
                waiting << w->group;
        checks.insert(QStringLiteral("consumer_groups"),
                      waiting.isEmpty() ? QStringLiteral("ok")
                                        : QStringLiteral("joining: ") + waiting.join(QStringLiteral(", ")));
        if (!waiting.isEmpty())
            reasons << QStringLiteral("consumer groups not joined yet: ") + waiting.join(QStringLiteral(", "));
        if (m_feed) {
            checks.insert(QStringLiteral("feed"),
                          m_feed->isReady() ? QStringLiteral("ok") : QStringLiteral("starting"));
            if (!m_feed->isReady())
                reasons << QStringLiteral("feed reader not started yet");
        }
        QJsonObject body{
            {QStringLiteral("status"), reasons.isEmpty() ? QStringLiteral("ready") : QStringLiteral("not ready")},
            {QStringLiteral("checks"), checks}};
        if (!reasons.isEmpty())
            body.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(reasons));
        return HttpResponse::json(reasons.isEmpty() ? 200 : 503, body);
    });
    m_http->route("GET", QStringLiteral("/metrics"), [this](const HttpRequest &) {
        return HttpResponse::text(200, m_metrics->exposition(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

} // namespace taskstream::runtime

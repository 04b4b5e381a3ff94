#include "Daemon.h"

#include "api/OutboxApi.h"
#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "events/EventCodec.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "metrics/MetricsRegistry.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>
#include <QUrl>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDaemon, "taskstream.daemon", QtInfoMsg)

using namespace taskstream;
using namespace taskstream::kafka;

Daemon::Daemon(DaemonOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

Daemon::~Daemon()
{
    stop();
}

void Daemon::start()
{
    auto fail = [this](const QString &why, int code) {
        QMetaObject::invokeMethod(this, [this, why, code] { emit failed(why, code); }, Qt::QueuedConnection);
    };
    if (!QDir().mkpath(m_options.dataDir) || !QFileInfo(m_options.dataDir).isWritable()) {
        fail(QStringLiteral("data directory %1 cannot be created or is not writable; choose another with "
                            "--data-dir")
                 .arg(m_options.dataDir),
             1);
        return;
    }
    if (m_options.brokers.isEmpty()) {
        m_broker = std::make_unique<EmbeddedBroker>();
        KafkaError err;
        if (!m_broker->start(m_options.embeddedBrokers, &err)) {
            fail(err.message(), 1);
            return;
        }
        err = m_broker->createTopics(TopicCatalog::builtin());
        if (err.isError()) {
            fail(err.message(), 1);
            return;
        }
        m_bootstrap = m_broker->bootstrapServers();
        qCInfo(lcDaemon, "embedded Kafka-protocol broker with %d broker(s) at %s (in memory; consumers use "
                         "fetch.wait.max.ms=%s)",
               m_options.embeddedBrokers, qPrintable(m_bootstrap),
               qPrintable(KafkaConfig::embeddedConsumerTuning().value(QStringLiteral("fetch.wait.max.ms"))));
    } else {
        m_bootstrap = m_options.brokers;
    }

    KafkaConfig cfg(m_bootstrap);
    cfg.merge(m_options.kafka);
    cfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
    m_admin = std::make_unique<KafkaAdmin>();
    KafkaError err;
    if (!m_admin->open(cfg, &err)) {
        fail(err.message(), 2);
        return;
    }
    ensureTopics();
}

void Daemon::ensureTopics()
{
    const QList<TopicSpec> &topics = TopicCatalog::builtin().topics();
    if (m_broker) {
        // The embedded broker has no CreateTopics; its topics exist already. Check they are visible
        // over the protocol, as every client will see them.
        connect(m_admin.get(), &KafkaAdmin::metadataReady, this,
                [this, topics](quint64, const ClusterMetadata &md, const KafkaError &e) {
                    if (e.isError()) {
                        emit failed(QStringLiteral("embedded broker does not answer: %1").arg(e.message()), 1);
                        return;
                    }
                    for (const TopicSpec &t : topics) {
                        const TopicInfo *ti = md.topic(t.name);
                        if (!ti || ti->partitions.size() != t.partitions) {
                            emit failed(QStringLiteral("embedded broker lacks topic %1").arg(t.name), 1);
                            return;
                        }
                    }
                    startServices();
                },
                Qt::SingleShotConnection);
        m_admin->fetchMetadata(m_options.startupTimeoutMs);
        return;
    }
    connect(m_admin.get(), &KafkaAdmin::topicsCreated, this,
            [this](quint64, const QList<TopicCreateResult> &results, const KafkaError &e) {
                if (e.isError()) {
                    emit failed(QStringLiteral("cannot set up topics on %1: %2").arg(m_bootstrap, e.message()), 1);
                    return;
                }
                for (const TopicCreateResult &r : results) {
                    if (r.error.isError()) {
                        emit failed(QStringLiteral("cannot create topic %1: %2").arg(r.topic, r.error.message()), 1);
                        return;
                    }
                    if (r.created)
                        qCInfo(lcDaemon, "created topic %s", qPrintable(r.topic));
                    for (const QString &diff : r.differences)
                        qCWarning(lcDaemon, "topic %s differs from the catalog: %s (left as it is; change it with "
                                            "your cluster's tools if intended)",
                                  qPrintable(r.topic), qPrintable(diff));
                }
                startServices();
            },
            Qt::SingleShotConnection);
    m_admin->createTopics(topics, m_options.startupTimeoutMs);
}

void Daemon::startServices()
{
    QString why;
    m_db = store::Database::open(m_options.effectiveDatabaseUrl(), &why);
    if (!m_db) {
        emit failed(why, 1);
        return;
    }
    qCInfo(lcDaemon, "database %s (schema version %d)", qPrintable(m_db->displayUrl()), m_db->schemaVersion());
    const QByteArray secret = m_options.jwtSecretFile.isEmpty()
                                  ? auth::JwtAuth::loadOrCreateSecret(m_options.effectiveJwtSecretFile(), &why)
                                  : auth::JwtAuth::loadSecret(m_options.jwtSecretFile, &why);
    if (secret.isEmpty()) {
        emit failed(why, 1);
        return;
    }
    m_auth = std::make_unique<auth::JwtAuth>(secret);

    m_serializer = std::make_unique<events::EventSerializer>();
    m_tasks = std::make_unique<services::TaskService>(m_db.get(), m_serializer.get());

    KafkaConfig producerCfg(m_bootstrap);
    producerCfg.merge(m_options.kafka);
    producerCfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
    services::OutboxRelayOptions relayOptions;
    relayOptions.pruneSentAfterMs = qint64(m_options.outboxRetentionHours) * 3600 * 1000;
    m_relay = std::make_unique<services::OutboxRelay>(m_db.get(), producerCfg, relayOptions);
    KafkaError kerr;
    if (!m_relay->start(&kerr)) {
        emit failed(kerr.message(), 2);
        return;
    }
    connect(m_tasks.get(), &services::TaskService::outboxAppended, m_relay.get(), &services::OutboxRelay::wake);
    if (!m_options.schemaRegistryUrl.isEmpty() || m_options.wireFormat == QLatin1String("json")) {
        events::CodecConfig cc;
        cc.format = m_options.wireFormat == QLatin1String("json") ? events::WireFormat::CloudEventsJson
                                                                   : events::WireFormat::AvroSingleObject;
        cc.schemaRegistryUrl = QUrl(m_options.schemaRegistryUrl);
        m_codec = std::make_unique<events::AsyncEventCodec>(cc);
        m_relay->setCodec(m_codec.get());
        qCInfo(lcDaemon, "events are published as %s%s",
               cc.effectiveFormat() == events::WireFormat::CloudEventsJson ? "CloudEvents JSON" : "Avro",
               cc.schemaRegistryUrl.isEmpty() ? "" : qPrintable(QStringLiteral(" with schema registry ") + m_options.schemaRegistryUrl));
    }

    m_http = std::make_unique<http::HttpServer>();
    m_api = std::make_unique<api::TaskApi>(m_tasks.get(), m_auth.get(), [this] {
        QString e;
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats(&e);
        return QJsonObject{
            {QStringLiteral("roles"), QJsonArray{QStringLiteral("api"), QStringLiteral("relay")}},
            {QStringLiteral("bootstrap_servers"), m_bootstrap},
            {QStringLiteral("embedded_broker"), bool(m_broker)},
            {QStringLiteral("database"), m_db->kindName()},
            {QStringLiteral("outbox_depth"), st.pending},
            {QStringLiteral("outbox_failed"), st.failed},
            {QStringLiteral("outbox_oldest_pending"),
             st.oldestPending ? QJsonValue(st.oldestPending->toString(Qt::ISODateWithMs)) : QJsonValue()},
        };
    });
    m_api->registerRoutes(*m_http);
    m_outboxApi = std::make_unique<api::OutboxApi>(m_db.get(), m_auth.get());
    m_outboxApi->registerRoutes(*m_http);
    connect(m_outboxApi.get(), &api::OutboxApi::retried, m_relay.get(), &services::OutboxRelay::wake);
    registerOperationsEndpoints();
    if (!m_http->listen(QHostAddress(m_options.httpAddress), quint16(m_options.httpPort), &why)) {
        emit failed(QStringLiteral("cannot serve HTTP on %1:%2: %3; choose another with --http-port")
                        .arg(m_options.httpAddress)
                        .arg(m_options.httpPort)
                        .arg(why),
                    1);
        return;
    }
    emit ready();
}

void Daemon::probeBrokers()
{
    // Readiness follows the brokers: a bounded metadata request every few seconds.
    m_admin->fetchMetadata(3000);
}

void Daemon::registerOperationsEndpoints()
{
    using http::HttpRequest;
    using http::HttpResponse;
    m_metrics = std::make_unique<metrics::MetricsRegistry>();
    metrics::MetricsRegistry &mr = *m_metrics;
    mr.describe(QStringLiteral("taskstream_build_info"), QStringLiteral("gauge"), QStringLiteral("Version of this taskstreamd."));
    mr.describe(QStringLiteral("taskstream_http_requests_total"), QStringLiteral("counter"),
                QStringLiteral("HTTP requests answered, by method, route and status."));
    mr.describe(QStringLiteral("taskstream_http_request_duration_seconds"), QStringLiteral("histogram"),
                QStringLiteral("Time from a request's first byte to its answer."));
    mr.describe(QStringLiteral("taskstream_outbox_pending"), QStringLiteral("gauge"),
                QStringLiteral("Outbox records committed and not yet acknowledged by Kafka."));
    mr.describe(QStringLiteral("taskstream_outbox_failed"), QStringLiteral("gauge"),
                QStringLiteral("Outbox records that can never be delivered (see GET /api/v1/outbox/failed)."));
    mr.describe(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), QStringLiteral("gauge"),
                QStringLiteral("Age of the oldest pending outbox record (0 when none)."));
    mr.describe(QStringLiteral("taskstream_outbox_published_total"), QStringLiteral("counter"),
                QStringLiteral("Outbox records acknowledged by Kafka since start."));
    mr.describe(QStringLiteral("taskstream_kafka_brokers_reachable"), QStringLiteral("gauge"),
                QStringLiteral("1 when the last metadata request to the cluster succeeded."));
    mr.gaugeSet(QStringLiteral("taskstream_build_info"), {{QStringLiteral("version"), QStringLiteral(TASKSTREAM_VERSION)}}, 1);
    connect(m_http.get(), &http::HttpServer::requestFinished, this,
            [this](const QByteArray &method, const QString &route, int status, qint64 us) {
                const QString r = route.isEmpty() ? QStringLiteral("unmatched") : route;
                m_metrics->counterAdd(QStringLiteral("taskstream_http_requests_total"),
                                      {{QStringLiteral("method"), QString::fromLatin1(method)},
                                       {QStringLiteral("route"), r},
                                       {QStringLiteral("status"), QString::number(status)}});
                m_metrics->observe(QStringLiteral("taskstream_http_request_duration_seconds"), {{QStringLiteral("route"), r}},
                                   us / 1e6, metrics::MetricsRegistry::defaultLatencyBuckets());
            });
    mr.addCollector([this](metrics::MetricsRegistry &m) {
        QString e;
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats(&e);
        m.gaugeSet(QStringLiteral("taskstream_outbox_pending"), {}, double(st.pending));
        m.gaugeSet(QStringLiteral("taskstream_outbox_failed"), {}, double(st.failed));
        m.gaugeSet(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), {},
                   st.oldestPending ? st.oldestPending->msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0 : 0.0);
        m.gaugeSet(QStringLiteral("taskstream_outbox_published_total"), {}, double(m_relay->publishedCount()));
        m.gaugeSet(QStringLiteral("taskstream_kafka_brokers_reachable"), {}, m_brokersReachable ? 1 : 0);
    });

    connect(m_admin.get(), &KafkaAdmin::metadataReady, this, [this](quint64, const ClusterMetadata &md, const KafkaError &e) {
        const bool reachable = !e.isError() && !md.brokers.isEmpty();
        if (reachable != m_brokersReachable)
            qCInfo(lcDaemon, "Kafka %s", reachable ? "is reachable again" : qPrintable(QStringLiteral("is unreachable: ") + e.message()));
        m_brokersReachable = reachable;
        m_brokerError = reachable ? QString() : e.message();
    });
    auto *probe = new QTimer(this);
    probe->setInterval(5000);
    connect(probe, &QTimer::timeout, this, &Daemon::probeBrokers);
    probe->start();

    m_http->route("GET", QStringLiteral("/healthz"), [](const HttpRequest &) {
        // Answering at all shows the event loop is alive.
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    m_http->route("GET", QStringLiteral("/readyz"), [this](const HttpRequest &) {
        QJsonObject checks;
        QStringList reasons;
        QString why;
        const bool dbOk = m_db->ping(&why);
        checks.insert(QStringLiteral("database"), dbOk ? QStringLiteral("ok") : why);
        if (!dbOk)
            reasons << QStringLiteral("database unreachable: ") + why;
        checks.insert(QStringLiteral("kafka"), m_brokersReachable ? QStringLiteral("ok") : m_brokerError);
        if (!m_brokersReachable)
            reasons << QStringLiteral("Kafka unreachable: ") + m_brokerError;
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats(&why);
        const qint64 ageS = st.oldestPending ? st.oldestPending->secsTo(QDateTime::currentDateTimeUtc()) : 0;
        const bool stuck = ageS > 120;
        checks.insert(QStringLiteral("outbox"), stuck ? QStringLiteral("oldest pending record is %1 s old").arg(ageS)
                                                      : QStringLiteral("ok"));
        if (stuck)
            reasons << QStringLiteral("outbox stuck: oldest pending record is %1 s old").arg(ageS);
        QJsonObject body{{QStringLiteral("status"), reasons.isEmpty() ? QStringLiteral("ready") : QStringLiteral("not ready")},
                         {QStringLiteral("checks"), checks}};
        if (!reasons.isEmpty())
            body.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(reasons));
        return HttpResponse::json(reasons.isEmpty() ? 200 : 503, body);
    });
    m_http->route("GET", QStringLiteral("/metrics"), [this](const HttpRequest &) {
        return HttpResponse::text(200, m_metrics->exposition(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

QString Daemon::httpUrl() const
{
    if (!m_http)
        return {};
    const QString host = m_options.httpAddress == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : m_options.httpAddress;
    return QStringLiteral("http://%1:%2").arg(host).arg(m_http->port());
}

void Daemon::stop()
{
    // Intake first, then publishing, then the rest.
    if (m_http)
        m_http->close();
    m_outboxApi.reset();
    m_api.reset();
    m_http.reset();
    m_metrics.reset();
    if (m_relay)
        m_relay->stop(5000);
    m_relay.reset();
    m_codec.reset();
    m_tasks.reset();
    m_serializer.reset();
    m_auth.reset();
    m_db.reset();
    m_admin.reset();
    if (m_broker) {
        m_broker->stop();
        m_broker.reset();
    }
}

#include "Daemon.h"

#include "api/OutboxApi.h"
#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "events/EventCodec.h"
#include "http/HttpServer.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
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
                });
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
            });
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

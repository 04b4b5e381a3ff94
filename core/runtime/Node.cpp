#include "Node.h"

#include "Node_p.h"
#include "Roles.h"
#include "api/AdminApi.h"
#include "api/AuditApi.h"
#include "api/DlqMarksApi.h"
#include "api/NotificationApi.h"
#include "api/OutboxApi.h"
#include "api/ReminderApi.h"
#include "api/TaskApi.h"
#include "api/UserSettingsApi.h"
#include "api/VerifyApi.h"
#include "auth/JwtAuth.h"
#include "common/ObjectThread.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "events/EventCodec.h"
#include "feed/TaskFeed.h"
#include "http/HttpServer.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"
#include "metrics/MetricsRegistry.h"
#include "processing/ConsumerRunner.h"
#include "services/NotificationMailer.h"
#include "services/NotificationService.h"
#include "services/NotificationWebhook.h"
#include "services/OutboxAdmin.h"
#include "services/OutboxRelay.h"
#include "services/ReminderService.h"
#include "services/TaskService.h"
#include "services/Worker.h"
#include "store/AuditStore.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QUrl>

Q_LOGGING_CATEGORY(lcNode, "taskstream.daemon", QtInfoMsg)

namespace taskstream::runtime {

using namespace taskstream::kafka;

namespace {

/// The schema registry's URL, credentials and CA, the same for every codec of the node.
void setRegistry(const NodeConfig &config, events::CodecConfig &codec)
{
    codec.schemaRegistryUrl = QUrl(config.schemaRegistryUrl);
    codec.registryUser = config.schemaRegistryUser;
    codec.registryPassword = config.schemaRegistryPassword;
    codec.registryCaFile = config.schemaRegistryCaFile;
}

/// The relay and its codec, created, used and destroyed on the relay's thread.
class RelayHost : public QObject
{
public:
    std::unique_ptr<events::AsyncEventCodec> codec;
    std::unique_ptr<services::OutboxRelay> relay;
    ~RelayHost() override
    {
        if (relay)
            relay->stop(5000);
        relay.reset();
        codec.reset();
    }
};

} // namespace

namespace {

/// A worker's consumer runner, worker and database connection, created, used and destroyed on
/// the worker's thread, so its batches never hold up requests on the node's thread.
class WorkerHost : public QObject
{
public:
    std::unique_ptr<store::Database> db;
    /// The node's main database when db is another file (the audit role on SQLite); else null.
    std::unique_ptr<store::Database> mainDb;
    std::unique_ptr<events::EventSerializer> serializer;
    std::unique_ptr<services::Worker> worker;
    std::unique_ptr<processing::ConsumerRunner> runner;
    QTimer refreshTimer;
    std::function<void()> refresh;

    ~WorkerHost() override
    {
        // No snapshot after this point: the runner it reads is about to go.
        refreshTimer.stop();
        refresh = nullptr;
        if (runner)
            runner->stop();
        if (worker)
            worker->stopped();
        runner.reset();
        worker.reset();
        serializer.reset();
        db.reset();
        mainDb.reset();
    }
};

} // namespace

Node::Node(NodeConfig config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

Node::~Node()
{
    if (m_state != State::Stopped)
        teardown();
}

QString Node::bootstrapServers() const
{
    QMutexLocker lock(&m_infoMutex);
    return m_bootstrap;
}

QString Node::httpUrl() const
{
    QMutexLocker lock(&m_infoMutex);
    return m_httpUrl;
}

EmbeddedBroker *Node::embeddedBroker() const
{
    QMutexLocker lock(&m_infoMutex);
    return m_broker.get();
}

QString Node::issueToken(const QUuid &user, const QString &role, qint64 ttlSeconds, QString *error) const
{
    QMutexLocker lock(&m_infoMutex);
    if (!m_auth || m_httpUrl.isEmpty()) {
        if (error)
            *error = QStringLiteral("the daemon is not ready");
        return {};
    }
    QString why;
    const QString token = m_auth->issue(user, role, ttlSeconds, &why);
    if (error)
        *error = why;
    return token;
}

void Node::fail(const QString &reason, int exitCode)
{
    emit failed(reason, exitCode);
}

void Node::start()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Starting;
    QMetaObject::invokeMethod(this, &Node::startCluster, Qt::QueuedConnection);
}

void Node::startCluster()
{
    if (!isStarting())
        return;
    if (!QDir().mkpath(m_config.dataDir) || !QFileInfo(m_config.dataDir).isWritable()) {
        fail(QStringLiteral("data directory %1 cannot be created or is not writable; choose another with "
                            "--data-dir")
                 .arg(m_config.dataDir),
             1);
        return;
    }
    if (m_config.brokers.isEmpty()) {
        auto broker = std::make_unique<EmbeddedBroker>();
        KafkaError err;
        if (!broker->start(m_config.embeddedBrokers, &err)) {
            fail(err.message(), 1);
            return;
        }
        err = broker->createTopics(TopicCatalog::builtin());
        if (err.isError()) {
            fail(err.message(), 1);
            return;
        }
        QMutexLocker lock(&m_infoMutex);
        m_bootstrap = broker->bootstrapServers();
        m_broker = std::move(broker);
        lock.unlock();
        qCInfo(lcNode,
               "embedded Kafka-protocol broker with %d broker(s) at %s (in memory; consumers use "
               "fetch.wait.max.ms=%s)",
               m_config.embeddedBrokers, qPrintable(m_bootstrap),
               qPrintable(KafkaConfig::embeddedConsumerTuning().value(QStringLiteral("fetch.wait.max.ms"))));
    } else {
        QMutexLocker lock(&m_infoMutex);
        m_bootstrap = m_config.brokers;
    }
    emit clusterAvailable(m_bootstrap);

    KafkaConfig cfg(m_bootstrap);
    cfg.merge(m_config.kafka);
    cfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
    m_admin = std::make_unique<KafkaAdmin>();
    KafkaError err;
    if (!m_admin->open(cfg, &err)) {
        fail(err.message(), 2);
        return;
    }
    ensureTopics();
}

void Node::ensureTopics()
{
    const QList<TopicSpec> &topics = TopicCatalog::builtin().topics();
    if (m_broker) {
        // The embedded broker has no CreateTopics; its topics exist already. Check they are visible
        // over the protocol, as every client will see them.
        connect(
            m_admin.get(), &KafkaAdmin::metadataReady, this,
            [this, topics](quint64, const ClusterMetadata &md, const KafkaError &e) {
                if (!isStarting())
                    return;
                if (e.isError()) {
                    fail(QStringLiteral("embedded broker does not answer: %1").arg(e.message()), 1);
                    return;
                }
                for (const TopicSpec &t : topics) {
                    const TopicInfo *ti = md.topic(t.name);
                    if (!ti || ti->partitions.size() != t.partitions) {
                        fail(QStringLiteral("embedded broker lacks topic %1").arg(t.name), 1);
                        return;
                    }
                }
                startServices();
            },
            Qt::SingleShotConnection);
        m_admin->fetchMetadata(m_config.startupTimeoutMs);
        return;
    }
    // A real cluster: topics that exist already (Strimzi KafkaTopics, an earlier start) need no
    // admin rights and no wait; only missing ones are created before the services start. When all
    // exist, how they differ from the catalog is checked in the background and logged.
    connect(
        m_admin.get(), &KafkaAdmin::metadataReady, this,
        [this, topics](quint64, const ClusterMetadata &md, const KafkaError &e) {
            if (!isStarting())
                return;
            if (e.isError()) {
                fail(QStringLiteral("cannot reach Kafka at %1: %2").arg(m_bootstrap, e.message()), 1);
                return;
            }
            QList<TopicSpec> missing;
            for (const TopicSpec &t : topics)
                if (!md.topic(t.name))
                    missing << t;
            if (!m_config.createTopics) {
                if (!missing.isEmpty()) {
                    QStringList names;
                    for (const TopicSpec &t : missing)
                        names << t.name;
                    fail(QStringLiteral("topics missing on %1 and --create-topics is off: %2 (create them with your "
                                        "cluster's tools, e.g. deploy/strimzi/kafka-topics.yaml)")
                             .arg(m_bootstrap, names.join(QStringLiteral(", "))),
                         1);
                    return;
                }
                startServices();
                return;
            }
            auto report = [](quint64, const QList<TopicCreateResult> &results, const KafkaError &err) {
                if (err.isError()) {
                    qCWarning(lcNode, "cannot compare the topics with the catalog: %s", qPrintable(err.message()));
                    return;
                }
                for (const TopicCreateResult &r : results) {
                    if (r.created)
                        qCInfo(lcNode, "created topic %s", qPrintable(r.topic));
                    for (const QString &diff : r.differences)
                        qCWarning(lcNode,
                                  "topic %s differs from the catalog: %s (left as it is; change it with "
                                  "your cluster's tools if intended)",
                                  qPrintable(r.topic), qPrintable(diff));
                }
            };
            if (missing.isEmpty()) {
                connect(m_admin.get(), &KafkaAdmin::topicsCreated, this, report, Qt::SingleShotConnection);
                m_admin->createTopics(topics, m_config.startupTimeoutMs);
                startServices();
                return;
            }
            connect(
                m_admin.get(), &KafkaAdmin::topicsCreated, this,
                [this, report](quint64 id, const QList<TopicCreateResult> &results, const KafkaError &err) {
                    if (!isStarting())
                        return;
                    if (err.isError()) {
                        fail(QStringLiteral("cannot set up topics on %1: %2").arg(m_bootstrap, err.message()), 1);
                        return;
                    }
                    for (const TopicCreateResult &r : results) {
                        if (r.error.isError()) {
                            fail(QStringLiteral("cannot create topic %1: %2").arg(r.topic, r.error.message()), 1);
                            return;
                        }
                    }
                    report(id, results, err);
                    startServices();
                },
                Qt::SingleShotConnection);
            m_admin->createTopics(missing, m_config.startupTimeoutMs);
        },
        Qt::SingleShotConnection);
    m_admin->fetchMetadata(m_config.startupTimeoutMs);
}

void Node::startServices()
{
    if (!isStarting())
        return; // stopped while waiting for the database
    QString why;
    bool unreachable = false;
    m_db = store::Database::open(m_config.effectiveDatabaseUrl(), &why, &unreachable);
    if (!m_db) {
        // A database that is restarting, or not up yet when the pods start together, is waited
        // for within the startup timeout, as the brokers are; a wrong URL or schema fails at once.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_databaseWaitUntilMs == 0)
            m_databaseWaitUntilMs = now + m_config.startupTimeoutMs;
        if (!unreachable || now >= m_databaseWaitUntilMs) {
            fail(why, 1);
            return;
        }
        qCWarning(lcNode, "%s; trying again in 1 s", qPrintable(why));
        QTimer::singleShot(1000, this, &Node::startServices);
        return;
    }
    qCInfo(lcNode, "database %s (schema version %d)", qPrintable(m_db->displayUrl()), m_db->schemaVersion());
    startDatabaseProbe();
    if (store::AuditStore::databaseUrlFor(m_db->url()) != m_db->url()) {
        // Opened (and an older main file's audit entries moved into it) before any role starts.
        m_auditDb = store::AuditStore::openDatabase(m_db->url(), &why);
        if (!m_auditDb) {
            fail(why, 1);
            return;
        }
        qCInfo(lcNode, "audit log in %s", qPrintable(m_auditDb->displayUrl()));
    }
    const QByteArray secret = m_config.jwtSecretFile.isEmpty()
                                  ? auth::JwtAuth::loadOrCreateSecret(m_config.effectiveJwtSecretFile(), &why)
                                  : auth::JwtAuth::loadSecret(m_config.jwtSecretFile, &why);
    if (secret.isEmpty()) {
        fail(why, 1);
        return;
    }
    {
        QMutexLocker lock(&m_infoMutex);
        m_auth = std::make_unique<auth::JwtAuth>(secret, m_config.jwtOptions());
    }

    m_serializer = std::make_unique<events::EventSerializer>();
    m_tasks = std::make_unique<services::TaskService>(m_db.get(), m_serializer.get());
    m_tasks->setDefaultZone(m_config.timeZone); // users without a zone of their own
    if (m_config.hasRole(QStringLiteral("api"))) {
        if (const Result<void> commits = m_tasks->startCommitThread(); !commits)
            qCWarning(lcNode, "task creates commit on the main thread: %s", qPrintable(commits.error().message));
    }

    // Without the relay role the outbox is published by another process sharing the database.
    if (!m_config.hasRole(QStringLiteral("relay"))) {
        startApi();
        return;
    }
    KafkaConfig producerCfg(m_bootstrap);
    producerCfg.merge(m_config.kafka);
    producerCfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
    services::OutboxRelayOptions relayOptions;
    relayOptions.pruneSentAfterMs = qint64(m_config.outboxRetentionHours) * 3600 * 1000;
    for (const TopicSpec &t : TopicCatalog::builtin().topics())
        if (!t.isDlq())
            relayOptions.topics << t.name;
    std::optional<events::CodecConfig> codec;
    if (!m_config.schemaRegistryUrl.isEmpty() || m_config.wireFormat == QLatin1String("json")) {
        events::CodecConfig cc;
        cc.format = m_config.wireFormat == QLatin1String("json") ? events::WireFormat::CloudEventsJson
                                                                 : events::WireFormat::AvroSingleObject;
        setRegistry(m_config, cc);
        codec = cc;
    }
    startRelay(producerCfg, relayOptions, codec ? &*codec : nullptr);
}

void Node::startRelay(const KafkaConfig &producerConfig, const services::OutboxRelayOptions &options,
                      const events::CodecConfig *codecConfig)
{
    // The relay reads the outbox, produces and marks rows sent on a thread of its own, with its
    // own database connection: none of that work, and none of its commits' fsyncs, holds up the
    // requests on the node's thread.
    m_relayThread = std::make_unique<ObjectThread>(QStringLiteral("outbox-relay"));
    std::optional<events::CodecConfig> codec;
    if (codecConfig)
        codec = *codecConfig;
    connect(m_relayThread.get(), &ObjectThread::failed, this, [this](const QString &why) {
        if (isStarting())
            fail(why, 2);
    });
    connect(m_relayThread.get(), &ObjectThread::started, this, [this, codec] {
        if (!isStarting())
            return;
        m_relay = m_relayThread->objectAs<RelayHost>()->relay.get();
        connect(m_tasks.get(), &services::TaskService::outboxAppended, m_relay, &services::OutboxRelay::wake);
        if (codec)
            qCInfo(lcNode, "events are published as %s%s",
                   codec->effectiveFormat() == events::WireFormat::CloudEventsJson ? "CloudEvents JSON" : "Avro",
                   codec->schemaRegistryUrl.isEmpty()
                       ? ""
                       : qPrintable(QStringLiteral(" with schema registry ") + m_config.schemaRegistryUrl));
        startApi();
    });
    store::Database *db = m_db.get();
    m_relayThread->start([db, producerConfig, options, codec](QString *error) -> QObject * {
        auto host = std::make_unique<RelayHost>();
        // The relay opens its own connection from the node's database URL.
        host->relay = std::make_unique<services::OutboxRelay>(db, producerConfig, options);
        if (!host->relay->hasOwnConnection()) {
            *error = QStringLiteral("the outbox relay cannot open its own connection to the database");
            return nullptr;
        }
        if (codec) {
            host->codec = std::make_unique<events::AsyncEventCodec>(*codec);
            host->relay->setCodec(host->codec.get());
        }
        KafkaError e;
        if (!host->relay->start(&e)) {
            *error = e.message();
            return nullptr;
        }
        return host.release();
    });
}

void Node::startApi()
{
    http::HttpLimits httpLimits;
    httpLimits.maxConnectionsPerAddress = m_config.httpMaxConnectionsPerAddress;
    m_http = std::make_unique<http::HttpServer>(httpLimits);
    m_api = std::make_unique<api::TaskApi>(m_tasks.get(), m_auth.get(), [this] {
        const Result<store::OutboxStats> stats = store::OutboxStore(m_db.get()).stats();
        QJsonObject info{
            {QStringLiteral("roles"), QJsonArray::fromStringList(m_config.roles)},
            {QStringLiteral("bootstrap_servers"), m_bootstrap},
            {QStringLiteral("embedded_broker"), bool(m_broker)},
            {QStringLiteral("database"), m_db->kindName()},
            {QStringLiteral("instance_id"), m_config.instanceId.isEmpty() ? QJsonValue() : m_config.instanceId},
            {QStringLiteral("group_membership"),
             m_config.instanceId.isEmpty() ? QStringLiteral("dynamic") : QStringLiteral("static")},
            {QStringLiteral("stalled_partitions"), stalledPartitionsJson()},
        };
        if (!stats) {
            // Unknown is not zero: the outbox fields are null and the error says why.
            for (const char *key :
                 {"outbox_depth", "outbox_failed", "outbox_oldest_pending", "outbox_oldest_pending_age_seconds"})
                info.insert(QLatin1String(key), QJsonValue());
            // The database's own text goes to the log, not to the client.
            qCWarning(lcNode, "GET /api/v1/info: the outbox cannot be read: %s", qPrintable(stats.error().message));
            info.insert(QStringLiteral("outbox_error"),
                        QStringLiteral("the outbox cannot be read (%1); the error is logged")
                            .arg(QLatin1String(Error::kindName(stats.error().kind))));
            return info;
        }
        const store::OutboxStats &st = stats.value();
        info.insert(QStringLiteral("outbox_depth"), st.pending);
        info.insert(QStringLiteral("outbox_failed"), st.failed);
        info.insert(QStringLiteral("outbox_oldest_pending"),
                    st.oldestPending ? QJsonValue(st.oldestPending->toString(Qt::ISODateWithMs)) : QJsonValue());
        // Measured on the daemon's clock, so a console with another clock reads the right age.
        info.insert(QStringLiteral("outbox_oldest_pending_age_seconds"),
                    st.oldestPending ? qMax<qint64>(0, st.oldestPending->secsTo(QDateTime::currentDateTimeUtc()))
                                     : qint64(0));
        return info;
    });
    m_api->setRequireIfMatch(m_config.requireIfMatch);
    // The operations endpoints are always served (probes); the API only with the api role.
    if (m_config.hasRole(QStringLiteral("api"))) {
        m_api->registerRoutes(*m_http);
        // Idempotency-Keys are taken through the API only: their expiry runs where it is served.
        m_tasks->startIdempotencyPurge();
        m_outboxAdmin = std::make_unique<services::OutboxAdmin>(m_db.get());
        m_outboxApi = std::make_unique<api::OutboxApi>(m_outboxAdmin.get(), m_auth.get());
        m_outboxApi->registerRoutes(*m_http);
        if (m_relay)
            connect(m_outboxAdmin.get(), &services::OutboxAdmin::retried, m_relay, &services::OutboxRelay::wake);
        m_auditApi = std::make_unique<api::AuditApi>(auditDatabase(), m_auth.get());
        m_auditApi->registerRoutes(*m_http);
        m_adminApi = std::make_unique<api::AdminApi>(m_db.get(), m_auth.get(), auditDatabase());
        m_adminApi->registerRoutes(*m_http);
        KafkaConfig verifyCfg(m_bootstrap);
        verifyCfg.merge(m_config.kafka);
        verifyCfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
        m_verifyApi = std::make_unique<api::VerifyApi>(m_db.get(), m_auth.get(), verifyCfg, auditDatabase());
        m_verifyApi->registerRoutes(*m_http);
        m_dlqMarksApi = std::make_unique<api::DlqMarksApi>(m_db.get(), m_auth.get());
        m_dlqMarksApi->registerRoutes(*m_http);
        m_userSettingsApi = std::make_unique<api::UserSettingsApi>(m_db.get(), m_auth.get(), m_config.timeZone);
        m_userSettingsApi->registerRoutes(*m_http);
        m_reminders = std::make_unique<services::ReminderService>(m_db.get(), m_serializer.get());
        m_reminderApi = std::make_unique<api::ReminderApi>(m_reminders.get(), m_auth.get());
        m_reminderApi->setTriggerStateProvider([this] { return reminderTriggerJson(); });
        m_reminderApi->registerRoutes(*m_http);
        if (m_relay)
            connect(m_reminders.get(), &services::ReminderService::outboxAppended, m_relay,
                    &services::OutboxRelay::wake);
        m_notifications = std::make_unique<services::NotificationService>(m_db.get());
        m_notificationApi = std::make_unique<api::NotificationApi>(m_notifications.get(), m_auth.get());
        m_notificationApi->registerRoutes(*m_http);
    }

    if (m_config.hasRole(QStringLiteral("notifier")) && !m_config.notifyWebhookUrl.isEmpty()) {
        services::NotificationWebhookOptions wo;
        wo.url = QUrl(m_config.notifyWebhookUrl);
        wo.secret = m_config.notifyWebhookSecret;
        m_webhook = std::make_unique<services::NotificationWebhook>(wo);
    }
    if (m_config.hasRole(QStringLiteral("notifier")) && !m_config.smtpUrl.isEmpty()) {
        services::NotificationMailerOptions mo;
        mo.relay = QUrl(m_config.smtpUrl);
        mo.from = m_config.smtpFrom;
        mo.user = m_config.smtpUser;
        mo.password = m_config.smtpPassword;
        m_mailThread = std::make_unique<QThread>();
        m_mailThread->setObjectName(QStringLiteral("notify-mail"));
        m_mailer = new services::NotificationMailer(mo);
        m_mailer->moveToThread(m_mailThread.get());
        connect(m_mailThread.get(), &QThread::finished, m_mailer, &QObject::deleteLater);
        m_mailThread->start();
    }
    m_workerRoles.clear();
    for (const QString &name : std::as_const(m_config.roles)) {
        const Role *role = findRole(name);
        if (!role) {
            qCWarning(lcNode, "role %s is not implemented in this version; it is ignored", qPrintable(name));
            continue;
        }
        if (role->announce)
            role->announce(m_config);
        if (role->createWorker)
            m_workerRoles.push_back(role);
    }
    startWorker(0);
}

void Node::startWorker(size_t index)
{
    if (!isStarting())
        return;
    if (index == m_workerRoles.size()) {
        startFeed();
        return;
    }
    const Role *role = m_workerRoles[index];
    m_workers.push_back(std::make_unique<WorkerSlot>());
    WorkerSlot *slot = m_workers.back().get();
    slot->role = role;
    slot->thread = std::make_unique<ObjectThread>(role->name);
    connect(slot->thread.get(), &ObjectThread::failed, this, [this](const QString &why) {
        if (isStarting())
            fail(why, 2);
    });
    connect(slot->thread.get(), &ObjectThread::started, this, [this, slot, index] {
        if (!isStarting())
            return;
        QStringList topics;
        {
            QMutexLocker lock(&slot->snapshot->mutex);
            slot->group = slot->snapshot->group;
            topics = slot->snapshot->topics;
        }
        qCInfo(lcNode, "role %s runs consumer group %s on %s", qPrintable(slot->role->name), qPrintable(slot->group),
               qPrintable(topics.join(QStringLiteral(", "))));
        startWorker(index + 1);
    });

    // Everything the factory reads is copied: it runs on the worker's thread.
    const NodeConfig config = m_config;
    const QString dbUrl = m_db->url();
    const QString bootstrap = m_bootstrap;
    const bool embedded = bool(m_broker);
    services::OutboxRelay *relay = m_relay;
    services::NotificationWebhook *webhook = m_webhook.get();
    services::NotificationMailer *mailer = m_mailer;
    std::shared_ptr<WorkerSnapshot> snap = slot->snapshot;
    slot->thread->start([this, role, config, dbUrl, bootstrap, embedded, relay, webhook, mailer,
                         snap](QString *error) -> QObject * {
        auto host = std::make_unique<WorkerHost>();
        QString why;
        // The audit role writes to the audit log's own file where it has one: its runner's
        // transactions (ledger and entries) take that file's writer, not the main file's.
        const QString ownUrl = role->name == QLatin1String("audit") ? store::AuditStore::databaseUrlFor(dbUrl) : dbUrl;
        host->db = store::Database::open(ownUrl, &why);
        if (host->db && ownUrl != dbUrl)
            host->mainDb = store::Database::open(dbUrl, &why);
        if (!host->db || (ownUrl != dbUrl && !host->mainDb)) {
            *error = QStringLiteral("role %1: %2").arg(role->name, why);
            return nullptr;
        }
        const bool ownFile = ownUrl != dbUrl;
        host->serializer = std::make_unique<events::EventSerializer>();
        WorkerHost *h = host.get();
        auto metricsChanged = [h] {
            if (h->refresh)
                h->refresh();
        };
        host->worker =
            role->createWorker(RoleContext{config, host->db.get(), host->mainDb ? host->mainDb.get() : host->db.get(),
                                           host->serializer.get(), relay, webhook, mailer, h, metricsChanged});
        const ConsumerGroupSpec *spec = TopicCatalog::builtin().consumerGroup(host->worker->group());
        if (!spec) {
            *error = QStringLiteral("role %1: consumer group %2 is not in the topic catalog")
                         .arg(role->name, host->worker->group());
            return nullptr;
        }
        processing::RunnerOptions ro;
        ro.group = spec->name;
        ro.topics = spec->topics;
        // Beside the API, smaller batches hold the database's write lock, which the API's
        // group commits wait for, a few milliseconds at a time rather than a few hundred.
        // A group on a file of its own keeps the runner's default.
        if (config.hasRole(QStringLiteral("api")) && !ownFile)
            ro.maxBatchSize = 200;
        ro.kafka = KafkaConfig(bootstrap);
        ro.kafka.merge(config.kafka);
        ro.kafka.set(QStringLiteral("bootstrap.servers"), bootstrap);
        if (embedded)
            ro.consumer = KafkaConfig::embeddedConsumerTuning();
        // Static membership: a restarted instance takes its partitions back at once.
        if (!config.instanceId.isEmpty())
            ro.consumer.set(QStringLiteral("group.instance.id"),
                            KafkaConfig::groupInstanceId(config.instanceId, spec->name));
        setRegistry(config, ro.codec);
        host->runner = std::make_unique<processing::ConsumerRunner>(host->db.get(), ro);
        processing::ConsumerRunner *runner = host->runner.get();
        host->worker->install(*runner);

        services::Worker *worker = host->worker.get();
        host->refresh = [runner, worker, snap] {
            QMutexLocker lock(&snap->mutex);
            snap->metrics = runner->metrics();
            snap->samples = worker->metricSamples();
        };
        QObject::connect(runner, &processing::ConsumerRunner::batchCommitted, h, metricsChanged);
        host->refreshTimer.setInterval(500);
        QObject::connect(&host->refreshTimer, &QTimer::timeout, h, metricsChanged);
        host->refreshTimer.start();

        // Handlers may append events to the outbox inside the batch: publish them once it commits.
        if (relay)
            QObject::connect(runner, &processing::ConsumerRunner::batchCommitted, relay, &services::OutboxRelay::wake);
        const QString group = ro.group;
        QObject::connect(runner, &processing::ConsumerRunner::partitionsAssigned, this, [this, group] {
            for (const auto &w : m_workers)
                if (w->group == group)
                    w->joined = true;
        });
        const QString instanceId = config.instanceId;
        QObject::connect(
            runner, &processing::ConsumerRunner::fatalError, this, [this, group, instanceId](const KafkaError &e) {
                if (e.codeName() == QLatin1String("FENCED_INSTANCE_ID")) {
                    // Another live process joined with this instance's identity.
                    const QString why = QStringLiteral("consumer group %1: another instance runs with instance id '%2' "
                                                       "(group.instance.id %3) and the broker fenced this one; give "
                                                       "each instance its own --instance-id")
                                            .arg(group, instanceId, KafkaConfig::groupInstanceId(instanceId, group));
                    qCCritical(lcNode, "%s", qPrintable(why));
                    fail(why, 2);
                    return;
                }
                qCCritical(lcNode, "consumer group %s stopped: %s", qPrintable(group), qPrintable(e.message()));
                fail(QStringLiteral("consumer group %1 stopped: %2").arg(group, e.message()), 1);
            });
        {
            QMutexLocker lock(&snap->mutex);
            snap->group = group;
            snap->topics = ro.topics;
        }
        KafkaError kerr;
        if (!runner->start(&kerr)) {
            *error = QStringLiteral("role %1 (group %2): %3").arg(role->name, group, kerr.message());
            return nullptr;
        }
        host->refresh();
        return host.release();
    });
}

void Node::acknowledgeGap(const QString &group, const QString &topic, int partition,
                          std::function<void(const Result<GapAcknowledged> &)> done)
{
    for (const auto &w : m_workers) {
        if (w->group != group)
            continue;
        auto *host = w->thread && w->thread->isStarted() ? w->thread->objectAs<WorkerHost>() : nullptr;
        if (!host || !host->runner) {
            done(Error::unavailable(QStringLiteral("consumer group %1 is not running").arg(group)));
            return;
        }
        // The runner lives on the worker's thread; the answer comes back to the node's.
        QPointer<Node> self(this);
        QMetaObject::invokeMethod(
            host,
            [host, self, topic, partition, done = std::move(done)] {
                const Result<processing::ConsumerRunner::GapAcknowledged> r =
                    host->runner ? host->runner->acknowledgeGap(topic, partition)
                                 : Result<processing::ConsumerRunner::GapAcknowledged>(
                                       Error::unavailable(QStringLiteral("the consumer group is stopping")));
                if (host->refresh)
                    host->refresh();
                Result<GapAcknowledged> out =
                    r ? Result<GapAcknowledged>(GapAcknowledged{r->from, r->to}) : Result<GapAcknowledged>(r.error());
                if (self)
                    QMetaObject::invokeMethod(
                        self, [done, out] { done(out); }, Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
        return;
    }
    done(Error::notFound(QStringLiteral("this instance runs no consumer group %1").arg(group)));
}

void Node::startFeed()
{
    if (m_config.hasRole(QStringLiteral("feed"))) {
        feed::FeedOptions fo;
        const TopicCatalog &catalog = TopicCatalog::builtin();
        if (const TopicSpec *t = catalog.topic(fo.broadcastTopic))
            fo.broadcastPartitions = t->partitions;
        if (const TopicSpec *t = catalog.topic(fo.remindersTopic))
            fo.remindersPartitions = t->partitions;
        fo.allowedOrigins = m_config.feedAllowedOrigins;
        fo.maxConnectionsPerUser = m_config.feedMaxConnectionsPerUser;
        fo.maxConnectionsPerAddress = m_config.feedMaxConnectionsPerAddress;
        fo.allowQueryToken = m_config.feedAllowQueryToken;
        fo.resumeReaders = m_config.feedResumeReaders;
        if (m_broker)
            fo.consumer = KafkaConfig::embeddedConsumerTuning();
        setRegistry(m_config, fo.codec);
        KafkaConfig feedCfg(m_bootstrap);
        feedCfg.merge(m_config.kafka);
        feedCfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
        // The feed's sockets, readers and rendering run on a thread of their own: the HTTP thread,
        // which answers creates, polls none of the feed's descriptors. Upgrades are handed over
        // to it (TaskFeed::registerRoutes()).
        m_feedThread = std::make_unique<ObjectThread>(QStringLiteral("feed"));
        connect(m_feedThread.get(), &ObjectThread::failed, this, [this](const QString &why) {
            if (isStarting())
                fail(QStringLiteral("feed: ") + why, 2);
        });
        connect(m_feedThread.get(), &ObjectThread::started, this, [this] {
            if (!isStarting())
                return;
            m_feed = m_feedThread->objectAs<feed::TaskFeed>();
            m_feed->registerRoutes(*m_http);
            startHttp();
        });
        const auth::JwtAuth *jwt = m_auth.get(); // verify() is thread-safe; it outlives the thread
        m_feedThread->start([jwt, feedCfg, fo](QString *error) -> QObject * {
            auto feed = std::make_unique<feed::TaskFeed>(jwt, feedCfg, fo);
            KafkaError kerr;
            if (!feed->start(&kerr)) {
                *error = kerr.message();
                return nullptr;
            }
            return feed.release();
        });
        return;
    }
    startHttp();
}

void Node::startHttp()
{
    registerOperationsEndpoints();
    QString why;
    if (!m_http->listen(QHostAddress(m_config.httpAddress), quint16(m_config.httpPort), &why)) {
        fail(QStringLiteral("cannot serve HTTP on %1:%2: %3; choose another with --http-port")
                 .arg(m_config.httpAddress)
                 .arg(m_config.httpPort)
                 .arg(why),
             1);
        return;
    }
    {
        const QString host =
            m_config.httpAddress == QLatin1String("0.0.0.0") ? QStringLiteral("127.0.0.1") : m_config.httpAddress;
        QMutexLocker lock(&m_infoMutex);
        m_httpUrl = QStringLiteral("http://%1:%2").arg(host).arg(m_http->port());
    }
    m_state = State::Running;
    emit started();
}

void Node::stop()
{
    if (m_state == State::Stopping || m_state == State::Stopped)
        return;
    m_state = State::Stopping;
    {
        QMutexLocker lock(&m_infoMutex);
        m_httpUrl.clear(); // no new tokens for an API that is going away
    }
    if (m_probe)
        m_probe->stop();
    if (m_heartbeat)
        m_heartbeat->stop();
    if (m_dbProbeThread)
        m_dbProbeThread->stop();
    // Intake first, then publishing, then the rest. The HTTP server stops accepting and answers
    // the requests in flight (a create committing on the commit thread gets its 201) before
    // anything behind it stops; half the grace period bounds the wait, so a client that never
    // finishes its request cannot hold the shutdown. Feed clients get a close frame (1001 going
    // away) and reconnect elsewhere with their cursor; they have two seconds to answer it.
    m_httpDrained = !m_http;
    if (m_http) {
        connect(m_http.get(), &http::HttpServer::drained, this, [this] { m_httpDrained = true; });
        m_http->stopAccepting();
        if (m_http->connectionCount() == 0)
            m_httpDrained = true;
    }
    const bool feedOpen = m_feed && m_feed->connectionCount() > 0;
    if (m_feed)
        m_feed->closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
    if (m_httpDrained && !feedOpen) {
        // Queued, so stopped() never arrives inside stop().
        QMetaObject::invokeMethod(this, &Node::stopAfterFeedClosed, Qt::QueuedConnection);
        return;
    }
    const QDeadlineTimer feedDeadline(2000);
    const QDeadlineTimer httpDeadline(qMax(1, m_config.shutdownGraceSeconds) * 500);
    m_feedCloseWait = new QTimer(this);
    m_feedCloseWait->setInterval(20);
    connect(m_feedCloseWait, &QTimer::timeout, this, [this, feedDeadline, httpDeadline] {
        const bool feedWaiting = m_feed && m_feed->connectionCount() > 0 && !feedDeadline.hasExpired();
        const bool httpWaiting = !m_httpDrained && !httpDeadline.hasExpired();
        if (feedWaiting || httpWaiting)
            return;
        if (!m_httpDrained)
            qCWarning(lcNode, "%d HTTP connection(s) still open after %d s; closing them",
                      m_http ? m_http->connectionCount() : 0, m_config.shutdownGraceSeconds / 2);
        m_feedCloseWait->stop();
        m_feedCloseWait->deleteLater();
        m_feedCloseWait = nullptr;
        stopAfterFeedClosed();
    });
    m_feedCloseWait->start();
}

void Node::releaseIntake()
{
    // The HTTP server first: once it is closed no upgrade is handed to the feed any more. Then
    // the feed's thread ends; its destructor closes what is still open there, and this waits.
    if (m_http)
        m_http->close();
    m_feed = nullptr;
    m_feedThread.reset();
    m_auditApi.reset();
    m_verifyApi.reset();
    m_adminApi.reset();
    m_dlqMarksApi.reset();
    m_outboxApi.reset();
    m_outboxAdmin.reset();
    m_reminderApi.reset();
    m_reminders.reset();
    m_notificationApi.reset();
    m_notifications.reset();
    m_api.reset();
    m_http.reset();
    m_metrics.reset();
}

void Node::stopAfterFeedClosed()
{
    releaseIntake();
    // Workers before the relay: their last batches may have appended events it should publish.
    // Every group leaves at once, each on its own thread.
    m_workersStopping = 0;
    for (const auto &w : m_workers) {
        ++m_workersStopping;
        connect(w->thread.get(), &ObjectThread::stopped, this, [this] {
            if (--m_workersStopping == 0)
                stopAfterWorkers();
        });
        w->thread->stop();
    }
    if (m_workers.empty())
        stopAfterWorkers();
}

void Node::stopAfterWorkers()
{
    m_workers.clear();
    m_webhook.reset();
    stopMailer();
    if (!m_relayThread) {
        stopAfterRelay();
        return;
    }
    m_relay = nullptr;
    // The relay flushes what it has in flight, within its bound, as it is destroyed.
    connect(m_relayThread.get(), &ObjectThread::stopped, this, &Node::stopAfterRelay);
    m_relayThread->stop();
}

void Node::stopMailer()
{
    if (!m_mailThread)
        return;
    // A session in progress gives up at once; the mails still queued are dropped (best effort).
    m_mailer->abort();
    m_mailThread->quit();
    m_mailThread->wait(); // the mailer is deleted on its thread as it finishes
    m_mailThread.reset();
    m_mailer = nullptr;
}

void Node::stopAfterRelay()
{
    teardown();
    m_state = State::Stopped;
    emit stopped();
}

void Node::teardown()
{
    if (m_probe)
        m_probe->stop();
    if (m_feedCloseWait)
        m_feedCloseWait->stop();
    if (m_http)
        m_http->stopAccepting();
    if (m_feed)
        m_feed->closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
    releaseIntake();
    m_workers.clear(); // each thread's destructor ends it and waits
    m_webhook.reset();
    stopMailer();
    m_relay = nullptr;
    m_relayThread.reset();
    m_dbProbeThread.reset();
    m_tasks.reset();
    m_serializer.reset();
    std::unique_ptr<EmbeddedBroker> broker;
    {
        QMutexLocker lock(&m_infoMutex);
        m_auth.reset();
        m_httpUrl.clear();
        broker = std::move(m_broker);
    }
    m_auditDb.reset();
    m_db.reset();
    m_admin.reset();
    if (broker)
        broker->stop();
}

} // namespace taskstream::runtime

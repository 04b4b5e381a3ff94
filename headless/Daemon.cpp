#include "Daemon.h"

#include "api/AuditApi.h"
#include "api/OutboxApi.h"
#include "api/ReminderApi.h"
#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "events/EventCodec.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "metrics/MetricsRegistry.h"
#include "feed/TaskFeed.h"
#include "processing/ConsumerRunner.h"
#include "services/AuditLog.h"
#include "services/RecurringTaskWorker.h"
#include "services/TaskBroadcaster.h"
#include "services/Worker.h"
#include "services/NotificationWebhook.h"
#include "services/OutboxRelay.h"
#include "services/ReminderScheduler.h"
#include "services/ReminderTrigger.h"
#include "services/TaskService.h"
#include "store/AuditStore.h"
#include "store/Database.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QMutex>
#include <QThread>
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
    // A real cluster: topics that exist already (Strimzi KafkaTopics, an earlier start) need no
    // admin rights and no wait; only missing ones are created before the services start. When all
    // exist, how they differ from the catalog is checked in the background and logged.
    connect(m_admin.get(), &KafkaAdmin::metadataReady, this,
            [this, topics](quint64, const ClusterMetadata &md, const KafkaError &e) {
                if (e.isError()) {
                    emit failed(QStringLiteral("cannot reach Kafka at %1: %2").arg(m_bootstrap, e.message()), 1);
                    return;
                }
                QList<TopicSpec> missing;
                for (const TopicSpec &t : topics)
                    if (!md.topic(t.name))
                        missing << t;
                auto report = [this](quint64, const QList<TopicCreateResult> &results, const KafkaError &err) {
                    if (err.isError()) {
                        qCWarning(lcDaemon, "cannot compare the topics with the catalog: %s", qPrintable(err.message()));
                        return;
                    }
                    for (const TopicCreateResult &r : results) {
                        if (r.created)
                            qCInfo(lcDaemon, "created topic %s", qPrintable(r.topic));
                        for (const QString &diff : r.differences)
                            qCWarning(lcDaemon, "topic %s differs from the catalog: %s (left as it is; change it with "
                                                "your cluster's tools if intended)",
                                      qPrintable(r.topic), qPrintable(diff));
                    }
                };
                if (missing.isEmpty()) {
                    connect(m_admin.get(), &KafkaAdmin::topicsCreated, this, report, Qt::SingleShotConnection);
                    m_admin->createTopics(topics, m_options.startupTimeoutMs);
                    startServices();
                    return;
                }
                connect(m_admin.get(), &KafkaAdmin::topicsCreated, this,
                        [this, report](quint64 id, const QList<TopicCreateResult> &results, const KafkaError &err) {
                            if (err.isError()) {
                                emit failed(QStringLiteral("cannot set up topics on %1: %2").arg(m_bootstrap, err.message()), 1);
                                return;
                            }
                            for (const TopicCreateResult &r : results) {
                                if (r.error.isError()) {
                                    emit failed(QStringLiteral("cannot create topic %1: %2").arg(r.topic, r.error.message()), 1);
                                    return;
                                }
                            }
                            report(id, results, err);
                            startServices();
                        },
                        Qt::SingleShotConnection);
                m_admin->createTopics(missing, m_options.startupTimeoutMs);
            },
            Qt::SingleShotConnection);
    m_admin->fetchMetadata(m_options.startupTimeoutMs);
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
    if (m_options.hasRole(QStringLiteral("api"))) {
        if (const Result<void> started = m_tasks->startCommitThread(); !started)
            qCWarning(lcDaemon, "task creates commit on the main thread: %s", qPrintable(started.error().message));
    }

    KafkaConfig producerCfg(m_bootstrap);
    producerCfg.merge(m_options.kafka);
    producerCfg.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
    services::OutboxRelayOptions relayOptions;
    relayOptions.pruneSentAfterMs = qint64(m_options.outboxRetentionHours) * 3600 * 1000;
    for (const TopicSpec &t : TopicCatalog::builtin().topics())
        if (!t.isDlq())
            relayOptions.topics << t.name;
    std::optional<events::CodecConfig> codec;
    if (!m_options.schemaRegistryUrl.isEmpty() || m_options.wireFormat == QLatin1String("json")) {
        events::CodecConfig cc;
        cc.format = m_options.wireFormat == QLatin1String("json") ? events::WireFormat::CloudEventsJson
                                                                   : events::WireFormat::AvroSingleObject;
        cc.schemaRegistryUrl = QUrl(m_options.schemaRegistryUrl);
        codec = cc;
    }
    // Without the relay role the outbox is published by another process sharing the database.
    if (m_options.hasRole(QStringLiteral("relay"))) {
        if (!startRelay(producerCfg, relayOptions, codec ? &*codec : nullptr, &why)) {
            emit failed(why, 2);
            return;
        }
        connect(m_tasks.get(), &services::TaskService::outboxAppended, m_relay.get(), &services::OutboxRelay::wake);
        if (codec)
            qCInfo(lcDaemon, "events are published as %s%s",
                   codec->effectiveFormat() == events::WireFormat::CloudEventsJson ? "CloudEvents JSON" : "Avro",
                   codec->schemaRegistryUrl.isEmpty() ? "" : qPrintable(QStringLiteral(" with schema registry ") + m_options.schemaRegistryUrl));
    }

    m_http = std::make_unique<http::HttpServer>();
    m_api = std::make_unique<api::TaskApi>(m_tasks.get(), m_auth.get(), [this] {
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats().valueOr({});
        return QJsonObject{
            {QStringLiteral("roles"), QJsonArray::fromStringList(m_options.roles)},
            {QStringLiteral("bootstrap_servers"), m_bootstrap},
            {QStringLiteral("embedded_broker"), bool(m_broker)},
            {QStringLiteral("database"), m_db->kindName()},
            {QStringLiteral("outbox_depth"), st.pending},
            {QStringLiteral("outbox_failed"), st.failed},
            {QStringLiteral("outbox_oldest_pending"),
             st.oldestPending ? QJsonValue(st.oldestPending->toString(Qt::ISODateWithMs)) : QJsonValue()},
            // Measured on the daemon's clock, so a console with another clock reads the right age.
            {QStringLiteral("outbox_oldest_pending_age_seconds"),
             st.oldestPending ? qMax<qint64>(0, st.oldestPending->secsTo(QDateTime::currentDateTimeUtc())) : qint64(0)},
        };
    });
    // The operations endpoints are always served (probes); the API only with the api role.
    if (m_options.hasRole(QStringLiteral("api"))) {
        m_api->registerRoutes(*m_http);
        m_outboxApi = std::make_unique<api::OutboxApi>(m_db.get(), m_auth.get());
        m_outboxApi->registerRoutes(*m_http);
        if (m_relay)
            connect(m_outboxApi.get(), &api::OutboxApi::retried, m_relay.get(), &services::OutboxRelay::wake);
        m_auditApi = std::make_unique<api::AuditApi>(m_db.get(), m_auth.get());
        m_auditApi->registerRoutes(*m_http);
        m_reminderApi = std::make_unique<api::ReminderApi>(m_db.get(), m_serializer.get(), m_auth.get());
        m_reminderApi->registerRoutes(*m_http);
        if (m_options.hasRole(QStringLiteral("relay")))
            connect(m_reminderApi.get(), &api::ReminderApi::outboxAppended, m_relay.get(), &services::OutboxRelay::wake);
    }
    if (!startWorkers(&why)) {
        emit failed(why, 2);
        return;
    }
    if (m_options.hasRole(QStringLiteral("feed"))) {
        feed::FeedOptions fo;
        const TopicCatalog &catalog = TopicCatalog::builtin();
        if (const TopicSpec *t = catalog.topic(fo.broadcastTopic))
            fo.broadcastPartitions = t->partitions;
        if (const TopicSpec *t = catalog.topic(fo.remindersTopic))
            fo.remindersPartitions = t->partitions;
        fo.allowedOrigins = m_options.feedAllowedOrigins;
        if (m_broker)
            fo.consumer = KafkaConfig::embeddedConsumerTuning();
        fo.codec.schemaRegistryUrl = QUrl(m_options.schemaRegistryUrl);
        m_feed = std::make_unique<feed::TaskFeed>(m_auth.get(), producerCfg, fo);
        KafkaError kerr;
        if (!m_feed->start(&kerr)) {
            emit failed(QStringLiteral("feed: ") + kerr.message(), 2);
            return;
        }
        m_feed->registerRoutes(*m_http);
    }
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

bool Daemon::startRelay(const KafkaConfig &producerConfig, const services::OutboxRelayOptions &options,
                        const events::CodecConfig *codec, QString *error)
{
    // The relay reads the outbox, produces and marks rows sent on a thread of its own, with its
    // own database connection: none of that work, and none of its commits' fsyncs, holds up the
    // requests on the main thread. Everything it owns is created and destroyed on that thread.
    m_relayThread = std::make_unique<QThread>();
    m_relayThread->setObjectName(QStringLiteral("outbox-relay"));
    m_relayContext = new QObject;
    m_relayContext->moveToThread(m_relayThread.get());
    connect(m_relayThread.get(), &QThread::finished, m_relayContext, &QObject::deleteLater);
    m_relayThread->start();
    bool ok = false;
    QMetaObject::invokeMethod(
        m_relayContext,
        [&] {
            m_relay = std::make_unique<services::OutboxRelay>(m_db.get(), producerConfig, options);
            if (!m_relay->hasOwnConnection()) {
                *error = QStringLiteral("the outbox relay cannot open its own connection to the database");
                return;
            }
            if (codec) {
                m_codec = std::make_unique<events::AsyncEventCodec>(*codec);
                m_relay->setCodec(m_codec.get());
            }
            KafkaError e;
            ok = m_relay->start(&e);
            if (!ok)
                *error = e.message();
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void Daemon::stopRelay()
{
    if (!m_relayThread)
        return;
    QMetaObject::invokeMethod(
        m_relayContext,
        [this] {
            if (m_relay)
                m_relay->stop(5000);
            m_relay.reset();
            m_codec.reset();
        },
        Qt::BlockingQueuedConnection);
    m_relayThread->quit();
    m_relayThread->wait();
    m_relayThread.reset();
    m_relayContext = nullptr; // deleted on the thread's finish
}

std::unique_ptr<services::Worker> Daemon::createWorker(const QString &role, store::Database *db,
                                                       const events::EventSerializer *serializer)
{
    if (role == QLatin1String("recurring")) {
        services::RecurringTaskOptions o;
        o.zone = m_options.timeZone;
        return std::make_unique<services::RecurringTaskWorker>(serializer, o);
    }
    if (role == QLatin1String("broadcaster"))
        return std::make_unique<services::TaskBroadcaster>(serializer);
    if (role == QLatin1String("audit")) {
        services::AuditLogOptions options;
        options.retentionDays = m_options.auditRetentionDays;
        return std::make_unique<services::AuditLog>(db, options);
    }
    if (role == QLatin1String("reminder-scheduler")) {
        services::ReminderSchedulerOptions o;
        o.defaultOffsetMinutes = m_options.reminderDefaultMinutes;
        return std::make_unique<services::ReminderScheduler>(serializer, o);
    }
    if (role == QLatin1String("reminder-trigger")) {
        auto trigger = std::make_unique<services::ReminderTrigger>(db, serializer);
        // Each firing appended a ReminderTriggered to the outbox. Both receivers live on other
        // threads: the calls are queued.
        if (m_relay)
            connect(trigger.get(), &services::ReminderTrigger::fired, m_relay.get(), &services::OutboxRelay::wake);
        if (m_webhook)
            connect(trigger.get(), &services::ReminderTrigger::fired, m_webhook.get(), &services::NotificationWebhook::send);
        return trigger;
    }
    return nullptr;
}

/// Copied on the worker's thread after each batch, each firing and twice a second; read by
/// the metrics collector on the main thread.
struct Daemon::WorkerSnapshot
{
    QMutex mutex;
    processing::ProcessingMetrics metrics;
    bool isTrigger = false;
    quint64 fired = 0;
    quint64 late = 0;
    int armed = 0;
};

bool Daemon::startWorkers(QString *error)
{
    static const QStringList nonWorkerRoles{QStringLiteral("api"), QStringLiteral("relay"), QStringLiteral("feed")};
    static const QStringList workerRoles{QStringLiteral("recurring"), QStringLiteral("broadcaster"), QStringLiteral("audit"),
                                         QStringLiteral("reminder-scheduler"), QStringLiteral("reminder-trigger")};
    if (m_options.hasRole(QStringLiteral("reminder-trigger")) && !m_options.notifyWebhookUrl.isEmpty()) {
        services::NotificationWebhookOptions wo;
        wo.url = QUrl(m_options.notifyWebhookUrl);
        m_webhook = std::make_unique<services::NotificationWebhook>(wo);
    }
    m_workers.reserve(size_t(m_options.roles.size())); // the slots stay in place while their threads run
    for (const QString &role : std::as_const(m_options.roles)) {
        if (nonWorkerRoles.contains(role))
            continue;
        if (role == QLatin1String("notifier")) {
            // Notifications (row, log line, webhook) are made where reminders fire, in the
            // reminder-trigger role, in the transaction of the firing: nothing runs separately.
            if (!m_options.hasRole(QStringLiteral("reminder-trigger")))
                qCInfo(lcDaemon, "role notifier: notifications are written by the reminder-trigger role; run that role "
                                 "(with --notify-webhook-url for webhooks)");
            continue;
        }
        if (!workerRoles.contains(role)) {
            qCWarning(lcDaemon, "role %s is not implemented in this version; it is ignored", qPrintable(role));
            continue;
        }
        m_workers.emplace_back();
        WorkerSlot &slot = m_workers.back();
        slot.role = role;
        if (!startWorker(slot, error))
            return false;
        qCInfo(lcDaemon, "role %s runs consumer group %s on %s", qPrintable(role), qPrintable(slot.group),
               qPrintable(slot.runner->options().topics.join(QStringLiteral(", "))));
    }
    return true;
}

bool Daemon::startWorker(WorkerSlot &slot, QString *error)
{
    slot.thread = std::make_unique<QThread>();
    slot.thread->setObjectName(slot.role);
    slot.context = new QObject;
    slot.context->moveToThread(slot.thread.get());
    connect(slot.thread.get(), &QThread::finished, slot.context, &QObject::deleteLater);
    slot.snapshot = std::make_shared<WorkerSnapshot>();
    slot.thread->start();
    bool ok = false;
    // Runs on the worker's thread while this one waits: reading the options here is safe.
    QMetaObject::invokeMethod(
        slot.context,
        [&] {
            QString why;
            slot.db = store::Database::open(m_db->url(), &why);
            if (!slot.db) {
                *error = QStringLiteral("role %1: %2").arg(slot.role, why);
                return;
            }
            slot.serializer = std::make_unique<events::EventSerializer>();
            slot.worker = createWorker(slot.role, slot.db.get(), slot.serializer.get());
            const ConsumerGroupSpec *spec = TopicCatalog::builtin().consumerGroup(slot.worker->group());
            if (!spec) {
                *error = QStringLiteral("role %1: consumer group %2 is not in the topic catalog").arg(slot.role, slot.worker->group());
                return;
            }
            processing::RunnerOptions ro;
            ro.group = spec->name;
            ro.topics = spec->topics;
            // Beside the API, smaller batches hold the database's write lock, which the API's
            // group commits wait for, a few milliseconds at a time rather than a few hundred.
            if (m_options.hasRole(QStringLiteral("api")))
                ro.maxBatchSize = 200;
            ro.kafka = KafkaConfig(m_bootstrap);
            ro.kafka.merge(m_options.kafka);
            ro.kafka.set(QStringLiteral("bootstrap.servers"), m_bootstrap);
            if (m_broker)
                ro.consumer = KafkaConfig::embeddedConsumerTuning();
            ro.codec.schemaRegistryUrl = QUrl(m_options.schemaRegistryUrl);
            slot.group = ro.group;
            slot.runner = std::make_unique<processing::ConsumerRunner>(slot.db.get(), ro);
            processing::ConsumerRunner *runner = slot.runner.get();
            slot.worker->install(*runner);

            auto *trigger = dynamic_cast<services::ReminderTrigger *>(slot.worker.get());
            std::shared_ptr<WorkerSnapshot> snap = slot.snapshot;
            snap->isTrigger = trigger != nullptr;
            auto refresh = [runner, trigger, snap] {
                QMutexLocker lock(&snap->mutex);
                snap->metrics = runner->metrics();
                if (trigger) {
                    snap->fired = trigger->firedCount();
                    snap->late = trigger->lateCount();
                    snap->armed = trigger->armedCount();
                }
            };
            connect(runner, &processing::ConsumerRunner::batchCommitted, slot.context, refresh);
            if (trigger)
                connect(trigger, &services::ReminderTrigger::fired, slot.context, refresh);
            auto *timer = new QTimer(slot.context);
            timer->setInterval(500);
            connect(timer, &QTimer::timeout, slot.context, refresh);
            timer->start();

            // Handlers may append events to the outbox inside the batch: publish them once it commits.
            if (m_relay)
                connect(runner, &processing::ConsumerRunner::batchCommitted, m_relay.get(), &services::OutboxRelay::wake);
            const QString group = ro.group;
            connect(runner, &processing::ConsumerRunner::partitionsAssigned, this, [this, group] {
                for (WorkerSlot &w : m_workers)
                    if (w.group == group)
                        w.joined = true;
            });
            connect(runner, &processing::ConsumerRunner::fatalError, this, [this, group](const KafkaError &e) {
                qCCritical(lcDaemon, "consumer group %s stopped: %s", qPrintable(group), qPrintable(e.message()));
                emit failed(QStringLiteral("consumer group %1 stopped: %2").arg(group, e.message()), 1);
            });
            KafkaError kerr;
            if (!runner->start(&kerr)) {
                *error = QStringLiteral("role %1 (group %2): %3").arg(slot.role, group, kerr.message());
                return;
            }
            refresh();
            ok = true;
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void Daemon::stopWorkers()
{
    // Every group leaves at once, each on its own thread; then the threads end.
    for (WorkerSlot &w : m_workers) {
        if (!w.thread)
            continue;
        WorkerSlot *slot = &w;
        QMetaObject::invokeMethod(
            w.context,
            [slot] {
                // No snapshot after this point: the runner it reads is about to go.
                for (QTimer *t : slot->context->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
                    t->stop();
                if (slot->runner)
                    slot->runner->stop();
                if (slot->worker)
                    slot->worker->stopped();
                slot->runner.reset();
                slot->worker.reset();
                slot->serializer.reset();
                slot->db.reset();
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    }
    for (WorkerSlot &w : m_workers)
        if (w.thread)
            w.thread->wait();
    m_workers.clear();
}

void Daemon::exportRunnerMetrics(metrics::MetricsRegistry &m) const
{
    for (const WorkerSlot &w : m_workers) {
        QMutexLocker lock(&w.snapshot->mutex);
        const processing::ProcessingMetrics &pm = w.snapshot->metrics;
        const QString &group = w.group;
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
        m.gaugeSet(QStringLiteral("taskstream_consumer_group_joined"), g, w.joined ? 1 : 0);
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
    }
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
    mr.describe(QStringLiteral("taskstream_audit_events"), QStringLiteral("gauge"),
                QStringLiteral("Entries in the audit log (PostgreSQL: the planner's estimate)."));
    mr.describe(QStringLiteral("taskstream_outbox_pending"), QStringLiteral("gauge"),
                QStringLiteral("Outbox records committed and not yet acknowledged by Kafka."));
    mr.describe(QStringLiteral("taskstream_outbox_failed"), QStringLiteral("gauge"),
                QStringLiteral("Outbox records that can never be delivered (see GET /api/v1/outbox/failed)."));
    mr.describe(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), QStringLiteral("gauge"),
                QStringLiteral("Age of the oldest pending outbox record (0 when none)."));
    mr.describe(QStringLiteral("taskstream_outbox_published_total"), QStringLiteral("counter"),
                QStringLiteral("Outbox records acknowledged by Kafka since start."));
    mr.describe(QStringLiteral("taskstream_outbox_relay_leader"), QStringLiteral("gauge"),
                QStringLiteral("1 while this instance publishes the outbox (one instance at a time on PostgreSQL)."));
    mr.describe(QStringLiteral("taskstream_outbox_in_flight"), QStringLiteral("gauge"),
                QStringLiteral("Outbox records handed to the producer and not yet acknowledged."));
    mr.describe(QStringLiteral("taskstream_kafka_brokers_reachable"), QStringLiteral("gauge"),
                QStringLiteral("1 when the last metadata request to the cluster succeeded."));
    const QList<QPair<const char *, const char *>> runnerFamilies{
        {"taskstream_events_processed_total", "Events whose effect committed, by consumer group and event type."},
        {"taskstream_events_duplicate_total", "Redelivered events found in the idempotency ledger (no effect)."},
        {"taskstream_events_skipped_total", "Events of a type the group has no handler for, skipped."},
        {"taskstream_events_retried_total", "Handler failures scheduled for another attempt."},
        {"taskstream_events_dead_lettered_total", "Events written to the group's dead-letter topic."},
        {"taskstream_events_decode_errors_total", "Records that could not be decoded (they go to the DLQ)."},
        {"taskstream_dlq_write_failures_total", "Failed dead-letter writes (each stops its partition until one succeeds)."},
        {"taskstream_offset_commit_failures_total", "Offset commits that failed (retried)."},
        {"taskstream_processing_store_failures_total", "Batches rolled back because the database failed."},
    };
    for (const auto &f : runnerFamilies)
        mr.describe(QString::fromLatin1(f.first), QStringLiteral("counter"), QString::fromLatin1(f.second));
    mr.describe(QStringLiteral("taskstream_partitions_paused"), QStringLiteral("gauge"),
                QStringLiteral("Partitions paused for a retry backoff or a dead-letter write."));
    mr.describe(QStringLiteral("taskstream_partitions_dlq_blocked"), QStringLiteral("gauge"),
                QStringLiteral("Alert: partitions stopped because the dead-letter topic cannot be written."));
    mr.describe(QStringLiteral("taskstream_consumer_group_joined"), QStringLiteral("gauge"),
                QStringLiteral("1 once the group member received its first assignment."));
    mr.describe(QStringLiteral("taskstream_handler_duration_seconds"), QStringLiteral("histogram"),
                QStringLiteral("Time spent in event handlers per record."));
    mr.describe(QStringLiteral("taskstream_feed_connections"), QStringLiteral("gauge"),
                QStringLiteral("Open WebSocket feed connections."));
    mr.describe(QStringLiteral("taskstream_feed_messages_sent_total"), QStringLiteral("counter"),
                QStringLiteral("Messages sent to feed clients."));
    mr.describe(QStringLiteral("taskstream_feed_refused_total"), QStringLiteral("counter"),
                QStringLiteral("Feed connections refused (token, origin, capacity)."));
    mr.describe(QStringLiteral("taskstream_feed_slow_clients_closed_total"), QStringLiteral("counter"),
                QStringLiteral("Feed clients closed because they read too slowly."));
    mr.describe(QStringLiteral("taskstream_feed_resumes_total"), QStringLiteral("counter"),
                QStringLiteral("Feed connections that resumed from a cursor."));
    mr.describe(QStringLiteral("taskstream_consumer_lag_records"), QStringLiteral("gauge"),
                QStringLiteral("High watermark minus the next offset to commit, per partition, as last seen."));
    mr.describe(QStringLiteral("taskstream_reminders_pending"), QStringLiteral("gauge"),
                QStringLiteral("Reminders waiting to fire, in the whole database."));
    mr.describe(QStringLiteral("taskstream_reminders_armed"), QStringLiteral("gauge"),
                QStringLiteral("Pending reminders whose timer this instance holds (its partitions)."));
    mr.describe(QStringLiteral("taskstream_reminders_fired_total"), QStringLiteral("counter"),
                QStringLiteral("Reminders this instance fired since start."));
    mr.describe(QStringLiteral("taskstream_reminders_late_total"), QStringLiteral("counter"),
                QStringLiteral("Reminders this instance fired more than the tolerance (60 s) after their time."));
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
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats().valueOr({});
        m.gaugeSet(QStringLiteral("taskstream_outbox_pending"), {}, double(st.pending));
        m.gaugeSet(QStringLiteral("taskstream_outbox_failed"), {}, double(st.failed));
        m.gaugeSet(QStringLiteral("taskstream_outbox_oldest_pending_age_seconds"), {},
                   st.oldestPending ? st.oldestPending->msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0 : 0.0);
        m.gaugeSet(QStringLiteral("taskstream_outbox_published_total"), {}, m_relay ? double(m_relay->publishedCount()) : 0.0);
        m.gaugeSet(QStringLiteral("taskstream_outbox_relay_leader"), {}, m_relay && m_relay->isLeader() ? 1 : 0);
        m.gaugeSet(QStringLiteral("taskstream_outbox_in_flight"), {}, m_relay ? m_relay->inFlightCount() : 0);
        m.gaugeSet(QStringLiteral("taskstream_kafka_brokers_reachable"), {}, m_brokersReachable ? 1 : 0);
        exportRunnerMetrics(m);
        // Rows of the audit log, where this process keeps it (exact on SQLite, the planner's
        // estimate on PostgreSQL so a scrape never counts a large table).
        if (m_options.hasRole(QStringLiteral("audit"))) {
            const Result<qint64> rows = store::AuditStore(m_db.get()).approximateCount();
            if (rows)
                m.gaugeSet(QStringLiteral("taskstream_audit_events"), {}, double(*rows));
        }
        if (m_feed) {
            const feed::FeedStats &fs = m_feed->stats();
            m.gaugeSet(QStringLiteral("taskstream_feed_connections"), {}, m_feed->connectionCount());
            m.gaugeSet(QStringLiteral("taskstream_feed_messages_sent_total"), {}, double(fs.messagesSent));
            m.gaugeSet(QStringLiteral("taskstream_feed_refused_total"), {}, double(fs.refused));
            m.gaugeSet(QStringLiteral("taskstream_feed_slow_clients_closed_total"), {}, double(fs.slowClientsClosed));
            m.gaugeSet(QStringLiteral("taskstream_feed_resumes_total"), {}, double(fs.resumes));
        }
        if (m_options.hasRole(QStringLiteral("reminder-scheduler")) || m_options.hasRole(QStringLiteral("reminder-trigger"))) {
            store::ReminderStore reminders(m_db.get());
            m.gaugeSet(QStringLiteral("taskstream_reminders_pending"), {}, double(reminders.pendingCount().valueOr(0)));
        }
        for (const WorkerSlot &w : m_workers) {
            QMutexLocker lock(&w.snapshot->mutex);
            if (!w.snapshot->isTrigger)
                continue;
            m.gaugeSet(QStringLiteral("taskstream_reminders_fired_total"), {}, double(w.snapshot->fired));
            m.gaugeSet(QStringLiteral("taskstream_reminders_late_total"), {}, double(w.snapshot->late));
            m.gaugeSet(QStringLiteral("taskstream_reminders_armed"), {}, double(w.snapshot->armed));
        }
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
        const Result<void> pinged = m_db->ping();
        const bool dbOk = pinged.ok();
        QString why = pinged.error().message;
        checks.insert(QStringLiteral("database"), dbOk ? QStringLiteral("ok") : why);
        if (!dbOk)
            reasons << QStringLiteral("database unreachable: ") + why;
        checks.insert(QStringLiteral("kafka"), m_brokersReachable ? QStringLiteral("ok") : m_brokerError);
        if (!m_brokersReachable)
            reasons << QStringLiteral("Kafka unreachable: ") + m_brokerError;
        store::OutboxStore outbox(m_db.get());
        const store::OutboxStats st = outbox.stats().valueOr({});
        const qint64 ageS = st.oldestPending ? st.oldestPending->secsTo(QDateTime::currentDateTimeUtc()) : 0;
        const bool stuck = ageS > 120;
        checks.insert(QStringLiteral("outbox"), stuck ? QStringLiteral("oldest pending record is %1 s old").arg(ageS)
                                                      : QStringLiteral("ok"));
        if (stuck)
            reasons << QStringLiteral("outbox stuck: oldest pending record is %1 s old").arg(ageS);
        QStringList waiting;
        for (const WorkerSlot &w : m_workers)
            if (!w.joined)
                waiting << w.group;
        checks.insert(QStringLiteral("consumer_groups"),
                      waiting.isEmpty() ? QStringLiteral("ok") : QStringLiteral("joining: ") + waiting.join(QStringLiteral(", ")));
        if (!waiting.isEmpty())
            reasons << QStringLiteral("consumer groups not joined yet: ") + waiting.join(QStringLiteral(", "));
        if (m_feed) {
            checks.insert(QStringLiteral("feed"), m_feed->isReady() ? QStringLiteral("ok") : QStringLiteral("starting"));
            if (!m_feed->isReady())
                reasons << QStringLiteral("feed reader not started yet");
        }
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

QString Daemon::issueToken(const QUuid &user, const QString &role, qint64 ttlSeconds, QString *error) const
{
    if (!m_auth) {
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

void Daemon::stop()
{
    // Intake first, then publishing, then the rest.
    if (m_http)
        m_http->stopAccepting();
    if (m_feed) {
        // Feed clients get a close frame (1001 going away) and reconnect elsewhere with their cursor.
        m_feed->closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
        QDeadlineTimer deadline(2000);
        while (m_feed->connectionCount() > 0 && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        m_feed.reset();
    }
    if (m_http)
        m_http->close();
    m_auditApi.reset();
    m_outboxApi.reset();
    m_reminderApi.reset();
    m_api.reset();
    m_http.reset();
    m_metrics.reset();
    // Workers before the relay: their last batches may have appended events it should publish.
    stopWorkers();
    m_webhook.reset();
    stopRelay();
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

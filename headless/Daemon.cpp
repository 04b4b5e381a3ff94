#include "Daemon.h"

#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"

#include <QDir>
#include <QFileInfo>
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
                    emit ready();
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
                emit ready();
            });
    m_admin->createTopics(topics, m_options.startupTimeoutMs);
}

void Daemon::stop()
{
    m_admin.reset();
    if (m_broker) {
        m_broker->stop();
        m_broker.reset();
    }
}

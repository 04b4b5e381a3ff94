#include "kafka/EmbeddedBroker.h"

#include "kafka/RdKafkaHelper_p.h"

#include <cstring>

#include <librdkafka/rdkafka_mock.h>

namespace taskstream::kafka {

using namespace detail;

struct EmbeddedBroker::Private
{
    // The mock cluster needs a librdkafka instance for its bookkeeping; it is not used otherwise.
    HandlePtr rk;
    rd_kafka_mock_cluster_t *cluster = nullptr;
    int brokers = 0;

    /// The mock cluster logs from its own thread through this handle. Without a callback librdkafka
    /// prints to stderr in its own format, which breaks the daemon's one-JSON-object-per-line log.
    static void logCb(const rd_kafka_t *, int level, const char *fac, const char *buf)
    {
        // A signal (SIGTERM on shutdown) interrupts the cluster's poll(); it polls again at once.
        if (std::strstr(buf, "Interrupted system call"))
            qCDebug(lcKafka, "embedded broker %s: %s", fac, buf);
        else if (level <= 4)
            qCWarning(lcKafka, "embedded broker %s: %s", fac, buf);
        else
            qCDebug(lcKafka, "embedded broker %s: %s", fac, buf);
    }
};

EmbeddedBroker::EmbeddedBroker(QObject *parent) : QObject(parent), d(std::make_unique<Private>()) {}

EmbeddedBroker::~EmbeddedBroker()
{
    stop();
}

bool EmbeddedBroker::start(int brokerCount, KafkaError *error)
{
    if (isRunning())
        return true;
    if (brokerCount < 1) {
        if (error)
            *error =
                KafkaError(KafkaError::InvalidArgument, QStringLiteral("the embedded broker needs at least 1 broker"));
        return false;
    }
    KafkaError confError;
    KafkaConfig cfg;
    cfg.set(QStringLiteral("client.id"), QStringLiteral("taskstream-embedded-broker"));
    cfg.set(QStringLiteral("log_level"), QStringLiteral("3"));
    ConfPtr conf = makeConf(cfg, &confError);
    if (conf)
        rd_kafka_conf_set_log_cb(conf.get(), &Private::logCb);
    char errstr[512];
    rd_kafka_t *rk = conf ? rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr) : nullptr;
    if (!rk) {
        if (error)
            *error = KafkaError(KafkaError::InvalidConfig,
                                QStringLiteral("cannot start embedded broker: ") + QString::fromUtf8(errstr));
        return false;
    }
    conf.release();
    d->rk.reset(rk);
    d->cluster = rd_kafka_mock_cluster_new(rk, brokerCount);
    if (!d->cluster) {
        d->rk.reset();
        if (error)
            *error = KafkaError(KafkaError::Unsupported,
                                QStringLiteral("cannot start embedded broker: no free loopback ports?"));
        return false;
    }
    d->brokers = brokerCount;
    qCInfo(lcKafka, "embedded broker started with %d broker(s) at %s", brokerCount,
           rd_kafka_mock_cluster_bootstraps(d->cluster));
    return true;
}

void EmbeddedBroker::stop()
{
    if (d->cluster) {
        rd_kafka_mock_cluster_destroy(d->cluster);
        d->cluster = nullptr;
    }
    d->rk.reset();
    d->brokers = 0;
}

bool EmbeddedBroker::isRunning() const
{
    return d->cluster != nullptr;
}

int EmbeddedBroker::brokerCount() const
{
    return d->brokers;
}

QString EmbeddedBroker::bootstrapServers() const
{
    return d->cluster ? QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(d->cluster)) : QString();
}

static KafkaError notRunning()
{
    return KafkaError(KafkaError::NotOpen, QStringLiteral("the embedded broker is not running"));
}

KafkaError EmbeddedBroker::createTopic(const QString &name, int partitions, int replicationFactor)
{
    if (!d->cluster)
        return notRunning();
    if (name.isEmpty() || partitions < 1)
        return KafkaError(KafkaError::InvalidArgument,
                          QStringLiteral("topic '%1' needs a name and at least one partition").arg(name));
    const int rf = qBound(1, replicationFactor, d->brokers);
    return KafkaError::fromRdKafka(rd_kafka_mock_topic_create(d->cluster, name.toUtf8().constData(), partitions, rf),
                                   QStringLiteral("create topic %1").arg(name));
}

KafkaError EmbeddedBroker::createTopics(const TopicCatalog &catalog)
{
    for (const TopicSpec &t : catalog.topics()) {
        const KafkaError e = createTopic(t.name, t.partitions, t.replicationFactor);
        if (e.isError())
            return e;
    }
    return {};
}

KafkaError EmbeddedBroker::setBrokerDown(int brokerId)
{
    if (!d->cluster)
        return notRunning();
    return KafkaError::fromRdKafka(rd_kafka_mock_broker_set_down(d->cluster, brokerId), QStringLiteral("broker down"));
}

KafkaError EmbeddedBroker::setBrokerUp(int brokerId)
{
    if (!d->cluster)
        return notRunning();
    return KafkaError::fromRdKafka(rd_kafka_mock_broker_set_up(d->cluster, brokerId), QStringLiteral("broker up"));
}

KafkaError EmbeddedBroker::setBrokerRtt(int brokerId, int rttMs)
{
    if (!d->cluster)
        return notRunning();
    return KafkaError::fromRdKafka(rd_kafka_mock_broker_set_rtt(d->cluster, brokerId, rttMs),
                                   QStringLiteral("broker rtt"));
}

void EmbeddedBroker::pushRequestErrors(int apiKey, const QList<int> &errorCodes)
{
    if (!d->cluster || errorCodes.isEmpty())
        return;
    std::vector<rd_kafka_resp_err_t> errs;
    errs.reserve(size_t(errorCodes.size()));
    for (int c : errorCodes)
        errs.push_back(static_cast<rd_kafka_resp_err_t>(c));
    rd_kafka_mock_push_request_errors_array(d->cluster, int16_t(apiKey), errs.size(), errs.data());
}

void EmbeddedBroker::clearRequestErrors(int apiKey)
{
    if (d->cluster)
        rd_kafka_mock_clear_request_errors(d->cluster, int16_t(apiKey));
}

KafkaError EmbeddedBroker::setCoordinator(const QString &keyType, const QString &key, int brokerId)
{
    if (!d->cluster)
        return notRunning();
    return KafkaError::fromRdKafka(
        rd_kafka_mock_coordinator_set(d->cluster, keyType.toUtf8().constData(), key.toUtf8().constData(), brokerId),
        QStringLiteral("set coordinator"));
}

KafkaError EmbeddedBroker::setPartitionLeader(const QString &topic, int partition, int brokerId)
{
    if (!d->cluster)
        return notRunning();
    return KafkaError::fromRdKafka(
        rd_kafka_mock_partition_set_leader(d->cluster, topic.toUtf8().constData(), partition, brokerId),
        QStringLiteral("set leader"));
}

} // namespace taskstream::kafka

#pragma once

#include "config/TopicCatalog.h"
#include "kafka/KafkaError.h"

#include <memory>

#include <QObject>
#include <QString>

namespace taskstream::kafka {

/// A Kafka-protocol cluster on loopback: librdkafka's mock cluster, with N brokers listening on
/// 127.0.0.1 so any Kafka client (kcat, python clients, core's own) can connect over TCP.
/// In memory only; each partition keeps at most 100,000 records or 5 MB (older ones drop); no
/// CreateTopics/ListGroups/DescribeGroups/DescribeConfigs (see docs/embedded-broker.md).
/// Its brokers run on librdkafka's own threads; this object only starts, configures and stops it.
class EmbeddedBroker : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedBroker(QObject *parent = nullptr);
    ~EmbeddedBroker() override;

    bool start(int brokerCount = 3, KafkaError *error = nullptr);
    void stop();
    bool isRunning() const;
    int brokerCount() const;
    /// HOST:PORT,... of every broker.
    QString bootstrapServers() const;

    /// Creates a topic; replication is capped at the broker count.
    KafkaError createTopic(const QString &name, int partitions, int replicationFactor);
    /// Creates every topic of the catalog with its partition count.
    KafkaError createTopics(const TopicCatalog &catalog);

    // Fault injection, for reliability tests and demos.
    /// Disconnects a broker (-1: all) and refuses new connections; leadership does not move.
    KafkaError setBrokerDown(int brokerId);
    KafkaError setBrokerUp(int brokerId);
    KafkaError setBrokerRtt(int brokerId, int rttMs);
    /// The next requests of \a apiKey (Kafka protocol ApiKey) fail with these error codes in turn.
    void pushRequestErrors(int apiKey, const QList<int> &errorCodes);
    void clearRequestErrors(int apiKey);
    /// Moves the coordinator of \a key (type "group" or "transaction") to \a brokerId.
    KafkaError setCoordinator(const QString &keyType, const QString &key, int brokerId);
    KafkaError setPartitionLeader(const QString &topic, int partition, int brokerId);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace taskstream::kafka

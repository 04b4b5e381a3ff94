#pragma once

#include "kafka/KafkaError.h"

#include <QMap>
#include <QString>

namespace taskstream::kafka {

/// librdkafka properties by name. Every property (SASL/SCRAM, TLS, tuning) passes through as-is;
/// librdkafka validates it when a client is opened and a rejected key is reported by name.
class KafkaConfig
{
public:
    KafkaConfig() = default;
    explicit KafkaConfig(const QString &bootstrapServers);

    void set(const QString &key, const QString &value) { m_props.insert(key, value); }
    void unset(const QString &key) { m_props.remove(key); }
    QString value(const QString &key, const QString &fallback = {}) const { return m_props.value(key, fallback); }
    bool contains(const QString &key) const { return m_props.contains(key); }
    const QMap<QString, QString> &properties() const { return m_props; }
    /// Sets \a key only when the user has not set it.
    void setDefault(const QString &key, const QString &value);
    /// Adds every property of \a other, overriding ours.
    void merge(const KafkaConfig &other);

    QString bootstrapServers() const { return value(QStringLiteral("bootstrap.servers")); }

    /// Checks a bootstrap list of HOST:PORT entries separated by commas (an IPv6 host in brackets).
    /// librdkafka accepts a malformed list silently and fails later; this fails early and says why.
    static bool validateBootstrapServers(const QString &servers, QString *error);

    /// Parses "key=value" lines or a list of them (as given with --kafka-property); '#' starts a comment.
    static bool parseProperty(const QString &assignment, QString *key, QString *value, QString *error);

    /// Tuning for the embedded broker: it answers a waiting fetch only when fetch.wait.max.ms
    /// expires, so consumers keep it low there (see docs/embedded-broker.md).
    static KafkaConfig embeddedConsumerTuning();

    /// Checks an instance identity (--instance-id): 1 to 200 characters of A-Z a-z 0-9 . _ -, so
    /// that "<id>-<group>" is a group.instance.id every Kafka broker accepts.
    static bool validateInstanceId(const QString &instanceId, QString *error);
    /// The group.instance.id (static membership, KIP-345) of instance \a instanceId in \a group:
    /// "<instanceId>-<group>", one per group so each group's member is unique. Empty when
    /// \a instanceId is empty (dynamic membership).
    static QString groupInstanceId(const QString &instanceId, const QString &group);

    /// The partition.assignment.strategy group members use unless configured: cooperative-sticky
    /// (incremental rebalances: members keep their partitions while others join or leave) when
    /// the librdkafka in use has it working, else range (eager).
    ///
    /// librdkafka before 2.3.0 aborts on an assertion in rd_kafka_destroy() when a sticky member
    /// closes after JoinGroup but before its first SyncGroup answer (librdkafka issue 4312), which
    /// is what scaling a group up or down does; Debian 12 ships 2.0.2.
    static QString defaultAssignmentStrategy();
    /// True when \a strategy names the sticky assignor and the linked librdkafka has issue 4312.
    static bool stickyAssignorUnsafe(const QString &strategy);

private:
    QMap<QString, QString> m_props;
};

} // namespace taskstream::kafka

#pragma once

#include "config/TopicCatalog.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <memory>

#include <QObject>
#include <QStringList>

namespace taskstream::kafka {

struct BrokerInfo
{
    int id = -1;
    QString host;
    int port = 0;
};

struct PartitionInfo
{
    int id = -1;
    int leader = -1;
    QList<int> replicas;
    QList<int> isrs;
    KafkaError error;
};

struct TopicInfo
{
    QString name;
    QList<PartitionInfo> partitions;
    KafkaError error;
};

struct ClusterMetadata
{
    QList<BrokerInfo> brokers;
    QList<TopicInfo> topics;
    int originatingBroker = -1;
    const TopicInfo *topic(const QString &name) const;
};

struct PartitionWatermarks
{
    QString topic;
    int partition = -1;
    qint64 low = OffsetInvalid;
    qint64 high = OffsetInvalid;
    KafkaError error;
};

struct GroupMemberInfo
{
    QString memberId;
    QString clientId;
    QString host;
    TopicPartitionList assignment;
};

struct GroupInfo
{
    QString groupId;
    QString state; ///< Stable, PreparingRebalance, Empty, Dead... or "Unknown" when the broker cannot say
    bool isSimple = false;
    QList<GroupMemberInfo> members;
    /// Where the group came from: "broker" (ListConsumerGroups) or "catalog" (the broker lacks the API).
    QString source;
    KafkaError error;
};

/// Committed offset, end offset and lag of one partition for one group.
struct PartitionLag
{
    QString topic;
    int partition = -1;
    qint64 committed = OffsetInvalid; ///< OffsetInvalid when the group has committed nothing here
    qint64 low = OffsetInvalid;
    qint64 high = OffsetInvalid;
    qint64 lag = -1; ///< high - committed (or high - low with no commit)
    KafkaError error;
};

struct GroupLag
{
    QString groupId;
    QList<PartitionLag> partitions;
    qint64 totalLag() const;
};

/// Outcome of setting one partition's committed offset.
struct OffsetResetResult
{
    QString topic;
    int partition = -1;
    qint64 offset = OffsetInvalid; ///< the committed offset asked for (the next offset to read)
    KafkaError error;
};

/// Outcome of creating (or finding) one topic.
struct TopicCreateResult
{
    QString topic;
    bool created = false;    ///< false when it existed already (or on error)
    QStringList differences; ///< existing topic differs from the catalog (partitions, retention)
    KafkaError error;
};

/// Cluster administration on the Qt event loop. Every request returns an id and its result
/// signal is emitted exactly once with that id, on this object's thread, within the request's
/// timeout. Blocking librdkafka calls (metadata, offsets) run on a worker thread, never here.
/// Where a broker lacks an API (the embedded broker has no ListConsumerGroups/DescribeConfigs),
/// the result says so (KafkaError::Unsupported) or falls back, instead of hanging.
class KafkaAdmin : public QObject
{
    Q_OBJECT
public:
    explicit KafkaAdmin(QObject *parent = nullptr);
    ~KafkaAdmin() override;

    bool open(const KafkaConfig &config, KafkaError *error = nullptr);
    bool isOpen() const;

    quint64 fetchMetadata(int timeoutMs = 5000);
    /// Low/high watermarks of the given partitions (all partitions of \a topics when empty list).
    quint64 fetchWatermarks(const TopicPartitionList &partitions, int timeoutMs = 5000);
    /// For each partition, the first offset whose record time is at or after the partition's
    /// `offset` field, read as milliseconds since the epoch (ListOffsets by time). A partition with
    /// no such record answers OffsetEnd; one that failed answers OffsetInvalid.
    quint64 fetchOffsetsForTimes(const TopicPartitionList &partitionsWithTimes, int timeoutMs = 5000);
    /// Creates missing topics; existing ones are left alone and differences reported.
    quint64 createTopics(const QList<TopicSpec> &topics, int timeoutMs = 10000);
    /// Groups known to the broker; on a broker without ListConsumerGroups, the catalog's groups
    /// with source "catalog" and state "Unknown".
    quint64 listGroups(int timeoutMs = 5000);
    /// State, members and their assignments of \a groups (DescribeConsumerGroups). On a broker
    /// without the API each group comes back with state "Unknown" and an Unsupported error.
    quint64 describeGroups(const QStringList &groups, int timeoutMs = 5000);
    /// Committed offsets, end offsets and lag of \a group on \a topics.
    quint64 fetchGroupLag(const QString &group, const QStringList &topics, int timeoutMs = 5000);

    /// Sets the committed offsets of \a group (each the next offset to read) without joining it
    /// (AlterConsumerGroupOffsets). Kafka allows it only while the group has no active members;
    /// otherwise the request, and every partition, fails with KafkaError::GroupNotEmpty (the
    /// broker's UNKNOWN_MEMBER_ID, NON_EMPTY_GROUP or REBALANCE_IN_PROGRESS). Offsets must be
    /// absolute (>= 0): resolve earliest/latest/time with fetchWatermarks()/fetchOffsetsForTimes().
    quint64 resetGroupOffsets(const QString &group, const TopicPartitionList &offsets, int timeoutMs = 5000);

    /// The catalog used for fall-backs (defaults to the built-in one).
    void setCatalog(const TopicCatalog &catalog);

signals:
    void metadataReady(quint64 id, const taskstream::kafka::ClusterMetadata &metadata,
                       const taskstream::kafka::KafkaError &error);
    void watermarksReady(quint64 id, const QList<taskstream::kafka::PartitionWatermarks> &watermarks,
                         const taskstream::kafka::KafkaError &error);
    void offsetsForTimesReady(quint64 id, const taskstream::kafka::TopicPartitionList &offsets,
                              const taskstream::kafka::KafkaError &error);
    void topicsCreated(quint64 id, const QList<taskstream::kafka::TopicCreateResult> &results,
                       const taskstream::kafka::KafkaError &error);
    void groupsListed(quint64 id, const QList<taskstream::kafka::GroupInfo> &groups,
                      const taskstream::kafka::KafkaError &error);
    void groupsDescribed(quint64 id, const QList<taskstream::kafka::GroupInfo> &groups,
                         const taskstream::kafka::KafkaError &error);
    void groupLagReady(quint64 id, const taskstream::kafka::GroupLag &lag, const taskstream::kafka::KafkaError &error);
    /// One result per partition asked for; \a error is set when any of them failed (the first
    /// failure, or the request's own).
    void groupOffsetsReset(quint64 id, const QList<taskstream::kafka::OffsetResetResult> &results,
                           const taskstream::kafka::KafkaError &error);
    /// A client-level error librdkafka reported outside any request (a broker refused the SASL
    /// credentials, a TLS handshake failed, all brokers are down). Requests in flight still end
    /// with their own result; this tells why they may fail.
    void errorOccurred(const taskstream::kafka::KafkaError &error);

private:
    void describeGroupsNow(quint64 id, const QStringList &groups, int timeoutMs);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace taskstream::kafka

Q_DECLARE_METATYPE(taskstream::kafka::ClusterMetadata)
Q_DECLARE_METATYPE(taskstream::kafka::GroupLag)
Q_DECLARE_METATYPE(taskstream::kafka::OffsetResetResult)

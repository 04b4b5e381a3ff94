#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <functional>
#include <memory>

#include <QObject>
#include <QStringList>

namespace taskstream::kafka {

/// A consumer-group member on the Qt event loop. Messages, rebalances, commit results and errors
/// arrive through a socket notifier on librdkafka's consumer queue: no poll thread, no poll timer.
///
/// Offsets are committed only when the application says so (enable.auto.commit=false), so an
/// application commits what it has made durable, not what it has merely received.
class KafkaConsumer : public QObject
{
    Q_OBJECT
public:
    explicit KafkaConsumer(QObject *parent = nullptr);
    /// Leaves the group (bounded by librdkafka's session handling) if still open.
    ~KafkaConsumer() override;

    /// Creates the handle; `group.id` is required. Fails naming the rejected property.
    bool open(const KafkaConfig &config, KafkaError *error = nullptr);
    bool isOpen() const;
    QString groupId() const;
    QString memberId() const;

    KafkaError subscribe(const QStringList &topics);
    KafkaError unsubscribe();
    /// The partitions currently assigned to this member.
    TopicPartitionList assignment() const;
    /// Assign-only use (no subscription, no rebalances): reads exactly these partitions from the
    /// given offsets (OffsetBeginning/OffsetEnd/OffsetStored allowed). A group.id is still needed
    /// to open; a reader that never commits may use a generated one.
    KafkaError assign(const TopicPartitionList &partitions);
    /// Drops the assignment made with assign().
    KafkaError unassign();
    /// The low and high watermarks librdkafka last saw for a partition (from fetch responses),
    /// without asking the broker. False when none are known yet.
    bool cachedWatermarks(const QString &topic, int partition, qint64 *low, qint64 *high) const;

    /// The low and high watermarks as the partition's leader has them now. Blocking (bounded by
    /// \a timeoutMs): never on a GUI thread.
    bool queryWatermarks(const QString &topic, int partition, qint64 *low, qint64 *high, int timeoutMs,
                         KafkaError *error = nullptr) const;

    /// Commits the given offsets (each the next offset to read) asynchronously;
    /// offsetsCommitted() reports the result exactly once.
    KafkaError commit(const TopicPartitionList &offsets);
    KafkaError pause(const TopicPartitionList &partitions);
    KafkaError resume(const TopicPartitionList &partitions);
    /// Moves the fetch position of assigned partitions (offset may be OffsetBeginning/OffsetEnd).
    KafkaError seek(const TopicPartitionList &positions, int timeoutMs = 5000);
    /// Committed offsets of the given partitions, as the group coordinator has them. Blocking (bounded).
    TopicPartitionList committed(const TopicPartitionList &partitions, int timeoutMs, KafkaError *error);

    /// Decides where newly assigned partitions start, before they are assigned: called in the
    /// rebalance with the partitions (offsets OffsetInvalid); an offset it sets (>= 0) is where
    /// fetching starts, instead of the group's committed offset. partitionsAssigned() follows.
    using AssignmentOffsets = std::function<void(TopicPartitionList &partitions)>;
    void setAssignmentOffsets(AssignmentOffsets decide);

    /// Largest number of records handed out per messagesReceived() signal.
    void setMaxBatchSize(int n) { m_maxBatch = qMax(1, n); }
    int maxBatchSize() const { return m_maxBatch; }

    /// Leaves the group and destroys the handle. Blocking while librdkafka revokes and leaves.
    void close();

    /// How often librdkafka's queue woke this object up (for tests and metrics).
    quint64 wakeups() const;

signals:
    void messagesReceived(const QList<taskstream::kafka::KafkaMessage> &messages);
    void partitionsAssigned(const taskstream::kafka::TopicPartitionList &partitions);
    /// Emitted before the partitions are taken away: commit what is done in the slot.
    void partitionsRevoked(const taskstream::kafka::TopicPartitionList &partitions);
    void offsetsCommitted(const taskstream::kafka::TopicPartitionList &offsets,
                          const taskstream::kafka::KafkaError &error);
    void errorOccurred(const taskstream::kafka::KafkaError &error);

private:
    void drain();
    void leaveGroupBeforeClose();
    struct Private;
    std::unique_ptr<Private> d;
    int m_maxBatch = 500;
};

} // namespace taskstream::kafka

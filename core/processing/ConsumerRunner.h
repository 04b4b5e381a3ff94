#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "events/EventCodec.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"
#include "processing/DeadLetter.h"
#include "processing/DeadLetterLog.h"
#include "processing/Handler.h"
#include "processing/ProcessingMetrics.h"
#include "processing/RetryPolicy.h"

#include <memory>

#include <QHash>
#include <QObject>
#include <QStringList>

namespace taskstream::kafka {
class KafkaConsumer;
class KafkaProducer;
struct DeliveryReport;
} // namespace taskstream::kafka

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream::processing {

/// What happens to a record whose event type has no handler.
enum class UnknownTypePolicy { Skip, DeadLetter };

struct RunnerOptions
{
    QString group;               ///< consumer group id
    QStringList topics;          ///< topics to subscribe to
    kafka::KafkaConfig kafka;    ///< shared by the consumer and the DLQ producer (bootstrap, security)
    kafka::KafkaConfig consumer; ///< consumer-only properties (override kafka)
    kafka::KafkaConfig producer; ///< DLQ producer-only properties (override kafka)
    QString dlqTopic;            ///< empty: TopicCatalog::dlqTopicForGroup(group)
    RetryPolicy retry;
    UnknownTypePolicy unknownTypes = UnknownTypePolicy::Skip;
    events::CodecConfig codec; ///< how records are decoded (a registry URL enables Confluent ids)
    /// Most records per batch (one database transaction, one commit to disk). A batch is what has
    /// arrived by the time the runner gets to it, so this only binds under load, where larger
    /// batches mean fewer disk flushes per record.
    int maxBatchSize = 5000;
    int commitRetryMs = 500; ///< a failed offset commit is sent again after this
    /// 0: commit offsets after every batch; otherwise at most this often (fewer commit requests,
    /// more redelivery after a crash; the ledger makes that harmless).
    int commitIntervalMs = 0;
    int dlqRetryMs = 2000; ///< a failed DLQ write is tried again after this (cap 30 s)
    /// stop(): how long DLQ writes in flight may take to be acknowledged before the consumer closes
    /// (what is acknowledged by then is committed; the rest is dead-lettered again by the next owner).
    int stopDrainMs = 5000;
    /// On a revoke: how long DLQ writes in flight of the revoked partitions may take (the same).
    int revokeDrainMs = 2000;
    /// Dead-lettered records are logged per error class: the first in full, then one summary
    /// line per interval (see DeadLetterLog).
    int deadLetterLogIntervalMs = 10000;
    /// partition.assignment.strategy unless set in consumer/kafka; empty:
    /// KafkaConfig::defaultAssignmentStrategy() (cooperative-sticky where librdkafka handles it).
    QString assignmentStrategy;
    /// Times the retry backoff and the DLQ write retries; null is the system clock.
    Clock *clock = nullptr;
};

/// One consumer group member that runs handlers: at-least-once delivery, exactly-once effects.
///
/// Per batch it opens one database transaction; each record gets a savepoint, its ledger row
/// (group, event_id) and its handler's effect, and each partition's next offset is stored in the
/// same transaction (consumer_offsets); the transaction commits, and only then the contiguous
/// processed prefix of each partition is committed to Kafka, asynchronously. On assignment a
/// partition starts from the stored offset where it is ahead of Kafka's committed one, so a crash
/// between the two commits hands nothing out again. A record already in the
/// ledger is a duplicate and has no effect. A retriable failure pauses its partition, seeks it
/// back to the failing record and resumes it after an exponential backoff (other partitions keep
/// flowing); after the last attempt, or at once for permanent failures and undecodable records,
/// the record is produced to the DLQ with diagnostic headers and the partition goes on at once:
/// DLQ writes are pipelined. A partition's committed offset never passes a record whose DLQ write
/// is not acknowledged. A DLQ write that fails stops the partition (no further records are read)
/// until a later attempt succeeds; the record is never dropped. Records that are gone from the
/// broker (below the log start) are never skipped silently: the partition stalls
/// (metrics().stalled) until acknowledgeGap().
class ConsumerRunner : public QObject
{
    Q_OBJECT
public:
    /// \a db is used on this thread for the ledger and the handlers' effects; it must outlive the runner.
    ConsumerRunner(store::Database *db, RunnerOptions options, QObject *parent = nullptr);
    ~ConsumerRunner() override;

    /// Registers the handler for one event type (CloudEvents ce_type = Avro full name).
    void addHandler(const QString &eventType, Handler handler);
    /// A handler for every type without its own (e.g. an audit log).
    void setDefaultHandler(Handler handler);
    /// Runs \a preparer for each record of \a eventType of a batch before the batch's transaction
    /// opens (see Preparer).
    void addPreparer(const QString &eventType, Preparer preparer);

    /// Opens the consumer and the DLQ producer and subscribes. False with *error on bad configuration.
    bool start(kafka::KafkaError *error = nullptr);
    /// Stops consuming: waits up to stopDrainMs for DLQ writes in flight, commits what is durable
    /// (asynchronously, best effort) and closes the clients. Uncommitted records are delivered again
    /// to the next member and found in the ledger (or dead-lettered again: at-least-once to the DLQ).
    void stop();
    bool isRunning() const { return m_running; }

    const RunnerOptions &options() const { return m_options; }
    QString dlqTopic() const { return m_dlqTopic; }
    const ProcessingMetrics &metrics() const { return m_metrics; }
    kafka::KafkaConsumer *consumer() const { return m_consumer; }
    /// Partitions assigned now.
    kafka::TopicPartitionList assignment() const;
    /// Per assigned partition, the offset the runner committed last (next offset to read), or -1.
    kafka::TopicPartitionList committedOffsets() const;
    /// True while some processed offset is not yet committed to Kafka (also while a DLQ write it
    /// waits for is in flight).
    bool hasUncommittedOffsets() const;
    /// DLQ writes produced and not yet acknowledged (refused ones waiting for their retry included).
    int deadLettersInFlight() const;

    /// What acknowledgeGap() did: the offsets [from, to) were skipped, reading goes on at \a to.
    struct GapAcknowledged
    {
        qint64 from = -1;
        qint64 to = -1;
    };
    /// Acknowledges that the records of a stalled partition are gone: it goes on from the log start
    /// (queried now, bounded) and commits that offset. Not found when the partition is not assigned
    /// here; conflict when it is not stalled; unavailable when the log start cannot be read.
    Result<GapAcknowledged> acknowledgeGap(const QString &topic, int partition);

signals:
    /// A batch's transaction committed with \a processed new effects (e.g. to wake the outbox relay
    /// when handlers appended events).
    void batchCommitted(int processed);
    /// Offsets committed to Kafka (each the next offset to read).
    void offsetsCommitted(const taskstream::kafka::TopicPartitionList &offsets);
    /// A record went to the DLQ (\a dlqOffset: where it landed).
    void deadLettered(const taskstream::kafka::KafkaMessage &original,
                      const taskstream::processing::FailureInfo &failure, qint64 dlqOffset);
    /// Alert: a DLQ write failed; the partition is stopped (its committed offset stays at the record)
    /// until a later attempt succeeds.
    void deadLetterFailed(const taskstream::kafka::KafkaMessage &original, const taskstream::kafka::KafkaError &error);
    void partitionsAssigned(const taskstream::kafka::TopicPartitionList &partitions);
    void partitionsRevoked(const taskstream::kafka::TopicPartitionList &partitions);
    /// A fatal client error: the runner has stopped; the owner re-creates it.
    void fatalError(const taskstream::kafka::KafkaError &error);

private:
    struct PartitionState;
    struct Outcome;
    using Key = QPair<QString, int>;

    void onMessages(const QList<kafka::KafkaMessage> &batch);
    void prepare(const QList<kafka::KafkaMessage> &batch);
    Outcome processOne(const kafka::KafkaMessage &message, int attempt);
    /// In the rebalance, before the partitions are assigned: where each starts (see onAssigned()).
    void chooseStartOffsets(kafka::TopicPartitionList &partitions);
    void onAssigned(const kafka::TopicPartitionList &partitions);
    void onRevoked(const kafka::TopicPartitionList &partitions);
    void onCommitted(const kafka::TopicPartitionList &offsets, const kafka::KafkaError &error);
    void onConsumerError(const kafka::KafkaError &error);
    void onDelivered(const kafka::DeliveryReport &report);
    void deadLetterWriteFailed(const Key &key, PartitionState &st, qint64 offset, const kafka::KafkaError &error);
    void scheduleRetry(const Key &key, PartitionState &st, int delayMs);
    void holdPartition(const Key &key, PartitionState &st, qint64 offset);
    /// After a jump to \a seen: when the partition's next record is gone from the broker (below the
    /// log start), pauses it as stalled and returns true.
    bool stallIfGone(const Key &key, PartitionState &st, qint64 seen);
    /// Queues \a message for the DLQ; the partition goes on, its commits wait for the acknowledgement.
    void deadLetter(const Key &key, PartitionState &st, const kafka::KafkaMessage &message, const FailureInfo &failure);
    void produceDeadLetter(const Key &key, PartitionState &st, qint64 offset);
    /// Waits at most \a timeoutMs for the DLQ writes in flight (their reports are handled meanwhile).
    void drainDeadLetters(int timeoutMs);
    void commitDirty(bool force = false);
    void scheduleCommitRetry();
    void updatePausedGauges();
    Result<void> exec(const char *sql);
    /// The record's idempotency ledger row: 1 when new, 0 when the event was processed before.
    Result<int> insertLedgerRow(const QString &eventId, const kafka::KafkaMessage &message);
    /// The partition's next offset in consumer_offsets, in the batch's transaction.
    Result<int> storeOffset(const Key &key, qint64 next, qint64 kafkaCommitted);

    store::Database *m_db;
    RunnerOptions m_options;
    QString m_dlqTopic;
    QByteArray m_groupUtf8; ///< m_options.group, bound into every ledger row
    QString m_workerSource; ///< the actor source of the events its handlers cause: made once, not per record
    kafka::KafkaConsumer *m_consumer = nullptr;
    kafka::KafkaProducer *m_producer = nullptr;
    events::AsyncEventCodec *m_codec = nullptr;
    QHash<QString, Handler> m_handlers;
    Handler m_defaultHandler;
    QHash<QString, Preparer> m_preparers;
    QHash<Key, std::shared_ptr<PartitionState>> m_parts;
    QHash<quint64, QPair<Key, qint64>> m_dlqInFlight; ///< producer id -> partition and original offset
    /// Decided in the rebalance for the partitions being assigned, read by onAssigned().
    struct StartOffsets
    {
        qint64 kafka = -1;  ///< the group's committed offset in Kafka, or -1
        qint64 stored = -1; ///< consumer_offsets' next offset, or -1 (none, or not valid for this log)
        qint64 start = -1;  ///< where reading starts: the stored offset where it is ahead, else kafka
    };
    QHash<Key, StartOffsets> m_startOffsets;
    DeadLetterLog *m_deadLetterLog = nullptr;
    ProcessingMetrics m_metrics;
    bool m_running = false;
    bool m_commitInFlight = false;
    bool m_commitRetryScheduled = false;
    bool m_commitTimerScheduled = false;
    qint64 m_lastCommitMs = 0;
    int m_storeFailures = 0; ///< consecutive, for the backoff
    quint64 m_epoch = 0;
};

} // namespace taskstream::processing

#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"
#include "store/OutboxStore.h"

#include <atomic>
#include <deque>
#include <memory>

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QStringList>

class QTimer;

namespace taskstream::kafka {
class KafkaProducer;
struct DeliveryReport;
} // namespace taskstream::kafka

namespace taskstream {
class Clock;
}

namespace taskstream::store {
class Database;
} // namespace taskstream::store

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream::services {

struct OutboxRelayOptions
{
    int batchSize = 2000;    ///< rows read per database query
    int maxInFlight = 20000; ///< records handed to the producer and not yet reported
    /// Look for rows committed by other processes this often. On PostgreSQL their commits also
    /// notify the leading relay, and the scan is the fallback for a notification lost with a
    /// connection.
    int scanIntervalMs = 1000;
    qint64 pruneSentAfterMs = 24LL * 3600 * 1000; ///< sent rows are deleted after this
    int pruneIntervalMs = 10 * 60 * 1000;
    int markSentDelayMs = 20; ///< acknowledgements are marked sent in groups at most this late
    /// Topics the outbox writes to, looked up when the relay starts so that the first record to
    /// each is not held back (see KafkaProducer::prepareTopics). Others work too, a little later.
    QStringList topics;
    /// A refusal an operator fixes (unknown topic, topic or cluster authorization) holds the
    /// outbox this long, doubling per retry up to retryBackoffMaxMs.
    int retryBackoffMs = 500;
    int retryBackoffMaxMs = 30000;
    /// Such refusals are logged at most once per this interval (counted every time).
    int retryLogIntervalMs = 60000;
    /// After a fatal producer error: how long the old producer may take to report the requests
    /// in flight before it is re-created (the rest are published again).
    int restartDrainMs = 2000;
    /// PostgreSQL: while rows are drawn but not yet known committed, look again this often.
    int watermarkPollMs = 20;
    /// Time for the backoffs and the log interval; the system clock when null.
    Clock *clock = nullptr;
    /// Records marked failed go to their topic's dead-letter queue of the topic catalog too
    /// (todo.tasks.events.dlq, ...; OutboxDeadLetters).
    bool deadLetterFailed = true;
};

class OutboxDeadLetters;

/// Publishes outbox rows in commit order with the idempotent producer and marks them sent when
/// the broker acknowledges them. While Kafka is unreachable records wait in the producer
/// (message.timeout.ms=0: retried until delivered, never reordered, never dropped) and in the
/// outbox. A refusal that an operator fixes (unknown topic, missing ACL) holds the outbox with a
/// capped backoff and publishes again, in order; it is counted per reason and logged once per
/// interval. A record that can never be delivered (too large, invalid) is marked failed with the
/// reason and counted, never silently dropped; the sent cursor does not pass it before that mark
/// is committed. Failed records are also written to their topic's dead-letter queue
/// (OutboxDeadLetters).
///
/// With PostgreSQL several daemons may run the relay: an advisory lock makes one of them the
/// publisher. Writers there commit out of seq order, so the relay reads only below a commit-order
/// watermark: the last seq drawn before a transaction id the relay has assigned itself, once
/// every transaction older than that id has ended (see store::OutboxStore::commitHorizon()).
/// Every transaction that appends to the outbox notifies a channel at its commit (a statement
/// trigger), which the leader listens on: an API process's commit wakes the relay of another
/// process as it wakes its own.
class OutboxRelay : public QObject
{
    Q_OBJECT
public:
    /// Opens its own connection to \a db's database: marking rows sent needs no fsync (a lost mark
    /// only republishes a record, which consumers deduplicate by ce_id).
    OutboxRelay(store::Database *db, const kafka::KafkaConfig &producerConfig, OutboxRelayOptions options = {},
                QObject *parent = nullptr);
    ~OutboxRelay() override;

    /// Opens the producer and starts publishing; false with *error for a bad configuration.
    bool start(kafka::KafkaError *error);
    /// Stops reading new rows, waits up to \a timeoutMs for in-flight records, then closes the producer.
    /// Unacknowledged rows stay pending and are published by the next relay.
    void stop(int timeoutMs);

    /// Publish rows now (connected to TaskService::outboxAppended).
    void wake();

    /// Publishes in \a codec's wire format (Confluent framing with a Schema Registry, or CloudEvents
    /// JSON) instead of the stored single-object Avro. While the registry cannot give a schema id the
    /// rows wait in the outbox, in order, and are tried again with backoff.
    void setCodec(events::AsyncEventCodec *codec) { m_codec = codec; }

    // The counters below may be read from any thread (the daemon runs the relay on its own).
    qint64 publishedCount() const { return m_published; }
    qint64 failedCount() const { return m_failed; }
    /// Failed records written to their topic's dead-letter queue since start.
    qint64 deadLetteredCount() const { return m_deadLettered; }
    /// True while this instance holds the publishing lock (always true on SQLite).
    bool isLeader() const { return m_isLeader; }
    /// Records handed to the producer and not yet acknowledged.
    int inFlightCount() const { return m_inFlightCount; }
    /// False when the relay could not open its own database connection and shares the one it
    /// was given, which then ties it to that connection's thread.
    bool hasOwnConnection() const { return bool(m_ownDb); }
    /// Records held back for another attempt after a refusal an operator fixes, per reason (the
    /// broker's error name, e.g. TOPIC_AUTHORIZATION_FAILED), since start.
    QHash<QString, qint64> publishRetries() const;
    /// PostgreSQL: every row up to this seq is committed or gone; the relay reads no further.
    qint64 commitWatermark() const { return m_watermark; }
    /// PostgreSQL: the last seq drawn that the relay has seen.
    qint64 seenDrawnThrough() const { return m_seenDrawn; }

signals:
    /// \a count more records are acknowledged and recorded as sent.
    void published(qint64 count);
    void recordFailed(qint64 seq, const QString &reason);
    /// Failed record \a seq is in the dead-letter queue \a dlqTopic now.
    void recordDeadLettered(qint64 seq, const QString &dlqTopic);

private:
    /// A row handed to the producer, kept in seq order until the sent cursor passes it.
    struct Queued
    {
        /// Failing: can never be delivered, and that is not yet recorded; the cursor waits.
        enum State : quint8 { InFlight, Delivered, Failed, Undelivered, Failing };
        qint64 seq;
        State state;
    };
    enum class Outcome { Queued, Failed, Wait };

    void fill();
    Outcome publish(const store::PendingView &row, QString *reason);
    void onDelivered(const kafka::DeliveryReport &report);
    /// Moves m_sentThrough past the acknowledged or failed rows at the front of the queue.
    void advanceSentThrough();
    void flushSent();
    /// Marks the Failing rows failed, in one transaction; false if that did not commit.
    bool recordFailures();
    /// Tries flushSent() again after a backoff (the database refused a write).
    void retryFlushLater();
    /// The highest seq to read: SQLite's writers commit in seq order; PostgreSQL's watermark.
    qint64 readThrough();
    /// Counts and logs (once per interval) a refusal an operator fixes, and holds the outbox.
    void holdForRetry(const QString &topic, const kafka::KafkaError &error);
    bool acquireLeadership();
    /// PostgreSQL, as the leader: LISTEN for the outbox's commit notifications, so that rows
    /// other processes commit are published at once rather than at the next scan.
    void listenForCommits();
    /// wake() once for any number of notifications posted before it runs.
    void wakeSoon();
    void prune();
    void restartProducer();
    /// The record to produce for \a row in the configured wire format; false while it must wait.
    bool transcode(const store::PendingView &row, QByteArray *value, kafka::Headers *headers, QString *why,
                   bool *permanent);

    std::unique_ptr<store::Database> m_ownDb;
    store::Database *m_db;
    kafka::KafkaConfig m_config;
    OutboxRelayOptions m_options;
    std::unique_ptr<store::OutboxStore> m_outbox;
    Clock *m_clock;
    std::unique_ptr<kafka::KafkaProducer> m_producer;
    QTimer *m_scanTimer = nullptr;
    QTimer *m_pruneTimer = nullptr;
    QHash<quint64, qint64> m_inFlight; ///< producer id -> outbox seq
    std::deque<Queued> m_queue;
    QSet<qint64> m_deliveredAhead; ///< delivered after a row that must be published again
    QList<qint64> m_sent;          ///< acknowledged, not yet marked in the database
    qint64 m_lastQueuedSeq = 0;
    qint64 m_sentThrough = 0;   ///< every row up to here is acknowledged or failed
    qint64 m_markedThrough = 0; ///< m_sentThrough as the database has it
    bool m_flushScheduled = false;
    bool m_filling = false;
    bool m_stopping = false;
    bool m_needRescan = false;
    quint64 m_leaderGeneration = 0; ///< the database connection the relay lock was taken on
    QMetaObject::Connection m_notifications;
    bool m_wakePosted = false;
    std::atomic<bool> m_isLeader{false};
    std::atomic<qint64> m_published{0};
    std::atomic<qint64> m_failed{0};
    std::atomic<qint64> m_deadLettered{0};
    std::unique_ptr<OutboxDeadLetters> m_deadLetters;
    std::atomic<int> m_inFlightCount{0};
    QString m_lastProducerError;
    events::AsyncEventCodec *m_codec = nullptr;
    int m_registryBackoffMs = 0;
    bool m_registryRetryScheduled = false;

    QHash<qint64, QString> m_failing; ///< seq -> reason, for the rows in state Failing
    int m_flushBackoffMs = 0;
    bool m_flushRetryScheduled = false; ///< a database write failed: no new rows until it succeeds

    int m_retryBackoffMs = 0;
    bool m_retryHeld = false;      ///< a refusal an operator fixes: nothing is produced until the backoff ends
    QSet<QString> m_refusedTopics; ///< refused for a reason an operator fixes, not yet delivered since
    qint64 m_retryLoggedAtMs = -1;
    qint64 m_undeliveredLoggedAtMs = -1;
    qint64 m_retriesSinceLog = 0;
    mutable QMutex m_retriesMutex;
    QHash<QString, qint64> m_retries;

    std::deque<store::CommitHorizon> m_horizons; ///< seqs drawn, waiting for older writers to end
    std::atomic<qint64> m_watermark{0};
    std::atomic<qint64> m_seenDrawn{0};
    bool m_watermarkPollScheduled = false;
};

} // namespace taskstream::services

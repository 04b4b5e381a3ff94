#pragma once

#include "common/Result.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <memory>

#include <QHash>
#include <QObject>
#include <QStringList>

namespace taskstream {
class Clock;
class TopicCatalog;
} // namespace taskstream
namespace taskstream::kafka {
class KafkaProducer;
struct DeliveryReport;
} // namespace taskstream::kafka
namespace taskstream::store {
class Database;
}

namespace taskstream::services {

/// The dlq.error.class of a producer-side dead letter.
inline const QString OutboxErrorClass = QStringLiteral("outbox.undeliverable");

/// Writes the outbox records that the relay could never publish (marked failed: too large,
/// invalid, refused by the schema registry) to their topic's dead-letter queue from the topic
/// catalog (todo.tasks.events -> todo.tasks.events.dlq, ...), once each, and records that in the
/// row (dead_lettered_at). The outbox row stays the record of truth, retried from the outbox
/// (API, console); the DLQ copy puts the failure where operators watch dead letters.
///
/// The copy carries the stored key, value (the event as single-object Avro) and headers plus
/// dlq.original.topic, dlq.error.class (outbox.undeliverable), dlq.error.message, dlq.attempts,
/// dlq.first.failure / dlq.last.failure and dlq.outbox.seq. A value the DLQ refuses too (too
/// large) is left out, with dlq.value.omitted saying why. Written at least once: a crash before
/// the row is marked writes it again. Other refusals (the DLQ topic missing, no ACL, Kafka down)
/// are retried with a backoff; rows wait in the outbox meanwhile.
///
/// Its own producer (not the relay's gap-less one, where one refused record stops the producer).
class OutboxDeadLetters : public QObject
{
    Q_OBJECT
public:
    OutboxDeadLetters(store::Database *db, const kafka::KafkaConfig &producerConfig, const TopicCatalog &catalog,
                      Clock *clock = nullptr, QObject *parent = nullptr);
    ~OutboxDeadLetters() override;

    /// Opens the producer; false with *error for a bad configuration.
    bool start(kafka::KafkaError *error);
    /// Waits up to \a timeoutMs for writes in flight, marks those delivered, closes the producer.
    void stop(int timeoutMs);
    /// Looks for failed rows not yet dead-lettered and writes them (the relay calls it after it
    /// marked rows failed, and at start for rows a crash left).
    void wake();

    qint64 writtenCount() const { return m_written; }

signals:
    /// The failed outbox record \a seq is in \a dlqTopic now (and so recorded).
    void deadLettered(qint64 seq, const QString &dlqTopic);

private:
    struct InFlight
    {
        qint64 seq = 0;
        QString dlqTopic;
        QByteArray key;
        kafka::Headers headers;
        bool valueOmitted = false;
    };
    void onDelivered(const kafka::DeliveryReport &report);
    void finishBatch();
    void retryLater(const QString &why);
    Result<void> recordDone();

    store::Database *m_db;
    kafka::KafkaConfig m_config;
    QHash<QString, QString> m_dlqOf; ///< topic -> its DLQ
    Clock *m_clock;
    std::unique_ptr<kafka::KafkaProducer> m_producer;
    QHash<quint64, InFlight> m_inFlight;
    QList<QPair<qint64, QString>> m_done; ///< delivered (seq, DLQ), not yet recorded
    bool m_again = false;                 ///< woken while a batch was out
    bool m_retryScheduled = false;
    int m_backoffMs = 0;
    qint64 m_written = 0;
    bool m_batchFull = false;
    static constexpr int BatchSize = 100;
};

} // namespace taskstream::services

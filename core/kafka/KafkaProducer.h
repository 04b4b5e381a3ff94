#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <memory>

#include <QObject>
#include <QStringList>

namespace taskstream::kafka {

/// The outcome of one produced record: where it landed, or why it did not.
struct DeliveryReport
{
    quint64 id = 0; ///< the id produce() returned
    QString topic;
    int partition = -1;
    qint64 offset = OffsetInvalid;
    KafkaError error;
};

/// A Kafka producer on the Qt event loop. Idempotent with acks=all unless configured otherwise.
/// Delivery reports, errors and logs arrive through a socket notifier on librdkafka's queue:
/// no poll thread, no poll timer.
class KafkaProducer : public QObject
{
    Q_OBJECT
public:
    explicit KafkaProducer(QObject *parent = nullptr);
    /// Flushes for at most shutdownTimeout() and logs what stayed undelivered.
    ~KafkaProducer() override;

    /// Creates the librdkafka handle. Fails with the rejected property named in the error.
    bool open(const KafkaConfig &config, KafkaError *error = nullptr);
    bool isOpen() const;

    /// Queues one record. Returns its id (> 0; its DeliveryReport carries it), or 0 with *error set
    /// when the record is refused at once (queue full, too large, unknown topic, not open).
    /// partition -1 lets the partitioner choose from the key. \a timestampMs (milliseconds since
    /// the epoch) is the record's create time; 0 means now.
    quint64 produce(const QString &topic, const QByteArray &key, const QByteArray &value, const Headers &headers = {},
                    int partition = -1, KafkaError *error = nullptr, qint64 timestampMs = 0);

    /// produce() for a caller that holds the bytes elsewhere (the outbox relay reads them in place
    /// from the database): nothing is converted or copied before librdkafka copies the record.
    quint64 produce(QByteArrayView topic, QByteArrayView key, QByteArrayView value, const HeaderView *headers,
                    qsizetype headerCount, int partition = -1, KafkaError *error = nullptr, qint64 timestampMs = 0);

    /// Learns these topics' partitions now rather than at their first record. librdkafka 2.0 asks
    /// for the metadata of a topic it meets in produce() only on its once-a-second topic scan, so
    /// the first record to each topic waited up to a second (kept in order, never lost, just late).
    /// A client that knows what it will write names the topics right after open().
    void prepareTopics(const QStringList &topics);

    /// Records queued or in flight, not yet reported.
    int outstanding() const;
    /// Waits at most timeoutMs for outstanding records, reporting them as they complete, and
    /// returns how many are still undelivered. Blocking: never call it on a GUI thread.
    int flush(int timeoutMs);
    /// Flushes within timeoutMs, then destroys the handle; undelivered records are reported as
    /// failed (purged) so every produce() gets exactly one report.
    void close(int timeoutMs);

    void setShutdownTimeout(int ms) { m_shutdownTimeoutMs = ms; }
    int shutdownTimeout() const { return m_shutdownTimeoutMs; }

    /// How often librdkafka's queue woke this object up (for tests and metrics).
    quint64 wakeups() const;

signals:
    void delivered(const taskstream::kafka::DeliveryReport &report);
    /// Client-level errors (all brokers down, transport, authentication, fatal idempotence errors).
    void errorOccurred(const taskstream::kafka::KafkaError &error);

private:
    struct Private;
    std::unique_ptr<Private> d;
    int m_shutdownTimeoutMs = 5000;
};

} // namespace taskstream::kafka

Q_DECLARE_METATYPE(taskstream::kafka::DeliveryReport)

#pragma once
// Private to core/kafka: the only header that includes librdkafka. One deleter and one
// std::unique_ptr alias per librdkafka type, so every handle has exactly one owner.

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <memory>

#include <QLoggingCategory>
#include <QObject>

#include <librdkafka/rdkafka.h>

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

class QSocketNotifier;

namespace taskstream::kafka::detail {

struct HandleDeleter
{
    void operator()(rd_kafka_t *p) const { rd_kafka_destroy(p); }
};
struct ConfDeleter
{
    void operator()(rd_kafka_conf_t *p) const { rd_kafka_conf_destroy(p); }
};
struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *p) const { rd_kafka_queue_destroy(p); }
};
struct EventDeleter
{
    void operator()(rd_kafka_event_t *p) const { rd_kafka_event_destroy(p); }
};
struct MessageDeleter
{
    void operator()(rd_kafka_message_t *p) const { rd_kafka_message_destroy(p); }
};
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *p) const { rd_kafka_topic_partition_list_destroy(p); }
};
struct ErrorDeleter
{
    void operator()(rd_kafka_error_t *p) const { rd_kafka_error_destroy(p); }
};
struct AdminOptionsDeleter
{
    void operator()(rd_kafka_AdminOptions_t *p) const { rd_kafka_AdminOptions_destroy(p); }
};
struct MetadataDeleter
{
    void operator()(const rd_kafka_metadata_t *p) const { rd_kafka_metadata_destroy(p); }
};

using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;
using AdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

/// Builds a librdkafka configuration from \a config; a rejected property is named in *error.
ConfPtr makeConf(const KafkaConfig &config, KafkaError *error);
/// Turns an rd_kafka_error_t (which it takes ownership of) into a KafkaError.
KafkaError takeError(rd_kafka_error_t *error, const QString &context = {});

PartitionListPtr toRdList(const TopicPartitionList &list);
TopicPartitionList fromRdList(const rd_kafka_topic_partition_list_t *list);
KafkaMessage fromRdMessage(const rd_kafka_message_t *msg);

/// Logs a librdkafka LOG event at the matching Qt level.
void logEvent(rd_kafka_event_t *event);

/// Wakes the Qt event loop when a librdkafka queue turns non-empty.
/// librdkafka writes to an eventfd only on the empty -> non-empty edge
/// (rd_kafka_queue_io_event_enable); the QSocketNotifier on it emits readyRead(). The owner
/// serves a bounded batch and calls rearm() if the queue still holds events, which writes to
/// the eventfd itself so the notifier fires again on the next loop iteration: every wake-up goes
/// through the notifier and no timer is involved.
class QueueNotifier : public QObject
{
    Q_OBJECT
public:
    /// Takes a reference to \a queue (not ownership); call detach() before the queue dies.
    QueueNotifier(rd_kafka_queue_t *queue, QObject *parent);
    ~QueueNotifier() override;
    void detach();
    void rearm();
    quint64 wakeups() const { return m_wakeups; }

signals:
    void readyRead();

private:
    void onActivated();
    rd_kafka_queue_t *m_queue = nullptr;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    quint64 m_wakeups = 0;
};

} // namespace taskstream::kafka::detail

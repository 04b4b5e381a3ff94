#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"
#include "models/RecordDecoding.h"

#include <memory>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class QTimer;

namespace taskstream::kafka {
class KafkaAdmin;
class KafkaConsumer;
struct ClusterMetadata;
struct PartitionWatermarks;
} // namespace taskstream::kafka
namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream {
namespace console {

/// Where a browse starts in each partition.
struct BrowseRequest
{
    enum class From { Beginning, Offset, Latest, Timestamp };
    QString topic;
    int partition = -1; ///< -1: every partition
    From from = From::Latest;
    qint64 offset = 0;      ///< From::Offset: the first offset to read (clamped to what the partition keeps)
    int latestCount = 100;  ///< From::Latest: the last N records of each partition
    qint64 timestampMs = 0; ///< From::Timestamp: the first record at or after this time
    int maxRecords = 1000;  ///< stop after this many records in all
    int timeoutMs = 30000;
    /// A Schema Registry for Confluent-framed records (ids not seen yet are fetched meanwhile).
    QString schemaRegistryUrl;
};

/// Reads records of a topic without joining a group (assign-only, no commits): metadata, then
/// watermarks (and offsets for a time), then the records from the start position up to the high
/// watermark seen at the start. All of it asynchronous; recordsRead() comes in batches and
/// finished() exactly once per browse.
class TopicBrowser : public QObject
{
    Q_OBJECT
public:
    explicit TopicBrowser(QObject *parent = nullptr);
    ~TopicBrowser() override;

    /// \a config: bootstrap (and security) properties.
    void browse(const kafka::KafkaConfig &config, const BrowseRequest &request);
    void cancel();
    bool isBusy() const { return m_busy; }

signals:
    void recordsRead(const QList<taskstream::console::DecodedRecord> &records);
    /// Reading starts: at most \a records records lie between the start positions and the ends.
    void rangeKnown(qint64 records);
    /// \a count records were read; on a timeout or failure \a error says why.
    void finished(int count, const taskstream::kafka::KafkaError &error);

private:
    void onMetadata(quint64 id, const kafka::ClusterMetadata &metadata, const kafka::KafkaError &error);
    void onWatermarks(quint64 id, const QList<kafka::PartitionWatermarks> &marks, const kafka::KafkaError &error);
    void onOffsetsForTimes(quint64 id, const kafka::TopicPartitionList &offsets, const kafka::KafkaError &error);
    void startReading(const kafka::TopicPartitionList &start);
    void onMessages(const QList<kafka::KafkaMessage> &messages);
    void finish(const kafka::KafkaError &error);

    BrowseRequest m_request;
    kafka::KafkaConfig m_config;
    QPointer<kafka::KafkaAdmin> m_admin;
    QPointer<kafka::KafkaConsumer> m_consumer;
    std::unique_ptr<events::AsyncEventCodec> m_codec;
    QTimer *m_timeout;
    QHash<int, QPair<qint64, qint64>> m_marks; ///< partition -> (low, high)
    QHash<int, qint64> m_end;                  ///< partition -> high watermark still to reach
    QSet<int> m_probe; ///< partitions whose newest record checks a lookup by time answered "the end"
    bool m_busy = false;
    int m_count = 0;
};

} // namespace console
} // namespace taskstream

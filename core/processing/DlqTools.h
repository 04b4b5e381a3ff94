#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"
#include "processing/DeadLetter.h"

#include <memory>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

class QTimer;

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream::kafka {
class KafkaAdmin;
class KafkaConsumer;
class KafkaProducer;
struct DeliveryReport;
struct ClusterMetadata;
struct PartitionWatermarks;
} // namespace taskstream::kafka

namespace taskstream::store {
class Database;
}

namespace taskstream::processing {

/// One record of a DLQ topic with its diagnostics parsed and its payload decoded when possible.
struct DlqRecord
{
    QString topic; ///< the DLQ topic
    int partition = -1;
    qint64 offset = -1;
    qint64 timestampMs = -1;
    QByteArray key;
    QByteArray value;
    kafka::Headers headers;
    DeadLetterInfo info;
    QJsonObject payload; ///< CloudEvents JSON of the decoded event; empty when it does not decode
    QString decodeError; ///< why it does not decode ("code: message"), empty when it does
    /// "topic/partition/offset": how a record is selected for replay.
    QString coordinates() const;
    QJsonObject toJson() const;
};

/// The records as one JSON document (an array; key and value also in base64 so nothing is lost).
QByteArray exportDlqJson(const QList<DlqRecord> &records);

/// Reads a DLQ topic from its low to its high watermark without joining a group (assign-only, no
/// commits) and stops there. finished() is emitted exactly once per browse.
class DlqBrowser : public QObject
{
    Q_OBJECT
public:
    /// \a config: bootstrap and security properties.
    explicit DlqBrowser(const kafka::KafkaConfig &config, const events::CodecConfig &codec = {},
                        QObject *parent = nullptr);
    ~DlqBrowser() override;

    /// Reads at most \a maxRecords records (oldest first per partition) within \a timeoutMs.
    void browse(const QString &dlqTopic, int maxRecords = 10000, int timeoutMs = 30000);
    bool isBusy() const { return m_busy; }
    /// Whether finished() carries every record read (the default). Off: the records come only in
    /// recordsRead() batches and the browser keeps none of them, so a reader that keeps its own
    /// form of them (the console's DLQ view) never holds a large DLQ twice.
    void setKeepRecords(bool keep) { m_keepRecords = keep; }
    bool keepsRecords() const { return m_keepRecords; }

signals:
    /// The records of one fetch as they are read and decoded, before finished(): per partition in
    /// offset order, partitions interleaved.
    void recordsRead(const QList<taskstream::processing::DlqRecord> &records);
    /// On a timeout the records read so far come with a TimedOut error. \a records is empty when
    /// the browser does not keep them (setKeepRecords()).
    void finished(const QList<taskstream::processing::DlqRecord> &records, const taskstream::kafka::KafkaError &error);

private:
    void onMetadata(quint64 id, const kafka::ClusterMetadata &metadata, const kafka::KafkaError &error);
    void onWatermarks(quint64 id, const QList<kafka::PartitionWatermarks> &marks, const kafka::KafkaError &error);
    void onMessages(const QList<kafka::KafkaMessage> &messages);
    void finish(const kafka::KafkaError &error);

    kafka::KafkaConfig m_config;
    events::CodecConfig m_codecConfig;
    /// Made once per browser: building a codec (its schemas) per batch of records cost more than
    /// decoding the batch.
    std::unique_ptr<events::AsyncEventCodec> m_codec;
    kafka::KafkaAdmin *m_admin = nullptr;
    kafka::KafkaConsumer *m_consumer = nullptr;
    QTimer *m_timeout = nullptr;
    QString m_topic;
    int m_max = 0;
    bool m_busy = false;
    quint64 m_request = 0;
    QHash<int, qint64> m_end; ///< partition -> high watermark still to reach
    QList<DlqRecord> m_records;
    int m_read = 0; ///< records read in this browse
    bool m_keepRecords = true;
};

/// What to replay.
struct ReplayRequest
{
    QString requestId;        ///< a replay request is carried out at most once; empty: a new id is made
    QList<DlqRecord> records; ///< the selection (from a browse)
    bool dryRun = false;      ///< report what would happen, publish nothing, record nothing
    int maxReplays = 3;       ///< loop guard: a record replayed this often already is refused
};

struct ReplayItem
{
    enum Status { WouldReplay, Replayed, Refused, AlreadyReplayed, Failed };
    QString coordinates; ///< the DLQ record, topic/partition/offset
    QString target;      ///< original topic/partition it goes back to
    QString group;       ///< the only group that processes the replay; empty: every group on the topic
    Status status = Refused;
    QString reason;
    qint64 targetOffset = -1;
    static QString statusName(Status s);
};

struct ReplayReport
{
    QString requestId;
    bool dryRun = false;
    QList<ReplayItem> items;
    int count(ReplayItem::Status s) const;
    QJsonObject toJson() const;
};

/// Publishes selected DLQ records back to their original topic and partition with their original
/// key, value and headers, plus replay.count (+1), replayed.from and replay.request; the
/// diagnostics of the failure move into dlq.history. Each (request, DLQ record) is recorded in
/// the database before it is published, so repeating a request publishes nothing twice.
class DlqReplayer : public QObject
{
    Q_OBJECT
public:
    /// \a config: bootstrap and security properties for the producer.
    DlqReplayer(store::Database *db, const kafka::KafkaConfig &config, QObject *parent = nullptr);
    ~DlqReplayer() override;

    /// Starts a replay; finished() carries the returned ticket, exactly once.
    quint64 replay(ReplayRequest request);

signals:
    void finished(quint64 ticket, const taskstream::processing::ReplayReport &report);

private:
    struct Job;
    void onDelivered(const kafka::DeliveryReport &report);
    void complete(quint64 ticket);

    store::Database *m_db;
    kafka::KafkaConfig m_config;
    kafka::KafkaProducer *m_producer = nullptr;
    quint64 m_nextTicket = 1;
    QHash<quint64, std::shared_ptr<Job>> m_jobs;
    QHash<quint64, QPair<quint64, int>> m_inFlight; ///< produce id -> (ticket, item index)
};

/// The records of \a records whose coordinates are in \a selection (all when empty).
QList<DlqRecord> selectDlqRecords(const QList<DlqRecord> &records, const QStringList &selection);

} // namespace taskstream::processing

Q_DECLARE_METATYPE(taskstream::processing::DlqRecord)
Q_DECLARE_METATYPE(taskstream::processing::ReplayReport)

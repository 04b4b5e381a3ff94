#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace taskstream::kafka {
class KafkaConsumer;
}

namespace taskstream {
namespace console {

/// Reads the time of one record per partition at a given offset, without joining a group
/// (assign-only, never commits): how old a group's oldest unconsumed record is. One consumer
/// handle is kept across readings; a reading is bounded by its timeout and finished() comes
/// exactly once per read(). A partition asked for twice at different offsets is read in turns.
class RecordAgeReader : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        QString topic;
        int partition = -1;
        qint64 offset = kafka::OffsetInvalid;       ///< where the record was looked for
        qint64 recordOffset = kafka::OffsetInvalid; ///< the first record at or after it
        qint64 timestampMs = -1;                    ///< -1 when no record (or no time) was read
        QString error;                              ///< translated, why there is no time
    };

    explicit RecordAgeReader(QObject *parent = nullptr);
    ~RecordAgeReader() override;

    /// Where and how to read (the connection's client settings, with its security settings); a
    /// change closes the handle (the next reading opens a new one).
    void setClientConfig(const kafka::KafkaConfig &config);
    /// Starts a reading of \a positions (topic, partition, offset >= 0). False while one is under way.
    bool read(const kafka::TopicPartitionList &positions, int timeoutMs);
    bool isBusy() const { return m_busy; }
    /// Ends a reading under way without a report and closes the handle.
    void close();

signals:
    /// One result per position asked for, in the same order.
    void finished(const QList<taskstream::console::RecordAgeReader::Result> &results);

private:
    void startRound();
    void onMessages(const QList<kafka::KafkaMessage> &messages);
    void endRound(bool timedOut);
    void finish();

    kafka::KafkaConfig m_config;
    QPointer<kafka::KafkaConsumer> m_consumer;
    QTimer *m_timer;
    QList<Result> m_results;
    QList<int> m_waiting;        ///< indexes into m_results not yet read
    QHash<QString, int> m_round; ///< "topic/partition" -> index read in this round
    QString m_lastError;
    int m_timeoutMs = 5000;
    bool m_busy = false;
};

} // namespace console
} // namespace taskstream

Q_DECLARE_METATYPE(taskstream::console::RecordAgeReader::Result)

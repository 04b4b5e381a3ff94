#pragma once

#include "common/Clock.h"
#include "kafka/KafkaTypes.h"
#include "processing/DeadLetter.h"

#include <functional>

#include <QHash>
#include <QObject>
#include <QString>

namespace taskstream::processing {

/// What a consumer group says in its log about dead-lettered records, readable in a storm: per
/// error class, the first record is logged in full; the ones after it are counted and summed up
/// in one line per interval ("1234 records of class decode.bad-magic dead-lettered in the last
/// 10 s; first at todo.tasks.events/3@120"). An interval without records of the class ends its
/// burst: the next one is logged in full again. The detail of every record is in its DLQ headers.
class DeadLetterLog : public QObject
{
    Q_OBJECT
public:
    /// Receives each line (the runner's sink writes it to the taskstream.processing category).
    using Sink = std::function<void(const QString &line)>;

    /// \a clock times the intervals; null is the system clock.
    DeadLetterLog(QString group, QString dlqTopic, Clock *clock, int intervalMs = 10000, QObject *parent = nullptr);
    ~DeadLetterLog() override;

    void setSink(Sink sink) { m_sink = std::move(sink); }
    int intervalMs() const { return m_intervalMs; }

    /// \a original was written to the DLQ at \a dlqOffset.
    void record(const kafka::KafkaMessage &original, const FailureInfo &failure, qint64 dlqOffset);
    /// Writes the summaries of the current intervals now (when the runner stops) and ends the bursts.
    void flush();

private:
    struct Burst;
    void summarize(const QString &errorClass, bool ending);

    QString m_group;
    QString m_dlqTopic;
    Clock *m_clock;
    int m_intervalMs;
    Sink m_sink;
    QHash<QString, Burst *> m_bursts; ///< error class -> its burst (owned)
};

} // namespace taskstream::processing

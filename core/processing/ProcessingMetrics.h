#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace taskstream::processing {

/// A fixed-bucket histogram (Prometheus style: cumulative counts are derived when exported).
class Histogram
{
public:
    /// Upper bounds in seconds, ascending; an implicit +Inf bucket follows.
    explicit Histogram(QList<double> bounds = defaultBounds());
    void observe(double seconds);
    const QList<double> &bounds() const { return m_bounds; }
    /// Per bucket (not cumulative), bounds().size() + 1 entries, the last one +Inf.
    const QList<quint64> &counts() const { return m_counts; }
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }
    /// 100 µs .. 10 s.
    static QList<double> defaultBounds();

private:
    QList<double> m_bounds;
    QList<quint64> m_counts;
    quint64 m_count = 0;
    double m_sum = 0;
};

/// A partition whose next records are gone from the broker (below the log start: retention, or the
/// embedded broker's size limit). It stays stopped until an administrator acknowledges the gap.
struct StalledPartition
{
    qint64 from = -1; ///< the first missing offset (the one the group was to read next)
    qint64 to = -1;   ///< the log start when the stall was seen (first offset still there); -1 unknown
    qint64 sinceMs = 0;
    QString reason;
};

/// What a consumer runner counts, read by the daemon's /metrics. Lives on the runner's thread.
struct ProcessingMetrics
{
    quint64 processed = 0; ///< records whose effect committed (ledger row written)
    /// processed, by event type (ce_type; empty when a record had no type header).
    QHash<QString, quint64> processedByType;
    quint64 duplicates = 0;       ///< records already in the ledger: no effect
    quint64 skipped = 0;          ///< unknown event types skipped by policy, and replays meant for another group
    quint64 retries = 0;          ///< retriable failures scheduled for another attempt
    quint64 deadLettered = 0;     ///< records written to the DLQ
    quint64 decodeErrors = 0;     ///< records that could not be decoded (they go to the DLQ)
    quint64 dlqWriteFailures = 0; ///< failed DLQ writes (each stops its partition until it succeeds)
    quint64 commitFailures = 0;   ///< offset commits that failed (retried with the next commit)
    quint64 storeFailures = 0;    ///< batches rolled back because the database failed
    quint64 offsetCommits = 0;    ///< successful offset commits
    int pausedPartitions = 0;     ///< partitions waiting for a retry or a DLQ write
    int dlqBlockedPartitions = 0; ///< alert: partitions stopped because the DLQ cannot be written
    Histogram handlerSeconds;     ///< time in handlers per record
    /// "topic/partition" -> high watermark minus the next offset to commit, as last seen.
    QHash<QString, qint64> lag;
    /// "topic/partition" -> the stalled partitions of this member (see StalledPartition).
    QHash<QString, StalledPartition> stalled;
    /// "topic/partition" of every partition assigned to this member now.
    QSet<QString> assigned;
};

} // namespace taskstream::processing

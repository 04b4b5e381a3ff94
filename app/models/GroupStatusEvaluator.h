#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace taskstream {
namespace console {

/// One observation of one partition of a consumer group.
struct LagSample
{
    qint64 timeMs = 0;
    qint64 committed = -1; ///< negative when the group has committed nothing on the partition
    qint64 high = -1;
    qint64 lag = 0;
};

/// The recent observations of one partition, oldest first.
struct PartitionWindow
{
    QString topic;
    int partition = -1;
    QList<LagSample> samples;
};

/// A group's status in the style of Burrow's evaluation rules, worst last.
enum class GroupStatus { Ok, Warn, Stall, Stop, Err };

struct GroupStatusResult
{
    GroupStatus status = GroupStatus::Ok;
    QString reason; ///< translated, shown next to the status
};

/// Judges a consumer group from a window of lag samples per partition (a pure function, no I/O):
/// - OK: lag is zero, or the committed offset advances and lag does not grow in every sample;
/// - WARN: the committed offset advances but lag grows over the whole window;
/// - STALL: the committed offset stands still while lag is above zero;
/// - STOP: lag above zero and no commit for stopAfterMs or more, no commit at all, or the group
///   has no members;
/// - ERR: the lag could not be fetched.
/// The group gets its worst partition's status; the reason names that partition.
class GroupStatusEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(taskstream::console::GroupStatusEvaluator)
public:
    /// \a stopAfterMs: how long a committed offset may stand still with lag before STOP.
    explicit GroupStatusEvaluator(qint64 stopAfterMs = 5 * 60 * 1000) : m_stopAfterMs(stopAfterMs) {}

    /// \a fetchError: why the lag could not be read (empty when it could). \a groupEmpty: the
    /// broker says the group has no members.
    GroupStatusResult evaluate(const QList<PartitionWindow> &partitions, qint64 nowMs, const QString &fetchError = {},
                               bool groupEmpty = false) const;
    GroupStatusResult evaluatePartition(const PartitionWindow &window, qint64 nowMs, bool groupEmpty) const;

    static QString statusName(GroupStatus status);

private:
    qint64 m_stopAfterMs;
};

} // namespace console
} // namespace taskstream

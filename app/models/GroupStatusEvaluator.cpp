#include "GroupStatusEvaluator.h"

namespace taskstream {
namespace console {

QString GroupStatusEvaluator::statusName(GroupStatus status)
{
    switch (status) {
    case GroupStatus::Ok:
        return QStringLiteral("OK");
    case GroupStatus::Warn:
        return QStringLiteral("WARN");
    case GroupStatus::Stall:
        return QStringLiteral("STALL");
    case GroupStatus::Stop:
        return QStringLiteral("STOP");
    case GroupStatus::Err:
        return QStringLiteral("ERR");
    }
    return {};
}

GroupStatusResult GroupStatusEvaluator::evaluatePartition(const PartitionWindow &window, qint64 nowMs,
                                                          bool groupEmpty) const
{
    const QString where = QStringLiteral("%1 [%2]").arg(window.topic).arg(window.partition);
    if (window.samples.isEmpty())
        return {GroupStatus::Ok, tr("%1: no samples yet").arg(where)};
    const LagSample &last = window.samples.last();
    if (last.lag <= 0)
        return {GroupStatus::Ok, tr("%1: no lag").arg(where)};
    if (last.committed < 0)
        return {GroupStatus::Stop, tr("%1: lag %2 and nothing committed").arg(where).arg(last.lag)};
    if (groupEmpty)
        return {GroupStatus::Stop, tr("%1: lag %2 and the group has no members").arg(where).arg(last.lag)};

    // Since when has the committed offset stood where it is now (within the window)?
    qint64 unchangedSinceMs = last.timeMs;
    for (int i = window.samples.size() - 1; i >= 0 && window.samples.at(i).committed == last.committed; --i)
        unchangedSinceMs = window.samples.at(i).timeMs;
    const bool advanced = window.samples.first().committed != last.committed;

    if (!advanced) {
        if (window.samples.size() < 2)
            return {GroupStatus::Ok, tr("%1: lag %2; waiting for more samples").arg(where).arg(last.lag)};
        const qint64 standingMs = nowMs - unchangedSinceMs;
        if (standingMs >= m_stopAfterMs) {
            return {GroupStatus::Stop,
                    tr("%1: lag %2 and no commit for %3 s").arg(where).arg(last.lag).arg(standingMs / 1000)};
        }
        return {GroupStatus::Stall,
                tr("%1: lag %2 while the committed offset stays at %3").arg(where).arg(last.lag).arg(last.committed)};
    }

    bool growing = window.samples.size() >= 2;
    for (int i = 1; i < window.samples.size(); ++i) {
        if (window.samples.at(i).lag <= window.samples.at(i - 1).lag)
            growing = false;
    }
    if (growing) {
        return {GroupStatus::Warn, tr("%1: lag grew from %2 to %3 while offsets advance")
                                       .arg(where)
                                       .arg(window.samples.first().lag)
                                       .arg(last.lag)};
    }
    return {GroupStatus::Ok, tr("%1: committing, lag %2").arg(where).arg(last.lag)};
}

GroupStatusResult GroupStatusEvaluator::evaluate(const QList<PartitionWindow> &partitions, qint64 nowMs,
                                                 const QString &fetchError, bool groupEmpty) const
{
    if (!fetchError.isEmpty())
        return {GroupStatus::Err, tr("lag could not be read: %1").arg(fetchError)};
    if (partitions.isEmpty())
        return {GroupStatus::Ok, tr("no partitions to watch")};

    GroupStatusResult worst;
    int worstCount = 0;
    bool anyLag = false;
    for (const PartitionWindow &window : partitions) {
        const GroupStatusResult r = evaluatePartition(window, nowMs, groupEmpty);
        if (!window.samples.isEmpty() && window.samples.last().lag > 0)
            anyLag = true;
        if (worstCount == 0 || r.status > worst.status) {
            worst = r;
            worstCount = 1;
        } else if (r.status == worst.status) {
            ++worstCount;
        }
    }
    if (worst.status == GroupStatus::Ok) {
        if (partitions.size() == 1)
            return worst;
        return {GroupStatus::Ok, anyLag ? tr("all partitions committing") : tr("no lag")};
    }
    if (worstCount > 1)
        worst.reason = tr("%1 (and %n more partition(s))", nullptr, worstCount - 1).arg(worst.reason);
    return worst;
}

} // namespace console
} // namespace taskstream

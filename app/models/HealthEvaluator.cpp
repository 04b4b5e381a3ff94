#include "models/HealthEvaluator.h"

#include "models/ConsumerGroupsModel.h"

#include <QStringList>

namespace taskstream {
namespace console {

HealthBadge HealthEvaluator::groups(const QList<GroupState> &groups) const
{
    HealthBadge badge;
    if (groups.isEmpty()) {
        badge.text = tr("Groups: unknown");
        badge.toolTip = tr("No consumer group has been judged yet");
        return badge;
    }
    // Counted worst first, as "2 STOP, 1 WARN".
    const GroupStatus order[] = {GroupStatus::Err, GroupStatus::Stop, GroupStatus::Stall, GroupStatus::Warn};
    QStringList parts;
    QStringList details;
    GroupStatus worst = GroupStatus::Ok;
    for (GroupStatus status : order) {
        int n = 0;
        for (const GroupState &g : groups) {
            if (g.status != status)
                continue;
            ++n;
            details.append(tr("%1: %2 — %3").arg(g.group, GroupStatusEvaluator::statusName(status), g.reason));
        }
        if (n > 0) {
            parts.append(QStringLiteral("%1 %2").arg(n).arg(GroupStatusEvaluator::statusName(status)));
            if (worst == GroupStatus::Ok)
                worst = status;
        }
    }
    if (parts.isEmpty()) {
        badge.text = tr("Groups: OK");
        badge.toolTip = tr("All %n consumer group(s) keep up", nullptr, int(groups.size()));
        badge.level = HealthBadge::Level::Ok;
        return badge;
    }
    badge.text = tr("Groups: %1").arg(parts.join(QLatin1String(", ")));
    badge.toolTip = details.join(QLatin1Char('\n'));
    badge.level = worst == GroupStatus::Warn ? HealthBadge::Level::Warning : HealthBadge::Level::Error;
    return badge;
}

HealthBadge HealthEvaluator::dlq(const QList<DlqCount> &counts) const
{
    HealthBadge badge;
    qint64 total = 0;
    int queues = 0;
    int known = 0;
    QStringList details;
    for (const DlqCount &c : counts) {
        if (c.records < 0)
            continue;
        ++known;
        if (c.records == 0)
            continue;
        total += c.records;
        ++queues;
        details.append(tr("%1: %2 record(s)").arg(c.topic).arg(c.records));
    }
    if (known == 0) {
        badge.text = tr("DLQ: unknown");
        badge.toolTip = tr("The dead-letter queues have not been read yet");
        return badge;
    }
    if (total == 0) {
        badge.text = tr("DLQ: empty");
        badge.toolTip = tr("No record in any of the %n dead-letter queue(s)", nullptr, known);
        badge.level = HealthBadge::Level::Ok;
        return badge;
    }
    badge.text = tr("DLQ: %1 records in %n queue(s)", nullptr, queues).arg(total);
    badge.toolTip = details.join(QLatin1Char('\n'));
    badge.level = HealthBadge::Level::Error;
    return badge;
}

HealthBadge HealthEvaluator::outbox(const OutboxHealth &outbox) const
{
    HealthBadge badge;
    if (!outbox.configured) {
        badge.text = tr("Outbox: unknown (no daemon API set)");
        badge.toolTip = tr("Set the daemon's URL and token in the connection profile to see its outbox");
        return badge;
    }
    if (!outbox.known) {
        badge.text = tr("Outbox: unknown");
        badge.toolTip =
            outbox.error.isEmpty() ? tr("Asking the daemon…") : tr("The daemon did not answer: %1").arg(outbox.error);
        return badge;
    }
    QString failed;
    if (outbox.failed > 0)
        failed = tr("%n record(s) could never be delivered (see Dead-letter queues › Failed outbox records)", nullptr,
                    int(outbox.failed));
    const QString age = ConsumerGroupsModel::formatAge(outbox.oldestPendingAgeSeconds * 1000);
    if (outbox.pending > 0 && outbox.oldestPendingAgeSeconds >= m_stuckAfterSeconds) {
        badge.text = tr("Outbox: stuck");
        badge.toolTip =
            tr("%n record(s) pending, the oldest for %1: the relay does not publish", nullptr, int(outbox.pending))
                .arg(age);
        badge.level = HealthBadge::Level::Error;
    } else if (outbox.pending > 0) {
        badge.text = tr("Outbox: %n pending, oldest %1", nullptr, int(outbox.pending)).arg(age);
        badge.toolTip = tr("Records committed and not yet acknowledged by Kafka");
        badge.level = HealthBadge::Level::Warning;
    } else {
        badge.text = tr("Outbox: OK");
        badge.toolTip = tr("Nothing waits to be published");
        badge.level = outbox.failed > 0 ? HealthBadge::Level::Warning : HealthBadge::Level::Ok;
    }
    if (!failed.isEmpty())
        badge.toolTip += QLatin1Char('\n') + failed;
    return badge;
}

} // namespace console
} // namespace taskstream

#include "models/RemindersModel.h"

#include "models/DaemonTimes.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace taskstream {
namespace console {

ReminderRow ReminderRow::fromJson(const QJsonObject &json)
{
    ReminderRow r;
    r.id = json.value(QStringLiteral("id")).toString();
    r.taskId = json.value(QStringLiteral("task_id")).toString();
    r.userId = json.value(QStringLiteral("user_id")).toString();
    r.title = json.value(QStringLiteral("title")).toString();
    r.status = json.value(QStringLiteral("status")).toString();
    r.remindAt = daemonTime(json.value(QStringLiteral("remind_at"))).value_or(QDateTime());
    r.firedAt = daemonTime(json.value(QStringLiteral("fired_at")));
    r.dismissedAt = daemonTime(json.value(QStringLiteral("dismissed_at")));
    r.late = json.value(QStringLiteral("late")).toBool();
    if (json.value(QStringLiteral("partition")).isDouble())
        r.partition = json.value(QStringLiteral("partition")).toInt();
    if (json.value(QStringLiteral("lateness_seconds")).isDouble())
        r.latenessSeconds = json.value(QStringLiteral("lateness_seconds")).toDouble();
    r.overdue = json.value(QStringLiteral("overdue")).toBool();
    const QJsonObject task = json.value(QStringLiteral("task")).toObject();
    r.taskStatus = task.value(QStringLiteral("status")).toString();
    r.taskDueDate = daemonTime(task.value(QStringLiteral("due_date")));
    return r;
}

TriggerState TriggerState::fromJson(const QJsonObject &trigger)
{
    TriggerState t;
    t.answered = !trigger.isEmpty();
    t.runsHere = trigger.value(QStringLiteral("runs_here")).toBool();
    t.instanceId = trigger.value(QStringLiteral("instance_id")).toString();
    if (trigger.value(QStringLiteral("owned_partitions")).isArray()) {
        QList<int> owned;
        for (const QJsonValue &v : trigger.value(QStringLiteral("owned_partitions")).toArray())
            owned << v.toInt();
        t.owned = owned;
    }
    const QString topic = trigger.value(QStringLiteral("topic")).toString(QStringLiteral("todo.reminders.events"));
    for (const QJsonValue &v : trigger.value(QStringLiteral("stalled_partitions")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("topic")).toString(topic) != topic)
            continue;
        t.stalled.insert(s.value(QStringLiteral("partition")).toInt(),
                         RemindersModel::tr("since %1: %2")
                             .arg(localTimeText(daemonTime(s.value(QStringLiteral("since"))).value_or(QDateTime())),
                                  s.value(QStringLiteral("reason")).toString()));
    }
    return t;
}

QString TriggerState::ownerOf(int partition) const
{
    if (brokerOwners)
        return brokerOwners->value(partition, RemindersModel::tr("no member"));
    if (owned && owned->contains(partition))
        return instanceId.isEmpty() ? RemindersModel::tr("the connected daemon")
                                    : RemindersModel::tr("the connected daemon (%1)").arg(instanceId);
    return {};
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    if (s < 60)
        return RemindersModel::tr("%1 s").arg(s);
    if (s < 3600)
        return RemindersModel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return RemindersModel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return RemindersModel::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString explainReminder(const ReminderRow &row, const TriggerState &trigger, const QDateTime &now)
{
    QStringList out;
    const QString taskNote =
        row.taskStatus == QLatin1String("completed") ? RemindersModel::tr("Its task is completed.")
        : row.taskStatus == QLatin1String("deleted") ? RemindersModel::tr("Its task was deleted.")
        : row.taskStatus == QLatin1String("missing")
            ? RemindersModel::tr("Its task is not in the daemon's database (erased, or the scheduler writes to "
                                 "another database).")
            : QString();
    if (row.status == QLatin1String("fired")) {
        out << RemindersModel::tr("Fired at %1, %2 after its time%3.")
                   .arg(localTimeText(row.firedAt.value_or(QDateTime())),
                        formatDuration(row.latenessSeconds.value_or(0)),
                        row.late ? RemindersModel::tr(" (late: more than 60 s)") : QString());
        return out.join(QLatin1Char(' '));
    }
    if (row.status == QLatin1String("dismissed")) {
        out << RemindersModel::tr("Dismissed at %1; a dismissed reminder never fires.")
                   .arg(localTimeText(row.dismissedAt.value_or(QDateTime())));
        if (!taskNote.isEmpty())
            out << taskNote << RemindersModel::tr("Completing or deleting a task dismisses its pending reminders.");
        return out.join(QLatin1Char(' '));
    }
    const bool overdue = row.overdue || (row.remindAt.isValid() && row.remindAt < now);
    if (!overdue) {
        out << RemindersModel::tr("Pending: due in %1.").arg(formatDuration(now.msecsTo(row.remindAt) / 1000.0));
        if (row.partition) {
            const QString owner = trigger.ownerOf(*row.partition);
            out << (owner.isEmpty()
                        ? RemindersModel::tr("Its timer is armed by the owner of partition %1.").arg(*row.partition)
                        : RemindersModel::tr("Its timer is armed by the owner of partition %1: %2.")
                              .arg(*row.partition)
                              .arg(owner));
        }
        return out.join(QLatin1Char(' '));
    }
    out << RemindersModel::tr("Overdue by %1 and still pending. Why it has not fired:")
               .arg(formatDuration(row.latenessSeconds.value_or(row.remindAt.msecsTo(now) / 1000.0)));
    if (!taskNote.isEmpty())
        out << taskNote
            << RemindersModel::tr(
                   "The scheduler dismisses the reminders of a completed or deleted task when it reads that event: "
                   "check reminder-scheduler-cg's lag and DLQ.");
    if (!row.partition) {
        out << RemindersModel::tr(
            "No partition is recorded: reminder-trigger-cg has not read its ReminderScheduled yet, so no "
            "instance arms its timer. Check that group's lag and DLQ.");
        return out.join(QLatin1Char(' '));
    }
    const int p = *row.partition;
    if (trigger.stalled.contains(p))
        out << RemindersModel::tr(
                   "Partition %1 of todo.reminders.events is stalled for reminder-trigger-cg (%2): acknowledge the "
                   "gap in the Consumer groups tab.")
                   .arg(p)
                   .arg(trigger.stalled.value(p));
    if (trigger.brokerOwners) {
        if (!trigger.brokerOwners->contains(p))
            out << RemindersModel::tr(
                       "No member of reminder-trigger-cg owns partition %1: is a daemon with the reminder-trigger "
                       "role running?")
                       .arg(p);
        else
            out << RemindersModel::tr(
                       "Partition %1 is owned by %2, which should have fired it: look at that member's log "
                       "(taskstream.reminders) for database errors.")
                       .arg(p)
                       .arg(trigger.brokerOwners->value(p));
    } else if (trigger.owned) {
        if (trigger.owned->contains(p))
            out << RemindersModel::tr(
                       "The connected daemon owns partition %1 and should have fired it: look at its log "
                       "(taskstream.reminders) for database errors.")
                       .arg(p);
        else
            out << RemindersModel::tr(
                       "The connected daemon does not own partition %1 and the broker cannot tell which member does: "
                       "check the other daemons with the reminder-trigger role.")
                       .arg(p);
    } else {
        out << RemindersModel::tr(
                   "The connected daemon runs no reminder trigger and the broker cannot tell which member owns "
                   "partition %1: is a daemon with the reminder-trigger role running?")
                   .arg(p);
    }
    return out.join(QLatin1Char(' '));
}

RemindersModel::RemindersModel(QObject *parent) : QAbstractTableModel(parent) {}

void RemindersModel::setReminders(const QList<ReminderRow> &rows, const TriggerState &trigger, const QDateTime &now)
{
    beginResetModel();
    const auto owners = m_trigger.brokerOwners;
    m_rows = rows;
    m_trigger = trigger;
    if (!m_trigger.brokerOwners)
        m_trigger.brokerOwners = owners;
    m_now = now;
    endResetModel();
}

void RemindersModel::setBrokerOwners(const std::optional<QHash<int, QString>> &owners)
{
    m_trigger.brokerOwners = owners;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RemindersModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_trigger = {};
    endResetModel();
}

int RemindersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RemindersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RemindersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ReminderRow &r = m_rows.at(index.row());
    const bool overdue = r.status == QLatin1String("pending") && (r.overdue || r.remindAt < m_now);
    switch (role) {
    case IdRole:
        return r.id;
    case ExplanationRole:
        return explainReminder(r, m_trigger, m_now);
    case Qt::ToolTipRole:
        return explainReminder(r, m_trigger, m_now);
    case Qt::ForegroundRole:
        if (overdue && (index.column() == StatusColumn || index.column() == LatenessColumn))
            return QBrush(QColor(0xb0, 0x00, 0x20));
        return {};
    case SortRole:
        switch (index.column()) {
        case DueColumn:
            return r.remindAt.toMSecsSinceEpoch();
        case LatenessColumn:
            return r.latenessSeconds.value_or(-1);
        case PartitionColumn:
            return r.partition.value_or(-1);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            if (overdue)
                return tr("pending (overdue)");
            if (r.status == QLatin1String("pending"))
                return tr("pending");
            if (r.status == QLatin1String("fired"))
                return r.late ? tr("fired (late)") : tr("fired");
            if (r.status == QLatin1String("dismissed"))
                return tr("dismissed");
            return r.status;
        case TitleColumn:
            return r.title;
        case DueColumn:
            return localTimeText(r.remindAt);
        case LatenessColumn:
            if (!r.latenessSeconds)
                return QString();
            return r.status == QLatin1String("fired") ? tr("%1 late").arg(formatDuration(*r.latenessSeconds))
                                                      : tr("waiting %1").arg(formatDuration(*r.latenessSeconds));
        case PartitionColumn:
            return r.partition ? QString::number(*r.partition) : tr("none yet");
        case OwnerColumn: {
            if (!r.partition)
                return QString();
            const QString owner = m_trigger.ownerOf(*r.partition);
            if (m_trigger.stalled.contains(*r.partition))
                return owner.isEmpty() ? tr("stalled") : tr("%1, stalled").arg(owner);
            return owner.isEmpty() ? tr("unknown") : owner;
        }
        case TaskColumn:
            if (r.taskStatus == QLatin1String("pending"))
                return tr("open");
            if (r.taskStatus == QLatin1String("completed"))
                return tr("completed");
            if (r.taskStatus == QLatin1String("deleted"))
                return tr("deleted");
            if (r.taskStatus == QLatin1String("missing"))
                return tr("missing");
            return r.taskStatus;
        case UserColumn:
            return r.userId;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant RemindersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case TitleColumn:
        return tr("Title");
    case DueColumn:
        return tr("Due");
    case LatenessColumn:
        return tr("Lateness");
    case PartitionColumn:
        return tr("Partition");
    case OwnerColumn:
        return tr("Owner");
    case TaskColumn:
        return tr("Task");
    case UserColumn:
        return tr("User");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

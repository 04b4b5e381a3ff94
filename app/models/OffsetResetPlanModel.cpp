#include "OffsetResetPlanModel.h"

#include <QColor>
#include <QLocale>

namespace taskstream {
namespace console {

OffsetResetPlanModel::OffsetResetPlanModel(QObject *parent) : QAbstractTableModel(parent) {}

QList<OffsetResetPlanModel::Row> OffsetResetPlanModel::plan(const QList<kafka::PartitionLag> &lags,
                                                            const QString &topic, ResetTarget target, qint64 value,
                                                            int partition)
{
    QList<Row> rows;
    for (const kafka::PartitionLag &l : lags) {
        if (!topic.isEmpty() && l.topic != topic)
            continue;
        if (target == ResetTarget::Offset && l.partition != partition)
            continue;
        Row r;
        r.topic = l.topic;
        r.partition = l.partition;
        r.committed = l.committed;
        r.low = l.low;
        r.high = l.high;
        if (l.error.isError() || l.low < 0 || l.high < 0) {
            r.note = tr("offsets unknown (%1)").arg(l.error.isError() ? l.error.toString() : tr("no watermarks"));
            rows << r;
            continue;
        }
        switch (target) {
        case ResetTarget::Earliest:
            r.newOffset = l.low;
            break;
        case ResetTarget::Latest:
            r.newOffset = l.high;
            break;
        case ResetTarget::Offset:
            r.newOffset = qBound(l.low, value, l.high);
            if (r.newOffset != value)
                r.note = tr("%1 is outside what the partition keeps (%2 to %3)")
                             .arg(QLocale().toString(value), QLocale().toString(l.low), QLocale().toString(l.high));
            break;
        case ResetTarget::Timestamp:
            r.note = tr("looking up the offset for that time…");
            break;
        }
        rows << r;
    }
    return rows;
}

void OffsetResetPlanModel::applyOffsetsForTimes(QList<Row> &rows, const kafka::TopicPartitionList &answers,
                                                const kafka::KafkaError &error)
{
    for (Row &r : rows) {
        if (r.low < 0 || r.high < 0)
            continue;
        if (error.isError()) {
            r.newOffset = kafka::OffsetInvalid;
            r.note = tr("no offset for that time: %1").arg(error.toString());
            continue;
        }
        r.newOffset = kafka::OffsetInvalid;
        r.note = tr("the broker gave no offset for that time");
        for (const kafka::TopicPartition &a : answers) {
            if (a.topic != r.topic || a.partition != r.partition)
                continue;
            if (a.offset == kafka::OffsetEnd) {
                r.newOffset = r.high;
                r.note = tr("no record at or after that time: the end");
            } else if (a.offset >= 0) {
                r.newOffset = qBound(r.low, a.offset, r.high);
                r.note.clear();
            }
        }
    }
}

void OffsetResetPlanModel::setRows(const QList<Row> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

kafka::TopicPartitionList OffsetResetPlanModel::offsetsToCommit() const
{
    kafka::TopicPartitionList out;
    for (const Row &r : m_rows) {
        if (r.newOffset >= 0)
            out.append({r.topic, r.partition, r.newOffset});
    }
    return out;
}

qint64 OffsetResetPlanModel::lagAt(const Row &row, qint64 offset)
{
    if (row.high < 0 || offset < 0)
        return -1;
    return qMax<qint64>(0, row.high - offset);
}

qint64 OffsetResetPlanModel::currentLag(const Row &row)
{
    if (row.high < 0)
        return -1;
    return lagAt(row, row.committed >= 0 ? row.committed : qMax<qint64>(0, row.low));
}

qint64 OffsetResetPlanModel::skippedUnread(const Row &row)
{
    if (row.newOffset < 0 || row.low < 0)
        return 0;
    const qint64 next = qMax(row.low, row.committed >= 0 ? row.committed : row.low);
    return qMax<qint64>(0, row.newOffset - next);
}

qint64 OffsetResetPlanModel::skippedUnread(int *partitions) const
{
    qint64 total = 0;
    int rows = 0;
    for (const Row &r : m_rows) {
        const qint64 n = skippedUnread(r);
        total += n;
        rows += n > 0 ? 1 : 0;
    }
    if (partitions)
        *partitions = rows;
    return total;
}

int OffsetResetPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OffsetResetPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OffsetResetPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const QLocale locale;
    if (role == SortRole) {
        switch (index.column()) {
        case PartitionColumn:
            return QStringLiteral("%1/%2").arg(r.topic).arg(r.partition, 6, 10, QLatin1Char('0'));
        case CommittedColumn:
            return r.committed;
        case NewOffsetColumn:
            return r.newOffset;
        case LagChangeColumn:
            return r.newOffset >= 0 ? lagAt(r, r.newOffset) - currentLag(r) : QVariant();
        case NoteColumn:
            return r.note;
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case PartitionColumn:
            return QStringLiteral("%1 [%2]").arg(r.topic).arg(r.partition);
        case CommittedColumn:
            return r.committed >= 0 ? locale.toString(r.committed) : tr("none");
        case NewOffsetColumn:
            return r.newOffset >= 0 ? locale.toString(r.newOffset) : QString();
        case LagChangeColumn: {
            const qint64 before = currentLag(r);
            if (r.newOffset < 0 || before < 0)
                return QString();
            return tr("%1 → %2").arg(locale.toString(before), locale.toString(lagAt(r, r.newOffset)));
        }
        case NoteColumn:
            return r.note;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == LagChangeColumn && skippedUnread(r) > 0)
        return QColor(0xc0, 0x20, 0x20);
    if (role == Qt::ToolTipRole && index.column() == LagChangeColumn && skippedUnread(r) > 0)
        return tr("%n unread record(s) skipped: the group never processes them", nullptr, int(skippedUnread(r)));
    if (role == Qt::TextAlignmentRole && index.column() != PartitionColumn && index.column() != NoteColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant OffsetResetPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PartitionColumn:
        return tr("Partition");
    case CommittedColumn:
        return tr("Committed");
    case NewOffsetColumn:
        return tr("New offset");
    case LagChangeColumn:
        return tr("Lag change");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

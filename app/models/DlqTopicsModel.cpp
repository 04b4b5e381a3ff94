#include "DlqTopicsModel.h"

#include <QColor>
#include <QHash>
#include <QLocale>

namespace taskstream {
namespace console {

DlqTopicsModel::DlqTopicsModel(QObject *parent) : QAbstractTableModel(parent)
{
    setCatalog(TopicCatalog::builtin());
}

void DlqTopicsModel::setCatalog(const TopicCatalog &catalog)
{
    beginResetModel();
    m_rows.clear();
    for (const TopicSpec &spec : catalog.topics()) {
        if (spec.isDlq())
            m_rows.append({spec, -1, {}});
    }
    endResetModel();
}

void DlqTopicsModel::setWatermarks(const QList<kafka::PartitionWatermarks> &watermarks)
{
    QHash<QString, qint64> counts;
    QHash<QString, QString> errors;
    for (const kafka::PartitionWatermarks &w : watermarks) {
        if (rowOf(w.topic) < 0)
            continue;
        if (w.error.isError() || w.low < 0 || w.high < 0) {
            errors.insert(w.topic, w.error.isError() ? w.error.toString() : tr("watermarks unknown"));
            counts.insert(w.topic, counts.value(w.topic, 0));
            continue;
        }
        counts[w.topic] += w.high - w.low;
    }
    for (int row = 0; row < m_rows.size(); ++row) {
        Row &r = m_rows[row];
        if (!counts.contains(r.spec.name))
            continue;
        r.count = counts.value(r.spec.name);
        r.error = errors.value(r.spec.name);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void DlqTopicsModel::clearCounts()
{
    for (Row &r : m_rows) {
        r.count = -1;
        r.error.clear();
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

qint64 DlqTopicsModel::count(const QString &topic) const
{
    const int row = rowOf(topic);
    return row < 0 ? -1 : m_rows.at(row).count;
}

int DlqTopicsModel::rowOf(const QString &topic) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).spec.name == topic)
            return row;
    }
    return -1;
}

int DlqTopicsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DlqTopicsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DlqTopicsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case TopicRole:
        return r.spec.name;
    case CountRole:
        return r.count;
    case SortRole:
        if (index.column() == RecordsColumn)
            return r.count;
        break;
    case Qt::DisplayRole:
        break;
    case Qt::ToolTipRole:
        return r.error.isEmpty() ? r.spec.purpose : r.error;
    case Qt::ForegroundRole:
        if (!r.error.isEmpty() || (index.column() == RecordsColumn && r.count > 0))
            return QColor(0xc0, 0x20, 0x20);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RecordsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
    switch (index.column()) {
    case TopicColumn:
        return r.spec.name;
    case SourceColumn:
        if (!r.spec.dlqOfGroup.isEmpty())
            return tr("group %1").arg(r.spec.dlqOfGroup);
        if (!r.spec.dlqOfTopic.isEmpty())
            return tr("topic %1").arg(r.spec.dlqOfTopic);
        return {};
    case RecordsColumn:
        return r.count >= 0 ? QVariant(QLocale().toString(r.count)) : QVariant();
    default:
        return {};
    }
}

QVariant DlqTopicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TopicColumn:
        return tr("DLQ topic");
    case SourceColumn:
        return tr("Failures of");
    case RecordsColumn:
        return tr("Records");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

#include "MessagesModel.h"

#include <QBrush>
#include <QDateTime>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QPalette>

namespace taskstream {
namespace console {

MessagesModel::MessagesModel(QObject *parent) : QAbstractTableModel(parent) {}

void MessagesModel::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
    if (m_records.size() > m_maxRows) {
        beginRemoveRows({}, 0, int(m_records.size()) - m_maxRows - 1);
        const qsizetype drop = m_records.size() - m_maxRows;
        m_records.erase(m_records.begin(), m_records.begin() + drop);
        m_fullText.erase(m_fullText.begin(), m_fullText.begin() + drop);
        endRemoveRows();
    }
}

void MessagesModel::appendRecords(const QList<DecodedRecord> &records)
{
    if (records.isEmpty())
        return;
    QList<DecodedRecord> incoming = records;
    if (incoming.size() > m_maxRows)
        incoming.erase(incoming.begin(), incoming.begin() + (incoming.size() - m_maxRows));
    const qsizetype overflow = m_records.size() + incoming.size() - m_maxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_records.erase(m_records.begin(), m_records.begin() + overflow);
        m_fullText.erase(m_fullText.begin(), m_fullText.begin() + overflow);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_records.size()), int(m_records.size() + incoming.size()) - 1);
    m_records.append(incoming);
    // Kept once per record: text filtering would otherwise build every record's JSON per keystroke.
    for (const DecodedRecord &r : std::as_const(incoming))
        m_fullText.append(QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
    endInsertRows();
}

void MessagesModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_fullText.clear();
    endResetModel();
}

int MessagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int MessagesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DecodedRecord &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case PartitionColumn:
            return r.partition;
        case OffsetColumn:
            return r.offset;
        case TimeColumn:
            return r.timestampMs < 0 ? QString()
                                     : QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.timestampMs),
                                                          QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case KeyColumn:
            return r.keyText();
        case TypeColumn:
            return r.type;
        case ValueColumn:
            return r.summary();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ValueColumn && !r.decodeError.isEmpty())
            return QBrush(Qt::red);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && !r.decodeError.isEmpty())
            return tr("The value did not decode: %1").arg(r.decodeError);
        return {};
    case SortRole:
        switch (Column(index.column())) {
        case PartitionColumn:
            return r.partition;
        case OffsetColumn:
            return r.offset;
        case TimeColumn:
            return r.timestampMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case KeyRole:
        return r.keyText();
    case TypeRole:
        return r.type;
    case FullTextRole:
        return m_fullText.at(index.row());
    case JsonRole:
        return r.toJson();
    default:
        return {};
    }
}

QVariant MessagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case PartitionColumn:
        return tr("Partition");
    case OffsetColumn:
        return tr("Offset");
    case TimeColumn:
        return tr("Time");
    case KeyColumn:
        return tr("Key");
    case TypeColumn:
        return tr("Type");
    case ValueColumn:
        return tr("Value");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream

#include "models/BrokersModel.h"

#include <algorithm>

#include <QHash>

namespace taskstream {
namespace console {

BrokersModel::BrokersModel(QObject *parent) : QAbstractTableModel(parent) {}

void BrokersModel::setMetadata(const kafka::ClusterMetadata &metadata)
{
    QHash<int, int> leaderFor;
    QHash<int, int> replicaFor;
    for (const kafka::TopicInfo &topic : metadata.topics) {
        for (const kafka::PartitionInfo &p : topic.partitions) {
            if (p.leader >= 0)
                ++leaderFor[p.leader];
            for (int replica : p.replicas)
                ++replicaFor[replica];
        }
    }
    QList<Broker> incoming;
    incoming.reserve(metadata.brokers.size());
    for (const kafka::BrokerInfo &b : metadata.brokers) {
        incoming.append(
            {b.id, b.host, b.port, leaderFor.value(b.id), replicaFor.value(b.id), b.id == metadata.originatingBroker});
    }
    std::sort(incoming.begin(), incoming.end(), [](const Broker &a, const Broker &b) { return a.id < b.id; });

    // Merge by id: rows that stay keep their place (dataChanged), others are inserted or removed.
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < m_brokers.size() || j < incoming.size()) {
        const bool haveOld = i < m_brokers.size();
        const bool haveNew = j < incoming.size();
        if (haveOld && (!haveNew || m_brokers[i].id < incoming[j].id)) {
            beginRemoveRows({}, int(i), int(i));
            m_brokers.removeAt(i);
            endRemoveRows();
        } else if (haveNew && (!haveOld || incoming[j].id < m_brokers[i].id)) {
            beginInsertRows({}, int(i), int(i));
            m_brokers.insert(i, incoming[j]);
            endInsertRows();
            ++i;
            ++j;
        } else {
            if (!(m_brokers[i] == incoming[j])) {
                m_brokers[i] = incoming[j];
                emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            ++i;
            ++j;
        }
    }
}

void BrokersModel::clear()
{
    if (m_brokers.isEmpty())
        return;
    beginResetModel();
    m_brokers.clear();
    endResetModel();
}

int BrokersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_brokers.size());
}

int BrokersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BrokersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Broker &b = m_brokers[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case IdColumn:
            return b.id;
        case HostColumn:
            return b.host;
        case PortColumn:
            return b.port;
        case LeaderForColumn:
            return b.leaderFor;
        case ReplicaForColumn:
            return b.replicaFor;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return b.answered
                   ? tr("Broker %1 at %2:%3 answered the last metadata request").arg(b.id).arg(b.host).arg(b.port)
                   : tr("Broker %1 at %2:%3").arg(b.id).arg(b.host).arg(b.port);
    case Qt::TextAlignmentRole:
        return index.column() == HostColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case BrokerIdRole:
        return b.id;
    default:
        return {};
    }
}

QVariant BrokersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::ToolTipRole) {
        if (section == LeaderForColumn)
            return tr("Partitions this broker leads: it serves their reads and writes");
        if (section == ReplicaForColumn)
            return tr("Partitions this broker holds a copy of");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Broker");
    case HostColumn:
        return tr("Host");
    case PortColumn:
        return tr("Port");
    case LeaderForColumn:
        return tr("Leads");
    case ReplicaForColumn:
        return tr("Replicas");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

#pragma once

#include "kafka/KafkaAdmin.h"

#include <QAbstractTableModel>

namespace taskstream {
namespace console {

/// The brokers of a cluster, one row per broker ordered by id, with how many partitions each leads
/// and holds a replica of. Refreshes update rows in place so the selection survives.
class BrokersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        HostColumn,
        PortColumn,
        LeaderForColumn,  ///< partitions this broker leads
        ReplicaForColumn, ///< partitions this broker holds a replica of
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        BrokerIdRole = Qt::UserRole + 1, ///< int
        SortRole,                        ///< raw value for sorting
    };

    explicit BrokersModel(QObject *parent = nullptr);

    void setMetadata(const taskstream::kafka::ClusterMetadata &metadata);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Broker
    {
        int id = -1;
        QString host;
        int port = 0;
        int leaderFor = 0;
        int replicaFor = 0;
        bool answered = false; ///< the broker that answered the last metadata request

        bool operator==(const Broker &o) const
        {
            return id == o.id && host == o.host && port == o.port && leaderFor == o.leaderFor &&
                   replicaFor == o.replicaFor && answered == o.answered;
        }
    };

    QList<Broker> m_brokers; // sorted by id
};

} // namespace console
} // namespace taskstream

#pragma once

#include "config/TopicCatalog.h"
#include "kafka/KafkaAdmin.h"

#include <QAbstractTableModel>

namespace taskstream {
namespace console {

/// The DLQ topics of the catalog with what they hold for (a topic or a consumer group) and their
/// record count (high minus low watermark, summed over partitions), from the cluster refresh.
class DlqTopicsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TopicColumn, RecordsColumn, SourceColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        TopicRole = Qt::UserRole + 1, ///< QString
        CountRole,                    ///< qint64, -1 while unknown
        SortRole,
    };

    explicit DlqTopicsModel(QObject *parent = nullptr);

    void setCatalog(const TopicCatalog &catalog);
    /// Takes the counts of the DLQ topics among \a watermarks; others are ignored.
    void setWatermarks(const QList<taskstream::kafka::PartitionWatermarks> &watermarks);
    /// Forgets the counts (the topics stay).
    void clearCounts();

    qint64 count(const QString &topic) const;
    int rowOf(const QString &topic) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        TopicSpec spec;
        qint64 count = -1;
        QString error;
    };
    QList<Row> m_rows;
};

} // namespace console
} // namespace taskstream

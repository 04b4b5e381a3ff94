#pragma once

#include "config/TopicCatalog.h"
#include "kafka/KafkaAdmin.h"

#include <memory>
#include <vector>

#include <QAbstractItemModel>
#include <QHash>

namespace taskstream {
namespace console {

/// Topics of a cluster as a two-level tree: a topic per top-level row, its partitions as children,
/// with leader, replicas, in-sync replicas and watermarks.
/// Refreshes keep the shape where it did not change (dataChanged, not a reset), so selections and
/// expanded branches survive the automatic refresh.
class TopicsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,       ///< topic name, or the partition number on a partition row
        PartitionsColumn, ///< partition count of a topic
        LeaderColumn,
        ReplicasColumn,
        IsrColumn,
        LowWatermarkColumn,
        HighWatermarkColumn,
        MessagesColumn,    ///< high - low watermark (summed over a topic's partitions)
        RetentionColumn,   ///< the catalog's retention of a topic; "—" outside the catalog
        ProduceRateColumn, ///< records/s from the change of the high watermark between two readings
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        TopicNameRole = Qt::UserRole + 1, ///< QString: the topic of the row
        PartitionRole,                    ///< int: partition id, -1 on a topic row
        IsTopicRole,                      ///< bool
        SortRole,                         ///< raw value for sorting (numbers as numbers)
        ProblemRole,                      ///< QString: what is wrong with the row, empty when fine
    };

    explicit TopicsModel(QObject *parent = nullptr);
    ~TopicsModel() override;

    /// Replaces topics and partitions by those of \a metadata; rows that still exist keep their
    /// identity. Internal topics (names starting with "__") are listed like any other.
    void setMetadata(const taskstream::kafka::ClusterMetadata &metadata);
    /// Updates watermarks of the partitions named in \a watermarks; others keep theirs. Read now.
    void setWatermarks(const QList<taskstream::kafka::PartitionWatermarks> &watermarks);
    /// As setWatermarks(), for a reading taken at \a readAtMs (ms since the epoch): the produce rate
    /// of a partition is the change of its high watermark since the previous reading over the time
    /// between the two.
    void setWatermarksAt(const QList<taskstream::kafka::PartitionWatermarks> &watermarks, qint64 readAtMs);
    /// Topics of \a catalog show its retention; others show that the broker's setting is not read.
    void setCatalog(const TopicCatalog &catalog);
    /// Records/s produced to \a topic (summed over its partitions); -1 before two readings.
    double produceRate(const QString &topic) const;

    /// "7 d", "12 h", "30 min", "45 s"; "forever" for a negative retention.
    static QString formatRetention(qint64 ms);
    /// "12.3/s".
    static QString formatRate(double perSecond);
    void clear();

    /// Every partition of the model, for a watermark request.
    taskstream::kafka::TopicPartitionList partitions() const;
    int topicCount() const;
    /// The top-level index of \a topic, or an invalid index.
    QModelIndex topicIndex(const QString &topic, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Partition
    {
        int id = -1;
        int leader = -1;
        QList<int> replicas;
        QList<int> isrs;
        qint64 low = kafka::OffsetInvalid;
        qint64 high = kafka::OffsetInvalid;
        QString metadataError;
        QString watermarkError;
        qint64 readAtMs = -1;    ///< when the watermarks were read
        double produceRate = -1; ///< records/s, -1 before two readings

        bool hasWatermarks() const { return low >= 0 && high >= 0; }
        bool operator==(const Partition &o) const;
    };
    struct Topic
    {
        QString name;
        QString error;
        std::vector<Partition> partitions;
    };

    int rowOfTopic(const Topic *topic) const;
    Topic *topicAt(const QModelIndex &index) const;
    QVariant topicData(const Topic &topic, int column, int role) const;
    QVariant partitionData(const Topic &topic, const Partition &partition, int column, int role) const;
    void updateTopic(int row, const kafka::TopicInfo &info);

    // Sorted by name; heap nodes so a partition index can point at its topic across inserts.
    std::vector<std::unique_ptr<Topic>> m_topics;
    QHash<QString, qint64> m_retentionMs; ///< catalog topics only
};

} // namespace console
} // namespace taskstream

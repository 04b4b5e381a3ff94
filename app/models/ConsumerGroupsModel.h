#pragma once

#include "GroupStatusEvaluator.h"
#include "config/TopicCatalog.h"
#include "kafka/KafkaAdmin.h"

#include <memory>
#include <optional>
#include <vector>

#include <QAbstractItemModel>
#include <QJsonObject>

namespace taskstream {
namespace console {

/// Consumer groups as a two-level tree: a group per top-level row (state, members, total lag,
/// status and its reason), its partitions as children (committed offset, end offset, lag).
/// Every lag update adds a sample per partition; the status comes from GroupStatusEvaluator over
/// the last windowSize() samples, and the group's total lag is kept for a chart. The lag in time
/// (the age of the oldest unconsumed record) comes separately through updateRecordAges().
class ConsumerGroupsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn, ///< group id, or "topic [partition]" on a partition row
        StateColumn,
        MembersColumn,
        CommittedColumn,
        EndOffsetColumn,
        LagColumn,     ///< a group's total lag on its row
        LagTimeColumn, ///< age of the oldest unconsumed record; a group's largest on its row
        RateColumn,    ///< records/s consumed: the change of the committed offset between two lag readings
        StatusColumn,
        ReasonColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        GroupIdRole = Qt::UserRole + 1, ///< QString: the group of the row
        IsGroupRole,                    ///< bool
        SortRole,                       ///< raw value for sorting
        StatusRole,                     ///< int (GroupStatus) on a group row
        LagAgeRole,                     ///< qint64 ms: lag in time (-1 unknown, 0 without lag)
        TopicRole,                      ///< QString: the topic of a partition row
        PartitionRole,                  ///< int: the partition of a partition row (-1 on a group row)
        StalledRole,                    ///< bool: the partition (or a partition of the group) is stalled
    };

    /// A partition the daemon reports stalled (GET /api/v1/info, `stalled_partitions`): its next
    /// records [from, to) are gone from the broker; it waits for an admin to acknowledge the gap.
    struct StalledPartition
    {
        QString group;
        QString topic;
        int partition = -1;
        qint64 from = -1;
        qint64 to = -1; ///< the log start; -1 unknown
    };
    /// Parses `stalled_partitions` of the daemon's info answer.
    static QList<StalledPartition> stalledFromInfo(const QJsonObject &info);

    /// The time of the record at a partition's oldest unconsumed offset, as read from the topic.
    struct RecordAge
    {
        QString topic;
        int partition = -1;
        qint64 offset = -1;      ///< the position it was read at
        qint64 timestampMs = -1; ///< -1 when unknown (then \a error says why)
        QString error;
    };

    /// One point of a group's lag history.
    struct LagPoint
    {
        qint64 timeMs = 0;
        qint64 totalLag = 0;
    };

    explicit ConsumerGroupsModel(QObject *parent = nullptr);
    ~ConsumerGroupsModel() override;

    /// Adds the catalog's groups (they stay listed even when the broker does not know them).
    void setCatalogGroups(const QList<ConsumerGroupSpec> &groups);
    /// Adds groups the broker lists or describes and updates their state and members.
    void updateGroups(const QList<taskstream::kafka::GroupInfo> &groups);
    /// Records a lag reading of one group taken at \a nowMs. On \a error the group's status is ERR
    /// and the last partitions stay shown.
    void updateLag(const taskstream::kafka::GroupLag &lag, const taskstream::kafka::KafkaError &error, qint64 nowMs);
    /// Records the lag in time of \a groupId's partitions: \a nowMs minus each record's time.
    void updateRecordAges(const QString &groupId, const QList<RecordAge> &ages, qint64 nowMs);
    void clear();
    /// Replaces the stalled partitions (the daemon's last word); their rows read STALLED.
    void setStalledPartitions(const QList<StalledPartition> &stalled);
    /// The stall of one partition, if it is stalled.
    std::optional<StalledPartition> stalled(const QString &groupId, const QString &topic, int partition) const;

    QStringList groupIds() const;
    /// The topics a group reads: the catalog's, else the ones assigned to its members.
    QStringList topicsOf(const QString &groupId) const;
    bool isCatalogGroup(const QString &groupId) const;
    /// Members of the group as the broker last described it; -1 while it has not said.
    int memberCount(const QString &groupId) const;
    /// The group's state as the broker last said it ("" while unknown).
    QString state(const QString &groupId) const;
    /// A group state as shown ("unknown" for none or Kafka's "Unknown"), translated.
    static QString stateText(const QString &state);
    QModelIndex groupIndex(const QString &groupId, int column = NameColumn) const;
    GroupStatusResult status(const QString &groupId) const;
    qint64 totalLag(const QString &groupId) const; ///< -1 while unknown
    QList<LagPoint> lagHistory(const QString &groupId) const;
    /// Where the oldest unconsumed record of each lagging partition of \a groupId is: the committed
    /// offset, or the low watermark when nothing is committed or the commit is older.
    kafka::TopicPartitionList oldestUnconsumed(const QString &groupId) const;
    /// The group's lag in time: the largest of its lagging partitions' (ms), 0 without lag, -1 unknown.
    qint64 lagAge(const QString &groupId) const;
    /// The last lag reading of a group's partitions.
    QList<kafka::PartitionLag> partitionLags(const QString &groupId) const;
    /// Records/s \a groupId consumed between its last two lag readings (summed over its
    /// partitions); -1 before two readings with a commit.
    double consumeRate(const QString &groupId) const;
    /// "3 s", "4 min", "2 h 5 min", "3 d 4 h".
    static QString formatAge(qint64 ms);

    void setWindowSize(int samples) { m_windowSize = qMax(2, samples); }
    int windowSize() const { return m_windowSize; }
    void setHistorySize(int points) { m_historySize = qMax(2, points); }
    int historySize() const { return m_historySize; }
    void setEvaluator(const GroupStatusEvaluator &evaluator) { m_evaluator = evaluator; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    /// A lag reading of \a groupId was recorded (its history grew).
    void lagRecorded(const QString &groupId);

private:
    struct Partition
    {
        kafka::PartitionLag lag;
        QList<LagSample> samples;
        GroupStatusResult status; ///< this partition's own judgement
        qint64 ageMs = -1;        ///< lag in time at the last reading of it
        qint64 ageOffset = -1;    ///< where that record was
        qint64 ageTimestampMs = -1;
        QString ageError;
    };
    struct Group
    {
        QString id;
        bool inCatalog = false;
        QStringList catalogTopics;
        QStringList assignedTopics;
        QString state;
        int members = -1; ///< -1 while the broker has not said
        bool lagKnown = false;
        QString fetchError;
        std::vector<Partition> partitions;
        QList<LagPoint> history;
        GroupStatusResult status;
        bool hasStatus = false;
        /// groupAge() and groupRate() over every partition, worked out when the lag or the ages
        /// change rather than each time a cell is painted (a group may have a thousand partitions).
        qint64 age = -1;
        double rate = -1;
    };

    Group *groupAt(const QModelIndex &index) const;
    Group *ensureGroup(const QString &id);
    int rowOf(const Group *group) const;
    QVariant groupData(const Group &group, int column, int role) const;
    QVariant partitionData(const Partition &partition, int column, int role) const;
    static double partitionRate(const Partition &partition); ///< records/s, -1 unknown
    static double groupRate(const Group &group) { return group.rate; }
    static double computeGroupRate(const Group &group);
    static qint64 partitionAge(const Partition &partition); ///< 0 without lag, -1 unknown
    static qint64 groupAge(const Group &group) { return group.age; }
    static qint64 computeGroupAge(const Group &group);
    /// Works out the group's age and rate again (after its partitions changed).
    static void refreshAggregates(Group &group);
    static QString ageErrors(const Group &group);

    std::vector<std::unique_ptr<Group>> m_groups; ///< sorted by id; heap nodes for stable parents
    QList<StalledPartition> m_stalled;
    GroupStatusEvaluator m_evaluator;
    int m_windowSize = 10;
    int m_historySize = 120;
};

} // namespace console
} // namespace taskstream

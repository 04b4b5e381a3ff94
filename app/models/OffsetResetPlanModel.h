#pragma once

#include "kafka/KafkaAdmin.h"

#include <QAbstractTableModel>
#include <QList>

namespace taskstream {
namespace console {

/// Where an offset reset moves a group, per partition.
enum class ResetTarget { Earliest, Latest, Timestamp, Offset };

/// The preview of an offset reset: per partition the committed offset, the new one and how the
/// lag changes. Built from the group's last lag reading; a reset by time is completed with the
/// broker's answer (applyOffsetsForTimes) before it can be committed.
class OffsetResetPlanModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PartitionColumn, CommittedColumn, NewOffsetColumn, LagChangeColumn, NoteColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, ///< raw value
    };

    struct Row
    {
        QString topic;
        int partition = -1;
        qint64 committed = kafka::OffsetInvalid; ///< OffsetInvalid: nothing committed
        qint64 low = kafka::OffsetInvalid;
        qint64 high = kafka::OffsetInvalid;
        qint64 newOffset = kafka::OffsetInvalid; ///< OffsetInvalid while unknown (then not committed)
        QString note; ///< translated: clamped, the broker's answer, why there is no new offset
    };

    explicit OffsetResetPlanModel(QObject *parent = nullptr);

    /// The plan for \a lags (one group's partitions; only \a topic's unless it is empty).
    /// Earliest/Latest: the low/high watermark. Offset: \a value on \a partition of \a topic only,
    /// clamped to what the partition keeps. Timestamp: unknown until applyOffsetsForTimes().
    static QList<Row> plan(const QList<kafka::PartitionLag> &lags, const QString &topic, ResetTarget target,
                           qint64 value = 0, int partition = -1);
    /// Fills in a reset by time from KafkaAdmin::fetchOffsetsForTimes(): OffsetEnd (no record at or
    /// after the time) becomes the high watermark, as does every answer of a broker that does not
    /// look records up by time (the embedded one answers "the end" to every lookup).
    static void applyOffsetsForTimes(QList<Row> &rows, const kafka::TopicPartitionList &answers,
                                     const kafka::KafkaError &error);

    void setRows(const QList<Row> &rows);
    const QList<Row> &rows() const { return m_rows; }
    /// The offsets to commit: rows with a known new offset.
    kafka::TopicPartitionList offsetsToCommit() const;
    /// The lag of a row once committed at \a offset (-1 unknown).
    static qint64 lagAt(const Row &row, qint64 offset);
    static qint64 currentLag(const Row &row);
    /// Unread records a row's reset jumps over (the group never processes them): from where the
    /// group would read next to the new offset; 0 when it moves back or stays.
    static qint64 skippedUnread(const Row &row);
    /// The sum of skippedUnread() over the rows, and (in \a partitions) how many rows skip any.
    qint64 skippedUnread(int *partitions = nullptr) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
};

} // namespace console
} // namespace taskstream

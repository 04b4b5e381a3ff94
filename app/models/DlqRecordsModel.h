#pragma once

#include "processing/DlqTools.h"

#include <QAbstractTableModel>

namespace taskstream {
namespace console {

/// The records of one DLQ topic (from a DlqBrowser) with their diagnostic headers in columns.
class DlqRecordsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        PartitionColumn,
        OffsetColumn,
        OriginalTopicColumn,
        OriginalPartitionColumn,
        OriginalOffsetColumn,
        GroupColumn,
        AttemptsColumn,
        ErrorClassColumn,
        ErrorMessageColumn,
        FirstFailureColumn,
        LastFailureColumn,
        KeyColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        CoordinatesRole = Qt::UserRole + 1, ///< QString topic/partition/offset of the DLQ record
        ErrorClassRole,                     ///< QString
        SortRole,                           ///< raw value for sorting
        DetailsRole,                        ///< QString: the record as indented JSON
    };

    explicit DlqRecordsModel(QObject *parent = nullptr);

    void setRecords(const QString &topic, const QList<taskstream::processing::DlqRecord> &records);
    void clear();

    QString topic() const { return m_topic; }
    const QList<taskstream::processing::DlqRecord> &records() const { return m_records; }
    const taskstream::processing::DlqRecord &record(int row) const { return m_records.at(row); }
    /// The distinct error classes, sorted.
    QStringList errorClasses() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_topic;
    QList<taskstream::processing::DlqRecord> m_records;
};

} // namespace console
} // namespace taskstream

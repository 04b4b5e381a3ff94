#pragma once

#include "processing/DlqMarks.h"
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
        StatusColumn,
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
        HandledRole,                        ///< bool: discarded or replayed
        DiscardedRole,                      ///< bool
    };

    explicit DlqRecordsModel(QObject *parent = nullptr);

    void setRecords(const QString &topic, const QList<taskstream::processing::DlqRecord> &records);
    void clear();
    /// The marks of the records (by coordinates, from DlqMarks); records without one are new.
    void setMarks(const QHash<QString, taskstream::processing::DlqMark> &marks);
    taskstream::processing::DlqMark mark(int row) const;
    /// Records neither discarded nor replayed.
    int openCount() const;

    QString topic() const { return m_topic; }
    const QList<taskstream::processing::DlqRecord> &records() const { return m_records; }
    const taskstream::processing::DlqRecord &record(int row) const { return m_records.at(row); }
    /// The distinct error classes, sorted.
    QStringList errorClasses() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(taskstream::processing::DlqMark::State state);
    static QString statusTip(const taskstream::processing::DlqMark &mark);

private:
    QString m_topic;
    QList<taskstream::processing::DlqRecord> m_records;
    QHash<QString, taskstream::processing::DlqMark> m_marks;
};

} // namespace console
} // namespace taskstream

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
    /// Every record read, whatever the filter and page.
    const QList<taskstream::processing::DlqRecord> &records() const { return m_records; }
    int totalCount() const { return int(m_records.size()); }
    /// The record of \a row of the current page.
    const taskstream::processing::DlqRecord &record(int row) const { return m_records.at(sourceIndex(row)); }
    /// The distinct error classes, sorted.
    QStringList errorClasses() const;
    /// Records per error class (all records, handled ones too), by class name.
    const QHash<QString, int> &errorClassCounts() const { return m_classCounts; }

    /// The rows are one page of the records that pass the filter (one error class, or all; handled
    /// ones only when shown), in the order read. A DLQ of 100,000 records is shown a page at a
    /// time, so the view never holds more than pageSize() rows.
    void setFilter(const QString &errorClass, bool showHandled);
    QString errorClassFilter() const { return m_errorClass; }
    bool showsHandled() const { return m_showHandled; }
    /// The records passing the filter, on every page.
    int filteredCount() const { return int(m_visible.size()); }
    QList<taskstream::processing::DlqRecord> filteredRecords() const;
    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows);
    int page() const { return m_page; }
    int pageCount() const;
    /// Shows page \a page (0-based, clamped).
    void setPage(int page);
    /// The position in filteredRecords() of the current page's first row.
    int pageStart() const { return m_page * m_pageSize; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The record for the details pane: JSON with the times in ISO 8601, and a value that does not
    /// decode as text and as a hex dump.
    static QString detailsText(const taskstream::processing::DlqRecord &record);
    static QString statusText(taskstream::processing::DlqMark::State state);
    static QString statusTip(const taskstream::processing::DlqMark &mark);

private:
    using Key = QPair<int, qint64>; ///< partition, offset within the topic shown
    static Key keyOf(const taskstream::processing::DlqRecord &r) { return {r.partition, r.offset}; }
    int sourceIndex(int row) const { return m_visible.at(m_page * m_pageSize + row); }
    taskstream::processing::DlqMark markOf(const taskstream::processing::DlqRecord &r) const
    {
        return m_marks.isEmpty() ? taskstream::processing::DlqMark() : m_marks.value(keyOf(r));
    }
    bool passes(const taskstream::processing::DlqRecord &r) const;
    /// Recomputes the filtered rows (inside a model reset).
    void refilter();

    QString m_topic;
    QList<taskstream::processing::DlqRecord> m_records;
    QHash<Key, taskstream::processing::DlqMark> m_marks; ///< few: only records someone handled
    QHash<QString, int> m_classCounts;
    QList<int> m_visible; ///< indices into m_records passing the filter, in order
    QString m_errorClass;
    bool m_showHandled = true;
    int m_pageSize = 1000;
    int m_page = 0;
};

} // namespace console
} // namespace taskstream

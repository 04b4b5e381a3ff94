#pragma once

#include "DlqRows.h"
#include "processing/DlqMarks.h"
#include "processing/DlqTools.h"

#include <QAbstractTableModel>

namespace taskstream {
namespace console {

/// The records of one DLQ topic (read by a DlqBrowser) with their diagnostic headers in columns,
/// kept as compact rows (DlqRow) in the order read: by partition, then offset. Rows arrive in
/// batches while the topic is read (addRows()); each batch costs in proportion to its size, and
/// the view hears of the rows of the page it shows only.
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
    /// Shows \a records of \a topic instead of what was shown (in any order: kept by partition
    /// and offset).
    void setRecords(const QString &topic, const QList<taskstream::processing::DlqRecord> &records);
    /// Shows no records, and those of \a topic as they are added.
    void startTopic(const QString &topic);
    /// Adds the rows of a batch read from the topic (in any order); the counts follow at once,
    /// the page shown changes only where the rows land on it.
    void addRows(QList<DlqRow> rows);
    void clear();
    /// Takes every row out and hands them over (to be freed on another thread): a clear() that
    /// costs nothing here however many rows there were.
    QList<QList<DlqRow>> takeRows();
    /// The marks of the records (by coordinates, from DlqMarks); records without one are new.
    void setMarks(const QHash<QString, taskstream::processing::DlqMark> &marks);
    taskstream::processing::DlqMark mark(int row) const;
    /// Records neither discarded nor replayed.
    int openCount() const;
    QString topic() const { return m_topic; }
    /// The identities of every record read, whatever the filter and page.
    QList<taskstream::processing::DlqRecordId> recordIds() const;
    int totalCount() const { return m_total; }
    /// The record of \a row of the current page, in full.
    taskstream::processing::DlqRecord record(int row) const;
    /// The compact row of \a row of the current page.
    const DlqRow &row(int row) const { return rowOf(m_visible.at(qsizetype(m_page) * m_pageSize + row)); }
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
    /// The records passing the filter as they are now, taken in no time (the rows are shared) and
    /// read on any thread: records() makes the full records, which for 100,000 takes a second.
    struct Selection
    {
        QString topic;
        QList<QList<DlqRow>> partitions;
        QList<quint64> places;
        int size() const { return int(places.size()); }
        QList<taskstream::processing::DlqRecord> records() const;
    };
    Selection filteredSelection() const { return {m_topic, m_partitions, m_visible}; }
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

signals:
    /// Records were added, or the filter or page changed: the counts and the page label are stale.
    void countsChanged();

private:
    using Key = QPair<int, qint64>; ///< partition, offset within the topic shown
    /// A row's place: its partition (high 32 bits) and its index in that partition's rows. Places
    /// sort as the rows do, and stay put when other partitions grow.
    using Place = quint64;
    static Place placeOf(int partition, qsizetype index) { return (Place(quint32(partition)) << 32) | Place(index); }
    const DlqRow &rowOf(Place p) const { return m_partitions.at(qsizetype(p >> 32)).at(qsizetype(p & 0xffffffffu)); }
    taskstream::processing::DlqMark markOf(const DlqRow &r) const
    {
        return m_marks.isEmpty() ? taskstream::processing::DlqMark() : m_marks.value({r.partition, r.offset});
    }
    bool passes(const DlqRow &r) const;
    /// The number of \a errorClass among the classes of the records shown (made on first use).
    int classIdOf(const QString &errorClass);
    /// Recomputes the filtered rows (inside a model reset).
    void refilter();
    /// Adds rows of one partition, in offset order, after its last row.
    void appendRun(int partition, QList<DlqRow>::iterator first, QList<DlqRow>::iterator last);
    /// Inserts \a places (sorted) at \a at in the filtered rows, telling the view what changed on
    /// the page it shows.
    void insertVisible(qsizetype at, const QList<Place> &places);
    void resetRows();

    QString m_topic;
    QList<QList<DlqRow>> m_partitions; ///< by partition number, each in offset order
    QList<QList<int>> m_classOf;       ///< the class number of each row of m_partitions
    QHash<QString, int> m_classIds;    ///< error class -> its number
    int m_total = 0;
    QHash<Key, taskstream::processing::DlqMark> m_marks; ///< few: only records someone handled
    QHash<QString, int> m_classCounts;
    QList<Place> m_visible; ///< the rows passing the filter, in order
    int m_rowsShown = 0;    ///< rows of the current page the view knows of
    QString m_errorClass;
    bool m_showHandled = true;
    int m_pageSize = 1000;
    int m_page = 0;
};

} // namespace console
} // namespace taskstream

#include "DlqRecordsModel.h"

#include "RecordDecoding.h"

#include <algorithm>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>

namespace taskstream {
namespace console {

namespace {

QString timeText(qint64 ms)
{
    if (ms <= 0)
        return {};
    // Date and time to the second in every locale (the short format drops the seconds).
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString keyText(const QByteArray &key)
{
    if (key.isNull())
        return {};
    // A cell shows the start of a long key: the view never lays out a huge text to elide it.
    constexpr qsizetype MaxBytes = DlqRow::SummaryLength;
    if (key.size() > MaxBytes)
        return keyText(key.left(MaxBytes)) + QChar(0x2026);
    const QString text = QString::fromUtf8(key);
    // Keys are ids in text; anything else is shown in hex so nothing unprintable reaches the view.
    for (const QChar c : text) {
        if (!c.isPrint())
            return QStringLiteral("0x") + QString::fromLatin1(key.toHex());
    }
    return text;
}

/// Milliseconds since the epoch as an ISO 8601 time in UTC, for people and machines alike.
QJsonValue isoTime(const QJsonValue &ms)
{
    const qint64 v = ms.toInteger(-1);
    if (v <= 0)
        return ms;
    return QDateTime::fromMSecsSinceEpoch(v).toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QString DlqRecordsModel::detailsText(const processing::DlqRecord &r)
{
    QJsonObject o = r.toJson();
    // Times readable: the export keeps milliseconds, the details show ISO 8601.
    o.insert(QStringLiteral("timestamp"), isoTime(o.value(QStringLiteral("timestamp"))));
    QJsonObject d = o.value(QStringLiteral("diagnostics")).toObject();
    for (const QString &k :
         {QStringLiteral("first_failure"), QStringLiteral("last_failure"), QStringLiteral("original_timestamp")})
        d.insert(k, isoTime(d.value(k)));
    o.insert(QStringLiteral("diagnostics"), d);
    QString text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!r.decodeError.isEmpty()) {
        o.remove(QStringLiteral("value_base64"));
        text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
        text += QLatin1Char('\n') +
                tr("The value (%n byte(s)) does not decode; as text:", nullptr, int(r.value.size())) +
                QLatin1Char('\n') + lossyText(r.value) + QStringLiteral("\n\n") + tr("As hex:") + QLatin1Char('\n') +
                hexDump(r.value);
    }
    return text;
}

QString DlqRecordsModel::statusText(processing::DlqMark::State state)
{
    switch (state) {
    case processing::DlqMark::State::Discarded:
        return tr("discarded");
    case processing::DlqMark::State::Replayed:
        return tr("replayed");
    case processing::DlqMark::State::New:
        break;
    }
    return tr("new");
}

QString DlqRecordsModel::statusTip(const processing::DlqMark &mark)
{
    QStringList lines;
    if (mark.discarded) {
        lines << tr("Discarded by %1 on %2.").arg(mark.discardedBy, timeText(mark.discardedAt.toMSecsSinceEpoch()));
        if (!mark.note.isEmpty())
            lines << tr("Note: %1").arg(mark.note);
    }
    if (mark.replays > 0)
        lines << tr("Replayed %n time(s), last on %1.", nullptr, mark.replays)
                     .arg(timeText(mark.lastReplayAt.isValid() ? mark.lastReplayAt.toMSecsSinceEpoch() : 0));
    if (lines.isEmpty())
        return tr("Neither replayed nor discarded yet.");
    return lines.join(QLatin1Char('\n'));
}

DlqRecordsModel::DlqRecordsModel(QObject *parent) : QAbstractTableModel(parent) {}

void DlqRecordsModel::setRecords(const QString &topic, const QList<processing::DlqRecord> &records)
{
    startTopic(topic);
    DlqRowMaker maker;
    QList<DlqRow> rows;
    rows.reserve(records.size());
    for (const processing::DlqRecord &r : records)
        rows.append(maker.make(r));
    addRows(std::move(rows));
}

void DlqRecordsModel::startTopic(const QString &topic)
{
    beginResetModel();
    m_topic = topic;
    m_partitions.clear();
    m_classOf.clear();
    m_classIds.clear();
    m_total = 0;
    m_marks.clear();
    m_classCounts.clear();
    m_page = 0;
    refilter();
    endResetModel();
    emit countsChanged();
}

void DlqRecordsModel::clear()
{
    startTopic({});
}

QList<QList<DlqRow>> DlqRecordsModel::takeRows()
{
    beginResetModel();
    QList<QList<DlqRow>> rows = std::exchange(m_partitions, {});
    m_classOf.clear();
    m_classIds.clear();
    m_topic.clear();
    m_total = 0;
    m_marks.clear();
    m_classCounts.clear();
    m_page = 0;
    refilter();
    endResetModel();
    emit countsChanged();
    return rows;
}

void DlqRecordsModel::addRows(QList<DlqRow> rows)
{
    if (rows.isEmpty())
        return;
    // A batch of DlqLoader comes sorted; sorting it again would copy it (it is shared).
    if (!std::is_sorted(rows.cbegin(), rows.cend(), DlqRow::lessThan))
        std::stable_sort(rows.begin(), rows.end(), DlqRow::lessThan);
    // Runs of one partition each. A run that does not come after the rows of its partition read so
    // far (a record read again) is placed in order the slow way: the whole batch in a model reset.
    bool inOrder = true;
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        if (it != rows.cbegin() && (it - 1)->partition == it->partition)
            continue; // within a run: sorted
        if (it->partition >= 0 && it->partition < m_partitions.size() && !m_partitions.at(it->partition).isEmpty() &&
            m_partitions.at(it->partition).constLast().offset >= it->offset)
            inOrder = false;
    }
    if (!inOrder)
        beginResetModel();
    for (auto first = rows.begin(); first != rows.end();) {
        auto last = first;
        while (last != rows.end() && last->partition == first->partition)
            ++last;
        const int partition = first->partition;
        if (partition < 0) {
            first = last; // not a record of a partition: cannot be one of a browse
            continue;
        }
        if (inOrder) {
            appendRun(partition, first, last);
        } else {
            if (partition >= m_partitions.size()) {
                m_partitions.resize(partition + 1);
                m_classOf.resize(partition + 1);
            }
            QList<DlqRow> &p = m_partitions[partition];
            for (auto it = first; it != last; ++it) {
                ++m_classCounts[it->errorClass];
                p.append(std::move(*it));
            }
            std::stable_sort(p.begin(), p.end(), DlqRow::lessThan);
            QList<int> &classes = m_classOf[partition];
            classes.clear();
            for (const DlqRow &r : std::as_const(p))
                classes.append(classIdOf(r.errorClass));
            m_total += int(last - first);
        }
        first = last;
    }
    if (!inOrder) {
        refilter();
        endResetModel();
    }
    emit countsChanged();
}

void DlqRecordsModel::appendRun(int partition, QList<DlqRow>::iterator first, QList<DlqRow>::iterator last)
{
    if (partition >= m_partitions.size()) {
        m_partitions.resize(partition + 1);
        m_classOf.resize(partition + 1);
    }
    QList<DlqRow> &p = m_partitions[partition];
    QList<int> &classes = m_classOf[partition];
    QList<Place> shown;
    for (auto it = first; it != last; ++it) {
        ++m_classCounts[it->errorClass];
        classes.append(classIdOf(it->errorClass));
        if (passes(*it))
            shown.append(placeOf(partition, p.size()));
        p.append(std::move(*it));
    }
    m_total += int(last - first);
    if (shown.isEmpty())
        return;
    // After every shown row of this partition and the ones before it.
    const qsizetype at =
        std::lower_bound(m_visible.cbegin(), m_visible.cend(), placeOf(partition + 1, 0)) - m_visible.cbegin();
    insertVisible(at, shown);
}

void DlqRecordsModel::insertVisible(qsizetype at, const QList<Place> &places)
{
    const qsizetype k = places.size();
    const qsizetype start = qsizetype(m_page) * m_pageSize;
    const int before = m_rowsShown;
    const qsizetype after = std::min<qsizetype>(m_pageSize, m_visible.size() + k - start);
    // Where the page's rows change: new rows land on it at `from`, rows pushed past its end leave.
    qsizetype from;
    qsizetype entering;
    const bool pageFull = before == m_pageSize;
    if (at < start) { // every row of the page moves down by k
        from = 0;
        entering = std::min<qsizetype>(k, after);
    } else if (at < start + before || (at == start + before && !pageFull)) {
        from = at - start;
        entering = std::min<qsizetype>(k, m_pageSize - from);
    } else { // after a full page: the page stays as it is
        m_visible.insert(at, k, Place());
        std::copy(places.cbegin(), places.cend(), m_visible.begin() + at);
        return;
    }
    const qsizetype leaving = before + entering - after;
    if (leaving > 0) {
        beginRemoveRows({}, int(before - leaving), before - 1);
        m_rowsShown = int(before - leaving);
        endRemoveRows();
    }
    if (entering > 0)
        beginInsertRows({}, int(from), int(from + entering - 1));
    m_visible.insert(at, k, Place());
    std::copy(places.cbegin(), places.cend(), m_visible.begin() + at);
    m_rowsShown = int(after);
    if (entering > 0)
        endInsertRows();
}

void DlqRecordsModel::setMarks(const QHash<QString, processing::DlqMark> &marks)
{
    // Keyed by partition and offset: no text is made per record to look a mark up.
    QHash<Key, processing::DlqMark> byKey;
    const QString prefix = m_topic + QLatin1Char('/');
    for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
        if (!it.key().startsWith(prefix))
            continue;
        const QStringList parts = it.key().mid(prefix.size()).split(QLatin1Char('/'));
        if (parts.size() == 2)
            byKey.insert({parts.at(0).toInt(), parts.at(1).toLongLong()}, it.value());
    }
    if (!m_showHandled && !(byKey.isEmpty() && m_marks.isEmpty())) {
        // What is hidden changes with the marks.
        beginResetModel();
        m_marks = byKey;
        refilter();
        endResetModel();
        emit countsChanged();
        return;
    }
    const bool changed = !(byKey.isEmpty() && m_marks.isEmpty());
    m_marks = byKey;
    // Only the status column shows a mark.
    if (changed && rowCount() > 0)
        emit dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
}

processing::DlqMark DlqRecordsModel::mark(int r) const
{
    return markOf(row(r));
}

processing::DlqRecord DlqRecordsModel::record(int r) const
{
    return toDlqRecord(m_topic, row(r));
}

QList<processing::DlqRecordId> DlqRecordsModel::recordIds() const
{
    QList<processing::DlqRecordId> ids;
    ids.reserve(m_total);
    for (const QList<DlqRow> &p : m_partitions)
        for (const DlqRow &r : p)
            ids.append({m_topic, r.partition, r.offset});
    return ids;
}

int DlqRecordsModel::openCount() const
{
    if (m_marks.isEmpty())
        return m_total;
    int open = 0;
    for (const QList<DlqRow> &p : m_partitions)
        for (const DlqRow &r : p)
            if (!markOf(r).isHandled())
                ++open;
    return open;
}

QStringList DlqRecordsModel::errorClasses() const
{
    QStringList classes = m_classCounts.keys();
    classes.sort();
    return classes;
}

bool DlqRecordsModel::passes(const DlqRow &r) const
{
    if (!m_errorClass.isEmpty() && r.errorClass != m_errorClass)
        return false;
    return m_showHandled || !markOf(r).isHandled();
}

int DlqRecordsModel::classIdOf(const QString &errorClass)
{
    const auto it = m_classIds.constFind(errorClass);
    if (it != m_classIds.cend())
        return *it;
    const int id = int(m_classIds.size());
    m_classIds.insert(errorClass, id);
    return id;
}

void DlqRecordsModel::refilter()
{
    // Over the class numbers, not the rows: a filter of 100,000 records reads 400 kB, not 25 MB.
    m_visible.clear();
    m_visible.reserve(m_total);
    const int wanted = m_errorClass.isEmpty() ? -1 : m_classIds.value(m_errorClass, -2);
    QSet<Place> hidden; // the handled rows, when hidden: few, as marks are
    if (!m_showHandled) {
        for (auto it = m_marks.cbegin(); it != m_marks.cend(); ++it) {
            const int partition = it.key().first;
            if (!it.value().isHandled() || partition < 0 || partition >= m_partitions.size())
                continue;
            const QList<DlqRow> &rows = m_partitions.at(partition);
            const auto at = std::lower_bound(rows.cbegin(), rows.cend(), it.key().second,
                                             [](const DlqRow &r, qint64 offset) { return r.offset < offset; });
            if (at != rows.cend() && at->offset == it.key().second)
                hidden.insert(placeOf(partition, at - rows.cbegin()));
        }
    }
    if (wanted == -2) {
        // A class none of the records has: nothing passes.
    } else {
        for (qsizetype p = 0; p < m_classOf.size(); ++p) {
            const QList<int> &classes = m_classOf.at(p);
            for (qsizetype i = 0; i < classes.size(); ++i) {
                if (wanted >= 0 && classes.at(i) != wanted)
                    continue;
                const Place place = placeOf(int(p), i);
                if (hidden.isEmpty() || !hidden.contains(place))
                    m_visible.append(place);
            }
        }
    }
    m_page = qBound(0, m_page, qMax(0, pageCount() - 1));
    resetRows();
}

void DlqRecordsModel::resetRows()
{
    const qsizetype left = m_visible.size() - qsizetype(m_page) * m_pageSize;
    m_rowsShown = int(std::clamp<qsizetype>(left, 0, m_pageSize));
}

void DlqRecordsModel::setFilter(const QString &errorClass, bool showHandled)
{
    if (errorClass == m_errorClass && showHandled == m_showHandled)
        return;
    beginResetModel();
    m_errorClass = errorClass;
    m_showHandled = showHandled;
    m_page = 0;
    refilter();
    endResetModel();
    emit countsChanged();
}

QList<processing::DlqRecord> DlqRecordsModel::filteredRecords() const
{
    return filteredSelection().records();
}

QList<processing::DlqRecord> DlqRecordsModel::Selection::records() const
{
    QList<processing::DlqRecord> out;
    out.reserve(places.size());
    for (const quint64 p : places)
        out.append(toDlqRecord(topic, partitions.at(qsizetype(p >> 32)).at(qsizetype(p & 0xffffffffu))));
    return out;
}

void DlqRecordsModel::setPageSize(int rows)
{
    rows = qMax(1, rows);
    if (rows == m_pageSize)
        return;
    beginResetModel();
    m_pageSize = rows;
    m_page = 0;
    resetRows();
    endResetModel();
    emit countsChanged();
}

int DlqRecordsModel::pageCount() const
{
    return qMax(1, int((m_visible.size() + m_pageSize - 1) / m_pageSize));
}

void DlqRecordsModel::setPage(int page)
{
    page = qBound(0, page, pageCount() - 1);
    if (page == m_page)
        return;
    beginResetModel();
    m_page = page;
    resetRows();
    endResetModel();
    emit countsChanged();
}

int DlqRecordsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowsShown;
}

int DlqRecordsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DlqRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DlqRow &r = row(index.row());
    switch (role) {
    case HandledRole:
        return markOf(r).isHandled();
    case DiscardedRole:
        return markOf(r).discarded;
    case CoordinatesRole:
        return processing::DlqRecordId{m_topic, r.partition, r.offset}.coordinates();
    case ErrorClassRole:
        return r.errorClass;
    case DetailsRole:
        return detailsText(toDlqRecord(m_topic, r));
    case SortRole:
        switch (index.column()) {
        case PartitionColumn:
            return r.partition;
        case OffsetColumn:
            return r.offset;
        case OriginalPartitionColumn:
            return r.originalPartition;
        case OriginalOffsetColumn:
            return r.originalOffset;
        case AttemptsColumn:
            return r.attempts;
        case FirstFailureColumn:
            return r.firstFailureMs;
        case LastFailureColumn:
            return r.lastFailureMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn)
            return statusTip(markOf(r));
        if (index.column() == ErrorMessageColumn)
            return r.message;
        if (!r.decodeError.isEmpty())
            return tr("The payload does not decode: %1").arg(r.decodeError);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PartitionColumn:
        case OffsetColumn:
        case OriginalPartitionColumn:
        case OriginalOffsetColumn:
        case AttemptsColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case PartitionColumn:
        return r.partition;
    case OffsetColumn:
        return r.offset;
    case StatusColumn:
        return statusText(markOf(r).state());
    case OriginalTopicColumn:
        return r.originalTopic;
    case OriginalPartitionColumn:
        return r.originalPartition >= 0 ? QVariant(r.originalPartition) : QVariant();
    case OriginalOffsetColumn:
        return r.originalOffset >= 0 ? QVariant(r.originalOffset) : QVariant();
    case GroupColumn:
        return r.group;
    case AttemptsColumn:
        return r.attempts;
    case ErrorClassColumn:
        return r.errorClass;
    case ErrorMessageColumn:
        return r.summary;
    case FirstFailureColumn:
        return timeText(r.firstFailureMs);
    case LastFailureColumn:
        return timeText(r.lastFailureMs);
    case KeyColumn:
        return keyText(r.key);
    default:
        return {};
    }
}

QVariant DlqRecordsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PartitionColumn:
        return tr("Partition");
    case OffsetColumn:
        return tr("Offset");
    case StatusColumn:
        return tr("Status");
    case OriginalTopicColumn:
        return tr("Original topic");
    case OriginalPartitionColumn:
        return tr("Orig. partition");
    case OriginalOffsetColumn:
        return tr("Orig. offset");
    case GroupColumn:
        return tr("Group");
    case AttemptsColumn:
        return tr("Attempts");
    case ErrorClassColumn:
        return tr("Error class");
    case ErrorMessageColumn:
        return tr("Error message");
    case FirstFailureColumn:
        return tr("First failure");
    case LastFailureColumn:
        return tr("Last failure");
    case KeyColumn:
        return tr("Key");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

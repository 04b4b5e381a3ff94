#include "DlqRecordsModel.h"

#include "RecordDecoding.h"

#include <algorithm>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

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
    beginResetModel();
    m_topic = topic;
    m_records = records;
    m_marks.clear();
    m_classCounts.clear();
    for (const processing::DlqRecord &r : m_records)
        ++m_classCounts[r.info.failure.errorClass];
    m_page = 0;
    refilter();
    endResetModel();
}

void DlqRecordsModel::clear()
{
    setRecords({}, {});
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
        return;
    }
    m_marks = byKey;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

processing::DlqMark DlqRecordsModel::mark(int row) const
{
    return markOf(record(row));
}

int DlqRecordsModel::openCount() const
{
    if (m_marks.isEmpty())
        return int(m_records.size());
    int open = 0;
    for (const processing::DlqRecord &r : m_records) {
        if (!markOf(r).isHandled())
            ++open;
    }
    return open;
}

QStringList DlqRecordsModel::errorClasses() const
{
    QStringList classes = m_classCounts.keys();
    classes.sort();
    return classes;
}

bool DlqRecordsModel::passes(const processing::DlqRecord &r) const
{
    if (!m_errorClass.isEmpty() && r.info.failure.errorClass != m_errorClass)
        return false;
    return m_showHandled || !markOf(r).isHandled();
}

void DlqRecordsModel::refilter()
{
    m_visible.clear();
    m_visible.reserve(m_records.size());
    for (int i = 0; i < m_records.size(); ++i)
        if (passes(m_records.at(i)))
            m_visible.append(i);
    m_page = qBound(0, m_page, qMax(0, pageCount() - 1));
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
}

QList<processing::DlqRecord> DlqRecordsModel::filteredRecords() const
{
    QList<processing::DlqRecord> out;
    out.reserve(m_visible.size());
    for (int i : m_visible)
        out.append(m_records.at(i));
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
    endResetModel();
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
    endResetModel();
}

int DlqRecordsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    const qsizetype left = m_visible.size() - qsizetype(m_page) * m_pageSize;
    return int(std::clamp<qsizetype>(left, 0, m_pageSize));
}

int DlqRecordsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DlqRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const processing::DlqRecord &r = record(index.row());
    const processing::DeadLetterInfo &i = r.info;
    switch (role) {
    case HandledRole:
        return markOf(r).isHandled();
    case DiscardedRole:
        return markOf(r).discarded;
    case CoordinatesRole:
        return r.coordinates();
    case ErrorClassRole:
        return i.failure.errorClass;
    case DetailsRole:
        return detailsText(r);
    case SortRole:
        switch (index.column()) {
        case PartitionColumn:
            return r.partition;
        case OffsetColumn:
            return r.offset;
        case OriginalPartitionColumn:
            return i.originalPartition;
        case OriginalOffsetColumn:
            return i.originalOffset;
        case AttemptsColumn:
            return i.failure.attempts;
        case FirstFailureColumn:
            return i.failure.firstFailureMs;
        case LastFailureColumn:
            return i.failure.lastFailureMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn)
            return statusTip(markOf(r));
        if (index.column() == ErrorMessageColumn)
            return i.failure.message;
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
        return i.originalTopic;
    case OriginalPartitionColumn:
        return i.originalPartition >= 0 ? QVariant(i.originalPartition) : QVariant();
    case OriginalOffsetColumn:
        return i.originalOffset >= 0 ? QVariant(i.originalOffset) : QVariant();
    case GroupColumn:
        return i.consumerGroup;
    case AttemptsColumn:
        return i.failure.attempts;
    case ErrorClassColumn:
        return i.failure.errorClass;
    case ErrorMessageColumn:
        return i.failure.message.section(QLatin1Char('\n'), 0, 0);
    case FirstFailureColumn:
        return timeText(i.failure.firstFailureMs);
    case LastFailureColumn:
        return timeText(i.failure.lastFailureMs);
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

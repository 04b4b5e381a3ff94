#include "DlqRecordsModel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

namespace taskstream {
namespace console {

namespace {

QString timeText(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
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

} // namespace

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
    endResetModel();
}

void DlqRecordsModel::clear()
{
    setRecords({}, {});
}

void DlqRecordsModel::setMarks(const QHash<QString, processing::DlqMark> &marks)
{
    m_marks = marks;
    if (!m_records.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_records.size()) - 1, ColumnCount - 1));
}

processing::DlqMark DlqRecordsModel::mark(int row) const
{
    return m_marks.value(m_records.at(row).coordinates());
}

int DlqRecordsModel::openCount() const
{
    int open = 0;
    for (const processing::DlqRecord &r : m_records) {
        if (!m_marks.value(r.coordinates()).isHandled())
            ++open;
    }
    return open;
}

QStringList DlqRecordsModel::errorClasses() const
{
    QStringList classes;
    for (const processing::DlqRecord &r : m_records) {
        if (!classes.contains(r.info.failure.errorClass))
            classes << r.info.failure.errorClass;
    }
    classes.sort();
    return classes;
}

int DlqRecordsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int DlqRecordsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DlqRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const processing::DlqRecord &r = m_records.at(index.row());
    const processing::DeadLetterInfo &i = r.info;
    switch (role) {
    case HandledRole:
        return m_marks.value(r.coordinates()).isHandled();
    case DiscardedRole:
        return m_marks.value(r.coordinates()).discarded;
    case CoordinatesRole:
        return r.coordinates();
    case ErrorClassRole:
        return i.failure.errorClass;
    case DetailsRole:
        return QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Indented));
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
            return statusTip(m_marks.value(r.coordinates()));
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
        return statusText(m_marks.value(r.coordinates()).state());
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

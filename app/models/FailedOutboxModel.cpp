#include "FailedOutboxModel.h"

#include <QJsonObject>
#include <QLocale>

namespace taskstream {
namespace console {

namespace {

QDateTime isoTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

FailedOutboxModel::FailedOutboxModel(QObject *parent) : QAbstractTableModel(parent) {}

void FailedOutboxModel::setItems(const QJsonArray &items)
{
    beginResetModel();
    m_items.clear();
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        Item i;
        i.seq = o.value(QLatin1String("seq")).toInteger();
        i.eventId = o.value(QLatin1String("event_id")).toString();
        i.topic = o.value(QLatin1String("topic")).toString();
        i.key = o.value(QLatin1String("key")).toString();
        i.eventType = o.value(QLatin1String("event_type")).toString();
        i.createdAt = isoTime(o.value(QLatin1String("created_at")));
        i.failedAt = isoTime(o.value(QLatin1String("failed_at")));
        i.attempts = o.value(QLatin1String("attempts")).toInt();
        i.payloadBytes = o.value(QLatin1String("payload_bytes")).toInt();
        i.reason = o.value(QLatin1String("error")).toString();
        m_items.append(i);
    }
    endResetModel();
}

void FailedOutboxModel::clear()
{
    if (m_items.isEmpty())
        return;
    beginResetModel();
    m_items.clear();
    endResetModel();
}

int FailedOutboxModel::rowOf(qint64 seq) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).seq == seq)
            return row;
    }
    return -1;
}

int FailedOutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int FailedOutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailedOutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &i = m_items.at(index.row());
    switch (role) {
    case SeqRole:
        return i.seq;
    case SortRole:
        switch (index.column()) {
        case SeqColumn:
            return i.seq;
        case FailedAtColumn:
            return i.failedAt.isValid() ? i.failedAt.toMSecsSinceEpoch() : qint64(0);
        case AttemptsColumn:
            return i.attempts;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ReasonColumn:
            return i.reason;
        case FailedAtColumn:
            return i.failedAt.isValid() ? QVariant() : tr("The daemon keeps no failure time for this record.");
        default:
            return tr("%1, event %2, %n byte(s), created %3", nullptr, i.payloadBytes)
                .arg(i.eventType, i.eventId, timeText(i.createdAt));
        }
    case Qt::TextAlignmentRole:
        if (index.column() == SeqColumn || index.column() == AttemptsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SeqColumn:
        return i.seq;
    case TopicColumn:
        return i.topic;
    case KeyColumn:
        return i.key;
    case EventTypeColumn:
        // com.todo.events.TaskCreated -> TaskCreated; the full name is in the tooltip of the row.
        return i.eventType.section(QLatin1Char('.'), -1);
    case FailedAtColumn:
        return timeText(i.failedAt);
    case AttemptsColumn:
        return i.attempts;
    case ReasonColumn:
        return i.reason.section(QLatin1Char('\n'), 0, 0);
    default:
        return {};
    }
}

QVariant FailedOutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TopicColumn:
        return tr("Topic");
    case KeyColumn:
        return tr("Key");
    case EventTypeColumn:
        return tr("Event type");
    case FailedAtColumn:
        return tr("Failed at");
    case AttemptsColumn:
        return tr("Attempts");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream

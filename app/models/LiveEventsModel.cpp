#include "LiveEventsModel.h"

#include <QDateTime>
#include <QLocale>

namespace taskstream {
namespace console {

bool LiveEvent::fromCloudEvent(const QJsonObject &event, qint64 recordTimeMs, LiveEvent *out)
{
    QString type = event.value(QStringLiteral("type")).toString();
    type = type.mid(type.lastIndexOf(QLatin1Char('.')) + 1);
    if (type != QLatin1String("TaskChanged") && type != QLatin1String("ReminderTriggered") &&
        type != QLatin1String("NotificationCreated"))
        return false;
    const QJsonObject data = event.value(QStringLiteral("data")).toObject();
    out->type = type;
    out->event = event;
    out->userId = data.value(QStringLiteral("user_id")).toString();
    out->taskId = data.value(QStringLiteral("task_id")).toString();
    const QDateTime time = QDateTime::fromString(event.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    out->timeMs = time.isValid() ? time.toMSecsSinceEpoch() : recordTimeMs;
    if (type == QLatin1String("TaskChanged")) {
        out->change = data.value(QStringLiteral("change_type")).toString();
        out->title = data.value(QStringLiteral("task")).toObject().value(QStringLiteral("title")).toString();
    } else if (type == QLatin1String("NotificationCreated")) {
        out->change = data.value(QStringLiteral("kind")).toString();
        out->title = data.value(QStringLiteral("title")).toString();
    } else {
        out->change = data.value(QStringLiteral("late")).toBool() ? QStringLiteral("late") : QStringLiteral("on time");
        out->title = data.value(QStringLiteral("title")).toString(); // not in today's schema; kept if it comes
        const QDateTime due =
            QDateTime::fromString(data.value(QStringLiteral("remind_at")).toString(), Qt::ISODateWithMs);
        out->remindAtMs = due.isValid() ? due.toMSecsSinceEpoch() : -1;
    }
    return true;
}

QString LiveEventsModel::changeText(const QString &change)
{
    if (change == QLatin1String("Created"))
        return tr("Created");
    if (change == QLatin1String("Updated"))
        return tr("Updated");
    if (change == QLatin1String("Completed"))
        return tr("Completed");
    if (change == QLatin1String("Deleted"))
        return tr("Deleted");
    if (change == QLatin1String("late"))
        return tr("late");
    if (change == QLatin1String("on time"))
        return tr("on time");
    if (change == QLatin1String("reminder"))
        return tr("reminder");
    if (change == QLatin1String("task_changed"))
        return tr("changed by someone else");
    return change;
}

LiveEventsModel::LiveEventsModel(QObject *parent) : QAbstractTableModel(parent) {}

void LiveEventsModel::setCapacity(int rows)
{
    m_capacity = qMax(1, rows);
    if (int(m_events.size()) > m_capacity)
        dropOldest(int(m_events.size()) - m_capacity);
}

void LiveEventsModel::dropOldest(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    endRemoveRows();
}

void LiveEventsModel::append(const QList<LiveEvent> &events)
{
    if (events.isEmpty())
        return;
    const int incoming = qMin(int(events.size()), m_capacity);
    dropOldest(int(m_events.size()) + incoming - m_capacity);
    const int first = int(m_events.size());
    // Bounded: a long session forgets old titles rather than growing without end.
    if (m_titles.size() > 20000)
        m_titles.clear();
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = events.size() - incoming; i < events.size(); ++i) {
        LiveEvent e = events.at(i);
        if (!e.taskId.isEmpty()) {
            if (e.type == QLatin1String("TaskChanged") && !e.title.isEmpty())
                m_titles.insert(e.taskId, e.title);
            else if (e.title.isEmpty())
                e.title = m_titles.value(e.taskId);
        }
        m_events.push_back(std::move(e));
    }
    endInsertRows();
}

void LiveEventsModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int LiveEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int LiveEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveEventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LiveEvent &e = m_events.at(std::size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return e.timeMs < 0
                       ? QString()
                       : QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.timeMs), QStringLiteral("HH:mm:ss.zzz"));
        case TypeColumn:
            return e.type;
        case ChangeColumn:
            return changeText(e.change);
        case UserColumn:
            return e.userName.isEmpty() ? e.userId : e.userName;
        case TaskColumn:
            return e.taskId;
        case TitleColumn:
            if (e.title.isEmpty() && e.type == QLatin1String("ReminderTriggered"))
                return e.remindAtMs < 0 ? tr("(reminder; the task's title was not seen in this view)")
                                        : tr("(reminder due %1; the task's title was not seen in this view)")
                                              .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.remindAtMs),
                                                                      QStringLiteral("HH:mm")));
            return e.title;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == UserColumn)
            return e.userId;
        if (index.column() == TaskColumn)
            return e.taskId;
        return {};
    case UserIdRole:
        return e.userId;
    case TypeRole:
        return e.type;
    case EventRole:
        return e.event;
    default:
        return {};
    }
}

QVariant LiveEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case ChangeColumn:
        return tr("Change");
    case UserColumn:
        return tr("User");
    case TaskColumn:
        return tr("Task");
    case TitleColumn:
        return tr("Title");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream

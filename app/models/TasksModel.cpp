#include "TasksModel.h"

#include <limits>

#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace taskstream {
namespace console {

namespace {
QString localTime(const QJsonValue &iso)
{
    // Date and time to the minute, whatever the locale's short format leaves out.
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

qint64 msOf(const QJsonValue &iso)
{
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max(); // none sorts last
}
} // namespace

TasksModel::TasksModel(QObject *parent) : QAbstractTableModel(parent) {}

void TasksModel::setTasks(const QJsonArray &items)
{
    beginResetModel();
    m_tasks.clear();
    for (const QJsonValue &v : items)
        if (v.isObject())
            m_tasks.append(v.toObject());
    endResetModel();
}

void TasksModel::upsertTask(const QJsonObject &task)
{
    const int row = rowOf(task.value(QStringLiteral("id")).toString());
    if (row >= 0) {
        m_tasks[row] = task;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, int(m_tasks.size()), int(m_tasks.size()));
    m_tasks.append(task);
    endInsertRows();
}

void TasksModel::removeTask(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_tasks.removeAt(row);
    endRemoveRows();
}

void TasksModel::clear()
{
    beginResetModel();
    m_tasks.clear();
    endResetModel();
}

int TasksModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_tasks.size(); ++i)
        if (m_tasks.at(i).value(QStringLiteral("id")).toString() == id)
            return i;
    return -1;
}

int TasksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

int TasksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TasksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &t = m_tasks.at(index.row());
    const bool completed = t.value(QStringLiteral("status")).toString() == QLatin1String("completed");
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TitleColumn:
            return t.value(QStringLiteral("title")).toString();
        case StatusColumn:
            return completed ? tr("completed") : tr("pending");
        case PriorityColumn: {
            const QString p = t.value(QStringLiteral("priority")).toString();
            return p == QLatin1String("High") ? tr("High") : p == QLatin1String("Low") ? tr("Low") : tr("Medium");
        }
        case DueColumn:
            return localTime(t.value(QStringLiteral("due_date")));
        case TagsColumn: {
            QStringList tags;
            for (const QJsonValue &v : t.value(QStringLiteral("tags")).toArray())
                tags << v.toString();
            return tags.join(QStringLiteral(", "));
        }
        case UpdatedColumn:
            return localTime(t.value(QStringLiteral("updated_at")));
        case IdColumn:
            return t.value(QStringLiteral("id")).toString();
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return t.value(QStringLiteral("description")).toString();
        return {};
    case Qt::FontRole:
        if (completed && index.column() == TitleColumn) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        return {};
    case SortRole:
        switch (Column(index.column())) {
        case TitleColumn:
            return t.value(QStringLiteral("title")).toString().toLower();
        case PriorityColumn: {
            const QString p = t.value(QStringLiteral("priority")).toString();
            return p == QLatin1String("High") ? 2 : p == QLatin1String("Low") ? 0 : 1;
        }
        case DueColumn:
            return msOf(t.value(QStringLiteral("due_date")));
        case UpdatedColumn:
            return msOf(t.value(QStringLiteral("updated_at")));
        default:
            return data(index, Qt::DisplayRole);
        }
    case TaskIdRole:
        return t.value(QStringLiteral("id")).toString();
    case TaskRole:
        return t;
    default:
        return {};
    }
}

QVariant TasksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TitleColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case PriorityColumn:
        return tr("Priority");
    case DueColumn:
        return tr("Due");
    case TagsColumn:
        return tr("Tags");
    case UpdatedColumn:
        return tr("Updated");
    case IdColumn:
        return tr("Id");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream

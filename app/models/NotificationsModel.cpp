#include "models/NotificationsModel.h"

#include "models/DaemonTimes.h"

#include <QFont>
#include <QJsonArray>
#include <QLocale>

namespace taskstream {
namespace console {

NotificationRow NotificationRow::fromJson(const QJsonObject &json)
{
    NotificationRow r;
    r.id = json.value(QStringLiteral("id")).toString();
    r.kind = json.value(QStringLiteral("kind")).toString();
    r.title = json.value(QStringLiteral("title")).toString();
    r.taskId = json.value(QStringLiteral("task_id")).toString();
    r.createdAt = daemonTime(json.value(QStringLiteral("created_at"))).value_or(QDateTime());
    r.read = json.value(QStringLiteral("read")).toBool();
    r.readAt = daemonTime(json.value(QStringLiteral("read_at")));
    r.body = json.value(QStringLiteral("body")).toObject();
    return r;
}

NotificationsModel::NotificationsModel(QObject *parent) : QAbstractTableModel(parent) {}

void NotificationsModel::setNotifications(const QList<NotificationRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void NotificationsModel::clear()
{
    setNotifications({});
}

int NotificationsModel::unreadCount() const
{
    int n = 0;
    for (const NotificationRow &r : m_rows)
        n += r.read ? 0 : 1;
    return n;
}

QString NotificationsModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("reminder"))
        return tr("Reminder");
    if (kind == QLatin1String("task_changed"))
        return tr("Changed by someone else");
    return kind;
}

QString NotificationsModel::detailsText(const NotificationRow &row)
{
    if (row.kind == QLatin1String("reminder")) {
        const std::optional<QDateTime> due = daemonTime(row.body.value(QStringLiteral("remind_at")));
        const QString at = due ? localTimeText(*due) : QString();
        return row.body.value(QStringLiteral("late")).toBool() ? tr("due %1; fired late").arg(at)
                                                               : tr("due %1").arg(at);
    }
    if (row.kind == QLatin1String("task_changed")) {
        const QString change = row.body.value(QStringLiteral("change")).toString();
        const QString by = row.body.value(QStringLiteral("changed_by")).toString();
        QStringList fields;
        for (const QJsonValue &f : row.body.value(QStringLiteral("changed_fields")).toArray())
            fields << f.toString();
        const QString what = change == QLatin1String("created")     ? tr("created by %1").arg(by)
                             : change == QLatin1String("completed") ? tr("completed by %1").arg(by)
                             : change == QLatin1String("deleted")   ? tr("deleted by %1").arg(by)
                                                                    : tr("changed by %1").arg(by);
        return fields.isEmpty() ? what : tr("%1 (%2)").arg(what, fields.join(QStringLiteral(", ")));
    }
    return {};
}

int NotificationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NotificationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NotificationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NotificationRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case CreatedColumn:
            return localTimeText(r.createdAt);
        case KindColumn:
            return kindText(r.kind);
        case TitleColumn:
            return r.title;
        case ReadColumn:
            return r.read ? (r.readAt ? tr("read %1").arg(localTimeText(*r.readAt)) : tr("read")) : tr("unread");
        case DetailsColumn:
            return detailsText(r);
        case ColumnCount:
            break;
        }
        break;
    case Qt::FontRole:
        if (!r.read) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn && !r.taskId.isEmpty())
            return tr("Task %1").arg(r.taskId);
        break;
    case SortRole:
        switch (Column(index.column())) {
        case CreatedColumn:
            return r.createdAt.toMSecsSinceEpoch();
        case ReadColumn:
            return r.read ? 1 : 0;
        default:
            return data(index, Qt::DisplayRole);
        }
    case IdRole:
        return r.id;
    default:
        break;
    }
    return {};
}

QVariant NotificationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case CreatedColumn:
        return tr("Made");
    case KindColumn:
        return tr("Kind");
    case TitleColumn:
        return tr("Title");
    case ReadColumn:
        return tr("Read");
    case DetailsColumn:
        return tr("Details");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream

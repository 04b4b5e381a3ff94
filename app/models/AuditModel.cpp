#include "AuditModel.h"

#include <QDateTime>
#include <QLocale>

namespace taskstream {
namespace console {

namespace {
QDateTime parseTime(const QJsonValue &iso)
{
    return QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
}

QString localTime(const QJsonValue &iso)
{
    const QDateTime t = parseTime(iso);
    // Seconds matter when reading a history, so not the locale's short format.
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString shortType(const QString &type)
{
    return type.mid(type.lastIndexOf(QLatin1Char('.')) + 1);
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    if (v.isString())
        out << v.toString();
    for (const QJsonValue &item : v.toArray())
        out << item.toString();
    out.removeAll(QString());
    return out;
}
} // namespace

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditModel::setEntries(const QJsonArray &items)
{
    beginResetModel();
    m_entries.clear();
    for (const QJsonValue &v : items)
        if (v.isObject())
            m_entries.append(v.toObject());
    endResetModel();
}

void AuditModel::appendEntries(const QJsonArray &items)
{
    QList<QJsonObject> added;
    for (const QJsonValue &v : items)
        if (v.isObject())
            added.append(v.toObject());
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + added.size() - 1));
    m_entries.append(added);
    endInsertRows();
}

void AuditModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void AuditModel::setUserNames(const QHash<QString, QString> &namesById)
{
    m_userNames = namesById;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, UserColumn), index(int(m_entries.size()) - 1, ActorColumn));
}

int AuditModel::rowOfEventId(const QString &eventId) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).value(QStringLiteral("event_id")).toString() == eventId)
            return i;
    return -1;
}

QString AuditModel::summary(const QJsonObject &entry)
{
    const QJsonObject payload = entry.value(QStringLiteral("payload")).toObject();
    const QJsonObject task = payload.value(QStringLiteral("task")).toObject(); // TaskChanged's snapshot
    QStringList parts;
    const QString change = payload.value(QStringLiteral("change_type")).toString();
    if (!change.isEmpty())
        parts << change;
    QString title = payload.value(QStringLiteral("title")).toString();
    if (title.isEmpty())
        title = task.value(QStringLiteral("title")).toString();
    if (!title.isEmpty())
        parts << tr("“%1”").arg(title);
    const QStringList changed = strings(payload.value(QStringLiteral("changed_fields")));
    if (!changed.isEmpty())
        parts << tr("changed: %1").arg(changed.join(QStringLiteral(", ")));
    const QDateTime remindAt = parseTime(payload.value(QStringLiteral("remind_at")));
    if (remindAt.isValid())
        parts << tr("remind at %1").arg(QLocale().toString(remindAt.toLocalTime(), QLocale::ShortFormat));
    if (payload.contains(QStringLiteral("completed_at")) && change.isEmpty())
        parts << tr("completed");
    return parts.join(QStringLiteral(" · "));
}

QString AuditModel::actorText(const QJsonObject &entry) const
{
    const QString subject = entry.value(QStringLiteral("actor")).toString();
    const QString source = entry.value(QStringLiteral("actor_source")).toString();
    const QString who = m_userNames.value(subject, subject);
    QString via;
    if (source == QLatin1String("api"))
        via = tr("API");
    else if (source == QLatin1String("console"))
        via = tr("console");
    else if (source.startsWith(QLatin1String("worker:")))
        via = tr("worker %1").arg(source.mid(7));
    else
        via = source;
    if (who.isEmpty())
        return via;
    if (via.isEmpty())
        return who;
    return tr("%1 (%2)").arg(who, via);
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return localTime(e.value(QStringLiteral("occurred_at")));
        case TypeColumn:
            return shortType(e.value(QStringLiteral("type")).toString());
        case UserColumn: {
            const QString id = e.value(QStringLiteral("user_id")).toString();
            return m_userNames.value(id, id);
        }
        case ActorColumn:
            return actorText(e);
        case TaskColumn:
            return e.value(QStringLiteral("task_id")).toString();
        case TopicColumn:
            return e.value(QStringLiteral("topic")).toString();
        case PartitionColumn:
            return e.value(QStringLiteral("partition")).isDouble()
                       ? QVariant(e.value(QStringLiteral("partition")).toInt())
                       : QVariant();
        case OffsetColumn:
            return e.value(QStringLiteral("offset")).isDouble()
                       ? QVariant(qint64(e.value(QStringLiteral("offset")).toDouble()))
                       : QVariant();
        case SummaryColumn:
            return summary(e);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return tr("Occurred %1, recorded %2")
                .arg(e.value(QStringLiteral("occurred_at")).toString(),
                     e.value(QStringLiteral("recorded_at")).toString());
        case TypeColumn:
            return e.value(QStringLiteral("type")).toString();
        case UserColumn:
            return e.value(QStringLiteral("user_id")).toString();
        case ActorColumn:
            if (e.value(QStringLiteral("actor")).isNull() && e.value(QStringLiteral("actor_source")).isNull())
                return tr("Not recorded: the event carried no actor (written before actors were recorded, or by "
                          "another producer)");
            return tr("Subject %1, source %2")
                .arg(e.value(QStringLiteral("actor")).toString(), e.value(QStringLiteral("actor_source")).toString());
        case SummaryColumn:
            return summary(e);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == PartitionColumn || index.column() == OffsetColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EventIdRole:
        return e.value(QStringLiteral("event_id")).toString();
    case EntryRole:
        return e;
    default:
        return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case UserColumn:
        return tr("User");
    case ActorColumn:
        return tr("Who");
    case TaskColumn:
        return tr("Task");
    case TopicColumn:
        return tr("Topic");
    case PartitionColumn:
        return tr("Partition");
    case OffsetColumn:
        return tr("Offset");
    case SummaryColumn:
        return tr("Summary");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream

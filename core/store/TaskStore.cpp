#include "store/TaskStore.h"

#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] =
    "id, user_id, title, description, due_date, priority, tags, status, recurrence_pattern, "
    "remind_before_minutes, parent_task_id, created_at, updated_at, completed_at, version, recurrence_anchor, "
    "series_values";

QVariant msOrNull(const std::optional<QDateTime> &t)
{
    return t ? QVariant(t->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant textOrNull(const std::optional<QString> &s)
{
    return s ? QVariant(*s) : QVariant(QMetaType(QMetaType::QString));
}

QString uuidText(const QUuid &u)
{
    return u.toString(QUuid::WithoutBraces);
}

QString jsonList(const QStringList &l)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(l)).toJson(QJsonDocument::Compact));
}

QString jsonInts(const QList<int> &l)
{
    QJsonArray a;
    for (int i : l)
        a.append(i);
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

/// The series' values of fields edited for one occurrence only; NULL when there are none.
QVariant seriesText(const QJsonObject &values)
{
    if (values.isEmpty())
        return QVariant(QMetaType(QMetaType::QString));
    return QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact));
}

std::optional<QDateTime> optTime(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

Task fromRow(const Database::Statement &q)
{
    Task t;
    t.id = QUuid::fromString(q.value(0).toString());
    t.userId = QUuid::fromString(q.value(1).toString());
    t.title = q.value(2).toString();
    if (!q.value(3).isNull())
        t.description = q.value(3).toString();
    t.dueDate = optTime(q.value(4));
    t.priority = q.value(5).toString();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(6).toString().toUtf8()).array())
        t.tags.append(v.toString());
    t.status = q.value(7).toString();
    if (!q.value(8).isNull())
        t.recurrencePattern = q.value(8).toString();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array())
        t.remindBeforeMinutes.append(v.toInt());
    if (!q.value(10).isNull())
        t.parentTaskId = QUuid::fromString(q.value(10).toString());
    t.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(11).toLongLong(), Qt::UTC);
    t.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(12).toLongLong(), Qt::UTC);
    t.completedAt = optTime(q.value(13));
    t.version = q.value(14).toInt();
    t.recurrenceAnchor = q.value(15).toString();
    if (t.recurrenceAnchor.isEmpty())
        t.recurrenceAnchor = QStringLiteral("due");
    if (!q.value(16).isNull())
        t.seriesValues = QJsonDocument::fromJson(q.value(16).toString().toUtf8()).object();
    return t;
}

} // namespace

Result<void> TaskStore::insert(const Task &t)
{
    static const QString sql =
        QStringLiteral("INSERT INTO tasks (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(kColumns));
    const Result<int> rows =
        m_db->statement(sql)
            .bind(uuidText(t.id))
            .bind(uuidText(t.userId))
            .bind(t.title)
            .bind(textOrNull(t.description))
            .bind(msOrNull(t.dueDate))
            .bind(t.priority)
            .bind(jsonList(t.tags))
            .bind(t.status)
            .bind(textOrNull(t.recurrencePattern))
            .bind(jsonInts(t.remindBeforeMinutes))
            .bind(t.parentTaskId ? QVariant(uuidText(*t.parentTaskId)) : QVariant(QMetaType(QMetaType::QString)))
            .bind(t.createdAt.toMSecsSinceEpoch())
            .bind(t.updatedAt.toMSecsSinceEpoch())
            .bind(msOrNull(t.completedAt))
            .bind(t.version)
            .bind(t.recurrenceAnchor)
            .bind(seriesText(t.seriesValues))
            .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<void> TaskStore::update(const Task &t)
{
    static const QString sql =
        QStringLiteral("UPDATE tasks SET title = ?, description = ?, due_date = ?, priority = ?, tags = ?, "
                       "status = ?, recurrence_pattern = ?, remind_before_minutes = ?, updated_at = ?, "
                       "completed_at = ?, recurrence_anchor = ?, series_values = ?, version = version + 1 "
                       "WHERE id = ? AND deleted_at IS NULL AND version = ?");
    const Result<int> rows = m_db->statement(sql)
                                 .bind(t.title)
                                 .bind(textOrNull(t.description))
                                 .bind(msOrNull(t.dueDate))
                                 .bind(t.priority)
                                 .bind(jsonList(t.tags))
                                 .bind(t.status)
                                 .bind(textOrNull(t.recurrencePattern))
                                 .bind(jsonInts(t.remindBeforeMinutes))
                                 .bind(t.updatedAt.toMSecsSinceEpoch())
                                 .bind(msOrNull(t.completedAt))
                                 .bind(t.recurrenceAnchor)
                                 .bind(seriesText(t.seriesValues))
                                 .bind(uuidText(t.id))
                                 .bind(t.version)
                                 .exec();
    if (!rows)
        return rows.error();
    if (*rows != 1)
        return Error::notFound(
            QStringLiteral("task %1 is gone or no longer at version %2").arg(uuidText(t.id)).arg(t.version));
    return {};
}

Result<std::optional<Task>> TaskStore::find(const QUuid &id)
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM tasks WHERE id = ? AND deleted_at IS NULL").arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(sql);
    if (const Result<int> ran = q.bind(uuidText(id)).exec(); !ran)
        return ran.error();
    if (!q.next())
        return std::optional<Task>();
    return std::optional<Task>(fromRow(q));
}

Result<std::optional<Task>> TaskStore::findForUpdate(const QUuid &id)
{
    static const QString sqlite =
        QStringLiteral("SELECT %1 FROM tasks WHERE id = ? AND deleted_at IS NULL").arg(QLatin1String(kColumns));
    static const QString postgres =
        QStringLiteral("SELECT %1 FROM tasks WHERE id = ? AND deleted_at IS NULL FOR UPDATE")
            .arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(m_db->kind() == Database::Kind::PostgreSQL ? postgres : sqlite);
    if (const Result<int> ran = q.bind(uuidText(id)).exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? std::optional<Task>() : Result<std::optional<Task>>(q.status().error());
    return std::optional<Task>(fromRow(q));
}

Result<std::optional<Task>> TaskStore::findIncludingDeleted(const QUuid &id)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM tasks WHERE id = ?").arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(sql);
    if (const Result<int> ran = q.bind(uuidText(id)).exec(); !ran)
        return ran.error();
    if (!q.next())
        return std::optional<Task>();
    return std::optional<Task>(fromRow(q));
}

Result<bool> TaskStore::exists(const QUuid &id)
{
    Database::Statement q = m_db->statement("SELECT 1 FROM tasks WHERE id = ?");
    if (const Result<int> ran = q.bind(uuidText(id)).exec(); !ran)
        return ran.error();
    return q.next();
}

Result<void> TaskStore::markDeleted(const QUuid &id, const QDateTime &at)
{
    const Result<int> rows = m_db->statement("UPDATE tasks SET deleted_at = ?, updated_at = ?, version = version + 1 "
                                             "WHERE id = ? AND deleted_at IS NULL")
                                 .bind(at.toMSecsSinceEpoch())
                                 .bind(at.toMSecsSinceEpoch())
                                 .bind(uuidText(id))
                                 .exec();
    if (!rows)
        return rows.error();
    if (*rows != 1)
        return Error::notFound(QStringLiteral("task %1 is deleted already").arg(uuidText(id)));
    return {};
}

Result<QList<Task>> TaskStore::list(const TaskQuery &query, int *total)
{
    QString where = QStringLiteral("user_id = ? AND deleted_at IS NULL");
    QVariantList binds{uuidText(query.userId)};
    if (!query.status.isEmpty()) {
        where += QStringLiteral(" AND status = ?");
        binds << query.status;
    }
    if (!query.priority.isEmpty()) {
        where += QStringLiteral(" AND priority = ?");
        binds << query.priority;
    }
    if (!query.tag.isEmpty()) {
        // tags is a JSON array of strings: match the element with its quotes, LIKE wildcards escaped.
        QString quoted = jsonList({query.tag}).mid(1).chopped(1);
        quoted.replace(QLatin1String("\\"), QLatin1String("\\\\"))
            .replace(QLatin1String("%"), QLatin1String("\\%"))
            .replace(QLatin1String("_"), QLatin1String("\\_"));
        where += QStringLiteral(" AND tags LIKE ? ESCAPE '\\'");
        binds << QStringLiteral("%") + quoted + QStringLiteral("%");
    }
    if (query.dueFrom) {
        where += QStringLiteral(" AND due_date >= ?");
        binds << query.dueFrom->toMSecsSinceEpoch();
    }
    if (query.dueTo) {
        where += QStringLiteral(" AND due_date < ?");
        binds << query.dueTo->toMSecsSinceEpoch();
    }
    {
        Database::Statement count = m_db->statement(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE ") + where);
        for (const QVariant &b : binds)
            count.bind(b);
        if (const Result<int> ran = count.exec(); !ran)
            return ran.error();
        if (!count.next())
            return count.status().ok() ? Error::internal(QStringLiteral("COUNT(*) gave no row"))
                                       : count.status().error();
        if (total)
            *total = int(count.int64(0));
    }

    Database::Statement q =
        m_db->statement(QStringLiteral("SELECT %1 FROM tasks WHERE %2 ORDER BY created_at, id LIMIT ? OFFSET ?")
                            .arg(QLatin1String(kColumns), where));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(query.limit).bind(query.offset);
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    QList<Task> out;
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

} // namespace taskstream::store

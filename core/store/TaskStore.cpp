#include "store/TaskStore.h"

#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] = "id, user_id, title, description, due_date, priority, tags, status, recurrence_pattern, "
                        "remind_before_minutes, parent_task_id, created_at, updated_at, completed_at, version";

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

std::optional<QDateTime> optTime(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

Task fromRow(const QSqlQuery &q)
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
    return t;
}

bool run(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}
} // namespace

bool TaskStore::insert(const Task &t, QString *error)
{
    static const QString sql = QStringLiteral("INSERT INTO tasks (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                                   .arg(QLatin1String(kColumns));
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return false;
    q.addBindValue(uuidText(t.id));
    q.addBindValue(uuidText(t.userId));
    q.addBindValue(t.title);
    q.addBindValue(textOrNull(t.description));
    q.addBindValue(msOrNull(t.dueDate));
    q.addBindValue(t.priority);
    q.addBindValue(jsonList(t.tags));
    q.addBindValue(t.status);
    q.addBindValue(textOrNull(t.recurrencePattern));
    q.addBindValue(jsonInts(t.remindBeforeMinutes));
    q.addBindValue(t.parentTaskId ? QVariant(uuidText(*t.parentTaskId)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(t.createdAt.toMSecsSinceEpoch());
    q.addBindValue(t.updatedAt.toMSecsSinceEpoch());
    q.addBindValue(msOrNull(t.completedAt));
    q.addBindValue(t.version);
    return run(q, error);
}

bool TaskStore::update(const Task &t, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE tasks SET title = ?, description = ?, due_date = ?, priority = ?, tags = ?, "
                             "status = ?, recurrence_pattern = ?, remind_before_minutes = ?, updated_at = ?, "
                             "completed_at = ?, version = version + 1 WHERE id = ? AND deleted_at IS NULL"));
    q.addBindValue(t.title);
    q.addBindValue(textOrNull(t.description));
    q.addBindValue(msOrNull(t.dueDate));
    q.addBindValue(t.priority);
    q.addBindValue(jsonList(t.tags));
    q.addBindValue(t.status);
    q.addBindValue(textOrNull(t.recurrencePattern));
    q.addBindValue(jsonInts(t.remindBeforeMinutes));
    q.addBindValue(t.updatedAt.toMSecsSinceEpoch());
    q.addBindValue(msOrNull(t.completedAt));
    q.addBindValue(uuidText(t.id));
    if (!run(q, error))
        return false;
    if (q.numRowsAffected() != 1) {
        if (error)
            error->clear();
        return false;
    }
    return true;
}

std::optional<Task> TaskStore::find(const QUuid &id, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT %1 FROM tasks WHERE id = ? AND deleted_at IS NULL").arg(QLatin1String(kColumns)));
    q.addBindValue(uuidText(id));
    if (!run(q, error))
        return std::nullopt;
    if (error)
        error->clear();
    if (!q.next())
        return std::nullopt;
    return fromRow(q);
}

std::optional<Task> TaskStore::findIncludingDeleted(const QUuid &id, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT %1 FROM tasks WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(uuidText(id));
    if (!run(q, error))
        return std::nullopt;
    if (error)
        error->clear();
    if (!q.next())
        return std::nullopt;
    return fromRow(q);
}

bool TaskStore::exists(const QUuid &id, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT 1 FROM tasks WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!run(q, error))
        return false;
    if (error)
        error->clear();
    return q.next();
}

bool TaskStore::markDeleted(const QUuid &id, const QDateTime &at, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE tasks SET deleted_at = ?, updated_at = ?, version = version + 1 "
                             "WHERE id = ? AND deleted_at IS NULL"));
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(uuidText(id));
    if (!run(q, error))
        return false;
    return q.numRowsAffected() == 1;
}

QList<Task> TaskStore::list(const TaskQuery &query, int *total, QString *error)
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
    QSqlQuery count(m_db->db());
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE ") + where);
    for (const QVariant &b : binds)
        count.addBindValue(b);
    if (!run(count, error) || !count.next())
        return {};
    if (total)
        *total = count.value(0).toInt();

    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT %1 FROM tasks WHERE %2 ORDER BY created_at, id LIMIT ? OFFSET ?")
                  .arg(QLatin1String(kColumns), where));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    q.addBindValue(query.limit);
    q.addBindValue(query.offset);
    if (!run(q, error))
        return {};
    QList<Task> out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

} // namespace taskstream::store

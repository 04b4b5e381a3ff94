#pragma once

#include "common/Result.h"
#include "store/Task.h"

#include <QList>
#include <QString>

namespace taskstream::store {

class Database;

/// Filters and paging of a user's task list.
struct TaskQuery
{
    QUuid userId;
    QString status;   ///< pending / completed / empty for both
    QString priority; ///< Low / Medium / High / empty for all
    QString tag;      ///< tasks carrying this tag
    std::optional<QDateTime> dueFrom, dueTo;
    int limit = 50;
    int offset = 0;
};

/// SQL for the tasks table. Every call returns its database error; none opens a
/// transaction of its own, so the caller groups writes with the outbox row.
class TaskStore
{
public:
    explicit TaskStore(Database *db) : m_db(db) {}

    Result<void> insert(const Task &task);
    /// Writes every mutable field and bumps the version, if the row is still at \a task's version:
    /// NotFound if the row is gone (deleted) or another change came first.
    Result<void> update(const Task &task);
    /// Like find(), and locks the row until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's
    /// transactions hold the database's write lock already), so a read-modify-write of the task
    /// cannot lose a concurrent change. Only inside a transaction.
    Result<std::optional<Task>> findForUpdate(const QUuid &id);
    /// The task unless deleted; an empty optional when there is none.
    Result<std::optional<Task>> find(const QUuid &id);
    /// Like find(), deleted tasks included (as they were when deleted).
    Result<std::optional<Task>> findIncludingDeleted(const QUuid &id);
    /// True if a task with \a id was ever stored (deleted ones included).
    Result<bool> exists(const QUuid &id);
    /// NotFound if the task is deleted already.
    Result<void> markDeleted(const QUuid &id, const QDateTime &at);
    /// One page of a user's tasks; *\a total counts every match.
    Result<QList<Task>> list(const TaskQuery &query, int *total);

private:
    Database *m_db;
};

} // namespace taskstream::store

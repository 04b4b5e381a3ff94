#pragma once

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

/// SQL for the tasks table. Every call reports database errors in *error; none opens a
/// transaction of its own, so the caller groups writes with the outbox row.
class TaskStore
{
public:
    explicit TaskStore(Database *db) : m_db(db) {}

    bool insert(const Task &task, QString *error);
    /// Writes every mutable field and bumps the version; false with empty *error if the row is gone.
    bool update(const Task &task, QString *error);
    /// The task unless deleted; *found tells whether it exists.
    std::optional<Task> find(const QUuid &id, QString *error);
    /// Like find(), deleted tasks included (as they were when deleted).
    std::optional<Task> findIncludingDeleted(const QUuid &id, QString *error);
    /// True if a task with \a id was ever stored (deleted ones included); false with *error set on failure.
    bool exists(const QUuid &id, QString *error);
    bool markDeleted(const QUuid &id, const QDateTime &at, QString *error);
    QList<Task> list(const TaskQuery &query, int *total, QString *error);

private:
    Database *m_db;
};

} // namespace taskstream::store

#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace taskstream {
namespace console {

/// One user's tasks as the daemon's API lists them (docs/api.md), one row per task.
class TasksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TitleColumn,
        StatusColumn,
        PriorityColumn,
        DueColumn,
        TagsColumn,
        UpdatedColumn,
        IdColumn,
        ColumnCount
    };
    enum Role {
        TaskIdRole = Qt::UserRole, ///< the task's id (string)
        TaskRole,                  ///< the whole task as a QJsonObject
        SortRole,                  ///< raw value to sort by (times in ms, priority by rank)
    };

    explicit TasksModel(QObject *parent = nullptr);

    /// Replaces the rows with the API's `items`.
    void setTasks(const QJsonArray &items);
    /// Replaces the row of the task with the same id (or appends it).
    void upsertTask(const QJsonObject &task);
    void removeTask(const QString &id);
    void clear();
    int rowOf(const QString &id) const;
    QJsonObject task(int row) const { return m_tasks.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QJsonObject> m_tasks;
};

} // namespace console
} // namespace taskstream

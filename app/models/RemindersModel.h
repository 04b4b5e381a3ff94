#pragma once

#include <optional>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace taskstream {
namespace console {

/// One reminder as GET /api/v1/admin/reminders answers it (docs/api.md).
struct ReminderRow
{
    QString id;
    QString taskId;
    QString userId;
    QString title;
    QString status; ///< pending, fired, dismissed
    QDateTime remindAt;
    std::optional<QDateTime> firedAt;
    std::optional<QDateTime> dismissedAt;
    bool late = false;
    std::optional<int> partition;          ///< of todo.reminders.events; unknown until the trigger read it
    std::optional<double> latenessSeconds; ///< fired: after its time; pending and overdue: waiting so far
    bool overdue = false;
    QString taskStatus; ///< pending, completed, deleted, missing
    std::optional<QDateTime> taskDueDate;

    static ReminderRow fromJson(const QJsonObject &json);
};

/// Who fires the reminders of each partition: what the daemon's trigger holds (the answer's
/// "trigger" object) and, where the broker describes groups, reminder-trigger-cg's members.
struct TriggerState
{
    bool answered = false;                           ///< the daemon sent a trigger object
    bool runsHere = false;                           ///< the daemon answering runs the reminder-trigger role
    QString instanceId;                              ///< its static member id, if any
    std::optional<QList<int>> owned;                 ///< the partitions it owns; unknown without the role
    QHash<int, QString> stalled;                     ///< partition -> "since …: reason"
    std::optional<QHash<int, QString>> brokerOwners; ///< partition -> member, when the broker describes the group

    static TriggerState fromJson(const QJsonObject &trigger);
    /// Who owns \a partition, in words, or an empty string when nobody can tell.
    QString ownerOf(int partition) const;
};

/// Why a reminder has (or has not) fired, in a few sentences for an operator: its state, how late,
/// and for a pending overdue one the likely causes: no partition recorded yet, a stalled partition,
/// no owning member, the owner's own failure, the task's state.
QString explainReminder(const ReminderRow &row, const TriggerState &trigger, const QDateTime &now);

/// "2 min 5 s", "3 h 10 min", "45 s": a duration for a table cell.
QString formatDuration(double seconds);

/// The reminders of the admin listing, one row each.
class RemindersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        TitleColumn,
        DueColumn,
        LatenessColumn,
        PartitionColumn,
        OwnerColumn,
        TaskColumn,
        UserColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< a sortable value per column
        IdRole,                      ///< the reminder's id
        ExplanationRole,             ///< explainReminder()'s text
    };

    explicit RemindersModel(QObject *parent = nullptr);

    void setReminders(const QList<ReminderRow> &rows, const TriggerState &trigger, const QDateTime &now);
    /// Updates who owns which partition (the broker's description of reminder-trigger-cg).
    void setBrokerOwners(const std::optional<QHash<int, QString>> &owners);
    void clear();
    const ReminderRow &reminder(int row) const { return m_rows.at(row); }
    const TriggerState &trigger() const { return m_trigger; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ReminderRow> m_rows;
    TriggerState m_trigger;
    QDateTime m_now;
};

} // namespace console
} // namespace taskstream

#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace taskstream {
namespace console {

/// Entries of the daemon's audit log as `GET /api/v1/audit` returns them (docs/audit.md), one row
/// per entry, newest first as the API orders them; further pages are appended.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        TypeColumn,
        UserColumn,
        ActorColumn, ///< who did it: the token's subject and the source (api, console, a worker)
        TaskColumn,
        TopicColumn,
        PartitionColumn,
        OffsetColumn,
        SummaryColumn,
        ColumnCount
    };
    enum Role {
        EventIdRole = Qt::UserRole, ///< the event's id (string)
        EntryRole,                  ///< the whole entry as a QJsonObject
    };

    explicit AuditModel(QObject *parent = nullptr);

    /// Replaces the rows with a first page's `items`.
    void setEntries(const QJsonArray &items);
    /// Appends the `items` of a next page.
    void appendEntries(const QJsonArray &items);
    void clear();
    /// Names shown instead of user ids (the sandbox's demo users).
    void setUserNames(const QHash<QString, QString> &namesById);

    QJsonObject entry(int row) const { return m_entries.value(row); }
    int rowOfEventId(const QString &eventId) const;
    /// One line about the entry's payload: the task's title, what changed, when a reminder is due.
    static QString summary(const QJsonObject &entry);
    /// Who did it, for people: "alice (API)", "alice (console)", "alice (worker recurring-task-cg)",
    /// "reminder-trigger-cg worker" when no subject is behind it; empty when not recorded.
    QString actorText(const QJsonObject &entry) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QJsonObject> m_entries;
    QHash<QString, QString> m_userNames;
};

} // namespace console
} // namespace taskstream

#pragma once

#include <optional>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace taskstream {
namespace console {

/// One notification as GET /api/v1/admin/notifications answers it (docs/notifications.md).
struct NotificationRow
{
    QString id;
    QString kind; ///< reminder, task_changed
    QString title;
    QString taskId;
    QDateTime createdAt;
    bool read = false;
    std::optional<QDateTime> readAt;
    QJsonObject body;

    static NotificationRow fromJson(const QJsonObject &json);
};

/// One user's notifications, newest first as the daemon lists them; read only.
class NotificationsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CreatedColumn, KindColumn, TitleColumn, ReadColumn, DetailsColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< a sortable value per column
        IdRole,                      ///< the notification's id
    };

    explicit NotificationsModel(QObject *parent = nullptr);

    void setNotifications(const QList<NotificationRow> &rows);
    void clear();
    const NotificationRow &notification(int row) const { return m_rows.at(row); }
    int unreadCount() const;

    /// The kind in words ("Reminder", "Changed by someone else").
    static QString kindText(const QString &kind);
    /// What the notification says beyond its title, in words.
    static QString detailsText(const NotificationRow &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<NotificationRow> m_rows;
};

} // namespace console
} // namespace taskstream

#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace taskstream {
namespace console {

class DaemonClient;
class NotificationsModel;

/// The Notifications tab: one user's in-app notifications as an administrator sees them, through
/// the daemon's admin API (GET /api/v1/admin/notifications?user=…): when each was made, its kind,
/// title, whether the user has read it and what it says. The user is picked from the demo users
/// or typed as an id. It reads only: marking read is the user's own action.
class NotificationsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit NotificationsPanel(DaemonClient *client, QWidget *parent = nullptr);

    NotificationsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;
    /// Shows \a userId's notifications (a UUID) on the next reload.
    void setUser(const QString &userId);
    void setUnreadOnly(bool unreadOnly);
    bool isLoading() const { return m_loading; }
    /// No mutating action lives here; kept so every panel can be switched the same way.
    void setReadOnly(bool) {}

public slots:
    void reload();

signals:
    /// A reload finished (successfully or not: see statusText()).
    void loaded();
    void problem(const QString &message);

private:
    DaemonClient *m_client;
    NotificationsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_userBox;
    QCheckBox *m_unreadBox;
    QTableView *m_view;
    QLabel *m_status;
    bool m_loading = false;
};

} // namespace console
} // namespace taskstream

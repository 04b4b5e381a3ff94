#pragma once

#include <QUuid>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace taskstream {
namespace console {

class DaemonClient;
class TasksModel;

/// The Tasks tab: one user's tasks through the daemon's API (list, create, edit, complete,
/// delete). The API's URL and token come from the fields on top, or from the sandbox, which issues
/// a token per user. Every request is asynchronous; failures come out through problem().
class TasksPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TasksPanel(DaemonClient *client, QWidget *parent = nullptr);

    TasksModel *model() const { return m_model; }
    /// The sorted view of model() that the table shows.
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QAction *reloadAction() const { return m_reloadAction; }
    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *completeAction() const { return m_completeAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    /// Read-only: new, edit, complete and delete are hidden and refused; the list stays.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    /// Shows the sandbox's API (its tokens come from the client's token provider).
    void useSandbox(const QString &url);
    /// Forgets the sandbox's API (it stopped).
    void sandboxStopped();
    /// The user whose tasks are shown: a UUID typed in, or a demo user's name.
    QUuid currentUser() const;
    void setCurrentUser(const QUuid &user);
    /// The API URL typed in (not the sandbox's), to be remembered between runs; tokens are not.
    QString savedApiUrl() const;
    void setSavedApiUrl(const QString &url);
    /// Fills the daemon's URL and token (from a connection profile; an empty token leaves the
    /// field as it is) and uses them. While the sandbox runs, the URL is kept for afterwards.
    void setDaemonEndpoint(const QString &url, const QString &token);

public slots:
    void reload();
    void completeSelected();
    /// Asks for confirmation, then deletes the selected task.
    void deleteSelected();
    /// Deletes the task \a id of the current user, without asking.
    void deleteTask(const QString &id);

signals:
    void problem(const QString &message);
    void information(const QString &message);
    /// A request finished (for tests and the status bar).
    void requestFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyEndpoint();
    void editTask(const QJsonObject &task);
    QString selectedTaskId() const;
    void updateActions();

    DaemonClient *m_client;
    TasksModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_urlEdit;
    QLineEdit *m_tokenEdit;
    QComboBox *m_userBox;
    QTableView *m_view;
    QLabel *m_summary;
    QAction *m_reloadAction;
    QAction *m_newAction;
    QAction *m_editAction;
    QAction *m_completeAction;
    QAction *m_deleteAction;
    bool m_sandbox = false;
    bool m_readOnly = false;
    quint64 m_mutations = 0; ///< changes sent; a list asked for before the last one is stale
    QString m_savedUrl;      ///< the URL typed in before the sandbox took over the field
};

} // namespace console
} // namespace taskstream

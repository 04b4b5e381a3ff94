#pragma once

#include "ClusterMonitor.h"
#include "ConnectionProfile.h"

#include <memory>

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QTreeView;

namespace taskstream {
namespace console {

class AuditPanel;
class BrokersModel;
class ConnectionsDialog;
class DaemonClient;
class DemoLoadGenerator;
class DlqPanel;
class LivePanel;
class MessagesPanel;
class ProduceDialog;
class RemindersPanel;
class NotificationsPanel;
class VerifyPanel;
class TasksPanel;
class GroupsPanel;
class HealthStrip;
class MessageBar;
class TopicFilterProxyModel;
class TopicsModel;

/// The console's main window: a connection bar (bootstrap servers, Connect, embedded sandbox) and
/// tabs refreshed in the background: the cluster's brokers and topics with their partitions,
/// leaders and watermarks; the consumer groups with lag and status; the DLQs with replay; a topic's
/// messages; the live task broadcasts; a user's tasks and the audit log through the daemon's API. Problems show
/// in an inline message bar that says what to do.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Puts \a bootstrapServers into the connection bar and connects; false when the list is
    /// malformed (the message bar then says why).
    bool connectToCluster(const QString &bootstrapServers);
    bool startSandbox();
    /// Connects with the saved profile \a name (asking for its password first when it is not
    /// remembered); false when there is no such profile or it is not valid (the bar says why).
    bool connectToProfile(const QString &name);
    /// Connects with \a profile's security settings; fills the Tasks tab's daemon URL and token.
    void connectWithProfile(const ConnectionProfile &profile);
    /// Opens the "Connections…" dialog (non-modal).
    void showConnections();
    /// The profile of the current connection, empty for a plain bootstrap list or the sandbox.
    QString currentProfile() const { return m_profileName; }
    ConnectionProfileStore *profileStore() const { return m_profileStore.get(); }
    ConnectionsDialog *connectionsDialog() const { return m_connectionsDialog; }

    ClusterMonitor *monitor() const { return m_monitor; }
    BrokersModel *brokersModel() const { return m_brokersModel; }
    TopicsModel *topicsModel() const { return m_topicsModel; }
    MessageBar *messageBar() const { return m_messageBar; }
    HealthStrip *healthStrip() const { return m_healthStrip; }
    GroupsPanel *groupsPanel() const { return m_groupsPanel; }
    DlqPanel *dlqPanel() const { return m_dlqPanel; }
    QTabWidget *tabs() const { return m_tabs; }
    MessagesPanel *messagesPanel() const { return m_messagesPanel; }
    LivePanel *livePanel() const { return m_livePanel; }
    TasksPanel *tasksPanel() const { return m_tasksPanel; }
    AuditPanel *auditPanel() const { return m_auditPanel; }
    RemindersPanel *remindersPanel() const { return m_remindersPanel; }
    NotificationsPanel *notificationsPanel() const { return m_notificationsPanel; }
    VerifyPanel *verifyPanel() const { return m_verifyPanel; }
    DaemonClient *daemonClient() const { return m_daemonClient; }
    DemoLoadGenerator *loadGenerator() const { return m_loadGenerator; }
    /// Toggles the sandbox's demo load generator (enabled once the sandbox's API serves).
    QAction *demoLoadAction() const { return m_demoLoadAction; }
    /// "Produce…": compose and send a record (a mutating action: hide it when read-only).
    QAction *produceAction() const { return m_produceAction; }
    /// The open "Produce" dialog, if any.
    ProduceDialog *produceDialog() const;
    /// Opens the "Produce" dialog (non-modal).
    void showProduce();

    /// Read-only from the command line (--read-only): every connection is read-only.
    void setForcedReadOnly(bool readOnly);
    /// True while mutating actions are hidden and refused: forced, or the connection profile says so.
    bool isReadOnly() const { return m_forcedReadOnly || m_profileReadOnly; }

    /// Short names of the tabs, in order, for the command line: topics, groups, dlq, messages, live,
    /// tasks, audit, reminders.
    static QStringList tabKeys();
    /// Shows the tab named \a key (see tabKeys()); false for an unknown name.
    bool showTab(const QString &key);

signals:
    /// Views that offer changes hide them while read-only (also for views added later).
    void readOnlyChanged(bool readOnly);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createConnectionBar();
    QWidget *createViews();
    void restoreSettings();
    void saveSettings() const;

    void connectFromBar();
    void onStateChanged(ClusterMonitor::State state);
    void onMetadata(const kafka::ClusterMetadata &metadata);
    void onRefreshed();
    void onProblem(const QString &message);
    void updateTitle();
    void applyReadOnly();
    void updateStateLabel();
    void showAbout();
    void onSandboxClusterAvailable(const QString &bootstrapServers);
    void onSandboxReady();
    void onSandboxStopped();

    ClusterMonitor *m_monitor;
    BrokersModel *m_brokersModel;
    TopicsModel *m_topicsModel;
    TopicFilterProxyModel *m_topicsProxy;
    GroupsPanel *m_groupsPanel;
    DlqPanel *m_dlqPanel;
    DaemonClient *m_daemonClient;
    DemoLoadGenerator *m_loadGenerator;
    MessagesPanel *m_messagesPanel;
    LivePanel *m_livePanel;
    TasksPanel *m_tasksPanel;
    AuditPanel *m_auditPanel;
    RemindersPanel *m_remindersPanel;
    NotificationsPanel *m_notificationsPanel;
    VerifyPanel *m_verifyPanel;

    QLineEdit *m_bootstrapEdit = nullptr;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_sandboxButton = nullptr;
    MessageBar *m_messageBar = nullptr;
    HealthStrip *m_healthStrip = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_brokersView = nullptr;
    QTreeView *m_topicsView = nullptr;
    QLineEdit *m_topicFilter = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_readOnlyLabel = nullptr;
    bool m_forcedReadOnly = false;
    bool m_profileReadOnly = false;
    QLabel *m_refreshLabel = nullptr;

    QAction *m_connectAction = nullptr;
    QAction *m_connectionsAction = nullptr;
    QAction *m_sandboxAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_autoRefreshAction = nullptr;
    QAction *m_hideInternalAction = nullptr;
    QAction *m_expandAction = nullptr;
    QAction *m_collapseAction = nullptr;
    QAction *m_findTopicAction = nullptr;
    QAction *m_editBootstrapAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_demoLoadAction = nullptr;
    QAction *m_produceAction = nullptr;
    QPointer<ProduceDialog> m_produceDialog;
    QList<QAction *> m_tabActions;

    std::unique_ptr<ConnectionProfileStore> m_profileStore;
    ConnectionsDialog *m_connectionsDialog = nullptr;
    QString m_profileName;
    /// Passwords and tokens typed in this session for profiles that do not remember them.
    QHash<QString, std::pair<QString, QString>> m_sessionSecrets;

    int m_brokerCount = 0;
    int m_topicCount = 0;
};

} // namespace console
} // namespace taskstream

#include "MainWindow.h"

#include "AuditPanel.h"
#include "ConnectionsDialog.h"
#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "DlqPanel.h"
#include "GroupsPanel.h"
#include "HealthStrip.h"
#include "LivePanel.h"
#include "MessageBar.h"
#include "MessagesPanel.h"
#include "NotificationsPanel.h"
#include "ProduceDialog.h"
#include "RemindersPanel.h"
#include "TasksPanel.h"
#include "VerifyPanel.h"
#include "models/BrokersModel.h"
#include "models/TopicFilterProxyModel.h"
#include "models/TopicsModel.h"
#include "runtime/Node.h"
#include "widgets/ButtonTexts.h"
#include "widgets/CachedControlStyle.h"
#include "widgets/CachedTextDelegate.h"
#include "widgets/HeaderFit.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

// Resources compiled into a static library are registered explicitly (outside any namespace).
static void initConsoleResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace taskstream {
namespace console {

namespace {

/// An icon of ours, or the style's \a fallback where SVG icons cannot be drawn (no SVG plugin).
QIcon themedIcon(const QString &name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    const QIcon icon(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!icon.pixmap(16, 16).isNull())
        return icon;
    return style->standardIcon(fallback);
}

QString settingsKey(const char *key)
{
    return QString::fromLatin1(key);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_monitor(new ClusterMonitor(this)), m_brokersModel(new BrokersModel(this)),
      m_topicsModel(new TopicsModel(this)), m_topicsProxy(new TopicFilterProxyModel(this)),
      m_groupsPanel(new GroupsPanel(m_monitor, this)), m_dlqPanel(new DlqPanel(m_monitor, this)),
      m_daemonClient(new DaemonClient(this)), m_loadGenerator(new DemoLoadGenerator(m_daemonClient, this)),
      m_messagesPanel(new MessagesPanel(m_monitor, this)), m_livePanel(new LivePanel(m_monitor, m_daemonClient, this)),
      m_tasksPanel(new TasksPanel(m_daemonClient, this)), m_auditPanel(new AuditPanel(m_daemonClient, this)),
      m_remindersPanel(new RemindersPanel(m_monitor, m_daemonClient, this)),
      m_notificationsPanel(new NotificationsPanel(m_daemonClient, this)),
      m_verifyPanel(new VerifyPanel(m_daemonClient, this)), m_profileStore(std::make_unique<ConnectionProfileStore>())
{
    initConsoleResources();
    setObjectName(QStringLiteral("MainWindow"));
    m_topicsProxy->setSourceModel(m_topicsModel);

    createActions();
    createMenus();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(createConnectionBar());
    m_messageBar = new MessageBar(central);
    layout->addWidget(m_messageBar);
    m_healthStrip = new HealthStrip(central);
    layout->addWidget(m_healthStrip);
    layout->addWidget(createViews(), 1);
    setCentralWidget(central);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_refreshLabel = new QLabel(this);
    m_refreshLabel->setObjectName(QStringLiteral("refreshLabel"));
    m_readOnlyLabel = new QLabel(this);
    m_readOnlyLabel->setObjectName(QStringLiteral("readOnlyLabel"));
    m_readOnlyLabel->setStyleSheet(QStringLiteral("QLabel { font-weight: bold; }"));
    m_readOnlyLabel->hide();
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_readOnlyLabel);
    statusBar()->addPermanentWidget(m_refreshLabel);

    connect(m_monitor, &ClusterMonitor::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_monitor, &ClusterMonitor::metadataUpdated, this, &MainWindow::onMetadata);
    connect(m_monitor, &ClusterMonitor::watermarksUpdated, m_topicsModel, &TopicsModel::setWatermarks);
    connect(m_monitor, &ClusterMonitor::refreshed, this, &MainWindow::onRefreshed);
    m_topicsModel->setCatalog(TopicCatalog::builtin());
    m_healthStrip->setSources(m_groupsPanel->model(), m_dlqPanel->topicsModel(), m_daemonClient);
    m_groupsPanel->setDaemonClient(m_daemonClient);
    connect(m_monitor, &ClusterMonitor::refreshed, m_healthStrip, &HealthStrip::refresh);
    connect(m_healthStrip, &HealthStrip::badgeClicked, this, [this](HealthStrip::Badge which) {
        if (which == HealthStrip::Badge::Groups) {
            m_tabs->setCurrentWidget(m_groupsPanel);
        } else {
            m_tabs->setCurrentWidget(m_dlqPanel);
            m_dlqPanel->showOutboxPage(which == HealthStrip::Badge::Outbox);
        }
    });
    connect(m_monitor, &ClusterMonitor::problem, this, &MainWindow::onProblem);
    connect(m_monitor, &ClusterMonitor::problemCleared, m_messageBar, &MessageBar::clearMessage);
    connect(m_groupsPanel, &GroupsPanel::problem, this, &MainWindow::onProblem);
    m_dlqPanel->setDaemonClient(m_daemonClient);
    connect(m_groupsPanel, &GroupsPanel::information, this,
            [this](const QString &message) { m_messageBar->showMessage(message, MessageBar::Level::Information); });
    connect(m_dlqPanel, &DlqPanel::problem, this, &MainWindow::onProblem);
    connect(m_dlqPanel, &DlqPanel::information, this,
            [this](const QString &message) { m_messageBar->showMessage(message, MessageBar::Level::Information); });
    connect(m_messagesPanel, &MessagesPanel::problem, this, &MainWindow::onProblem);
    connect(m_livePanel, &LivePanel::problem, this, &MainWindow::onProblem);
    connect(m_tasksPanel, &TasksPanel::problem, this, &MainWindow::onProblem);
    connect(m_tasksPanel, &TasksPanel::information, this,
            [this](const QString &message) { m_messageBar->showMessage(message, MessageBar::Level::Information); });
    connect(m_auditPanel, &AuditPanel::problem, this, &MainWindow::onProblem);
    // A later search that works takes its earlier error away (another view's message stays).
    connect(m_auditPanel, &AuditPanel::problemResolved, this, [this](const QString &message) {
        if (m_messageBar->text() == message)
            m_messageBar->clearMessage();
    });
    connect(m_remindersPanel, &RemindersPanel::problem, this, &MainWindow::onProblem);
    connect(m_notificationsPanel, &NotificationsPanel::problem, this, &MainWindow::onProblem);
    connect(m_verifyPanel, &VerifyPanel::problem, this, &MainWindow::onProblem);
    connect(m_loadGenerator, &DemoLoadGenerator::problem, this, &MainWindow::onProblem);
    connect(m_monitor, &ClusterMonitor::sandboxClusterAvailable, this, &MainWindow::onSandboxClusterAvailable);
    connect(m_monitor, &ClusterMonitor::sandboxReady, this, &MainWindow::onSandboxReady);
    connect(m_monitor, &ClusterMonitor::sandboxStopped, this, &MainWindow::onSandboxStopped);

    setWindowIcon(QIcon(QStringLiteral(":/icons/taskstream.svg")));
    restoreSettings();
    // No header cut off, in any language (after the saved widths, which may be narrower).
    HeaderFit::fitAll(this);
    // The views' scroll bars and headers are painted on every tab switch and refresh: from cached
    // images (CachedControlStyle says why).
    auto *controlStyle = new CachedControlStyle(nullptr);
    controlStyle->setParent(this);
    for (QAbstractScrollArea *area : findChildren<QAbstractScrollArea *>()) {
        area->verticalScrollBar()->setStyle(controlStyle);
        area->horizontalScrollBar()->setStyle(controlStyle);
    }
    for (QHeaderView *header : findChildren<QHeaderView *>())
        header->setStyle(controlStyle);
    updateTitle();
    updateStateLabel();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_connectAction =
        new QAction(themedIcon(QStringLiteral("connect"), QStyle::SP_DialogApplyButton, style()), tr("&Connect"), this);
    m_connectAction->setToolTip(tr("Connect to the bootstrap servers given in the connection bar"));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectFromBar);

    m_connectionsAction = new QAction(tr("Co&nnections…"), this);
    m_connectionsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_connectionsAction->setToolTip(tr("Saved connection profiles: security settings, test, connect (Ctrl+Shift+L)"));
    connect(m_connectionsAction, &QAction::triggered, this, &MainWindow::showConnections);

    m_sandboxAction = new QAction(themedIcon(QStringLiteral("sandbox"), QStyle::SP_ComputerIcon, style()),
                                  tr("Start embedded &sandbox"), this);
    m_sandboxAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_sandboxAction->setToolTip(tr("Start an in-memory Kafka cluster with the catalog's topics and connect to it"));
    connect(m_sandboxAction, &QAction::triggered, this, &MainWindow::startSandbox);

    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_disconnectAction->setEnabled(false);
    connect(m_disconnectAction, &QAction::triggered, this, [this] {
        m_monitor->disconnectFromCluster();
        m_profileName.clear();
        m_brokersModel->clear();
        m_topicsModel->clear();
        m_messageBar->clearMessage();
    });

    m_editBootstrapAction = new QAction(tr("Edit &bootstrap servers"), this);
    m_editBootstrapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_editBootstrapAction, &QAction::triggered, this, [this] {
        m_bootstrapEdit->setFocus(Qt::ShortcutFocusReason);
        m_bootstrapEdit->selectAll();
    });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_refreshAction =
        new QAction(themedIcon(QStringLiteral("refresh"), QStyle::SP_BrowserReload, style()), tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Read brokers, topics and watermarks again now (F5)"));
    m_refreshAction->setEnabled(false);
    connect(m_refreshAction, &QAction::triggered, m_monitor, &ClusterMonitor::refresh);

    m_autoRefreshAction = new QAction(tr("Refresh &automatically"), this);
    m_autoRefreshAction->setCheckable(true);
    m_autoRefreshAction->setChecked(true);
    m_autoRefreshAction->setToolTip(tr("Refresh every %n second(s)", nullptr, m_monitor->refreshInterval() / 1000));
    connect(m_autoRefreshAction, &QAction::toggled, m_monitor, &ClusterMonitor::setAutoRefresh);

    m_hideInternalAction = new QAction(tr("&Hide internal topics"), this);
    m_hideInternalAction->setCheckable(true);
    m_hideInternalAction->setToolTip(tr("Hide topics whose names start with \"__\", such as __consumer_offsets"));
    connect(m_hideInternalAction, &QAction::toggled, m_topicsProxy, &TopicFilterProxyModel::setHideInternalTopics);

    m_expandAction = new QAction(tr("&Expand all topics"), this);
    m_expandAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Plus));
    m_collapseAction = new QAction(tr("&Collapse all topics"), this);
    m_collapseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));

    m_findTopicAction = new QAction(tr("&Find topic"), this);
    m_findTopicAction->setShortcut(QKeySequence::Find);
    connect(m_findTopicAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_topicFilter->setFocus(Qt::ShortcutFocusReason);
        m_topicFilter->selectAll();
    });

    m_produceAction = new QAction(tr("&Produce…"), this);
    m_produceAction->setObjectName(QStringLiteral("produceAction"));
    m_produceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_produceAction->setToolTip(tr("Compose a record (an event in a form, or text) and send it (Ctrl+Shift+K)"));
    connect(m_produceAction, &QAction::triggered, this, &MainWindow::showProduce);

    m_demoLoadAction = new QAction(tr("Demo &load"), this);
    m_demoLoadAction->setCheckable(true);
    m_demoLoadAction->setEnabled(false);
    m_demoLoadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_demoLoadAction->setToolTip(tr("Create, update and complete demo tasks through the sandbox's API"));
    connect(m_demoLoadAction, &QAction::toggled, this,
            [this](bool on) { on ? m_loadGenerator->start() : m_loadGenerator->stop(); });
    connect(m_loadGenerator, &DemoLoadGenerator::runningChanged, m_demoLoadAction, &QAction::setChecked);

    const QStringList tabNames{tr("&Topics"),   tr("Consumer &groups"), tr("&Dead-letter queues"),
                               tr("&Messages"), tr("L&ive broadcasts"), tr("T&asks"),
                               tr("A&udit"),    tr("&Reminders"),       tr("&Notifications")};
    for (int i = 0; i < tabNames.size(); ++i) {
        auto *action = new QAction(tabNames.at(i), this);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
        m_tabActions << action;
    }

    m_aboutAction = new QAction(tr("&About Taskstream Console"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *cluster = menuBar()->addMenu(tr("&Cluster"));
    cluster->addAction(m_connectionsAction);
    cluster->addAction(m_editBootstrapAction);
    cluster->addAction(m_connectAction);
    cluster->addAction(m_sandboxAction);
    cluster->addAction(m_disconnectAction);
    cluster->addSeparator();
    cluster->addAction(m_quitAction);

    QMenu *sandbox = menuBar()->addMenu(tr("&Sandbox"));
    sandbox->addAction(m_sandboxAction);
    sandbox->addAction(m_demoLoadAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addAction(m_autoRefreshAction);
    view->addSeparator();
    view->addAction(m_findTopicAction);
    view->addAction(m_hideInternalAction);
    view->addAction(m_expandAction);
    view->addAction(m_collapseAction);
    view->addSeparator();
    for (QAction *action : std::as_const(m_tabActions))
        view->addAction(action);

    QMenu *dlq = menuBar()->addMenu(tr("D&LQ"));
    dlq->addAction(m_dlqPanel->reloadAction());
    dlq->addAction(m_dlqPanel->replaySelectedAction());
    dlq->addAction(m_dlqPanel->replayAllAction());
    dlq->addAction(m_dlqPanel->exportAction());
    dlq->addSeparator();
    dlq->addAction(m_dlqPanel->discardAction());
    dlq->addAction(m_dlqPanel->undoDiscardAction());
    // The DLQ actions act on the DLQ tab: bring it forward.
    for (QAction *action : {m_dlqPanel->reloadAction(), m_dlqPanel->replaySelectedAction(),
                            m_dlqPanel->replayAllAction(), m_dlqPanel->exportAction()})
        connect(action, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_dlqPanel); });

    QMenu *groups = menuBar()->addMenu(tr("&Groups"));
    groups->addAction(m_groupsPanel->resetOffsetsAction());
    connect(m_groupsPanel->resetOffsetsAction(), &QAction::triggered, this,
            [this] { m_tabs->setCurrentWidget(m_groupsPanel); });

    QMenu *messages = menuBar()->addMenu(tr("&Messages"));
    messages->addAction(m_messagesPanel->readAction());
    messages->addAction(m_messagesPanel->copyAction());
    messages->addSeparator();
    messages->addAction(m_produceAction);
    QMenu *live = menuBar()->addMenu(tr("Li&ve"));
    live->addAction(m_livePanel->pauseAction());
    live->addAction(m_livePanel->clearAction());
    QMenu *tasks = menuBar()->addMenu(tr("T&asks"));
    for (QAction *action : {m_tasksPanel->reloadAction(), m_tasksPanel->newAction(), m_tasksPanel->editAction(),
                            m_tasksPanel->completeAction(), m_tasksPanel->deleteAction()})
        tasks->addAction(action);

    // Like the DLQ actions, these act on their tab: bring it forward.
    for (QAction *action : {m_messagesPanel->readAction(), m_messagesPanel->copyAction()})
        connect(action, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_messagesPanel); });
    for (QAction *action : {m_livePanel->pauseAction(), m_livePanel->clearAction()})
        connect(action, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_livePanel); });
    for (QAction *action : {m_tasksPanel->reloadAction(), m_tasksPanel->newAction(), m_tasksPanel->editAction(),
                            m_tasksPanel->completeAction(), m_tasksPanel->deleteAction()})
        connect(action, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_tasksPanel); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

QWidget *MainWindow::createConnectionBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("connectionBar"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *label = new QLabel(tr("&Bootstrap servers:"), bar);
    m_bootstrapEdit = new QLineEdit(bar);
    m_bootstrapEdit->setObjectName(QStringLiteral("bootstrapEdit"));
    m_bootstrapEdit->setPlaceholderText(tr("HOST:PORT, several separated by commas"));
    m_bootstrapEdit->setToolTip(tr("Kafka brokers to ask for the cluster's metadata, for example "
                                   "localhost:9092 or kafka-0:9092,kafka-1:9092 (Ctrl+L)"));
    m_bootstrapEdit->setClearButtonEnabled(true);
    label->setBuddy(m_bootstrapEdit);
    connect(m_bootstrapEdit, &QLineEdit::returnPressed, this, &MainWindow::connectFromBar);

    m_connectButton = new QPushButton(m_connectAction->icon(), tr("Connect"), bar);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setToolTip(m_connectAction->toolTip());
    connect(m_connectButton, &QPushButton::clicked, this, &MainWindow::connectFromBar);

    m_sandboxButton = new QPushButton(m_sandboxAction->icon(), tr("Start embedded sandbox"), bar);
    m_sandboxButton->setObjectName(QStringLiteral("sandboxButton"));
    m_sandboxButton->setToolTip(tr("%1 (Ctrl+Shift+S)").arg(m_sandboxAction->toolTip()));
    connect(m_sandboxButton, &QPushButton::clicked, this, &MainWindow::startSandbox);

    layout->addWidget(label);
    layout->addWidget(m_bootstrapEdit, 1);
    layout->addWidget(m_connectButton);
    layout->addWidget(m_sandboxButton);
    return bar;
}

QWidget *MainWindow::createViews()
{
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("viewSplitter"));

    auto *brokersPane = new QWidget(m_splitter);
    auto *brokersLayout = new QVBoxLayout(brokersPane);
    brokersLayout->setContentsMargins(0, 0, 0, 0);
    auto *brokersLabel = new QLabel(tr("Brokers"), brokersPane);
    QFont heading = brokersLabel->font();
    heading.setBold(true);
    brokersLabel->setFont(heading);
    m_brokersView = new QTableView(brokersPane);
    m_brokersView->setObjectName(QStringLiteral("brokersView"));
    auto *brokersProxy = new QSortFilterProxyModel(this);
    brokersProxy->setSortRole(BrokersModel::SortRole);
    brokersProxy->setSourceModel(m_brokersModel);
    m_brokersView->setModel(brokersProxy);
    m_brokersView->setSortingEnabled(true);
    m_brokersView->sortByColumn(BrokersModel::IdColumn, Qt::AscendingOrder);
    m_brokersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_brokersView->setAlternatingRowColors(true);
    m_brokersView->verticalHeader()->hide();
    m_brokersView->verticalHeader()->setDefaultSectionSize(m_brokersView->fontMetrics().height() + 8);
    m_brokersView->horizontalHeader()->setSectionResizeMode(BrokersModel::HostColumn, QHeaderView::Stretch);
    brokersLabel->setBuddy(m_brokersView);
    brokersLayout->addWidget(brokersLabel);
    brokersLayout->addWidget(m_brokersView);

    auto *topicsPane = new QWidget(m_splitter);
    auto *topicsLayout = new QVBoxLayout(topicsPane);
    topicsLayout->setContentsMargins(0, 0, 0, 0);
    auto *topicsHeader = new QHBoxLayout;
    auto *topicsLabel = new QLabel(tr("Topics"), topicsPane);
    topicsLabel->setFont(heading);
    m_topicFilter = new QLineEdit(topicsPane);
    m_topicFilter->setObjectName(QStringLiteral("topicFilter"));
    m_topicFilter->setPlaceholderText(tr("Filter topics by name (Ctrl+F)"));
    m_topicFilter->setClearButtonEnabled(true);
    connect(m_topicFilter, &QLineEdit::textChanged, m_topicsProxy, &TopicFilterProxyModel::setNameFilter);
    topicsHeader->addWidget(topicsLabel);
    topicsHeader->addStretch(1);
    topicsHeader->addWidget(m_topicFilter, 1);

    m_topicsView = new QTreeView(topicsPane);
    m_topicsView->setObjectName(QStringLiteral("topicsView"));
    m_topicsView->setModel(m_topicsProxy);
    m_topicsView->setItemDelegate(new CachedTextDelegate(m_topicsView)); // repainted on every refresh
    m_topicsView->setSortingEnabled(true);
    m_topicsView->sortByColumn(TopicsModel::NameColumn, Qt::AscendingOrder);
    m_topicsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topicsView->setAlternatingRowColors(true);
    m_topicsView->setUniformRowHeights(true);
    m_topicsView->header()->setSectionResizeMode(TopicsModel::NameColumn, QHeaderView::Interactive);
    m_topicsView->header()->resizeSection(TopicsModel::NameColumn, 280);
    topicsLabel->setBuddy(m_topicsView);
    connect(m_expandAction, &QAction::triggered, m_topicsView, &QTreeView::expandAll);
    connect(m_collapseAction, &QAction::triggered, m_topicsView, &QTreeView::collapseAll);
    topicsLayout->addLayout(topicsHeader);
    topicsLayout->addWidget(m_topicsView, 1);

    m_splitter->addWidget(brokersPane);
    m_splitter->addWidget(topicsPane);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("viewTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_splitter, tr("Topics"));
    m_tabs->addTab(m_groupsPanel, tr("Consumer groups"));
    m_tabs->addTab(m_dlqPanel, tr("Dead-letter queues"));
    m_tabs->addTab(m_messagesPanel, tr("Messages"));
    m_tabs->addTab(m_livePanel, tr("Live broadcasts"));
    m_tabs->addTab(m_tasksPanel, tr("Tasks"));
    m_tabs->addTab(m_auditPanel, tr("Audit"));
    m_tabs->addTab(m_remindersPanel, tr("Reminders"));
    m_tabs->addTab(m_notificationsPanel, tr("Notifications"));
    m_tabs->addTab(m_verifyPanel, tr("Delivery"));
    // The reminders and notifications are read when their tab is shown (and again on request).
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_remindersPanel && !m_remindersPanel->isLoading())
            m_remindersPanel->reload();
        if (m_tabs->currentWidget() == m_notificationsPanel && !m_notificationsPanel->isLoading())
            m_notificationsPanel->reload();
    });
    return m_tabs;
}

bool MainWindow::connectToCluster(const QString &bootstrapServers)
{
    m_bootstrapEdit->setText(bootstrapServers);
    connectFromBar();
    return m_monitor->state() != ClusterMonitor::State::Disconnected &&
           m_monitor->bootstrapServers() == bootstrapServers.trimmed();
}

void MainWindow::connectFromBar()
{
    const QString servers = m_bootstrapEdit->text().trimmed();
    const QString previous = m_monitor->bootstrapServers();
    m_messageBar->clearMessage(); // what this attempt finds wrong shows next
    if (!m_monitor->connectToCluster(servers)) {
        m_bootstrapEdit->setFocus(Qt::OtherFocusReason);
        m_bootstrapEdit->selectAll();
        return;
    }
    m_profileName.clear(); // a plain bootstrap list: no profile's security settings
    m_profileReadOnly = false;
    applyReadOnly();
    if (servers != previous) {
        m_brokersModel->clear();
        m_topicsModel->clear();
    }
}

void MainWindow::showConnections()
{
    if (!m_connectionsDialog) {
        m_connectionsDialog = new ConnectionsDialog(m_profileStore.get(), this);
        connect(m_connectionsDialog, &ConnectionsDialog::connectRequested, this, &MainWindow::connectWithProfile);
    }
    m_connectionsDialog->showProfile(m_profileName);
    m_connectionsDialog->show();
    m_connectionsDialog->raise();
    m_connectionsDialog->activateWindow();
}

bool MainWindow::connectToProfile(const QString &name)
{
    const std::optional<ConnectionProfile> profile = m_profileStore->profile(name);
    if (!profile) {
        onProblem(tr("There is no connection profile \"%1\". Open Cluster > Connections… (Ctrl+Shift+L) to "
                     "create it.")
                      .arg(name));
        return false;
    }
    const QStringList problems = profile->validate();
    if (!problems.isEmpty()) {
        onProblem(tr("The connection profile \"%1\" cannot be used: %2 Fix it in Cluster > Connections….")
                      .arg(name, problems.join(QLatin1Char(' '))));
        return false;
    }
    connectWithProfile(*profile);
    return true;
}

void MainWindow::connectWithProfile(const ConnectionProfile &given)
{
    ConnectionProfile profile = given;
    // Secrets typed in earlier this session, for profiles that do not remember them.
    const auto secrets = m_sessionSecrets.value(profile.name);
    if (profile.password.isEmpty())
        profile.password = secrets.first;
    if (profile.apiToken.isEmpty())
        profile.apiToken = secrets.second;
    if (!given.password.isEmpty() || !given.apiToken.isEmpty())
        m_sessionSecrets.insert(profile.name, {profile.password, profile.apiToken});

    if (profile.needsPassword()) {
        auto *ask = new QInputDialog(this);
        ButtonTexts::apply(ask);
        ask->setAttribute(Qt::WA_DeleteOnClose);
        ask->setObjectName(QStringLiteral("passwordPrompt"));
        ask->setWindowTitle(tr("Password for %1").arg(profile.name));
        ask->setLabelText(tr("Password of %1 (%2) on %3:")
                              .arg(profile.username, ConnectionProfile::mechanismName(profile.saslMechanism),
                                   profile.bootstrapServers));
        ask->setTextEchoMode(QLineEdit::Password);
        connect(ask, &QInputDialog::textValueSelected, this, [this, profile](const QString &password) {
            if (password.isEmpty())
                return;
            ConnectionProfile withPassword = profile;
            withPassword.password = password;
            connectWithProfile(withPassword);
        });
        ask->open();
        return;
    }

    const QString previous = m_monitor->bootstrapServers();
    m_messageBar->clearMessage();
    if (!m_monitor->connectToCluster(profile.toKafkaConfig(), profile.schemaRegistryUrl))
        return;
    m_profileName = profile.name;
    m_profileReadOnly = profile.readOnly;
    applyReadOnly();
    m_profileStore->setLastUsed(profile.name);
    m_bootstrapEdit->setText(profile.bootstrapServers);
    if (!profile.apiUrl.isEmpty())
        m_tasksPanel->setDaemonEndpoint(profile.apiUrl, profile.apiToken);
    m_dlqPanel->setDaemonClient(m_daemonClient); // says where discard marks are kept now
    if (m_monitor->bootstrapServers() != previous) {
        m_brokersModel->clear();
        m_topicsModel->clear();
    }
    updateTitle();
    updateStateLabel();
}

bool MainWindow::startSandbox()
{
    m_messageBar->clearMessage();
    statusBar()->showMessage(tr("Starting the embedded sandbox…"));
    if (!m_monitor->startSandbox()) {
        statusBar()->clearMessage();
        return false;
    }
    m_profileName.clear();
    if (m_monitor->sandbox())
        statusBar()->clearMessage(); // it was running already
    return true;
}

void MainWindow::onSandboxClusterAvailable(const QString &bootstrapServers)
{
    // A new sandbox, on new ports: nothing shown so far belongs to it.
    statusBar()->clearMessage();
    m_profileName.clear();
    m_profileReadOnly = false;
    applyReadOnly();
    m_bootstrapEdit->setText(bootstrapServers);
    m_brokersModel->clear();
    m_topicsModel->clear();
}

QStringList MainWindow::tabKeys()
{
    return {QStringLiteral("topics"),   QStringLiteral("groups"),    QStringLiteral("dlq"),
            QStringLiteral("messages"), QStringLiteral("live"),      QStringLiteral("tasks"),
            QStringLiteral("audit"),    QStringLiteral("reminders"), QStringLiteral("notifications"),
            QStringLiteral("delivery")};
}

bool MainWindow::showTab(const QString &key)
{
    const int i = int(tabKeys().indexOf(key));
    if (i < 0 || i >= m_tabs->count())
        return false;
    m_tabs->setCurrentIndex(i);
    return true;
}

void MainWindow::onSandboxReady()
{
    runtime::Node *daemon = m_monitor->sandboxDaemon();
    if (!daemon)
        return;
    m_daemonClient->setEndpoint(QUrl(daemon->httpUrl()), {});
    // The sandbox's daemon signs a short-lived token for whichever user the console acts for.
    m_daemonClient->setTokenProvider([this](const QUuid &user) {
        runtime::Node *d = m_monitor->sandboxDaemon();
        return d ? d->issueToken(user, QStringLiteral("user"), 3600) : QString();
    });
    // The audit search and the failed outbox are an admin's business: the console acts as one
    // with the sandbox, with a token signed the same way.
    m_daemonClient->setAdminTokenProvider([this] {
        runtime::Node *d = m_monitor->sandboxDaemon();
        static const QUuid admin(QStringLiteral("00000000-0000-4000-8000-000000000001"));
        return d ? d->issueToken(admin, QStringLiteral("admin"), 3600) : QString();
    });
    m_tasksPanel->useSandbox(daemon->httpUrl());
    m_auditPanel->useSandbox();
    m_demoLoadAction->setEnabled(!isReadOnly());
    m_dlqPanel->setDaemonClient(m_daemonClient); // discard marks are shared through the sandbox's daemon
    statusBar()->showMessage(tr("Sandbox ready: the task API serves at %1").arg(daemon->httpUrl()), 10000);
}

void MainWindow::onSandboxStopped()
{
    m_loadGenerator->stop();
    m_demoLoadAction->setEnabled(false);
    m_tasksPanel->sandboxStopped();
    m_daemonClient->setAdminTokenProvider({});
    m_auditPanel->sandboxStopped();
    m_dlqPanel->setDaemonClient(m_daemonClient);
}

void MainWindow::onStateChanged(ClusterMonitor::State state)
{
    const bool connected = state != ClusterMonitor::State::Disconnected;
    m_refreshAction->setEnabled(connected);
    m_disconnectAction->setEnabled(connected);
    if (state == ClusterMonitor::State::Connecting) {
        m_refreshLabel->clear();
        m_healthStrip->clusterChanged(); // the previous cluster's outbox is not this one's
    } else if (state == ClusterMonitor::State::Disconnected) {
        m_healthStrip->clusterChanged();
    }
    updateTitle();
    updateStateLabel();
}

void MainWindow::onMetadata(const kafka::ClusterMetadata &metadata)
{
    m_brokerCount = int(metadata.brokers.size());
    m_topicCount = int(metadata.topics.size());
    m_brokersModel->setMetadata(metadata);
    m_topicsModel->setMetadata(metadata);
    updateStateLabel();
}

void MainWindow::onRefreshed()
{
    m_refreshLabel->setText(
        tr("Refreshed at %1").arg(QLocale().toString(m_monitor->lastRefresh().time(), QLocale::LongFormat)));
}

void MainWindow::onProblem(const QString &message)
{
    m_messageBar->showMessage(message, MessageBar::Level::Error);
}

void MainWindow::updateTitle()
{
    const QString servers = m_monitor->bootstrapServers();
    QString title;
    if (servers.isEmpty())
        title = tr("Taskstream Console");
    else if (m_monitor->isSandboxRunning())
        title = tr("Embedded sandbox – Taskstream Console");
    else if (!m_profileName.isEmpty())
        title = tr("%1 (%2) – Taskstream Console").arg(m_profileName, servers);
    else
        title = tr("%1 – Taskstream Console").arg(servers);
    if (isReadOnly())
        title = tr("%1 [read-only]").arg(title);
    setWindowTitle(title);
}

void MainWindow::setForcedReadOnly(bool readOnly)
{
    m_forcedReadOnly = readOnly;
    applyReadOnly();
}

void MainWindow::applyReadOnly()
{
    const bool readOnly = isReadOnly();
    m_groupsPanel->setReadOnly(readOnly);
    m_dlqPanel->setReadOnly(readOnly);
    m_tasksPanel->setReadOnly(readOnly);
    if (readOnly)
        m_loadGenerator->stop();
    m_demoLoadAction->setVisible(!readOnly);
    m_demoLoadAction->setEnabled(!readOnly && m_monitor->sandboxDaemon() != nullptr);
    m_produceAction->setVisible(!readOnly);
    m_produceAction->setEnabled(!readOnly);
    if (m_produceDialog)
        m_produceDialog->setReadOnly(readOnly);
    m_readOnlyLabel->setVisible(readOnly);
    m_readOnlyLabel->setText(m_forcedReadOnly ? tr("Read-only (--read-only)")
                                              : tr("Read-only (profile %1)").arg(m_profileName));
    updateTitle();
    emit readOnlyChanged(readOnly);
}

void MainWindow::updateStateLabel()
{
    const QString servers = m_monitor->bootstrapServers();
    switch (m_monitor->state()) {
    case ClusterMonitor::State::Disconnected:
        m_stateLabel->setText(tr("Not connected. Enter bootstrap servers and press Connect, or start the "
                                 "embedded sandbox."));
        break;
    case ClusterMonitor::State::Connecting:
        m_stateLabel->setText(tr("Connecting to %1…").arg(servers));
        break;
    case ClusterMonitor::State::Connected:
        m_stateLabel->setText(
            tr("Connected to %1: %2, %3")
                .arg(servers, tr("%n broker(s)", nullptr, m_brokerCount), tr("%n topic(s)", nullptr, m_topicCount)));
        break;
    case ClusterMonitor::State::Unreachable:
        m_stateLabel->setText(tr("%1 is not answering; retrying.").arg(servers));
        break;
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Taskstream Console"),
                       tr("<p><b>Taskstream Console</b> %1</p>"
                          "<p>Administration console for the Taskstream event backbone on Apache Kafka.</p>"
                          "<p>Licensed under the Apache License, version 2.0.</p>")
                           .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(settingsKey("window/geometry")).toByteArray()))
        resize(1100, 700);
    restoreState(settings.value(settingsKey("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(settingsKey("window/splitter")).toByteArray());
    // A layout saved with another set of columns (an older version) is not restored: the new
    // columns would come back hidden or out of place.
    if (settings.value(settingsKey("topics/columns")).toInt() == TopicsModel::ColumnCount)
        m_topicsView->header()->restoreState(settings.value(settingsKey("topics/header")).toByteArray());
    m_brokersView->horizontalHeader()->restoreState(settings.value(settingsKey("brokers/header")).toByteArray());
    m_bootstrapEdit->setText(settings.value(settingsKey("connection/bootstrapServers")).toString());
    m_autoRefreshAction->setChecked(settings.value(settingsKey("view/autoRefresh"), true).toBool());
    m_hideInternalAction->setChecked(settings.value(settingsKey("view/hideInternalTopics"), false).toBool());
    m_tabs->setCurrentIndex(settings.value(settingsKey("view/tab"), 0).toInt());
    m_tasksPanel->setSavedApiUrl(settings.value(settingsKey("connection/daemonUrl")).toString());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(settingsKey("window/geometry"), saveGeometry());
    settings.setValue(settingsKey("window/state"), saveState());
    settings.setValue(settingsKey("window/splitter"), m_splitter->saveState());
    settings.setValue(settingsKey("topics/header"), m_topicsView->header()->saveState());
    settings.setValue(settingsKey("topics/columns"), int(TopicsModel::ColumnCount));
    settings.setValue(settingsKey("brokers/header"), m_brokersView->horizontalHeader()->saveState());
    // The sandbox's ports change on every start; remembering them would only mislead.
    if (!m_monitor->isSandboxRunning() && !m_monitor->bootstrapServers().isEmpty())
        settings.setValue(settingsKey("connection/bootstrapServers"), m_monitor->bootstrapServers());
    settings.setValue(settingsKey("view/autoRefresh"), m_autoRefreshAction->isChecked());
    settings.setValue(settingsKey("view/hideInternalTopics"), m_hideInternalAction->isChecked());
    settings.setValue(settingsKey("view/tab"), m_tabs->currentIndex());
    settings.setValue(settingsKey("connection/daemonUrl"), m_tasksPanel->savedApiUrl());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

ProduceDialog *MainWindow::produceDialog() const
{
    return m_produceDialog;
}

void MainWindow::showProduce()
{
    if (isReadOnly())
        return;
    if (!m_produceDialog) {
        m_produceDialog = new ProduceDialog(m_monitor, this);
        m_produceDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_produceDialog, &ProduceDialog::sent, this, [this](const kafka::DeliveryReport &report) {
            m_messageBar->showMessage(tr("A record was sent to %1, partition %2, offset %3.")
                                          .arg(report.topic)
                                          .arg(report.partition)
                                          .arg(report.offset),
                                      MessageBar::Level::Information);
        });
    }
    m_produceDialog->show();
    m_produceDialog->raise();
    m_produceDialog->activateWindow();
}

} // namespace console
} // namespace taskstream

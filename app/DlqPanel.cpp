#include "DlqPanel.h"

#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "DlqLoader.h"
#include "FailedOutboxPanel.h"
#include "ProduceDialog.h"
#include "ReplayDialog.h"
#include "common/ObjectThread.h"
#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "processing/DlqMarks.h"
#include "store/Database.h"
#include "widgets/ButtonTexts.h"
#include "widgets/StableLabel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcDlq, "taskstream.console.dlq")

using processing::DlqRecord;
using processing::ReplayReport;

/// The connection to the ledger and the replayer that writes to it, made, used and destroyed on the
/// ledger's thread.
class LedgerConnection : public QObject
{
public:
    /// The replayer for the cluster connection \a key, made again when the connection changed.
    processing::DlqReplayer *replayerFor(const QString &key, const kafka::KafkaConfig &config)
    {
        if (replayer && replayerKey == key)
            return replayer.get();
        replayer = std::make_unique<processing::DlqReplayer>(db.get(), config);
        replayerKey = key;
        connect(replayer.get(), &processing::DlqReplayer::finished, this,
                [this](quint64 ticket, const ReplayReport &report) {
                    if (const auto done = waiting.take(ticket))
                        done(report);
                });
        return replayer.get();
    }

    std::unique_ptr<store::Database> db;
    /// Declared after db: its producer goes before the ledger it writes to.
    std::unique_ptr<processing::DlqReplayer> replayer;
    QString replayerKey; ///< ClusterMonitor::connectionKey() the replayer was made for
    QHash<quint64, std::function<void(const ReplayReport &)>> waiting; ///< replayer's ticket -> its answer
};

DlqPanel::DlqPanel(ClusterMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_topicsModel(new DlqTopicsModel(this)),
      m_recordsModel(new DlqRecordsModel(this)), m_recordsProxy(new DlqErrorClassFilterModel(this)),
      m_loader(new DlqLoader(this))
{
    connect(m_loader, &DlqLoader::rowsRead, this, &DlqPanel::onRowsRead);
    connect(m_loader, &DlqLoader::finished, this, &DlqPanel::onLoadFinished);
    qRegisterMetaType<QList<DlqRecord>>();
    qRegisterMetaType<ReplayReport>();
    m_recordsProxy->setSourceModel(m_recordsModel);

    m_reloadAction = new QAction(tr("Read DLQ records &again"), this);
    m_reloadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_reloadAction->setToolTip(tr("Read the records of the selected DLQ topic again (Ctrl+Shift+B)"));
    connect(m_reloadAction, &QAction::triggered, this, &DlqPanel::reload);

    m_replaySelectedAction = new QAction(tr("&Replay selected…"), this);
    m_replaySelectedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_replaySelectedAction->setToolTip(
        tr("Preview, then replay the selected records to their original topic (Ctrl+R)"));
    connect(m_replaySelectedAction, &QAction::triggered, this, &DlqPanel::replaySelected);

    m_replayAllAction = new QAction(tr("Replay &all…"), this);
    m_replayAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_replayAllAction->setToolTip(tr("Preview, then replay every record shown to its original topic (Ctrl+Shift+R)"));
    connect(m_replayAllAction, &QAction::triggered, this, &DlqPanel::replayAll);

    m_exportAction = new QAction(tr("&Export JSON…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(tr("Save the records shown as a JSON file (Ctrl+E)"));
    connect(m_exportAction, &QAction::triggered, this, &DlqPanel::exportJson);

    // Discard and undo act on the records page only (Delete also deletes tasks in the tasks tab).
    m_discardAction = new QAction(tr("&Discard…"), this);
    m_discardAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), QKeySequence::Delete});
    m_discardAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_discardAction->setToolTip(tr("Mark the selected records handled without replaying them; they stay in "
                                   "Kafka (Ctrl+Shift+D or Delete)"));
    connect(m_discardAction, &QAction::triggered, this, &DlqPanel::discardSelected);

    m_undoDiscardAction = new QAction(tr("&Undo discard"), this);
    m_undoDiscardAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_undoDiscardAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_undoDiscardAction->setToolTip(tr("Make the selected discarded records open again (Ctrl+Shift+U)"));
    connect(m_undoDiscardAction, &QAction::triggered, this, &DlqPanel::undoDiscardSelected);

    m_editResendAction = new QAction(tr("Edit and re&send…"), this);
    m_editResendAction->setObjectName(QStringLiteral("dlqEditResendAction"));
    m_editResendAction->setToolTip(tr("Edit the selected record and send it to its original topic; the record "
                                      "stays in the DLQ"));
    connect(m_editResendAction, &QAction::triggered, this, &DlqPanel::editAndResendSelected);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("dlqPages"));
    m_pages->setDocumentMode(true);
    auto *splitter = new QSplitter(Qt::Horizontal, m_pages);
    splitter->setObjectName(QStringLiteral("dlqSplitter"));

    m_topicsView = new QTableView(splitter);
    m_topicsView->setObjectName(QStringLiteral("dlqTopicsView"));
    auto *topicsProxy = new QSortFilterProxyModel(this);
    topicsProxy->setSourceModel(m_topicsModel);
    topicsProxy->setSortRole(DlqTopicsModel::SortRole);
    m_topicsView->setModel(topicsProxy);
    m_topicsView->setSortingEnabled(true);
    m_topicsView->sortByColumn(DlqTopicsModel::TopicColumn, Qt::AscendingOrder);
    m_topicsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topicsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_topicsView->verticalHeader()->hide();
    m_topicsView->setWordWrap(false);
    m_topicsView->verticalHeader()->setDefaultSectionSize(m_topicsView->fontMetrics().height() + 8);
    m_topicsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_topicsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DlqPanel::onTopicSelected);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    // Its text changes with every batch read and every mark: a StableLabel, not laid out again.
    auto *recordsLabel = new StableLabel(right);
    m_recordsLabel = recordsLabel->label();
    m_recordsLabel->setText(tr("Select a DLQ topic."));
    m_recordsLabel->setObjectName(QStringLiteral("dlqRecordsLabel"));
    m_errorClassCombo = new QComboBox(right);
    m_errorClassCombo->setObjectName(QStringLiteral("errorClassFilter"));
    m_errorClassCombo->setToolTip(tr("Show only the records of one error class"));
    m_errorClassCombo->addItem(tr("All error classes"), QString());
    connect(m_errorClassCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_recordsProxy->setErrorClass(m_errorClassCombo->currentData().toString());
        updateActions();
    });
    auto *filterLabel = new QLabel(tr("&Error class:"), right);
    filterLabel->setBuddy(m_errorClassCombo);
    m_showHandledBox = new QCheckBox(tr("Show &handled"), right);
    m_showHandledBox->setObjectName(QStringLiteral("showHandledDlqRecords"));
    m_showHandledBox->setToolTip(tr("Show the records already discarded or replayed too"));
    connect(m_showHandledBox, &QCheckBox::toggled, this, [this](bool on) {
        m_recordsProxy->setShowHandled(on);
        updateActions();
    });
    // A tool bar folds its actions into a menu when narrow, so the window can still shrink.
    auto *tools = new QToolBar(right);
    tools->setObjectName(QStringLiteral("dlqToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(m_reloadAction);
    tools->addAction(m_replaySelectedAction);
    tools->addAction(m_replayAllAction);
    tools->addAction(m_editResendAction);
    tools->addAction(m_exportAction);
    tools->addSeparator();
    tools->addAction(m_discardAction);
    tools->addAction(m_undoDiscardAction);
    right->addAction(m_discardAction);
    right->addAction(m_undoDiscardAction);
    bar->addWidget(recordsLabel, 1);
    bar->addWidget(filterLabel);
    bar->addWidget(m_errorClassCombo);
    bar->addWidget(m_showHandledBox);
    rightLayout->addLayout(bar);
    rightLayout->addWidget(tools);
    // A page of records at a time: a DLQ of 100,000 records stays quick to show, sort and filter.
    auto *pager = new QHBoxLayout;
    m_prevPageAction = new QAction(tr("◀ Previous page"), this);
    m_prevPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    m_prevPageAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_prevPageAction, &QAction::triggered, this, [this] { showPage(m_recordsModel->page() - 1); });
    m_nextPageAction = new QAction(tr("Next page ▶"), this);
    m_nextPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    m_nextPageAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_nextPageAction, &QAction::triggered, this, [this] { showPage(m_recordsModel->page() + 1); });
    right->addAction(m_prevPageAction);
    right->addAction(m_nextPageAction);
    // Not setDefaultAction(): such a button takes the action's icon again on every change of the
    // action, and that lays out and repaints the whole tab; these actions change on every page.
    auto pagerButton = [this, right](QAction *action) {
        auto *button = new QToolButton(right);
        button->setText(action->text());
        button->setToolTip(action->toolTip());
        button->setEnabled(action->isEnabled());
        connect(button, &QToolButton::clicked, action, &QAction::trigger);
        connect(action, &QAction::enabledChanged, button, &QWidget::setEnabled);
        return button;
    };
    QToolButton *prev = pagerButton(m_prevPageAction);
    QToolButton *next = pagerButton(m_nextPageAction);
    auto *pageLabel = new StableLabel(right); // a new text on every page
    m_pageLabel = pageLabel->label();
    m_pageLabel->setObjectName(QStringLiteral("dlqPageLabel"));
    pager->addWidget(prev);
    pager->addWidget(pageLabel, 1);
    pager->addWidget(next);
    rightLayout->addLayout(pager);
    connect(m_recordsModel, &DlqRecordsModel::countsChanged, this, &DlqPanel::updatePageLabel);
    m_marksSource = new QLabel(right);
    m_marksSource->setObjectName(QStringLiteral("dlqMarksSource"));
    m_marksSource->setWordWrap(true);
    rightLayout->addWidget(m_marksSource);

    auto *recordsSplitter = new QSplitter(Qt::Vertical, right);
    m_recordsView = new QTableView(recordsSplitter);
    m_recordsView->setObjectName(QStringLiteral("dlqRecordsView"));
    m_recordsView->setModel(m_recordsProxy);
    m_recordsView->setSortingEnabled(true);
    m_recordsView->sortByColumn(DlqRecordsModel::OffsetColumn, Qt::AscendingOrder);
    m_recordsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_recordsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_recordsView->setAlternatingRowColors(true);
    m_recordsView->verticalHeader()->hide();
    m_recordsView->horizontalHeader()->setSectionResizeMode(DlqRecordsModel::ErrorMessageColumn, QHeaderView::Stretch);
    connect(m_recordsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    m_details = new QPlainTextEdit(recordsSplitter);
    m_details->setObjectName(QStringLiteral("dlqRecordDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a record to see its decoded payload and headers."));
    recordsSplitter->setStretchFactor(0, 3);
    recordsSplitter->setStretchFactor(1, 2);
    rightLayout->addWidget(recordsSplitter, 1);

    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    // Room for the DLQ names and their counts; the records take the rest.
    const int listWidth = fontMetrics().horizontalAdvance(QStringLiteral("todo.task_updates.broadcast.dlq")) +
                          fontMetrics().horizontalAdvance(QStringLiteral("topic todo.task_updates.broadcast Records")) +
                          60;
    splitter->setSizes({listWidth, 2 * listWidth});
    m_outboxPanel = new FailedOutboxPanel(m_pages);
    m_outboxPanel->setObjectName(QStringLiteral("failedOutboxPanel"));
    connect(m_outboxPanel, &FailedOutboxPanel::problem, this, &DlqPanel::problem);
    connect(m_outboxPanel, &FailedOutboxPanel::information, this, &DlqPanel::information);
    m_pages->addTab(splitter, tr("Dead-letter records"));
    m_pages->addTab(m_outboxPanel, tr("Failed outbox records"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    connect(m_monitor, &ClusterMonitor::watermarksUpdated, m_topicsModel, &DlqTopicsModel::setWatermarks);
    connect(m_monitor, &ClusterMonitor::stateChanged, this, [this](ClusterMonitor::State state) {
        if (state == ClusterMonitor::State::Disconnected || state == ClusterMonitor::State::Connecting) {
            m_topicsModel->clearCounts();
            m_loader->cancel();
            ++m_loadGeneration;
            clearRecords();
            updateErrorClasses();
            updateDetails();
        }
        updateActions();
    });
    updateMarksSource();
    updateActions();
}

DlqPanel::~DlqPanel()
{
    // Marks still being written are finished on the ledger's thread, and the replayer's producer
    // flushed there, before it ends.
    delete m_ledgerThread;
    m_ledgerThread = nullptr;
}

ReplayDialog *DlqPanel::replayDialog() const
{
    return m_dialog;
}

QInputDialog *DlqPanel::discardDialog() const
{
    return m_discardDialog;
}

void DlqPanel::showOutboxPage(bool outbox)
{
    m_pages->setCurrentWidget(outbox ? static_cast<QWidget *>(m_outboxPanel) : m_pages->widget(0));
}

void DlqPanel::setDaemonClient(DaemonClient *client)
{
    m_outboxPanel->setClient(client);
    m_client = client;
    updateMarksSource();
}

bool DlqPanel::marksAreShared() const
{
    return m_client && m_client->isAdminConfigured();
}

void DlqPanel::updateMarksSource()
{
    if (!m_marksSource)
        return; // still being built
    const bool shared = marksAreShared();
    const QString text =
        shared ? tr("Discard marks are shared through the daemon at %1: everyone sees them.")
                     .arg(m_client->baseUrl().toString())
               : tr("No daemon connected: discard marks are kept on this machine only, and teammates do not see "
                    "them. Set the daemon's API to share them.");
    const QString style = shared ? QString() : QStringLiteral("QLabel { color: #a06000; }");
    // Called on every page and selection change: setting a style sheet again repolishes the label
    // and lays out and repaints the whole panel, so only a change is set.
    if (m_marksSource->text() != text)
        m_marksSource->setText(text);
    if (m_marksSource->styleSheet() != style)
        m_marksSource->setStyleSheet(style);
}

void DlqPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (QAction *a :
         {m_replaySelectedAction, m_replayAllAction, m_editResendAction, m_discardAction, m_undoDiscardAction})
        a->setVisible(!readOnly);
    m_outboxPanel->setReadOnly(readOnly);
    updateActions();
}

QString DlqPanel::currentTopic() const
{
    const QModelIndex current = m_topicsView->currentIndex();
    return current.isValid() ? current.data(DlqTopicsModel::TopicRole).toString() : QString();
}

void DlqPanel::selectTopic(const QString &topic)
{
    const int row = m_topicsModel->rowOf(topic);
    if (row < 0)
        return;
    const QModelIndex index = static_cast<QSortFilterProxyModel *>(m_topicsView->model())
                                  ->mapFromSource(m_topicsModel->index(row, DlqTopicsModel::TopicColumn));
    if (m_topicsView->currentIndex().row() == index.row() && index.isValid())
        reload();
    else
        m_topicsView->setCurrentIndex(index);
}

void DlqPanel::onTopicSelected()
{
    if (m_recordsModel->topic() != currentTopic()) {
        clearRecords();
        updateErrorClasses();
        updateDetails();
    }
    reload();
}

void DlqPanel::reload()
{
    const QString topic = currentTopic();
    const QString bootstrap = m_monitor->bootstrapServers();
    if (topic.isEmpty() || bootstrap.isEmpty() || m_monitor->state() == ClusterMonitor::State::Disconnected) {
        updateActions();
        return;
    }
    kafka::KafkaConfig config = m_monitor->clientConfig(); // with the profile's security settings
    config.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-dlq"));
    const quint64 generation = ++m_loadGeneration;
    m_browsingTopic = topic;
    // The rows come in batches as they are read; a read still running is abandoned.
    clearRecords();
    m_recordsModel->startTopic(topic);
    updateErrorClasses();
    updateDetails();
    m_recordsLabel->setText(tr("Reading %1…").arg(topic));
    // Up to 250,000 records: the view pages them (DlqRecordsModel), so a storm's DLQ shows whole.
    m_loader->load(generation, config, topic, MaxRecords, 60000);
    updateActions();
}

void DlqPanel::clearRecords()
{
    ++m_marksGeneration; // marks being read are for the rows going away
    m_loader->dispose(m_recordsModel->takeRows());
}

void DlqPanel::onRowsRead(quint64 generation, const QList<DlqRow> &rows)
{
    if (generation != m_loadGeneration)
        return;
    m_recordsModel->addRows(rows);
    m_recordsLabel->setText(
        tr("Reading %1… %Ln record(s) so far", nullptr, m_recordsModel->totalCount()).arg(m_browsingTopic));
    updateErrorClasses();
    updateActions();
}

void DlqPanel::onLoadFinished(quint64 generation, int count, const kafka::KafkaError &error)
{
    if (generation != m_loadGeneration)
        return;
    const QString topic = m_browsingTopic;
    if (error.isError()) {
        qCWarning(lcDlq) << "reading" << topic << "failed:" << error.toString();
        emit problem(tr("The records of %1 could not all be read (%2); showing %n record(s) read so far. "
                        "Read again with Ctrl+Shift+B.",
                        nullptr, count)
                         .arg(topic, error.toString()));
    }
    // The records are shown with what was done about them: loaded once their marks are read.
    refreshMarks([this] {
        updateErrorClasses();
        updateDetails();
        updateActions();
        emit recordsLoaded();
    });
}

void DlqPanel::updateErrorClasses()
{
    const QString current = m_errorClassCombo->currentData().toString();
    const QSignalBlocker blocker(m_errorClassCombo);
    // With how many records each class has: the counts of a large DLQ at a glance. Updated in
    // place as batches arrive, so an open list is not rebuilt under the pointer.
    const QHash<QString, int> &counts = m_recordsModel->errorClassCounts();
    m_errorClassCombo->setItemText(0, tr("All error classes (%L1)").arg(m_recordsModel->totalCount()));
    int i = 1;
    for (const QString &c : m_recordsModel->errorClasses()) {
        if (c.isEmpty())
            continue;
        while (i < m_errorClassCombo->count() && m_errorClassCombo->itemData(i).toString() < c)
            m_errorClassCombo->removeItem(i); // a class of records shown before
        const QString text = tr("%1 (%L2)").arg(c).arg(counts.value(c));
        if (i < m_errorClassCombo->count() && m_errorClassCombo->itemData(i).toString() == c) {
            if (m_errorClassCombo->itemText(i) != text)
                m_errorClassCombo->setItemText(i, text);
        } else {
            m_errorClassCombo->insertItem(i, text, c);
        }
        ++i;
    }
    while (m_errorClassCombo->count() > i)
        m_errorClassCombo->removeItem(m_errorClassCombo->count() - 1);
    const int index = m_errorClassCombo->findData(current);
    m_errorClassCombo->setCurrentIndex(qMax(0, index));
    m_recordsProxy->setErrorClass(m_errorClassCombo->currentData().toString());
}

void DlqPanel::updateActions()
{
    updateMarksSource(); // the daemon's API may have been set or changed since
    const bool connected = m_monitor->state() == ClusterMonitor::State::Connected ||
                           m_monitor->state() == ClusterMonitor::State::Connecting;
    const bool busy = m_previewTicket || m_replayTicket;
    m_reloadAction->setEnabled(connected && !currentTopic().isEmpty());
    m_replaySelectedAction->setEnabled(!m_readOnly && connected && !busy &&
                                       m_recordsView->selectionModel()->hasSelection());
    m_replayAllAction->setEnabled(!m_readOnly && connected && !busy && m_recordsProxy->rowCount() > 0);
    m_editResendAction->setEnabled(!m_readOnly && connected &&
                                   m_recordsView->selectionModel()->selectedRows().size() == 1);
    m_exportAction->setEnabled(m_recordsProxy->rowCount() > 0);
    bool anyDiscarded = false;
    const QModelIndexList rows = m_recordsView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        anyDiscarded = anyDiscarded || row.data(DlqRecordsModel::DiscardedRole).toBool();
    m_discardAction->setEnabled(!m_readOnly && !rows.isEmpty());
    m_undoDiscardAction->setEnabled(!m_readOnly && anyDiscarded);
}

void DlqPanel::showPage(int page)
{
    m_recordsModel->setPage(page);
    updateActions();
    updateDetails();
}

void DlqPanel::updatePageLabel()
{
    if (!m_pageLabel)
        return;
    const int shown = m_recordsModel->filteredCount();
    const int first = m_recordsModel->pageStart();
    if (shown == 0)
        m_pageLabel->setText(tr("No records shown."));
    else
        m_pageLabel->setText(tr("Records %L1–%L2 of %L3 shown, page %L4 of %L5")
                                 .arg(first + 1)
                                 .arg(first + m_recordsModel->rowCount())
                                 .arg(shown)
                                 .arg(m_recordsModel->page() + 1)
                                 .arg(m_recordsModel->pageCount()));
    m_prevPageAction->setEnabled(m_recordsModel->page() > 0);
    m_nextPageAction->setEnabled(m_recordsModel->page() + 1 < m_recordsModel->pageCount());
}

void DlqPanel::updateCountLabel()
{
    if (m_recordsModel->topic().isEmpty())
        return;
    m_recordsLabel->setText(tr("%1: %2 open of %n record(s)", nullptr, m_recordsModel->totalCount())
                                .arg(m_recordsModel->topic())
                                .arg(m_recordsModel->openCount()));
}

QString DlqPanel::ledgerUrl() const
{
    if (!m_ledgerUrl.isEmpty())
        return m_ledgerUrl;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("replays.sqlite"));
}

void DlqPanel::onLedger(std::function<void(LedgerConnection *)> work)
{
    auto post = [this](std::function<void(LedgerConnection *)> w) {
        auto *connection = m_ledgerThread->objectAs<LedgerConnection>();
        QMetaObject::invokeMethod(
            connection, [connection, w = std::move(w)] { w(connection); }, Qt::QueuedConnection);
    };
    if (m_ledgerThread && m_ledgerThread->isStarted()) {
        post(std::move(work));
        return;
    }
    m_ledgerQueue << std::move(work);
    if (m_ledgerThread)
        return; // opening
    const QString url = ledgerUrl();
    m_ledgerThread = new ObjectThread(QStringLiteral("dlq-ledger"), this);
    connect(m_ledgerThread, &ObjectThread::started, this, [this, post] {
        const auto queued = std::move(m_ledgerQueue);
        m_ledgerQueue.clear();
        for (const auto &w : queued)
            post(w);
    });
    connect(m_ledgerThread, &ObjectThread::failed, this, [this, url](const QString &why) {
        qCWarning(lcDlq) << "cannot open the replay ledger" << url << ":" << why;
        emit problem(tr("Replaying and discarding need a ledger of handled records, which could not be opened "
                        "(%1). Check that the console's data folder is writable.")
                         .arg(why));
        // Tried again on the next use.
        m_ledgerThread->deleteLater();
        m_ledgerThread = nullptr;
        const auto queued = std::move(m_ledgerQueue);
        m_ledgerQueue.clear();
        for (const auto &w : queued)
            w(nullptr);
    });
    m_ledgerThread->start([url](QString *error) -> QObject * {
        auto connection = std::make_unique<LedgerConnection>();
        connection->db = store::Database::open(url, error);
        return connection->db ? connection.release() : nullptr;
    });
}

void DlqPanel::refreshMarks(std::function<void()> then)
{
    const quint64 generation = ++m_marksGeneration;
    if (m_recordsModel->totalCount() == 0) {
        applyMarks({});
        if (then)
            then();
        return;
    }
    const QList<processing::DlqRecordId> ids = m_recordsModel->recordIds();
    const QString topic = m_recordsModel->topic();
    onLedger([this, ids, topic, generation, then](LedgerConnection *ledger) {
        store::Database *db = ledger ? ledger->db.get() : nullptr;
        QString why;
        QHash<QString, processing::DlqMark> marks;
        if (db) {
            const Result<QHash<QString, processing::DlqMark>> read = processing::DlqMarks(db).marks(ids);
            if (read)
                marks = read.value();
            else
                why = read.error().message;
        }
        QMetaObject::invokeMethod(
            this,
            [this, marks, why, topic, generation, then] {
                if (generation != m_marksGeneration) {
                    if (then)
                        then();
                    return;
                }
                if (!why.isEmpty()) {
                    qCWarning(lcDlq) << "cannot read the marks of" << topic << ":" << why;
                    emit problem(tr("Which records were handled could not be read from the ledger (%1); every "
                                    "record shows as new.")
                                     .arg(why));
                }
                mergeSharedMarks(marks, topic, generation, then);
            },
            Qt::QueuedConnection);
    });
}

void DlqPanel::mergeSharedMarks(const QHash<QString, processing::DlqMark> &local, const QString &topic,
                                quint64 generation, std::function<void()> then)
{
    if (!marksAreShared()) {
        m_sharedDiscards.clear();
        applyMarks(local);
        if (then)
            then();
        return;
    }
    m_client->listDlqMarks(topic, this, [this, local, topic, generation, then](const DaemonReply &reply) {
        if (generation != m_marksGeneration) {
            if (then)
                then();
            return;
        }
        QHash<QString, processing::DlqMark> merged = local;
        if (!reply.ok()) {
            qCWarning(lcDlq) << "cannot read the shared marks of" << topic << ":" << reply.error;
            emit problem(tr("The daemon's shared discard marks could not be read (%1); this machine's marks are "
                            "shown.")
                             .arg(reply.error));
            applyMarks(merged);
            if (then)
                then();
            return;
        }
        // The daemon's discards replace this machine's; replays stay from the local ledger.
        for (auto it = merged.begin(); it != merged.end(); ++it) {
            it->discarded = false;
            it->discardedBy.clear();
            it->discardedAt = {};
            it->note.clear();
        }
        m_sharedDiscards.clear();
        const QJsonArray marks = reply.body.object().value(QStringLiteral("marks")).toArray();
        for (const QJsonValue &v : marks) {
            const QJsonObject o = v.toObject();
            const QString key = processing::DlqRecordId{topic, o.value(QStringLiteral("partition")).toInt(),
                                                        o.value(QStringLiteral("offset")).toInteger()}
                                    .coordinates();
            processing::DlqMark &m = merged[key];
            m.discarded = true;
            m.discardedBy = o.value(QStringLiteral("discarded_by")).toString();
            m.discardedAt =
                QDateTime::fromString(o.value(QStringLiteral("discarded_at")).toString(), Qt::ISODateWithMs);
            m.note = o.value(QStringLiteral("note")).toString();
            m_sharedDiscards.insert(key, m);
        }
        applyMarks(merged);
        if (then)
            then();
    });
}

QList<DlqRecord> DlqPanel::withoutSharedDiscards(const QList<DlqRecord> &records,
                                                 QList<processing::ReplayItem> *refused) const
{
    if (!marksAreShared() || m_sharedDiscards.isEmpty())
        return records;
    QList<DlqRecord> out;
    for (const DlqRecord &r : records) {
        const auto it = m_sharedDiscards.constFind(r.coordinates());
        if (it == m_sharedDiscards.cend()) {
            out << r;
            continue;
        }
        processing::ReplayItem item;
        item.coordinates = r.coordinates();
        item.target = QStringLiteral("%1/%2").arg(r.info.originalTopic).arg(r.info.originalPartition);
        item.group = r.info.consumerGroup;
        item.status = processing::ReplayItem::Refused;
        item.reason = QStringLiteral("discarded by %1 on %2%3; undo the discard to replay it")
                          .arg(it->discardedBy, it->discardedAt.toString(Qt::ISODate),
                               it->note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(it->note));
        refused->append(item);
    }
    return out;
}

void DlqPanel::applyMarks(const QHash<QString, processing::DlqMark> &marks)
{
    m_recordsModel->setMarks(marks);
    updateCountLabel();
    updateActions();
    updateDetails();
    emit marksChanged();
}

QList<DlqRecord> DlqPanel::selectedRecords() const
{
    QList<DlqRecord> records;
    const QModelIndexList rows = m_recordsView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        records << m_recordsModel->record(m_recordsProxy->mapToSource(row).row());
    return records;
}

void DlqPanel::discardSelected()
{
    const QList<DlqRecord> records = selectedRecords();
    if (records.isEmpty()) {
        emit information(tr("Select the DLQ records to discard first."));
        return;
    }
    if (m_discardDialog)
        m_discardDialog->close();
    auto *dialog = new QInputDialog(this);
    ButtonTexts::apply(dialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Discard DLQ records"));
    dialog->setLabelText(tr("Discard %n record(s)? Kafka keeps them; the console marks them handled and hides "
                            "them, and refuses to replay them until the discard is undone.\n\n"
                            "Note (optional), e.g. why they need no replay:",
                            nullptr, int(records.size())));
    dialog->setOkButtonText(tr("Discard"));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, records](const QString &note) { discard(records, note.trimmed()); });
    m_discardDialog = dialog;
    dialog->open();
}

void DlqPanel::changeMarks(std::function<Result<void>(processing::DlqMarks &)> change,
                           std::function<void(const QString &why)> failed, std::function<void()> done)
{
    onLedger([this, change = std::move(change), failed = std::move(failed),
              done = std::move(done)](LedgerConnection *ledger) {
        store::Database *db = ledger ? ledger->db.get() : nullptr;
        QString why;
        bool ok = false;
        if (db) {
            processing::DlqMarks marks(db);
            const Result<void> changed = change(marks);
            ok = changed.ok();
            if (!ok)
                why = changed.error().message;
        }
        QMetaObject::invokeMethod(
            this,
            [this, ok, why, failed, done, opened = db != nullptr] {
                if (!ok) {
                    if (opened) // onLedger() reported a ledger that cannot be opened already
                        failed(why);
                    return;
                }
                refreshMarks(done);
            },
            Qt::QueuedConnection);
    });
}

bool DlqPanel::discard(const QList<DlqRecord> &records, const QString &note)
{
    if (records.isEmpty())
        return false;
    QList<processing::DlqRecordId> ids;
    for (const DlqRecord &r : records)
        ids << processing::DlqRecordId::of(r);
    const QString by = processing::DlqMarks::osUserName();
    const int count = int(records.size());
    if (m_readOnly)
        return false;
    if (marksAreShared()) {
        QList<QPair<int, qint64>> ids;
        for (const DlqRecord &r : records)
            ids << qMakePair(r.partition, r.offset);
        m_client->discardDlqRecords(records.first().topic, ids, note, by, this, [this, count](const DaemonReply &r) {
            if (!r.ok()) {
                qCWarning(lcDlq) << "cannot record the discard on the daemon:" << r.error;
                emit problem(tr("The records could not be marked discarded (%1). Nothing was changed.").arg(r.error));
                return;
            }
            refreshMarks([this, count] {
                emit information(tr("Discarded %n record(s) for everyone (kept by the daemon). Show handled lists "
                                    "them; Undo discard brings them back.",
                                    nullptr, count));
            });
        });
        return true;
    }
    changeMarks([ids, by, note](processing::DlqMarks &marks) { return marks.discard(ids, by, note); },
                [this](const QString &why) {
                    qCWarning(lcDlq) << "cannot record the discard:" << why;
                    emit problem(tr("The records could not be marked discarded (%1). Nothing was changed.").arg(why));
                },
                [this, count] {
                    emit information(tr("Discarded %n record(s). Show handled lists them; Undo discard brings them "
                                        "back.",
                                        nullptr, count));
                });
    return true;
}

void DlqPanel::undoDiscardSelected()
{
    QList<DlqRecord> records;
    const QModelIndexList rows = m_recordsView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (row.data(DlqRecordsModel::DiscardedRole).toBool())
            records << m_recordsModel->record(m_recordsProxy->mapToSource(row).row());
    }
    if (records.isEmpty()) {
        emit information(tr("Select discarded records first (Show handled lists them)."));
        return;
    }
    undoDiscard(records);
}

bool DlqPanel::undoDiscard(const QList<DlqRecord> &records)
{
    if (records.isEmpty())
        return false;
    QList<processing::DlqRecordId> ids;
    for (const DlqRecord &r : records)
        ids << processing::DlqRecordId::of(r);
    const int count = int(records.size());
    if (m_readOnly)
        return false;
    if (marksAreShared()) {
        QList<QPair<int, qint64>> shared;
        for (const DlqRecord &r : records)
            shared << qMakePair(r.partition, r.offset);
        m_client->undoDlqDiscard(records.first().topic, shared, this, [this, count](const DaemonReply &r) {
            if (!r.ok()) {
                qCWarning(lcDlq) << "cannot undo the discard on the daemon:" << r.error;
                emit problem(tr("The discard could not be undone (%1).").arg(r.error));
                return;
            }
            refreshMarks([this, count] { emit information(tr("%n record(s) are open again.", nullptr, count)); });
        });
        return true;
    }
    changeMarks([ids](processing::DlqMarks &marks) { return marks.undoDiscard(ids); },
                [this](const QString &why) {
                    qCWarning(lcDlq) << "cannot undo the discard:" << why;
                    emit problem(tr("The discard could not be undone (%1).").arg(why));
                },
                [this, count] { emit information(tr("%n record(s) are open again.", nullptr, count)); });
    return true;
}

void DlqPanel::updateDetails()
{
    const QModelIndexList rows = m_recordsView->selectionModel()->selectedRows();
    m_details->setPlainText(rows.size() == 1 ? rows.first().data(DlqRecordsModel::DetailsRole).toString() : QString());
}

void DlqPanel::replaySelected()
{
    startReplay(selectedRecords());
}

void DlqPanel::replayAll()
{
    // Every record the filter shows, on every page, made into full records on the ledger's thread
    // (100,000 of them take a second), then previewed like a selection.
    const DlqRecordsModel::Selection shown = m_recordsModel->filteredSelection();
    if (shown.size() == 0) {
        emit information(tr("Select the DLQ records to replay first."));
        return;
    }
    if (m_previewTicket || m_replayTicket || m_readOnly)
        return;
    const quint64 ticket = ++m_nextTicket;
    m_previewTicket = ticket; // busy from now on
    updateActions();
    onLedger([this, shown, ticket](LedgerConnection *ledger) {
        if (!ledger) { // on this thread: the ledger cannot be opened (onLedger() said so)
            if (ticket == m_previewTicket)
                m_previewTicket = 0;
            updateActions();
            return;
        }
        const QList<DlqRecord> records = shown.records();
        QMetaObject::invokeMethod(
            this,
            [this, ticket, records] {
                if (ticket != m_previewTicket)
                    return;
                m_previewTicket = 0;
                startReplay(records);
            },
            Qt::QueuedConnection);
    });
}

void DlqPanel::runReplay(const processing::ReplayRequest &request, quint64 ticket)
{
    kafka::KafkaConfig config = m_monitor->clientConfig(); // with the profile's security settings
    config.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-replay"));
    const QString key = m_monitor->connectionKey();
    onLedger([this, request, ticket, config, key](LedgerConnection *ledger) {
        if (!ledger) {
            // The ledger could not be opened (onLedger() said so): nothing was replayed.
            if (ticket == m_previewTicket) {
                m_previewTicket = 0;
            } else if (ticket == m_replayTicket) {
                m_replayTicket = 0;
                m_pendingReplay.clear();
            }
            updateActions();
            return;
        }
        const quint64 replayTicket = ledger->replayerFor(key, config)->replay(request);
        ledger->waiting.insert(replayTicket, [this, ticket](const ReplayReport &report) {
            QMetaObject::invokeMethod(
                this, [this, ticket, report] { onReplayFinished(ticket, report); }, Qt::QueuedConnection);
        });
    });
}

void DlqPanel::startReplay(const QList<DlqRecord> &records)
{
    if (records.isEmpty()) {
        emit information(tr("Select the DLQ records to replay first."));
        return;
    }
    if (m_previewTicket || m_replayTicket || m_readOnly)
        return;
    processing::ReplayRequest preview;
    preview.records = records;
    preview.dryRun = true;
    m_pendingReplay = records;
    m_previewTicket = ++m_nextTicket;
    runReplay(preview, m_previewTicket);
    updateActions();
}

void DlqPanel::onReplayFinished(quint64 ticket, const ReplayReport &report)
{
    if (ticket == m_previewTicket) {
        m_previewTicket = 0;
        updateActions();
        // Records discarded in the daemon's shared marks are refused like the ledger's own.
        ReplayReport shown = report;
        QList<processing::ReplayItem> refused;
        withoutSharedDiscards(m_pendingReplay, &refused);
        for (const processing::ReplayItem &r : std::as_const(refused)) {
            for (processing::ReplayItem &item : shown.items)
                if (item.coordinates == r.coordinates && item.status == processing::ReplayItem::WouldReplay) {
                    item.status = r.status;
                    item.reason = r.reason;
                }
        }
        auto *dialog = new ReplayDialog(ReplayDialog::Mode::Preview, shown, this);
        connect(dialog, &QDialog::accepted, this, [this] {
            processing::ReplayRequest request;
            request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            request.records = withoutSharedDiscards(m_pendingReplay, &m_sharedRefused);
            m_replayTicket = ++m_nextTicket;
            runReplay(request, m_replayTicket);
            updateActions();
        });
        showDialog(dialog);
        emit previewShown();
        return;
    }
    if (ticket != m_replayTicket)
        return;
    m_replayTicket = 0;
    m_pendingReplay.clear();
    updateActions();
    ReplayReport withRefused = report;
    withRefused.items += m_sharedRefused;
    m_sharedRefused.clear();
    finishReplay(withRefused);
}

void DlqPanel::finishReplay(const ReplayReport &report)
{
    const int replayed = report.count(processing::ReplayItem::Replayed);
    const int failed = report.count(processing::ReplayItem::Failed);
    const int refused = report.count(processing::ReplayItem::Refused);
    if (failed > 0) {
        emit problem(tr("%n record(s) could not be replayed; the result window says why. Try again once the "
                        "cluster is reachable.",
                        nullptr, failed));
    } else {
        emit information(
            tr("Replayed %n record(s) to their original topics.", nullptr, replayed) +
            (refused ? QString(QLatin1Char(' ') + tr("%n refused (loop guard or discarded).", nullptr, refused))
                     : QString()));
    }
    showDialog(new ReplayDialog(ReplayDialog::Mode::Result, report, this));
    refreshMarks();
    m_monitor->refresh();
    emit replayFinished(report);
}

void DlqPanel::showDialog(ReplayDialog *dialog)
{
    if (m_dialog)
        m_dialog->close();
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    dialog->open();
}

void DlqPanel::exportJson()
{
    if (m_recordsProxy->rowCount() == 0)
        return;
    auto *dialog = new QFileDialog(this, tr("Export DLQ records"),
                                   QDir::home().filePath(m_recordsModel->topic() + QStringLiteral(".json")),
                                   tr("JSON files (*.json)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { exportInBackground(path); });
    dialog->open();
}

void DlqPanel::exportInBackground(const QString &path)
{
    const DlqRecordsModel::Selection shown = m_recordsModel->filteredSelection(); // every page
    emit information(tr("Saving %n record(s) to %1…", nullptr, shown.size()).arg(path));
    struct Saved
    {
        int count = 0;
        QString error; ///< empty when saved
    };
    QtConcurrent::run([shown, path] {
        const QList<DlqRecord> records = shown.records();
        QSaveFile file(path);
        Saved saved{int(records.size()), {}};
        if (!file.open(QIODevice::WriteOnly) || file.write(processing::exportDlqJson(records)) < 0 || !file.commit())
            saved.error = file.errorString();
        return saved;
    }).then(this, [this, path](const Saved &saved) {
        // Queued once more: then(this, …) runs at once when the save has already ended, and the caller
        // would get exportFinished before exportInBackground() returned.
        QMetaObject::invokeMethod(
            this,
            [this, path, saved] {
                if (!saved.error.isEmpty()) {
                    qCWarning(lcDlq) << "export to" << path << "failed:" << saved.error;
                    emit problem(
                        tr("The records could not be saved to %1 (%2). Choose another place.").arg(path, saved.error));
                } else {
                    emit information(tr("Saved %n record(s) to %1.", nullptr, saved.count).arg(path));
                }
                emit exportFinished(path, saved.error.isEmpty());
            },
            Qt::QueuedConnection);
    });
}

bool DlqPanel::exportTo(const QString &path)
{
    const QList<DlqRecord> records = m_recordsModel->filteredRecords(); // every page
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(processing::exportDlqJson(records)) < 0 || !file.commit()) {
        qCWarning(lcDlq) << "export to" << path << "failed:" << file.errorString();
        emit problem(
            tr("The records could not be saved to %1 (%2). Choose another place.").arg(path, file.errorString()));
        return false;
    }
    emit information(tr("Saved %n record(s) to %1.", nullptr, int(records.size())).arg(path));
    return true;
}

ProduceDialog *DlqPanel::resendDialog() const
{
    return m_resendDialog;
}

void DlqPanel::editAndResendSelected()
{
    const QList<processing::DlqRecord> records = selectedRecords();
    if (records.size() != 1 || m_readOnly)
        return;
    if (m_resendDialog)
        m_resendDialog->close();
    m_resendDialog = new ProduceDialog(m_monitor, this);
    m_resendDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_resendDialog->loadDlqRecord(records.first());
    connect(m_resendDialog, &ProduceDialog::sent, this, [this](const kafka::DeliveryReport &report) {
        emit information(tr("The edited record was sent to %1, partition %2, offset %3; the dead letter stays in "
                            "the DLQ.")
                             .arg(report.topic)
                             .arg(report.partition)
                             .arg(report.offset));
    });
    m_resendDialog->show();
}

} // namespace console
} // namespace taskstream

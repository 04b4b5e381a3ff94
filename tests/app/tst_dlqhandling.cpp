// Handling DLQ and outbox failures in the console: a discarded DLQ record is hidden (the count says
// how many are open), shows with "Show handled" with who and why, is refused by the replay and
// comes back with "Undo discard"; an outbox record the relay can never deliver (larger than the
// producer's message.max.bytes) is listed from the daemon's API and goes back in line on retry.
#include "ConnectionProfile.h"
#include "DaemonClient.h"
#include "DlqPanel.h"
#include "FailedOutboxPanel.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ReplayDialog.h"
#include "TasksPanel.h"
#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "models/FailedOutboxModel.h"
#include "processing/DeadLetter.h"
#include "processing/DlqMarks.h"
#include "runtime/Node.h"
#include "runtime/NodeConfig.h"
#include "support/KafkaTestSupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::kafka;
using namespace taskstream::processing;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kGroup = QStringLiteral("audit-log-cg");
const QString kDlq = QStringLiteral("todo.audit-log-cg.dlq");

bool produce(const QString &bootstrap, const QString &topic, const QByteArray &key, const QByteArray &value,
             const Headers &headers)
{
    KafkaProducer producer;
    if (!producer.open(KafkaConfig(bootstrap)))
        return false;
    QSignalSpy delivered(&producer, &KafkaProducer::delivered);
    if (producer.produce(topic, key, value, headers, 0) == 0 || !delivered.wait(kTimeoutMs))
        return false;
    return !delivered.first().first().value<DeliveryReport>().error.isError();
}

Headers deadLetter(const QByteArray &key, qint64 originalOffset)
{
    KafkaMessage original;
    original.topic = QStringLiteral("todo.tasks.events");
    original.partition = 1;
    original.offset = originalOffset;
    original.key = key;
    original.timestampMs = QDateTime::currentMSecsSinceEpoch() - 60000;
    const FailureInfo failure{2, original.timestampMs + 1000, original.timestampMs + 2000, QStringLiteral("validation"),
                              QStringLiteral("bad payload")};
    return deadLetterHeaders(original, kGroup, failure);
}

/// The proxy row of the record with \a key, or -1.
int proxyRowOf(DlqPanel *panel, const QByteArray &key)
{
    for (int row = 0; row < panel->recordsProxy()->rowCount(); ++row) {
        const QModelIndex source = panel->recordsProxy()->mapToSource(panel->recordsProxy()->index(row, 0));
        if (panel->recordsModel()->record(source.row()).key == key)
            return row;
    }
    return -1;
}

void selectProxyRow(DlqPanel *panel, int row)
{
    panel->recordsView()->selectionModel()->select(panel->recordsProxy()->index(row, 0),
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QString statusCell(DlqPanel *panel, int proxyRow, int role = Qt::DisplayRole)
{
    return panel->recordsProxy()->index(proxyRow, DlqRecordsModel::StatusColumn).data(role).toString();
}

} // namespace

class TestDlqHandling : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dlqhandling"));
        QSettings().clear();
        qRegisterMetaType<DeliveryReport>();
        qRegisterMetaType<KafkaError>();
    }

    void discardedRecordIsHiddenUntilShowHandledAndReplayRefusesIt()
    {
        MainWindow window;
        window.monitor()->setRefreshInterval(500);
        QStringList roles = taskstream::runtime::NodeConfig::allRoles();
        roles.removeAll(QStringLiteral("audit")); // the test's records stay in the DLQ untouched
        window.monitor()->setSandboxRoles(roles);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy sandboxReady(window.monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(window.startSandbox());
        QVERIFY(
            QTest::qWaitFor([&] { return window.monitor()->state() == ClusterMonitor::State::Connected; }, kTimeoutMs));
        const QString bootstrap = window.monitor()->bootstrapServers();

        DlqPanel *panel = window.dlqPanel();
        QTemporaryDir dir;
        panel->setLedgerUrl(dir.filePath(QStringLiteral("replays.sqlite")));
        QAbstractItemModelTester recordsTester(panel->recordsModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(panel->recordsProxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);

        // With the sandbox's daemon the discard marks are shared through its API.
        QVERIFY(sandboxReady.count() > 0 || sandboxReady.wait(kTimeoutMs));
        QVERIFY(panel->marksAreShared());
        QVERIFY2(panel->marksSourceLabel()->text().contains(QLatin1String("shared through the daemon")),
                 qPrintable(panel->marksSourceLabel()->text()));

        QVERIFY(produce(bootstrap, kDlq, "task-1", "{}", deadLetter("task-1", 7)));
        QVERIFY(produce(bootstrap, kDlq, "task-2", "{}", deadLetter("task-2", 8)));
        QVERIFY(QTest::qWaitFor([&] { return panel->topicsModel()->count(kDlq) == 2; }, kTimeoutMs));
        window.tabs()->setCurrentWidget(panel);
        QSignalSpy loaded(panel, &DlqPanel::recordsLoaded);
        panel->selectTopic(kDlq);
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(panel->recordsProxy()->rowCount(), 2);
        const auto *countLabel = panel->findChild<QLabel *>(QStringLiteral("dlqRecordsLabel"));
        QVERIFY(countLabel);
        QVERIFY2(countLabel->text().contains(QLatin1String("2 open of 2")), qPrintable(countLabel->text()));
        QCOMPARE(statusCell(panel, proxyRowOf(panel, "task-1")), QStringLiteral("new"));
        QVERIFY(!panel->showHandledBox()->isChecked());

        // Delete on the records view asks for a note; confirming discards the selected record.
        int row = proxyRowOf(panel, "task-1");
        selectProxyRow(panel, row);
        QVERIFY(panel->discardAction()->isEnabled());
        QVERIFY(!panel->undoDiscardAction()->isEnabled());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        panel->recordsView()->setFocus();
        QTest::keyClick(panel->recordsView(), Qt::Key_Delete);
        QVERIFY(panel->discardDialog());
        QSignalSpy marksChanged(panel, &DlqPanel::marksChanged);
        panel->discardDialog()->setTextValue(QStringLiteral("duplicate of task-2"));
        panel->discardDialog()->accept();
        QVERIFY(marksChanged.wait(kTimeoutMs)); // written and read back on the ledger's thread
        QCOMPARE(marksChanged.size(), 1);
        QCOMPARE(window.messageBar()->level(), MessageBar::Level::Information);

        // Hidden by default; the count says how many are still open.
        QCOMPARE(panel->recordsProxy()->rowCount(), 1);
        QCOMPARE(proxyRowOf(panel, "task-1"), -1);
        QVERIFY2(countLabel->text().contains(QLatin1String("1 open of 2")), qPrintable(countLabel->text()));

        // A teammate's console (another client of the same daemon) sees the mark.
        DaemonClient teammate;
        teammate.setEndpoint(
            QUrl(window.monitor()->sandboxDaemon()->httpUrl()),
            window.monitor()->sandboxDaemon()->issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600));
        DaemonReply seen;
        teammate.listDlqMarks(kDlq, this, [&seen](const DaemonReply &r) { seen = r; });
        QVERIFY(QTest::qWaitFor([&] { return seen.status != 0; }, kTimeoutMs));
        QVERIFY2(seen.ok(), qPrintable(seen.error));
        const QJsonArray shared = seen.body.object().value(QStringLiteral("marks")).toArray();
        QCOMPARE(shared.size(), 1);
        QCOMPARE(shared.first().toObject().value(QStringLiteral("note")).toString(),
                 QStringLiteral("duplicate of task-2"));
        QCOMPARE(shared.first().toObject().value(QStringLiteral("discarded_by")).toString(), DlqMarks::osUserName());

        // Show handled lists it as discarded, with who and why in the tooltip.
        panel->showHandledBox()->setChecked(true);
        QCOMPARE(panel->recordsProxy()->rowCount(), 2);
        row = proxyRowOf(panel, "task-1");
        QCOMPARE(statusCell(panel, row), QStringLiteral("discarded"));
        const QString tip = statusCell(panel, row, Qt::ToolTipRole);
        QVERIFY2(tip.contains(QLatin1String("duplicate of task-2")) && tip.contains(DlqMarks::osUserName()),
                 qPrintable(tip));

        // Replaying it is refused, with the discard as the reason; nothing is published.
        selectProxyRow(panel, row);
        QSignalSpy preview(panel, &DlqPanel::previewShown);
        panel->replaySelected();
        QVERIFY(preview.wait(kTimeoutMs));
        ReplayDialog *dialog = panel->replayDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->replayableCount(), 0);
        QCOMPARE(dialog->report().count(ReplayItem::Refused), 1);
        QVERIFY2(dialog->report().items.first().reason.contains(QLatin1String("discarded")),
                 qPrintable(dialog->report().items.first().reason));
        dialog->reject();

        // Undo discard: open again, shown without Show handled.
        selectProxyRow(panel, proxyRowOf(panel, "task-1"));
        QVERIFY(panel->undoDiscardAction()->isEnabled());
        QSignalSpy reopened(panel, &DlqPanel::marksChanged);
        panel->undoDiscardAction()->trigger();
        QVERIFY(reopened.wait(kTimeoutMs));
        QCOMPARE(statusCell(panel, proxyRowOf(panel, "task-1")), QStringLiteral("new"));
        panel->showHandledBox()->setChecked(false);
        QCOMPARE(panel->recordsProxy()->rowCount(), 2);
        QVERIFY2(countLabel->text().contains(QLatin1String("2 open of 2")), qPrintable(countLabel->text()));

        // Replay all previews every record shown, on every page, not only the page on screen.
        panel->recordsModel()->setPageSize(1);
        QCOMPARE(panel->recordsProxy()->rowCount(), 1);
        QSignalSpy allPreview(panel, &DlqPanel::previewShown);
        panel->replayAllAction()->trigger();
        QVERIFY(!panel->replayAllAction()->isEnabled()); // busy while the records are made and previewed
        QVERIFY(allPreview.wait(kTimeoutMs));
        QVERIFY(panel->replayDialog());
        QCOMPARE(panel->replayDialog()->report().items.size(), 2);
        QCOMPARE(panel->replayDialog()->replayableCount(), 2);
        panel->replayDialog()->reject();
        panel->recordsModel()->setPageSize(1000);

        // With the sandbox the failed outbox page acts as an admin: the daemon answers, with nothing failed.
        FailedOutboxPanel *outbox = panel->outboxPanel();
        QSignalSpy reloaded(outbox, &FailedOutboxPanel::reloaded);
        panel->showOutboxPage(true);
        QVERIFY(reloaded.count() > 0 || reloaded.wait(kTimeoutMs));
        QVERIFY(!outbox->isBusy() || reloaded.wait(kTimeoutMs));
        QVERIFY2(outbox->statusText().contains(QLatin1String("No failed outbox records")),
                 qPrintable(outbox->statusText()));
        window.close();
    }

    void withoutADaemonMarksStayOnThisMachineAndSaySo()
    {
        DlqPanel *panel = nullptr;
        MainWindow window;
        panel = window.dlqPanel();
        QVERIFY(!panel->marksAreShared());
        QVERIFY2(panel->marksSourceLabel()->text().contains(QLatin1String("this machine only")),
                 qPrintable(panel->marksSourceLabel()->text()));
        // A daemon URL with a token: shared from then on.
        window.daemonClient()->setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:9")), QStringLiteral("token"));
        panel->showHandledBox()->toggle(); // any update of the actions reads the daemon's settings again
        QVERIFY(panel->marksAreShared());
        QVERIFY(panel->marksSourceLabel()->text().contains(QLatin1String("127.0.0.1:9")));
    }

    void readOnlyHidesAndRefusesEveryChange()
    {
        MainWindow window;
        QSignalSpy changed(&window, &MainWindow::readOnlyChanged);
        window.setForcedReadOnly(true);
        QVERIFY(window.isReadOnly());
        QCOMPARE(changed.size(), 1);
        QVERIFY(window.windowTitle().contains(QLatin1String("read-only")));
        DlqPanel *dlq = window.dlqPanel();
        for (QAction *a :
             {dlq->replaySelectedAction(), dlq->replayAllAction(), dlq->discardAction(), dlq->undoDiscardAction(),
              dlq->outboxPanel()->retryAction(), window.groupsPanel()->resetOffsetsAction(),
              window.groupsPanel()->acknowledgeGapAction(), window.tasksPanel()->newAction(),
              window.tasksPanel()->editAction(), window.tasksPanel()->completeAction(),
              window.tasksPanel()->deleteAction(), window.demoLoadAction()}) {
            QVERIFY2(!a->isVisible(), qPrintable(a->text()));
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
        }
        // Called directly, the changes are refused too.
        DlqRecord r;
        r.topic = kDlq;
        r.partition = 0;
        r.offset = 1;
        QVERIFY(!dlq->discard({r}, QStringLiteral("no")));
        QVERIFY(!dlq->undoDiscard({r}));
        window.groupsPanel()->resetOffsets();
        QVERIFY(!window.groupsPanel()->resetDialog());
        // Reading stays: reload, export.
        QVERIFY(dlq->reloadAction()->isVisible());
        QVERIFY(dlq->exportAction()->isVisible());
        QVERIFY(window.tasksPanel()->reloadAction()->isVisible());

        window.setForcedReadOnly(false);
        QVERIFY(!window.isReadOnly());
        QVERIFY(dlq->discardAction()->isVisible());
        QVERIFY(window.tasksPanel()->newAction()->isEnabled());
        QVERIFY(!window.windowTitle().contains(QLatin1String("read-only")));

        // A profile marked read-only: read-only while connected with it, not with another.
        ConnectionProfile production;
        production.name = QStringLiteral("production");
        production.bootstrapServers = QStringLiteral("127.0.0.1:1");
        production.readOnly = true;
        window.connectWithProfile(production);
        QVERIFY(window.isReadOnly());
        QVERIFY(!dlq->discardAction()->isVisible());
        QVERIFY(window.windowTitle().contains(QLatin1String("read-only")));
        QVERIFY(window.connectToCluster(QStringLiteral("127.0.0.1:2")));
        QVERIFY(!window.isReadOnly());
        QVERIFY(dlq->discardAction()->isVisible());
    }

    void failedOutboxRecordIsListedAndRetried()
    {
        // Without a daemon the page says what to configure.
        FailedOutboxPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reloaded(&panel, &FailedOutboxPanel::reloaded);
        DaemonClient client;
        panel.setClient(&client);
        panel.reload();
        QVERIFY2(panel.statusText().contains(QLatin1String("No daemon API")), qPrintable(panel.statusText()));
        QVERIFY(!panel.reloadAction()->isEnabled());

        // A daemon whose relay can never deliver a record larger than 3000 bytes.
        QTemporaryDir dir;
        taskstream::runtime::NodeConfig options;
        options.dataDir = dir.path();
        options.embeddedBrokers = 1;
        options.httpPort = 0;
        options.roles = {QStringLiteral("api"), QStringLiteral("relay")};
        options.kafka.set(QStringLiteral("message.max.bytes"), QStringLiteral("3000"));
        taskstream::runtime::Node daemon(options);
        QSignalSpy ready(&daemon, &taskstream::runtime::Node::started);
        daemon.start();
        QVERIFY(ready.wait(kTimeoutMs));

        const QUuid user = QUuid::createUuid();
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(daemon.httpUrl() + QStringLiteral("/api/v1/tasks")));
        request.setRawHeader("Authorization",
                             "Bearer " + daemon.issueToken(user, QStringLiteral("user"), 600).toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.post(
            request, QJsonDocument(QJsonObject{{QStringLiteral("title"), QStringLiteral("huge")},
                                               {QStringLiteral("description"), QString(9000, QLatin1Char('d'))}})
                         .toJson(QJsonDocument::Compact));
        QSignalSpy posted(reply, &QNetworkReply::finished);
        QVERIFY(posted.wait(kTimeoutMs));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        const QString taskId = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("id")).toString();
        reply->deleteLater();

        client.setEndpoint(QUrl(daemon.httpUrl()),
                           daemon.issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600));
        panel.setClient(&client);
        QVERIFY(panel.reloadAction()->isEnabled());
        // Read again until the relay has given the record up (it tries once: the size never fits).
        auto reloadUntil = [&](const std::function<bool()> &done) {
            for (int i = 0; i < 300; ++i) {
                reloaded.clear();
                panel.reload();
                if (!reloaded.wait(kTimeoutMs))
                    return false;
                if (done())
                    return true;
                QTest::qWait(100); // polling a list the daemon serves: nothing signals its change
            }
            return false;
        };
        FailedOutboxModel *model = panel.model();
        QVERIFY(reloadUntil([&] { return model->rowCount() == 1; }));
        const FailedOutboxModel::Item item = model->item(0);
        QCOMPARE(item.topic, QStringLiteral("todo.tasks.events"));
        QCOMPARE(item.key, taskId);
        QCOMPARE(model->index(0, FailedOutboxModel::EventTypeColumn).data().toString(), QStringLiteral("TaskCreated"));
        QCOMPARE(item.attempts, 1);
        QVERIFY2(item.reason.contains(QLatin1String("MSG_SIZE_TOO_LARGE")), qPrintable(item.reason));
        QVERIFY(item.failedAt.isValid());
        QVERIFY(!model->index(0, FailedOutboxModel::FailedAtColumn).data().toString().isEmpty());
        QVERIFY2(panel.statusText().contains(QLatin1String("1 outbox record")), qPrintable(panel.statusText()));

        // Retry puts it back in line: the relay tries again (and, the size being what it is, fails again).
        panel.view()->selectRow(0);
        QVERIFY(panel.retryAction()->isEnabled());
        QSignalSpy information(&panel, &FailedOutboxPanel::information);
        QSignalSpy problem(&panel, &FailedOutboxPanel::problem);
        reloaded.clear();
        panel.retryAction()->trigger();
        QVERIFY(reloaded.wait(kTimeoutMs)); // the reload after the retry
        QCOMPARE(problem.size(), 0);
        QCOMPARE(information.size(), 1);
        QVERIFY(reloadUntil([&] { return model->rowCount() == 1 && model->item(0).attempts == 2; }));
        // The same event; on SQLite it went back in line at the end of the outbox, under a new seq.
        QCOMPARE(model->item(0).eventId, item.eventId);
        QVERIFY(model->item(0).seq > item.seq);

        // Retrying a record that is not failed any more is refused by the daemon, in the message.
        DaemonReply answer;
        bool called = false;
        client.retryOutbox(item.seq + 1000, &panel, [&](const DaemonReply &r) {
            answer = r;
            called = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return called; }, kTimeoutMs));
        QCOMPARE(answer.status, 404);
        QVERIFY(!answer.error.isEmpty());
        daemon.stop();
    }
};

QTEST_MAIN(TestDlqHandling)
#include "tst_dlqhandling.moc"

// The Audit tab against the sandbox: tasks created over HTTP reach the daemon's audit log (the
// audit worker consumes the events asynchronously), and the tab finds them by user, by words and
// page by page with the cursor; filters that cannot be sent are refused before any request.
#include "AuditPanel.h"
#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "models/AuditModel.h"
#include "runtime/Node.h"
#include "runtime/NodeConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

namespace {
constexpr int kTimeoutMs = 30000;
const QString kTaskCreated = QStringLiteral("com.todo.events.TaskCreated");

/// Creates a task titled \a title for \a user through the sandbox's API; its id, or empty.
QString createTask(taskstream::runtime::Node *daemon, const QUuid &user, const QString &title)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(daemon->httpUrl() + QStringLiteral("/api/v1/tasks")));
    request.setRawHeader("Authorization", "Bearer " + daemon->issueToken(user, QStringLiteral("user"), 600).toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.post(
        request, QJsonDocument(QJsonObject{{QStringLiteral("title"), title}}).toJson(QJsonDocument::Compact));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kTimeoutMs))
        return {};
    reply->deleteLater();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("id")).toString();
}

/// The rows of \a model: event ids in order.
QStringList eventIds(const AuditModel *model)
{
    QStringList ids;
    for (int r = 0; r < model->rowCount(); ++r)
        ids << model->entry(r).value(QStringLiteral("event_id")).toString();
    return ids;
}

int rowOfTaskCreated(const AuditModel *model, const QString &taskId)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        const QJsonObject e = model->entry(r);
        if (e.value(QStringLiteral("type")).toString() == kTaskCreated &&
            e.value(QStringLiteral("task_id")).toString() == taskId)
            return r;
    }
    return -1;
}
} // namespace

class TestConsoleAudit : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> window;
    taskstream::runtime::Node *daemon = nullptr;
    AuditPanel *audit = nullptr;
    QUuid user = QUuid::createUuid();
    QString taskId;
    // A word no other entry has, so a search for it finds exactly this task's events.
    QString word = QStringLiteral("auditprobe") + QUuid::createUuid().toString(QUuid::Id128).left(12);

    /// Searches again (whenever no search runs) until \a found holds: the audit worker writes the
    /// entries a moment after the API answered.
    template <typename Predicate> void searchUntil(Predicate found)
    {
        auto poll = [&] {
            if (audit->isBusy())
                return false;
            if (found())
                return true;
            audit->search();
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(poll(), kTimeoutMs);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consoleaudit"));
        QSettings().clear();
        window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        audit = window->auditPanel();
        QVERIFY(audit);

        QSignalSpy ready(window->monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(window->startSandbox());
        QVERIFY(ready.wait(kTimeoutMs));
        daemon = window->monitor()->sandboxDaemon();
        QVERIFY(daemon);
        taskId = createTask(daemon, user, QStringLiteral("Check the %1 audit").arg(word));
        QVERIFY(!taskId.isEmpty());
    }

    void cleanupTestCase() { window.reset(); }

    void ctrl7ShowsTheAuditTab()
    {
        QVERIFY(MainWindow::tabKeys().contains(QStringLiteral("audit")));
        window->tabs()->setCurrentIndex(0);
        QTest::keyClick(window.get(), Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(window->tabs()->currentWidget(), audit);
        window->tabs()->setCurrentIndex(0);
        QVERIFY(window->showTab(QStringLiteral("audit")));
        QCOMPARE(window->tabs()->currentWidget(), audit);
    }

    void findsTheTaskCreatedEntryByUser()
    {
        audit->setUserFilter(user.toString(QUuid::WithoutBraces));
        audit->setTypeFilter(QStringLiteral("TaskCreated"));
        searchUntil([&] { return rowOfTaskCreated(audit->model(), taskId) >= 0; });
        if (QTest::currentTestFailed())
            return;
        // Only that user's entries, and only of that type.
        for (int r = 0; r < audit->model()->rowCount(); ++r) {
            const QJsonObject e = audit->model()->entry(r);
            QCOMPARE(e.value(QStringLiteral("user_id")).toString(), user.toString(QUuid::WithoutBraces));
            QCOMPARE(e.value(QStringLiteral("type")).toString(), kTaskCreated);
        }
        QCOMPARE(audit->model()->rowCount(), 1);
        QVERIFY(!audit->hasMore());

        // The selected entry's JSON shows below, with the payload.
        const int row = rowOfTaskCreated(audit->model(), taskId);
        audit->view()->selectRow(row);
        const QJsonObject shown = QJsonDocument::fromJson(audit->entryView()->toPlainText().toUtf8()).object();
        QCOMPARE(shown.value(QStringLiteral("task_id")).toString(), taskId);
        QCOMPARE(shown.value(QStringLiteral("payload")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Check the %1 audit").arg(word));
        QVERIFY(audit->entryView()->isReadOnly());
        QVERIFY(audit->model()->index(row, AuditModel::SummaryColumn).data().toString().contains(word));
        QVERIFY2(!window->messageBar()->isVisible(), qPrintable(window->messageBar()->text()));
    }

    // Each entry says who did it: the task above was created with the user's token through the
    // API; one created from the console (its DaemonClient) says "console". The filters find them.
    void entriesSayWhoDidIt()
    {
        DaemonClient client;
        client.setEndpoint(QUrl(daemon->httpUrl()), daemon->issueToken(user, QStringLiteral("user"), 600));
        QString consoleTask;
        bool answered = false;
        client.createTask(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("From the console %1").arg(word)}},
                          this, [&](const DaemonReply &r) {
                              answered = true;
                              consoleTask = r.body.object().value(QStringLiteral("id")).toString();
                          });
        QTRY_VERIFY_WITH_TIMEOUT(answered, kTimeoutMs);
        QVERIFY(!consoleTask.isEmpty());

        audit->setUserFilter(user.toString(QUuid::WithoutBraces));
        audit->setTypeFilter(QStringLiteral("TaskCreated"));
        audit->setActorFilter(user.toString(QUuid::WithoutBraces));
        audit->setSourceFilter(QStringLiteral("console"));
        searchUntil([&] { return rowOfTaskCreated(audit->model(), consoleTask) >= 0; });
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(audit->model()->rowCount(), 1);
        const QJsonObject fromConsole = audit->model()->entry(0);
        QCOMPARE(fromConsole.value(QStringLiteral("actor")).toString(), user.toString(QUuid::WithoutBraces));
        QCOMPARE(fromConsole.value(QStringLiteral("actor_source")).toString(), QStringLiteral("console"));
        QVERIFY(
            audit->model()->index(0, AuditModel::ActorColumn).data().toString().endsWith(QStringLiteral("(console)")));

        audit->setSourceFilter(QStringLiteral("api"));
        searchUntil([&] { return rowOfTaskCreated(audit->model(), taskId) >= 0; });
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(audit->model()->rowCount(), 1);
        QCOMPARE(audit->model()->entry(0).value(QStringLiteral("actor_source")).toString(), QStringLiteral("api"));
        audit->setActorFilter(QString());
        audit->setSourceFilter(QString());
        audit->setTypeFilter(QString());
        audit->setUserFilter(QString());
    }

    // The Export button's work: every entry of the filters, streamed into the file, as CSV or JSON
    // lines by the file's suffix; a file that cannot be written is reported and nothing is left.
    void exportsTheFilteredEntries()
    {
        QTemporaryDir dir;
        audit->setUserFilter(user.toString(QUuid::WithoutBraces));
        audit->setTypeFilter(QStringLiteral("TaskCreated"));
        audit->setSourceFilter(QStringLiteral("api"));
        QSignalSpy finished(audit, &AuditPanel::exportFinished);

        const QString csv = dir.filePath(QStringLiteral("audit.csv"));
        audit->exportTo(csv);
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(2).toString()));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        // The header, one entry (the task created through the API), and the empty rest after the last CRLF.
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("id,event_id,type,"));
        QVERIFY(lines[1].contains(taskId.toUtf8()));
        QVERIFY(lines[1].contains(",api,"));

        const QString jsonl = dir.filePath(QStringLiteral("audit.jsonl"));
        audit->exportTo(jsonl);
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(finished.last().at(0).toBool());
        QFile jsonFile(jsonl);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject entry = QJsonDocument::fromJson(jsonFile.readLine()).object();
        QCOMPARE(entry.value(QStringLiteral("task_id")).toString(), taskId);
        QVERIFY(jsonFile.atEnd());

        const QString nowhere = dir.filePath(QStringLiteral("missing/audit.csv"));
        audit->exportTo(nowhere);
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(!finished.last().at(0).toBool());
        QVERIFY(!finished.last().at(2).toString().isEmpty());
        QVERIFY(!QFile::exists(nowhere));
        audit->setSourceFilter(QString());
        audit->setTypeFilter(QString());
        audit->setUserFilter(QString());
    }

    void findsItByFreeTextAcrossUsers()
    {
        // No user: the sandbox's admin token searches every user's entries.
        audit->setUserFilter(QString());
        audit->setTypeFilter(QString());
        audit->setText(word.toUpper()); // matching ignores case
        searchUntil([&] { return rowOfTaskCreated(audit->model(), taskId) >= 0; });
        if (QTest::currentTestFailed())
            return;
        for (int r = 0; r < audit->model()->rowCount(); ++r)
            QCOMPARE(audit->model()->entry(r).value(QStringLiteral("task_id")).toString(), taskId);

        // A word nobody wrote finds nothing.
        audit->setText(word + QStringLiteral("x"));
        QSignalSpy finished(audit, &AuditPanel::searchFinished);
        audit->search();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QCOMPARE(audit->model()->rowCount(), 0);
        audit->setText(QString());
    }

    void pagesWithTheCursorWithoutRepeats()
    {
        const QUuid pager = QUuid::createUuid();
        QStringList tasks;
        for (int i = 0; i < 5; ++i) {
            tasks << createTask(daemon, pager, QStringLiteral("page %1").arg(i));
            QVERIFY(!tasks.last().isEmpty());
        }
        audit->setUserFilter(pager.toString(QUuid::WithoutBraces));
        audit->setTypeFilter(kTaskCreated);
        audit->setPageSize(50);
        searchUntil([&] { return audit->model()->rowCount() == 5; });
        if (QTest::currentTestFailed())
            return;
        const QStringList all = eventIds(audit->model());

        audit->setPageSize(2);
        QSignalSpy finished(audit, &AuditPanel::searchFinished);
        audit->search();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(eventIds(audit->model()), all.mid(0, 2));
        QVERIFY(audit->hasMore());
        QVERIFY(audit->loadMoreAction()->isEnabled());

        audit->loadMoreAction()->trigger();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(eventIds(audit->model()), all.mid(0, 4));
        QVERIFY(audit->hasMore());

        audit->loadMoreAction()->trigger();
        QVERIFY(finished.wait(kTimeoutMs));
        const QStringList paged = eventIds(audit->model());
        QCOMPARE(paged, all);
        QCOMPARE(QSet<QString>(paged.cbegin(), paged.cend()).size(), 5);
        QVERIFY(!audit->hasMore());
        QVERIFY(!audit->loadMoreAction()->isEnabled());
        for (const QString &id : std::as_const(tasks))
            QVERIFY(rowOfTaskCreated(audit->model(), id) >= 0);
        audit->setPageSize(50);
    }

    void aNewSearchSupersedesTheOneRunning()
    {
        QVERIFY(!audit->isBusy());
        const quint64 staleBefore = audit->staleRepliesIgnored();
        QSignalSpy finished(audit, &AuditPanel::searchFinished);
        audit->setTypeFilter(QString());
        audit->setUserFilter(QUuid::createUuid().toString(QUuid::WithoutBraces)); // nobody's entries
        audit->search();
        audit->setUserFilter(user.toString(QUuid::WithoutBraces));
        audit->search();
        QTRY_COMPARE_WITH_TIMEOUT(audit->staleRepliesIgnored(), staleBefore + 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        // What shows is the answer to the second search, whichever answer came first.
        QVERIFY(rowOfTaskCreated(audit->model(), taskId) >= 0);
        QVERIFY(!audit->isBusy());
    }

    void invalidFiltersAreRefusedBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("userFilter");
        QTest::addColumn<QString>("taskFilter");
        QTest::addColumn<int>("fromMinusToSeconds");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("user that is neither a UUID nor a demo name")
            << QStringLiteral("not-a-user") << QString() << -1 << QStringLiteral("not-a-user");
        QTest::newRow("task that is not a UUID") << QString() << QStringLiteral("1234") << -1 << QStringLiteral("1234");
        QTest::newRow("from after to") << QString() << QString() << 3600 << QStringLiteral("\"from\"");
        QTest::newRow("from equal to to") << QString() << QString() << 0 << QStringLiteral("\"to\"");
    }

    void invalidFiltersAreRefusedBeforeAnyRequest()
    {
        QFETCH(QString, userFilter);
        QFETCH(QString, taskFilter);
        QFETCH(int, fromMinusToSeconds);
        QFETCH(QString, inMessage);
        audit->setUserFilter(userFilter);
        audit->setTaskFilter(taskFilter);
        const QDateTime to = QDateTime::currentDateTime().addDays(-1);
        if (fromMinusToSeconds >= 0) {
            audit->setFrom(to.addSecs(fromMinusToSeconds));
            audit->setTo(to);
        }
        const quint64 sent = audit->requestsSent();
        QSignalSpy problem(audit, &AuditPanel::problem);
        window->messageBar()->clearMessage();
        audit->search();
        QCOMPARE(problem.count(), 1);
        QVERIFY2(problem.first().at(0).toString().contains(inMessage), qPrintable(problem.first().at(0).toString()));
        QCOMPARE(audit->requestsSent(), sent);
        QVERIFY(!audit->isBusy());
        QVERIFY(window->messageBar()->isVisible());
        QCOMPARE(window->messageBar()->level(), MessageBar::Level::Error);
        audit->setUserFilter(QString());
        audit->setTaskFilter(QString());
        audit->setFrom({});
        audit->setTo({});
    }

    void returnInAFilterFieldSearches_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("user") << QStringLiteral("auditUserEdit");
        QTest::newRow("words") << QStringLiteral("auditTextEdit");
        QTest::newRow("type") << QStringLiteral("auditTypeBox");
        QTest::newRow("from") << QStringLiteral("auditFromEdit");
    }

    void returnInAFilterFieldSearches()
    {
        QFETCH(QString, field);
        auto *widget = audit->findChild<QWidget *>(field);
        QVERIFY(widget);
        QVERIFY(!audit->isBusy());
        const quint64 sent = audit->requestsSent();
        QSignalSpy finished(audit, &AuditPanel::searchFinished);
        widget->setFocus();
        QTest::keyClick(widget, Qt::Key_Return);
        QCOMPARE(audit->requestsSent(), sent + 1);
        QVERIFY(finished.wait(kTimeoutMs));
        // Return in the table does not search.
        audit->view()->setFocus();
        QTest::keyClick(audit->view(), Qt::Key_Return);
        QCOMPARE(audit->requestsSent(), sent + 1);
    }

    void aDemoUsersNameIsTheirId()
    {
        const DemoUsers::User ada = DemoUsers::all().constFirst();
        audit->setUserFilter(ada.name.toUpper());
        QString error;
        const std::optional<AuditSearch> s = audit->searchFromFilters(&error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->user, ada.id);
        audit->setUserFilter(QString());
    }

    void daemonErrorsShowInTheMessageBar()
    {
        DaemonClient *client = window->daemonClient();
        const QUrl url(daemon->httpUrl());
        client->setAdminTokenProvider({});
        client->setTokenProvider({});
        auto expectProblem = [&](const char *inMessage) {
            window->messageBar()->clearMessage();
            QSignalSpy finished(audit, &AuditPanel::searchFinished);
            audit->search();
            QVERIFY(finished.wait(kTimeoutMs));
            QCOMPARE(finished.last().at(0).toBool(), false);
            QVERIFY(window->messageBar()->isVisible());
            QCOMPARE(window->messageBar()->level(), MessageBar::Level::Error);
            QVERIFY2(window->messageBar()->text().contains(QLatin1String(inMessage)),
                     qPrintable(window->messageBar()->text()));
            QCOMPARE(audit->model()->rowCount(), 0);
            QVERIFY(!audit->isBusy());
        };

        // A token the daemon did not sign: 401, and where to enter a valid one.
        client->setEndpoint(url, QStringLiteral("not.a.token"));
        expectProblem("Tasks tab");
        // A user's token asking for another user's entries: 403, and what an admin token is for.
        client->setEndpoint(url, daemon->issueToken(QUuid::createUuid(), QStringLiteral("user"), 600));
        audit->setUserFilter(user.toString(QUuid::WithoutBraces));
        expectProblem("admin token");
        // ... while the same token without a user filter searches its own (empty) entries.
        audit->setUserFilter(QString());
        QSignalSpy finished(audit, &AuditPanel::searchFinished);
        audit->search();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.last().at(0).toBool(), true);
        // The success takes the earlier error away: no stale banner.
        QVERIFY2(window->messageBar()->text().isEmpty() || !window->messageBar()->isVisible(),
                 qPrintable(window->messageBar()->text()));
        // A user's token cannot read the daemon's roles: nothing is claimed about the audit role.
        QCOMPARE(audit->auditRole(), AuditPanel::AuditRole::Unknown);
        QCOMPARE(audit->summaryText(), QStringLiteral("No entry matches."));
        // Another view's message is left alone by a later success.
        window->messageBar()->showMessage(QStringLiteral("from another view"));
        audit->search();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(window->messageBar()->text(), QStringLiteral("from another view"));
        // Nobody listens: the daemon did not answer; check its URL.
        client->setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("x"));
        expectProblem("URL");
    }

    void aDaemonWithoutTheAuditRoleSaysSo()
    {
        QTemporaryDir dir;
        taskstream::runtime::NodeConfig options;
        options.dataDir = dir.path();
        options.embeddedBrokers = 1;
        options.httpPort = 0;
        options.roles = {QStringLiteral("api"), QStringLiteral("relay")};
        taskstream::runtime::Node apiOnly(options);
        QSignalSpy started(&apiOnly, &taskstream::runtime::Node::started);
        apiOnly.start();
        QVERIFY(started.wait(kTimeoutMs));
        DaemonClient client;
        client.setEndpoint(QUrl(apiOnly.httpUrl()),
                           apiOnly.issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600));
        AuditPanel panel(&client);
        QSignalSpy finished(&panel, &AuditPanel::searchFinished);
        panel.search();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QCOMPARE(panel.auditRole(), AuditPanel::AuditRole::NotRunning);
        QVERIFY2(panel.summaryText().contains(QLatin1String("does not run the audit role")),
                 qPrintable(panel.summaryText()));
        QVERIFY(!panel.summaryText().contains(QLatin1String("a moment after")));

        // With the audit role running (the sandbox, an admin token) nothing found is a matter of a moment.
        DaemonClient admin;
        admin.setEndpoint(QUrl(daemon->httpUrl()),
                          daemon->issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600));
        AuditPanel sandboxPanel(&admin);
        sandboxPanel.setText(QStringLiteral("nothingmatchesthis") + QUuid::createUuid().toString(QUuid::Id128));
        QSignalSpy done(&sandboxPanel, &AuditPanel::searchFinished);
        sandboxPanel.search();
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(sandboxPanel.auditRole(), AuditPanel::AuditRole::Running);
        QVERIFY2(sandboxPanel.summaryText().contains(QLatin1String("a moment after")),
                 qPrintable(sandboxPanel.summaryText()));
    }
};

QTEST_MAIN(TestConsoleAudit)
#include "tst_consoleaudit.moc"

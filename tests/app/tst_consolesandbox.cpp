// The sandbox as a living system: the daemon's roles run in-process next to the embedded broker;
// a task created through its API (HTTP with a token the sandbox issues) is published by the
// outbox relay, shows decoded in the messages view, comes back from the broadcaster as a
// TaskChanged row in the live view, and is listed and completed in the tasks view.
#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "DlqPanel.h"
#include "HealthStrip.h"
#include "LivePanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "MessagesPanel.h"
#include "TasksPanel.h"
#include "models/LiveEventsFilterModel.h"
#include "models/LiveEventsModel.h"
#include "models/MessageFilterProxyModel.h"
#include "models/MessagesModel.h"
#include "models/TasksModel.h"
#include "runtime/Node.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

namespace {
constexpr int kTimeoutMs = 30000;

/// Sends \a verb to the sandbox's API as \a user and waits for the JSON answer.
QJsonObject call(taskstream::runtime::Node *daemon, const QByteArray &verb, const QString &path, const QUuid &user,
                 const QJsonObject &body = {}, int *status = nullptr, const QString &role = QStringLiteral("user"))
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(daemon->httpUrl() + path));
    request.setRawHeader("Authorization", "Bearer " + daemon->issueToken(user, role, 600).toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(
        request, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kTimeoutMs))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}
} // namespace

class TestConsoleSandbox : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> window;
    taskstream::runtime::Node *daemon = nullptr;
    QUuid user = QUuid::createUuid();
    QString taskId;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consolesandbox"));
        QSettings().clear();
        window = std::make_unique<MainWindow>();
        window->monitor()->setRefreshInterval(500);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QCOMPARE(window->healthStrip()->badge(HealthStrip::Badge::Outbox).text,
                 QStringLiteral("Outbox: unknown (no daemon API set)"));
    }

    void cleanupTestCase() { window.reset(); }

    void sandboxRunsBrokerAndDaemonRoles()
    {
        QSignalSpy ready(window->monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(!window->demoLoadAction()->isEnabled());
        QVERIFY(window->startSandbox());
        QVERIFY(window->monitor()->isSandboxRunning());
        QVERIFY(ready.wait(kTimeoutMs));
        daemon = window->monitor()->sandboxDaemon();
        QVERIFY(daemon);
        QCOMPARE(window->monitor()->bootstrapServers(), daemon->bootstrapServers());
        QVERIFY(window->demoLoadAction()->isEnabled());

        int status = 0;
        const QJsonObject info =
            call(daemon, "GET", QStringLiteral("/api/v1/info"), user, {}, &status, QStringLiteral("admin"));
        QCOMPARE(status, 200);
        const QJsonArray roles = info.value(QStringLiteral("roles")).toArray();
        for (const char *role : {"api", "relay", "recurring", "broadcaster", "feed"})
            QVERIFY2(roles.contains(QLatin1String(role)), role);
        QVERIFY(info.value(QStringLiteral("embedded_broker")).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(window->livePanel()->isReading(), kTimeoutMs);
    }

    void healthStripShowsTheDaemonsOutbox()
    {
        const QJsonObject info =
            call(daemon, "GET", QStringLiteral("/api/v1/info"), user, {}, nullptr, QStringLiteral("admin"));
        QVERIFY(info.contains(QStringLiteral("outbox_oldest_pending_age_seconds")));
        // Nothing has been written yet: the relay has nothing to publish.
        QCOMPARE(info.value(QStringLiteral("outbox_depth")).toInteger(), 0);
        HealthStrip *strip = window->healthStrip();
        QTRY_COMPARE_WITH_TIMEOUT(strip->badge(HealthStrip::Badge::Outbox).text, QStringLiteral("Outbox: OK"),
                                  kTimeoutMs);
        QCOMPARE(strip->badge(HealthStrip::Badge::Outbox).level, HealthBadge::Level::Ok);
        // Another cluster: the badge forgets this daemon's outbox until it is asked again.
        strip->clusterChanged();
        QCOMPARE(strip->badge(HealthStrip::Badge::Outbox).text, QStringLiteral("Outbox: unknown"));
        QTRY_COMPARE_WITH_TIMEOUT(strip->badge(HealthStrip::Badge::Outbox).text, QStringLiteral("Outbox: OK"),
                                  kTimeoutMs);
        // The catalog's DLQs are read with the watermarks and are empty in a new sandbox.
        QTRY_COMPARE_WITH_TIMEOUT(strip->badge(HealthStrip::Badge::Dlq).text, QStringLiteral("DLQ: empty"), kTimeoutMs);

        // A badge leads to its tab.
        strip->button(HealthStrip::Badge::Dlq)->click();
        QCOMPARE(window->tabs()->currentWidget(), static_cast<QWidget *>(window->dlqPanel()));
        window->tabs()->setCurrentIndex(0);
    }

    void liveViewShowsTaskCreatedThroughTheApi()
    {
        QVERIFY(daemon);
        int status = 0;
        const QJsonObject task = call(daemon, "POST", QStringLiteral("/api/v1/tasks"), user,
                                      {{QStringLiteral("title"), QStringLiteral("Console sandbox task")}}, &status);
        QCOMPARE(status, 201);
        taskId = task.value(QStringLiteral("id")).toString();
        QVERIFY(!taskId.isEmpty());

        LiveEventsModel *live = window->livePanel()->model();
        auto findRow = [&] {
            for (int r = 0; r < live->rowCount(); ++r)
                if (live->event(r).taskId == taskId && live->event(r).type == QLatin1String("TaskChanged"))
                    return r;
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(findRow() >= 0, kTimeoutMs);
        const LiveEvent &e = live->event(findRow());
        QCOMPARE(e.change, QStringLiteral("Created"));
        QCOMPARE(e.userId, user.toString(QUuid::WithoutBraces));
        QCOMPARE(e.title, QStringLiteral("Console sandbox task"));

        // Filtering by another user hides it; by this user shows it.
        window->livePanel()->proxy()->setUserFilter(QUuid::createUuid().toString(QUuid::WithoutBraces));
        QCOMPARE(window->livePanel()->proxy()->rowCount(), 0);
        window->livePanel()->proxy()->setUserFilter(user.toString(QUuid::WithoutBraces));
        QVERIFY(window->livePanel()->proxy()->rowCount() >= 1);
        window->livePanel()->proxy()->setUserFilter({});
    }

    void messagesViewShowsTheRecordDecoded()
    {
        QVERIFY(!taskId.isEmpty());
        MessagesPanel *messages = window->messagesPanel();
        QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->state() == ClusterMonitor::State::Connected, kTimeoutMs);
        messages->selectTopic(QStringLiteral("todo.tasks.events"));
        messages->setFrom(MessagesPanel::From::Beginning);
        QSignalSpy finished(messages, &MessagesPanel::readFinished);
        messages->read();
        QVERIFY(finished.wait(kTimeoutMs));
        MessagesModel *model = messages->model();
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->record(r).keyText() == taskId && model->record(r).type == QLatin1String("TaskCreated"))
                row = r;
        QVERIFY2(row >= 0, "the TaskCreated record of the new task is listed");
        const DecodedRecord &record = model->record(row);
        QVERIFY2(record.decodeError.isEmpty(), qPrintable(record.decodeError));
        const QJsonObject json = record.toJson();
        QCOMPARE(json.value(QStringLiteral("topic")).toString(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(json.value(QStringLiteral("key")).toString(), taskId);
        QVERIFY(!json.value(QStringLiteral("headers")).toArray().isEmpty());
        const QJsonObject data =
            json.value(QStringLiteral("value")).toObject().value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("title")).toString(), QStringLiteral("Console sandbox task"));

        // The filters narrow the rows; copying gives the selected record as JSON.
        messages->proxy()->setKeyFilter(taskId);
        messages->proxy()->setTypeFilter(QStringLiteral("TaskCreated"));
        QCOMPARE(messages->proxy()->rowCount(), 1);
        messages->view()->selectRow(0);
        const QJsonArray copied = messages->selectedRecordsJson();
        QCOMPARE(copied.size(), 1);
        QCOMPARE(copied.first().toObject().value(QStringLiteral("offset")).toInteger(), record.offset);
        messages->proxy()->setTextFilter(QStringLiteral("no such text anywhere"));
        QCOMPARE(messages->proxy()->rowCount(), 0);
        messages->proxy()->setKeyFilter({});
        messages->proxy()->setTypeFilter({});
        messages->proxy()->setTextFilter({});

        // From a time after the record: it is not read; from a time before it: it is.
        messages->setFrom(MessagesPanel::From::Timestamp);
        messages->setTimestamp(QDateTime::fromMSecsSinceEpoch(record.timestampMs + 60000));
        messages->read();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.last().at(0).toInt(), 0);
        messages->setTimestamp(QDateTime::fromMSecsSinceEpoch(record.timestampMs - 1000));
        messages->read();
        QVERIFY(finished.wait(kTimeoutMs));
        bool found = false;
        for (int r = 0; r < model->rowCount(); ++r)
            found = found || model->record(r).offset == record.offset;
        QVERIFY(found);

        // From an offset past the end of every partition: nothing to read, which is not a failure
        // (waiting for records that will not come would end in a time-out error).
        messages->setFrom(MessagesPanel::From::Offset);
        messages->setOffset(1000000);
        messages->read();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.last().at(0).toInt(), 0);
        QVERIFY2(!window->messageBar()->isVisible(), qPrintable(window->messageBar()->text()));
    }

    void tasksViewListsAndCompletes()
    {
        QVERIFY(!taskId.isEmpty());
        TasksPanel *tasks = window->tasksPanel();
        tasks->setCurrentUser(user);
        QVERIFY(window->showTab(QStringLiteral("tasks"))); // showing the tab reads the user's tasks
        QTRY_VERIFY_WITH_TIMEOUT(tasks->model()->rowOf(taskId) >= 0, kTimeoutMs);
        const int row = tasks->model()->rowOf(taskId);
        QCOMPARE(tasks->model()->index(row, TasksModel::StatusColumn).data().toString(), TasksModel::tr("pending"));

        tasks->view()->selectRow(row);
        QVERIFY(tasks->completeAction()->isEnabled());
        tasks->completeAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(
            tasks->model()->task(tasks->model()->rowOf(taskId)).value(QStringLiteral("status")).toString(),
            QStringLiteral("completed"), kTimeoutMs);
        QVERIFY2(!window->messageBar()->isVisible(), qPrintable(window->messageBar()->text()));
        QVERIFY(!tasks->completeAction()->isEnabled());

        int status = 0;
        const QJsonObject stored = call(daemon, "GET", QStringLiteral("/api/v1/tasks/") + taskId, user, {}, &status);
        QCOMPARE(status, 200);
        QCOMPARE(stored.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        // The completion is broadcast too.
        LiveEventsModel *live = window->livePanel()->model();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < live->rowCount(); ++r)
                    if (live->event(r).taskId == taskId && live->event(r).change == QLatin1String("Completed"))
                        return true;
                return false;
            }(),
            kTimeoutMs);
    }

    void tasksViewDeletesAndReportsApiErrors()
    {
        TasksPanel *tasks = window->tasksPanel();
        int status = 0;
        const QString id = call(daemon, "POST", QStringLiteral("/api/v1/tasks"), user,
                                {{QStringLiteral("title"), QStringLiteral("to delete")}}, &status)
                               .value(QStringLiteral("id"))
                               .toString();
        QCOMPARE(status, 201);
        tasks->reload();
        QTRY_VERIFY_WITH_TIMEOUT(tasks->model()->rowOf(id) >= 0, kTimeoutMs);
        tasks->deleteTask(id);
        QTRY_COMPARE_WITH_TIMEOUT(tasks->model()->rowOf(id), -1, kTimeoutMs);
        call(daemon, "GET", QStringLiteral("/api/v1/tasks/") + id, user, {}, &status);
        QCOMPARE(status, 404);

        // Deleting it again: the API's 404 shows in the message bar, in words.
        window->messageBar()->clearMessage(); // "The task was deleted."
        tasks->deleteTask(id);
        QTRY_VERIFY_WITH_TIMEOUT(window->messageBar()->isVisible(), kTimeoutMs);
        QCOMPARE(window->messageBar()->level(), MessageBar::Level::Error);
        QVERIFY2(window->messageBar()->text().contains(QLatin1String("404")), qPrintable(window->messageBar()->text()));
        window->messageBar()->clearMessage();
    }

    void demoLoadGeneratorWorksThroughTheApi()
    {
        DemoLoadGenerator *load = window->loadGenerator();
        load->setInterval(100);
        window->demoLoadAction()->setChecked(true);
        QVERIFY(load->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(load->requestsSent() >= 8, kTimeoutMs);
        window->demoLoadAction()->setChecked(false);
        QVERIFY(!load->isRunning());
        QVERIFY2(!window->messageBar()->isVisible(), qPrintable(window->messageBar()->text()));
        // The demo users' tasks arrive in the live view.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                LiveEventsModel *live = window->livePanel()->model();
                for (int r = 0; r < live->rowCount(); ++r)
                    for (const DemoUsers::User &u : DemoUsers::all())
                        if (live->event(r).userId == u.id.toString(QUuid::WithoutBraces))
                            return true;
                return false;
            }(),
            kTimeoutMs);
    }

    void pauseStopsTheLiveView()
    {
        LivePanel *live = window->livePanel();
        live->setPaused(true);
        QVERIFY(live->pauseAction()->isChecked());
        const int before = live->model()->rowCount();
        int status = 0;
        call(daemon, "POST", QStringLiteral("/api/v1/tasks"), user,
             {{QStringLiteral("title"), QStringLiteral("while paused")}}, &status);
        QCOMPARE(status, 201);
        QTest::qWait(1500); // a paused reader shows only over time; a running one gets the change well within this
        QCOMPARE(live->model()->rowCount(), before);
        live->setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(live->model()->rowCount() > before, kTimeoutMs);
    }

    void liveViewFromTheDaemonFeed()
    {
        LivePanel *live = window->livePanel();
        auto *userFilter = live->findChild<QLineEdit *>(QStringLiteral("liveUserFilter"));
        QVERIFY(userFilter);
        userFilter->setText(user.toString(QUuid::WithoutBraces));
        live->setSource(LivePanel::Source::Feed);
        QTRY_VERIFY_WITH_TIMEOUT(live->isFeedLive(), kTimeoutMs);
        QCOMPARE(live->model()->rowCount(), 0);

        auto hasTask = [live](const QString &id) {
            for (int r = 0; r < live->model()->rowCount(); ++r)
                if (live->model()->event(r).taskId == id)
                    return true;
            return false;
        };
        int status = 0;
        const QString first = call(daemon, "POST", QStringLiteral("/api/v1/tasks"), user,
                                   {{QStringLiteral("title"), QStringLiteral("through the feed")}}, &status)
                                  .value(QStringLiteral("id"))
                                  .toString();
        QCOMPARE(status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(hasTask(first), kTimeoutMs);

        // Paused, the feed is closed; resuming passes the cursor and what was missed arrives.
        live->setPaused(true);
        QVERIFY(!live->isFeedLive());
        const QString second = call(daemon, "POST", QStringLiteral("/api/v1/tasks"), user,
                                    {{QStringLiteral("title"), QStringLiteral("while the feed is paused")}}, &status)
                                   .value(QStringLiteral("id"))
                                   .toString();
        QCOMPARE(status, 201);
        live->setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(hasTask(second), kTimeoutMs);
        QVERIFY2(!window->messageBar()->isVisible(), qPrintable(window->messageBar()->text()));

        userFilter->clear();
        live->setSource(LivePanel::Source::Topics);
        QTRY_VERIFY_WITH_TIMEOUT(live->isReading(), kTimeoutMs);
    }

    void disconnectStopsTheSandbox()
    {
        window->demoLoadAction()->setChecked(false);
        window->monitor()->disconnectFromCluster();
        QVERIFY(!window->monitor()->isSandboxRunning());
        QVERIFY(!window->monitor()->sandboxDaemon());
        QVERIFY(!window->demoLoadAction()->isEnabled());
        QVERIFY(!window->livePanel()->isReading());
    }
};

QTEST_MAIN(TestConsoleSandbox)
#include "tst_consolesandbox.moc"

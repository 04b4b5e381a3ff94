// The Reminders tab against the sandbox (embedded broker and taskstreamd in process, over TCP and
// HTTP): a task due soon gets a reminder that fires, and one due later a pending reminder; the tab
// lists both through the admin API with their partition, the owner (the sandbox's trigger owns
// every partition) and the explanation.
#include "MainWindow.h"
#include "RemindersPanel.h"
#include "SandboxWindowSupport.h"
#include "models/RemindersModel.h"
#include "runtime/Node.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

namespace {
constexpr int kTimeoutMs = 60000;

/// Creates a task for \a user due at \a due with one reminder \a minutesBefore it; its id or empty.
QString createTask(runtime::Node *daemon, const QUuid &user, const QString &title, const QDateTime &due,
                   int minutesBefore)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(daemon->httpUrl() + QStringLiteral("/api/v1/tasks")));
    request.setRawHeader("Authorization", "Bearer " + daemon->issueToken(user, QStringLiteral("user"), 600).toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject task{{QStringLiteral("title"), title},
                           {QStringLiteral("due_date"), due.toUTC().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("remind_before_minutes"), QJsonArray{minutesBefore}}};
    QNetworkReply *reply = network.post(request, QJsonDocument(task).toJson(QJsonDocument::Compact));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kTimeoutMs))
        return {};
    reply->deleteLater();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("id")).toString();
}

int rowWithTitle(const RemindersModel *model, const QString &title)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->reminder(r).title == title)
            return r;
    return -1;
}

} // namespace

class TestConsoleReminders : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::initConsoleTest("tst_consolereminders"); }

    void listsFiredAndPendingRemindersWithTheirOwner()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy ready(window.monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(window.startSandbox());
        QVERIFY(ready.wait(kTimeoutMs));
        runtime::Node *daemon = window.monitor()->sandboxDaemon();
        QVERIFY(daemon);
        RemindersPanel *panel = window.remindersPanel();
        QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QUuid user = QUuid::createUuid();
        // Due 15 minutes and a moment from now, reminded 15 minutes before: it fires in a moment.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(!createTask(daemon, user, QStringLiteral("soon"), now.addSecs(15 * 60 + 2), 15).isEmpty());
        QVERIFY(!createTask(daemon, user, QStringLiteral("later"), now.addSecs(3 * 3600), 15).isEmpty());

        // Shown with its tab; read again until the soon one has fired (the sentinel).
        QSignalSpy loaded(panel, &RemindersPanel::loaded);
        QVERIFY(window.showTab(QStringLiteral("reminders")));
        QVERIFY(loaded.count() > 0 || loaded.wait(kTimeoutMs));
        QVERIFY(QTest::qWaitFor(
            [&] {
                const int soon = rowWithTitle(panel->model(), QStringLiteral("soon"));
                const int later = rowWithTitle(panel->model(), QStringLiteral("later"));
                if (soon >= 0 && later >= 0 && panel->model()->reminder(soon).status == QLatin1String("fired") &&
                    panel->model()->reminder(later).partition)
                    return true;
                if (!panel->isLoading()) {
                    loaded.clear();
                    panel->reload();
                    loaded.wait(kTimeoutMs);
                }
                return false;
            },
            kTimeoutMs));
        QVERIFY2(panel->statusText().contains(QStringLiteral("2 reminder")), qPrintable(panel->statusText()));

        const RemindersModel *model = panel->model();
        const int soon = rowWithTitle(model, QStringLiteral("soon"));
        const ReminderRow &fired = model->reminder(soon);
        QVERIFY(fired.partition);
        QVERIFY(fired.latenessSeconds);
        QCOMPARE(fired.taskStatus, QStringLiteral("pending"));
        // The sandbox runs the trigger: it owns the partition and says so.
        QVERIFY(model->trigger().runsHere);
        QVERIFY(model->trigger().owned && model->trigger().owned->contains(*fired.partition));
        QCOMPARE(model->index(soon, RemindersModel::OwnerColumn).data().toString(),
                 QStringLiteral("the connected daemon"));
        QVERIFY(model->index(soon, RemindersModel::StatusColumn).data().toString().startsWith(QStringLiteral("fired")));

        const int later = rowWithTitle(model, QStringLiteral("later"));
        QCOMPARE(model->reminder(later).status, QStringLiteral("pending"));
        QVERIFY(model->index(later, 0)
                    .data(RemindersModel::ExplanationRole)
                    .toString()
                    .contains(QStringLiteral("Pending: due in 2 h")));

        // Selecting a row shows its explanation; the status filter asks the daemon for that status only.
        const int proxyRow = panel->proxy()->mapFromSource(model->index(soon, 0)).row();
        panel->view()->selectRow(proxyRow);
        QVERIFY2(panel->explanation().startsWith(QStringLiteral("Fired at")), qPrintable(panel->explanation()));
        loaded.clear();
        panel->setStatusFilter(QStringLiteral("pending"));
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->reminder(0).title, QStringLiteral("later"));
    }

    void saysWhatItNeedsWithoutADaemon()
    {
        MainWindow window;
        QSignalSpy loaded(window.remindersPanel(), &RemindersPanel::loaded);
        window.remindersPanel()->reload();
        QCOMPARE(loaded.count(), 1);
        QVERIFY(window.remindersPanel()->statusText().contains(QStringLiteral("admin token")));
    }
};

QTEST_MAIN(TestConsoleReminders)
#include "tst_consolereminders.moc"

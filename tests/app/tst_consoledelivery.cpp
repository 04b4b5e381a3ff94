// The Delivery tab against the sandbox (embedded broker and taskstreamd in process, over TCP and
// HTTP): tasks are created and one completed through the API; "Verify" on the tab reads the real
// daemon's report until the pipeline is at rest, and then shows every group clean, having
// processed what it was expected to, with latencies; one group asked for is the only row.
//
// On SQLite the audit log, and with it audit-log-cg's ledger, is a file of its own: the verifier
// reads that group's ledger there, and the group is clean like the others.
#include "MainWindow.h"
#include "SandboxWindowSupport.h"
#include "VerifyPanel.h"
#include "models/VerifyReportModel.h"
#include "runtime/Node.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

using namespace taskstream;
using namespace taskstream::console;

namespace {
constexpr int kTimeoutMs = 60000;

/// Sends \a verb \a path with \a body as \a user; the answer's JSON object, or empty on failure.
QJsonObject call(runtime::Node *daemon, const QUuid &user, const QByteArray &verb, const QString &path,
                 const QJsonObject &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(daemon->httpUrl() + path));
    request.setRawHeader("Authorization", "Bearer " + daemon->issueToken(user, QStringLiteral("user"), 600).toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(request, verb, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(kTimeoutMs))
        return {};
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

const QString kAuditGroup = QStringLiteral("audit-log-cg");

/// Every group but the audit group has processed what it was expected to (nothing in flight,
/// nothing lost).
bool atRest(const VerifyReportModel *model)
{
    if (!model->hasReport() || model->rowCount() == 0)
        return false;
    for (int r = 0; r < model->rowCount(); ++r) {
        const VerifyGroupRow &g = model->groupRow(r);
        if (g.group != kAuditGroup && (g.inFlight > 0 || g.processed != g.expected))
            return false;
    }
    return true;
}

int rowOf(const VerifyReportModel *model, const QString &group)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->groupRow(r).group == group)
            return r;
    return -1;
}

} // namespace

class TestConsoleDelivery : public QObject
{
    Q_OBJECT
    QTranslator english;

private slots:
    void initTestCase()
    {
        testsupport::initConsoleTest("tst_consoledelivery");
        QVERIFY(english.load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&english));
    }

    void verifiesTheSandboxClean()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy ready(window.monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(window.startSandbox());
        QVERIFY(ready.wait(kTimeoutMs));
        runtime::Node *daemon = window.monitor()->sandboxDaemon();
        QVERIFY(daemon);
        VerifyPanel *panel = window.verifyPanel();
        QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(window.showTab(QStringLiteral("delivery")));
        QCOMPARE(window.tabs()->currentWidget(), panel);

        const QUuid user = QUuid::createUuid();
        const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(3 * 3600);
        QString first;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject task = call(daemon, user, "POST", QStringLiteral("/api/v1/tasks"),
                                          QJsonObject{{QStringLiteral("title"), QStringLiteral("verify me %1").arg(i)},
                                                      {QStringLiteral("due_date"), due.toString(Qt::ISODateWithMs)}});
            QVERIFY(!task.value(QStringLiteral("id")).toString().isEmpty());
            if (first.isEmpty())
                first = task.value(QStringLiteral("id")).toString();
        }
        QVERIFY(!call(daemon, user, "POST", QStringLiteral("/api/v1/tasks/%1/complete").arg(first), {}).isEmpty());

        // Verified again until every group has processed its events (the sentinel).
        panel->setWindow(QStringLiteral("10m"), {});
        QSignalSpy finished(panel, &VerifyPanel::finished);
        const bool rested = QTest::qWaitFor(
            [&] {
                finished.clear();
                panel->verify();
                if (!finished.wait(kTimeoutMs))
                    return false;
                const int broadcaster = rowOf(panel->model(), QStringLiteral("task-broadcaster-cg"));
                return atRest(panel->model()) && broadcaster >= 0 &&
                       panel->model()->groupRow(broadcaster).expected >= 4;
            },
            kTimeoutMs);
        QString seen = panel->statusText() + QLatin1Char('\n') + panel->verdictText();
        for (int r = 0; r < panel->model()->rowCount(); ++r)
            if (panel->model()->groupRow(r).group != kAuditGroup &&
                (!panel->model()->groupRow(r).clean() || panel->model()->groupRow(r).inFlight > 0))
                seen += QLatin1Char('\n') + VerifyReportModel::detailsText(panel->model()->groupRow(r));
        QVERIFY2(rested, qPrintable(seen));

        const VerifyReportModel *model = panel->model();
        QCOMPARE(model->report().database, QStringLiteral("sqlite"));
        QVERIFY(model->report().committed >= 4);
        QCOMPARE(model->report().published, model->report().committed);
        QCOMPARE(model->report().markedSentNotOnTopic, 0);
        // Three created and one completed on todo.tasks.events for the broadcaster.
        const VerifyGroupRow &broadcaster = model->groupRow(rowOf(model, QStringLiteral("task-broadcaster-cg")));
        QCOMPARE(broadcaster.lost, 0);
        QCOMPARE(broadcaster.commitToProcessed.count, broadcaster.processed);
        QVERIFY(broadcaster.commitToProcessed.max >= broadcaster.commitToProcessed.p50);
        const int recurring = rowOf(model, QStringLiteral("recurring-task-cg"));
        QVERIFY(recurring >= 0);
        QVERIFY(model->groupRow(recurring).expected >= 1); // the completion
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->index(r, VerifyReportModel::VerdictColumn).data().toString(), QStringLiteral("clean"));
        const int audit = rowOf(model, kAuditGroup);
        QVERIFY(audit >= 0);
        QCOMPARE(model->groupRow(audit).processed, model->groupRow(audit).expected);

        // One group asked for: only its row.
        panel->setGroup(QStringLiteral("recurring-task-cg"));
        finished.clear();
        panel->verify();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->groupRow(0).group, QStringLiteral("recurring-task-cg"));
        QVERIFY(model->groupRow(0).expected >= 1);
        QVERIFY2(panel->verdictText().startsWith(QStringLiteral("Clean: no event lost, no duplicate effect and no key "
                                                                "out of order in 1 group.")),
                 qPrintable(panel->verdictText()));
    }
};

QTEST_MAIN(TestConsoleDelivery)
#include "tst_consoledelivery.moc"

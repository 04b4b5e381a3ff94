// The Delivery tab against a daemon stand-in (a loopback HTTP server answering GET /api/v1/verify
// as the daemon does): "Verify" sends the window, group and settle time chosen, runs without
// blocking the window and shows the report (verdict, figures, the group that lost an event
// selected with its event id); a refused token, a daemon that cannot verify now (503 with
// Retry-After), an answer that is not a report and no daemon at all are shown as messages; Cancel
// stops waiting and a later answer changes nothing.
#include "DaemonClient.h"
#include "VerifyPanel.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "models/VerifyReportModel.h"

#include <QFile>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace taskstream;
using namespace taskstream::console;

class TestConsoleVerify : public QObject
{
    Q_OBJECT
    QTranslator english;
    http::HttpServer server;
    QString answer = QStringLiteral("report"); ///< what the stand-in answers next
    QUrlQuery lastQuery;
    QByteArray lastAuthorization;
    int requests = 0;
    http::HttpServer::Responder held; ///< the answer the "hold" mode keeps back

    DaemonClient *client(QObject *parent)
    {
        auto *c = new DaemonClient(parent);
        c->setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())), QStringLiteral("admin-token"));
        return c;
    }

private slots:
    void initTestCase()
    {
        // With the English translation, as the console runs: the plurals read properly.
        QVERIFY(english.load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&english));
        QFile f(QStringLiteral(TASKSTREAM_SOURCE_DIR "/tests/app/data/verify-report.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray report = f.readAll();
        server.routeAsync(
            "GET", QStringLiteral("/api/v1/verify"),
            [this, report](const http::HttpRequest &request, http::HttpServer::Responder respond) {
                ++requests;
                lastQuery = request.query;
                for (const auto &h : request.headers)
                    if (h.first == "authorization")
                        lastAuthorization = h.second;
                if (answer == QLatin1String("report"))
                    return respond(http::HttpResponse::json(200, QJsonDocument::fromJson(report)));
                if (answer == QLatin1String("403"))
                    return respond(http::HttpResponse::problem(
                        403, QStringLiteral("Forbidden"), QStringLiteral("only an admin token may verify delivery")));
                if (answer == QLatin1String("401"))
                    return respond(http::HttpResponse::problem(401, QStringLiteral("Unauthorized"),
                                                               QStringLiteral("token expired")));
                if (answer == QLatin1String("503"))
                    return respond(http::HttpResponse::problem(503, QStringLiteral("Unavailable"),
                                                               QStringLiteral("the database is away"))
                                       .withHeader("Retry-After", "7"));
                if (answer == QLatin1String("malformed"))
                    return respond(http::HttpResponse::text(200, "{\"clean\": tru"));
                held = respond; // "hold": answered by the test, later
            });
        QString why;
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }

    void showsTheReport()
    {
        answer = QStringLiteral("report");
        VerifyPanel panel(client(this));
        panel.show();
        QSignalSpy finished(&panel, &VerifyPanel::finished);
        QSignalSpy problems(&panel, &VerifyPanel::problem);
        panel.setWindow(QStringLiteral("15m"), QStringLiteral("2026-12-06T11:08:52+01:00"));
        panel.setGroup(QStringLiteral("task-broadcaster-cg"));
        panel.setSettleSeconds(2);
        panel.verifyButton()->click();
        // Asynchronous: the click returned before the answer, with the busy state shown.
        QVERIFY(panel.isRunning());
        QVERIFY(!panel.verifyButton()->isEnabled());
        QVERIFY(panel.cancelButton()->isEnabled());
        QVERIFY(finished.wait(10000));
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.verifyButton()->isEnabled());
        QVERIFY(!panel.cancelButton()->isEnabled());
        QCOMPARE(problems.count(), 0);

        QCOMPARE(lastQuery.queryItemValue(QStringLiteral("since")), QStringLiteral("15m"));
        QCOMPARE(lastQuery.queryItemValue(QStringLiteral("until"), QUrl::FullyDecoded),
                 QStringLiteral("2026-12-06T11:08:52+01:00"));
        QCOMPARE(lastQuery.queryItemValue(QStringLiteral("group")), QStringLiteral("task-broadcaster-cg"));
        QCOMPARE(lastQuery.queryItemValue(QStringLiteral("settle_seconds")), QStringLiteral("2"));
        QCOMPARE(lastAuthorization, QByteArray("Bearer admin-token"));

        QCOMPARE(panel.model()->rowCount(), 5);
        QVERIFY2(panel.verdictText().startsWith(QStringLiteral("NOT CLEAN: events lost 1")),
                 qPrintable(panel.verdictText()));
        QVERIFY2(panel.summaryText().contains(QStringLiteral("150 committed, 150 published")),
                 qPrintable(panel.summaryText()));
        // The group that lost an event is selected, its event id shown.
        QVERIFY2(panel.detailsText().startsWith(QStringLiteral("Group task-broadcaster-cg")),
                 qPrintable(panel.detailsText()));
        QVERIFY2(panel.detailsText().contains(QStringLiteral("01a24b0a-abc0-76ba-b526-418fb1e67acb")),
                 qPrintable(panel.detailsText()));
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("Verified in")), qPrintable(panel.statusText()));

        // Every group, the daemon's defaults: nothing but the settle time is sent.
        panel.setWindow({}, {});
        panel.setGroup({});
        panel.setSettleSeconds(30);
        finished.clear();
        panel.verify();
        QVERIFY(finished.wait(10000));
        QVERIFY(!lastQuery.hasQueryItem(QStringLiteral("since")));
        QVERIFY(!lastQuery.hasQueryItem(QStringLiteral("until")));
        QVERIFY(!lastQuery.hasQueryItem(QStringLiteral("group")));
        QCOMPARE(lastQuery.queryItemValue(QStringLiteral("settle_seconds")), QStringLiteral("30"));
    }

    void errorsAreMessages_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("message");
        QTest::newRow("403") << QStringLiteral("403")
                             << QStringLiteral("The daemon refused: verifying delivery needs an admin token (The "
                                               "daemon answered 403: only an admin token may verify delivery).");
        QTest::newRow("401") << QStringLiteral("401")
                             << QStringLiteral("The verification failed: The daemon refused the token (token "
                                               "expired). Enter a valid token.");
        QTest::newRow("503") << QStringLiteral("503")
                             << QStringLiteral("The daemon cannot verify now (The daemon answered 503: the database "
                                               "is away); try again in 7 seconds.");
        QTest::newRow("malformed") << QStringLiteral("malformed")
                                   << QStringLiteral("The answer is not a verification report: it is not a JSON "
                                                     "object.");
    }

    void errorsAreMessages()
    {
        QFETCH(QString, mode);
        QFETCH(QString, message);
        VerifyPanel panel(client(this));
        // A report shown before is not left standing as if it were the answer.
        answer = QStringLiteral("report");
        QSignalSpy finished(&panel, &VerifyPanel::finished);
        panel.verify();
        QVERIFY(finished.wait(10000));
        QCOMPARE(panel.model()->rowCount(), 5);

        answer = mode;
        finished.clear();
        QSignalSpy problems(&panel, &VerifyPanel::problem);
        panel.verify();
        QVERIFY(finished.wait(10000));
        QCOMPARE(problems.count(), 1);
        QCOMPARE(problems.first().first().toString(), message);
        QCOMPARE(panel.statusText(), message);
        QCOMPARE(panel.verdictText(), QStringLiteral("No verdict: ") + message);
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY(panel.summaryText().isEmpty());
        QVERIFY(panel.detailsText().isEmpty());
        QVERIFY(panel.verifyButton()->isEnabled());
    }

    void noDaemonIsAMessage()
    {
        DaemonClient unset;
        VerifyPanel panel(&unset);
        QSignalSpy problems(&panel, &VerifyPanel::problem);
        const int before = requests;
        panel.verify();
        QCOMPARE(problems.count(), 1);
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("Verifying delivery needs the daemon's API")),
                 qPrintable(panel.statusText()));
        QVERIFY(!panel.isRunning());
        QCOMPARE(requests, before);
    }

    void cancelStopsWaiting()
    {
        answer = QStringLiteral("hold");
        held = nullptr;
        VerifyPanel panel(client(this));
        QSignalSpy finished(&panel, &VerifyPanel::finished);
        QSignalSpy problems(&panel, &VerifyPanel::problem);
        panel.verify();
        QVERIFY(panel.isRunning());
        QVERIFY(QTest::qWaitFor([&] { return bool(held); }, 10000)); // the daemon has the request
        panel.cancelButton()->click();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.verifyButton()->isEnabled());
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("Canceled.")), qPrintable(panel.statusText()));
        QCOMPARE(problems.count(), 0);

        // The daemon answers the canceled request after all: nothing of it reaches the tab; a new one works.
        held(http::HttpResponse::json(200, QJsonObject{{QStringLiteral("clean"), true}}));
        answer = QStringLiteral("report");
        panel.verify();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.count(), 2);
        QCOMPARE(panel.model()->rowCount(), 5);
        QCOMPARE(problems.count(), 0);
    }
};

QTEST_MAIN(TestConsoleVerify)
#include "tst_consoleverify.moc"

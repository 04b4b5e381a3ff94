// The /feed page in a real browser: headless Chromium (Debian's chromium) opens the page that
// taskstreamd serves, with a token and a cursor in the URL fragment, and shows the user's task
// that was created through the API, and not another user's.

#include "config/TopicCatalog.h"
#include "support/DaemonProcess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace taskstream;

class TestFeedPage : public QObject
{
    Q_OBJECT
    QTemporaryDir dataDir;
    testsupport::DaemonProcess daemon;
    QString http;
    QNetworkAccessManager nam;

    QByteArray token(const QUuid &user)
    {
        return testsupport::issueToken(user.toString(QUuid::WithoutBraces), dataDir.path());
    }
    int createTask(const QByteArray &bearer, const QString &title)
    {
        QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/tasks")));
        req.setRawHeader("Authorization", "Bearer " + bearer);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *r = nam.post(req, QJsonDocument(QJsonObject{{QStringLiteral("title"), title}}).toJson());
        (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r->deleteLater();
        return status;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(daemon.start({QStringLiteral("--data-dir"), dataDir.path(), QStringLiteral("--http-port"),
                              QStringLiteral("0"), QStringLiteral("--log-format"), QStringLiteral("text")},
                             30000));
        http = daemon.httpUrl();
        QVERIFY(!http.isEmpty());
    }
    void cleanupTestCase() { daemon.stop(30000); }

    void pageShowsTheUsersTaskCreatedThroughTheApi()
    {
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        QVERIFY2(!chromium.isEmpty(), "chromium is required (Debian package chromium)");
        const QByteArray alice = token(QUuid::createUuid()), bob = token(QUuid::createUuid());
        QCOMPARE(createTask(alice, QStringLiteral("shown in the browser")), 201);
        QCOMPARE(createTask(bob, QStringLiteral("someone else's")), 201);

        // A cursor at the start of every partition: the page first replays what the user missed.
        const TopicCatalog &catalog = TopicCatalog::builtin();
        auto zeros = [&](const QString &topic) {
            QStringList z;
            for (int p = 0; p < catalog.topic(topic)->partitions; ++p)
                z << QStringLiteral("0");
            return z.join(QLatin1Char(','));
        };
        const QString cursor = QStringLiteral("v1:%1:%2")
                                   .arg(zeros(QStringLiteral("todo.task_updates.broadcast")),
                                        zeros(QStringLiteral("todo.reminders.events")));
        const QString url =
            http + QStringLiteral("/feed#token=") + QString::fromUtf8(alice) + QStringLiteral("&cursor=") + cursor;

        // The broadcast is made by a worker: give it a moment, then let the browser look (again).
        QByteArray dom;
        const bool shown = QTest::qWaitFor(
            [&] {
                QProcess browser;
                browser.start(chromium, {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
                                         QStringLiteral("--disable-gpu"), QStringLiteral("--virtual-time-budget=5000"),
                                         QStringLiteral("--dump-dom"), url});
                if (!browser.waitForFinished(60000))
                    return false;
                dom = browser.readAllStandardOutput();
                return dom.contains("shown in the browser");
            },
            90000);
        QVERIFY2(shown, dom.right(2000).constData());
        QVERIFY(dom.contains("Connected"));
        QVERIFY2(!dom.contains("someone else"), "another user's task reached the page");
    }
};

QTEST_GUILESS_MAIN(TestFeedPage)
#include "tst_feedpage.moc"

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/NotificationWebhook.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;
using namespace taskstream::services;

/// The webhook sender against a local HTTP receiver: retries on 5xx with backoff, stops at the
/// bound, gives up at once on 4xx.
class TestNotificationWebhook : public QObject
{
    Q_OBJECT
    http::HttpServer receiver;
    QList<int> answers; ///< statuses to answer, in order; 200 when exhausted
    QList<QJsonObject> received;

    NotificationWebhookOptions options(const QString &path)
    {
        NotificationWebhookOptions o;
        o.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(receiver.port()).arg(path));
        o.initialBackoffMs = 50;
        o.maxBackoffMs = 200;
        o.maxAttempts = 4;
        return o;
    }

private slots:
    void initTestCase()
    {
        receiver.route("POST", QStringLiteral("/hook"), [this](const http::HttpRequest &r) {
            received.append(QJsonDocument::fromJson(r.body).object());
            const int status = answers.isEmpty() ? 200 : answers.takeFirst();
            return http::HttpResponse::json(status, QJsonObject{});
        });
        QString why;
        QVERIFY2(receiver.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void init()
    {
        answers.clear();
        received.clear();
    }

    void retriesServerErrorsUntilDelivered()
    {
        answers = {503, 500};
        NotificationWebhook hook(options(QStringLiteral("/hook")));
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("n1")}, {QStringLiteral("title"), QStringLiteral("hi")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(0).toString(), QStringLiteral("n1"));
        QCOMPARE(done.first().at(1).toBool(), true);
        QCOMPARE(done.first().at(2).toInt(), 3);
        QCOMPARE(received.size(), 3);
        QCOMPARE(received.last().value(QStringLiteral("title")).toString(), QStringLiteral("hi"));
        QCOMPARE(hook.inFlight(), 0);
    }

    void givesUpAfterTheLastAttempt()
    {
        answers = {503, 503, 503, 503, 503, 503};
        NotificationWebhook hook(options(QStringLiteral("/hook")));
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(QJsonObject{{QStringLiteral("id"), QStringLiteral("n2")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(1).toBool(), false);
        QCOMPARE(done.first().at(2).toInt(), 4);
        QCOMPARE(received.size(), 4);
    }

    void clientErrorIsFinal()
    {
        answers = {400};
        NotificationWebhook hook(options(QStringLiteral("/hook")));
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(QJsonObject{{QStringLiteral("id"), QStringLiteral("n3")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(1).toBool(), false);
        QCOMPARE(done.first().at(2).toInt(), 1);
        QCOMPARE(hook.inFlight(), 0); // nothing left waiting for a retry
        QCOMPARE(received.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNotificationWebhook)
#include "tst_notificationwebhook.moc"

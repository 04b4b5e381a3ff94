#include "common/Clock.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/NotificationWebhook.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;
using namespace taskstream::services;

/// The webhook sender against a local HTTP receiver: retries on 5xx with backoff, stops at the
/// bound, gives up at once on 4xx, never follows a redirect, signs the body when it has a secret.
class TestNotificationWebhook : public QObject
{
    Q_OBJECT
    http::HttpServer receiver;
    QList<int> answers; ///< statuses to answer, in order; 200 when exhausted
    QList<QJsonObject> received;
    QList<QByteArray> rawBodies;
    QList<QByteArray> signatures; ///< X-Taskstream-Signature of each request to /hook, empty when absent

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
            rawBodies.append(r.body);
            QByteArray sig;
            for (const auto &h : r.headers)
                if (h.first == "x-taskstream-signature")
                    sig = h.second;
            signatures.append(sig);
            const int status = answers.isEmpty() ? 200 : answers.takeFirst();
            return http::HttpResponse::json(status, QJsonObject{});
        });
        receiver.route("POST", QStringLiteral("/moved"), [this](const http::HttpRequest &) {
            http::HttpResponse r = http::HttpResponse::json(307, QJsonObject{}); // keeps the method
            r.headers.append({QByteArrayLiteral("Location"), QByteArrayLiteral("/hook")});
            return r;
        });
        QString why;
        QVERIFY2(receiver.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void init()
    {
        answers.clear();
        received.clear();
        rawBodies.clear();
        signatures.clear();
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

    void redirectIsAFinalErrorWithItsReason()
    {
        NotificationWebhook hook(options(QStringLiteral("/moved")));
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(QJsonObject{{QStringLiteral("id"), QStringLiteral("n4")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(1).toBool(), false);
        QCOMPARE(done.first().at(2).toInt(), 1); // not retried either
        const QString reason = done.first().at(3).toString();
        QVERIFY2(reason.contains(QLatin1String("307")) && reason.contains(QLatin1String("redirect")) &&
                     reason.contains(QLatin1String("/hook")),
                 qPrintable(reason));
        QCOMPARE(received.size(), 0); // the Location (/hook) was never requested
        QCOMPARE(hook.inFlight(), 0);
    }

    void signatureMatchesAnIndependentHmac()
    {
        // Computed with Python's hmac module: hmac.new(b"topsecret", b'1700000000.{"id":"n1"}', sha256).
        QCOMPARE(NotificationWebhook::signature("topsecret", 1700000000, R"({"id":"n1"})"),
                 QByteArray("t=1700000000,v1=b89de530a998fa689f17eca066c1b774df75f5309a34f1706ebafd5a9173b052"));
    }

    void signsEachRequestWithItsTime()
    {
        ManualClock clock(1700000000000);
        NotificationWebhookOptions o = options(QStringLiteral("/hook"));
        o.secret = "s3cret";
        o.clock = &clock;
        NotificationWebhook hook(o);
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("n5")}, {QStringLiteral("title"), QStringLiteral("é")}});
        QVERIFY(done.wait(15000));
        clock.advance(7000);
        hook.send(QJsonObject{{QStringLiteral("id"), QStringLiteral("n6")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(signatures.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const qint64 t = i == 0 ? 1700000000 : 1700000007;
            // What a receiver does: recompute over the raw body with the header's time.
            const QByteArray expected = QMessageAuthenticationCode::hash(QByteArray::number(t) + '.' + rawBodies.at(i),
                                                                         "s3cret", QCryptographicHash::Sha256)
                                            .toHex();
            QCOMPARE(signatures.at(i), QByteArray("t=" + QByteArray::number(t) + ",v1=" + expected));
        }
    }

    void unsignedWithoutASecret()
    {
        NotificationWebhook hook(options(QStringLiteral("/hook")));
        QSignalSpy done(&hook, &NotificationWebhook::finished);
        hook.send(QJsonObject{{QStringLiteral("id"), QStringLiteral("n6")}});
        QVERIFY(done.wait(15000));
        QCOMPARE(signatures.size(), 1);
        QVERIFY(signatures.first().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotificationWebhook)
#include "tst_notificationwebhook.moc"

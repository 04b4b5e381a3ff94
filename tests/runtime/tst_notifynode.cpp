// The notifier role composed by runtime::Node in-process (embedded broker over TCP, SQLite): a
// reminder fires, the notifier makes its notification and pushes it to the user's channels: a
// webhook POST carrying a valid X-Taskstream-Signature (a local HTTP receiver) and a mail through
// a local SMTP server from Debian (python3-aiosmtpd), to the address the user saved.
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "runtime/Node.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using taskstream::runtime::Node;
using taskstream::runtime::NodeConfig;

namespace {
constexpr int kTimeoutMs = 60000;
const QByteArray kKey = "a-signing-key-of-32-bytes-length";
} // namespace

class TestNotifyNode : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    QNetworkAccessManager network;
    http::HttpServer receiver;
    QList<QPair<QByteArray, QByteArray>> posts; ///< (signature header, raw body)
    QProcess smtp;
    quint16 smtpPort = 0;

    QPair<int, QJsonObject> call(Node &node, const QUuid &user, const QByteArray &method, const QString &path,
                                 const QJsonObject &body)
    {
        QNetworkRequest request(QUrl(node.httpUrl() + path));
        request.setRawHeader("Authorization", "Bearer " + node.issueToken(user, QStringLiteral("user"), 600).toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.sendCustomRequest(request, method, QJsonDocument(body).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(kTimeoutMs))
            return {0, {}};
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                QJsonDocument::fromJson(reply->readAll()).object()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        receiver.route("POST", QStringLiteral("/hook"), [this](const http::HttpRequest &r) {
            posts.append({r.header("x-taskstream-signature"), r.body});
            return http::HttpResponse::json(200, QJsonObject{});
        });
        QString why;
        QVERIFY2(receiver.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));

        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")});
        QVERIFY(probe.waitForFinished(30000));
        if (probe.exitCode() != 0)
            QSKIP("python3-aiosmtpd is not installed (scripts/install-deps.sh installs it)");
        {
            QTcpServer s;
            QVERIFY(s.listen(QHostAddress::LocalHost, 0));
            smtpPort = s.serverPort();
        }
        smtp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        smtp.start(QStringLiteral("/usr/bin/python3"),
                   {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"), QStringLiteral("-l"),
                    QStringLiteral("127.0.0.1:%1").arg(smtpPort), QStringLiteral("-c"),
                    QStringLiteral("aiosmtpd.handlers.Mailbox"), dir.filePath(QStringLiteral("mail"))});
        QVERIFY(smtp.waitForStarted(30000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, smtpPort);
                return s.waitForConnected(200);
            },
            30000));
    }
    void cleanupTestCase()
    {
        smtp.terminate();
        smtp.waitForFinished(10000);
    }

    void aFiredReminderIsSignedToTheWebhookAndMailed()
    {
        NodeConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.embeddedBrokers = 1;
        config.httpPort = 0;
        config.roles = {QStringLiteral("api"), QStringLiteral("relay"), QStringLiteral("reminder-scheduler"),
                        QStringLiteral("reminder-trigger"), QStringLiteral("notifier")};
        config.kafka.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("10"));
        config.notifyWebhookUrl = QStringLiteral("http://127.0.0.1:%1/hook").arg(receiver.port());
        config.notifyWebhookSecret = kKey;
        config.smtpUrl = QStringLiteral("smtp://127.0.0.1:%1").arg(smtpPort);
        config.smtpFrom = QStringLiteral("taskstream@example.com");
        Node node(config);
        QSignalSpy started(&node, &Node::started);
        node.start();
        QVERIFY(started.wait(kTimeoutMs));

        const QUuid user = QUuid::createUuid();
        QCOMPARE(call(node, user, "PATCH", QStringLiteral("/api/v1/notifications/preferences"),
                      QJsonObject{{QStringLiteral("email_address"), QStringLiteral("owner@example.com")}})
                     .first,
                 200);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(call(node, user, "POST", QStringLiteral("/api/v1/tasks"),
                      QJsonObject{{QStringLiteral("title"), QStringLiteral("stand-up")},
                                  {QStringLiteral("due_date"), now.addSecs(15 * 60 + 2).toString(Qt::ISODateWithMs)},
                                  {QStringLiteral("remind_before_minutes"), QJsonArray{15}}})
                     .first,
                 201);

        // The webhook's POST is the sentinel; the mail is sent alongside, on the mail thread.
        QTRY_COMPARE_WITH_TIMEOUT(posts.size(), 1, kTimeoutMs);
        const qint64 receivedMs = QDateTime::currentMSecsSinceEpoch();
        const QByteArray header = posts.first().first;
        const QByteArray body = posts.first().second;
        const QJsonObject n = QJsonDocument::fromJson(body).object();
        QCOMPARE(n.value(QStringLiteral("kind")).toString(), QStringLiteral("reminder"));
        QCOMPARE(n.value(QStringLiteral("user_id")).toString(), user.toString(QUuid::WithoutBraces));
        QCOMPARE(n.value(QStringLiteral("title")).toString(), QStringLiteral("stand-up"));
        // A figure, not an assertion: from the firing to the webhook's request, through the outbox,
        // todo.reminders.events and notification-cg.
        const QDateTime firedAt = QDateTime::fromString(
            n.value(QStringLiteral("body")).toObject().value(QStringLiteral("fired_at")).toString(), Qt::ISODateWithMs);
        qInfo("reminder fired -> signed webhook request received: %lld ms", receivedMs - firedAt.toMSecsSinceEpoch());
        // What a receiver does: t and v1 from the header, the HMAC over "<t>.<raw body>".
        QVERIFY2(header.startsWith("t=") && header.contains(",v1="), header.constData());
        const QByteArray t = header.mid(2, header.indexOf(',') - 2);
        const QByteArray v1 = header.mid(header.indexOf(",v1=") + 4);
        QCOMPARE(v1, QMessageAuthenticationCode::hash(t + '.' + body, kKey, QCryptographicHash::Sha256).toHex());
        QVERIFY(qAbs(t.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 300);

        QTRY_COMPARE_WITH_TIMEOUT(QDir(dir.filePath(QStringLiteral("mail/new"))).entryList(QDir::Files).size(), 1,
                                  kTimeoutMs);
        const QString file = dir.filePath(QStringLiteral("mail/new/")) +
                             QDir(dir.filePath(QStringLiteral("mail/new"))).entryList(QDir::Files).first();
        QFile mail(file);
        QVERIFY(mail.open(QIODevice::ReadOnly));
        const QByteArray text = mail.readAll();
        QVERIFY2(text.contains("Subject: Reminder: stand-up"), text.constData());
        QVERIFY2(text.contains("X-RcptTo: owner@example.com"), text.constData());

        // Listed for the user, unread.
        QNetworkRequest list(QUrl(node.httpUrl() + QStringLiteral("/api/v1/notifications")));
        list.setRawHeader("Authorization", "Bearer " + node.issueToken(user, QStringLiteral("user"), 600).toUtf8());
        QNetworkReply *reply = network.get(list);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(kTimeoutMs));
        const QJsonObject listed = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        QCOMPARE(listed.value(QStringLiteral("unread_count")).toInt(), 1);
        QCOMPARE(listed.value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("id")),
                 n.value(QStringLiteral("id")));

        QSignalSpy stopped(&node, &Node::stopped);
        node.stop();
        QVERIFY(stopped.wait(kTimeoutMs));
    }
};

QTEST_GUILESS_MAIN(TestNotifyNode)
#include "tst_notifynode.moc"

// runtime::Node in-process: start() and stop() return at once and signal once; when the outbox
// cannot be read, /metrics leaves its gauges out and says so, and /api/v1/info reports null with
// the error instead of a depth of 0. The feed runs on a thread of its own: its clients are served
// there and closed with 1001 when the node stops.
#include "runtime/Node.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using taskstream::runtime::Node;
using taskstream::runtime::NodeConfig;

namespace {
constexpr int kTimeoutMs = 30000;
}

class TestNode : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    QNetworkAccessManager network;

    QByteArray get(Node &node, const QString &path, const QByteArray &token = {})
    {
        QNetworkRequest request(QUrl(node.httpUrl() + path));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(kTimeoutMs))
            return {};
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

private slots:
    void feedClientsOnTheFeedThreadAreClosedWhenTheNodeStops()
    {
        QTemporaryDir own;
        NodeConfig config;
        config.dataDir = own.path();
        config.embeddedBrokers = 1;
        config.httpPort = 0;
        config.roles = {QStringLiteral("api"), QStringLiteral("feed")};
        Node node(config);
        QSignalSpy started(&node, &Node::started);
        QSignalSpy stopped(&node, &Node::stopped);
        node.start();
        QVERIFY(started.wait(kTimeoutMs));
        // Ready once the feed's reader has its positions (readiness says "feed: reader starting"
        // until then).
        QTRY_VERIFY_WITH_TIMEOUT(get(node, QStringLiteral("/readyz")).contains("\"feed\":\"ok\""), kTimeoutMs);

        constexpr int kClients = 6;
        std::vector<std::unique_ptr<QWebSocket>> clients;
        QList<int> welcomed, closeCodes;
        QStringList closeReasons;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<QWebSocket>());
            QWebSocket *ws = clients.back().get();
            welcomed << 0;
            closeCodes << -1;
            closeReasons << QString();
            connect(ws, &QWebSocket::textMessageReceived, ws, [&welcomed, i](const QString &m) {
                if (m.contains(QLatin1String("\"welcome\"")))
                    ++welcomed[i];
            });
            connect(ws, &QWebSocket::disconnected, ws, [&closeCodes, &closeReasons, ws, i] {
                closeCodes[i] = ws->closeCode();
                closeReasons[i] = ws->closeReason();
            });
            QUrl url(node.httpUrl() + QStringLiteral("/ws/v1/tasks"));
            url.setScheme(QStringLiteral("ws"));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization",
                                 "Bearer " +
                                     node.issueToken(QUuid::createUuid(), QStringLiteral("user"), 600).toUtf8());
            ws->open(request);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!welcomed.contains(0), kTimeoutMs);
        const QByteArray metrics = get(node, QStringLiteral("/metrics"));
        QVERIFY2(metrics.contains("\ntaskstream_feed_connections 6\n"), metrics.constData());
        QVERIFY2(metrics.contains("taskstream_thread_heartbeat_age_seconds{thread=\"feed\"}"), metrics.constData());

        node.stop();
        QVERIFY(stopped.wait(kTimeoutMs));
        // Every client got the feed's close frame (not just the one a socket sends as it is
        // destroyed) before the feed's thread ended.
        QTRY_VERIFY(!closeCodes.contains(-1));
        for (int i = 0; i < kClients; ++i) {
            QCOMPARE(closeCodes[i], int(QWebSocketProtocol::CloseCodeGoingAway));
            QCOMPARE(closeReasons[i], QStringLiteral("server shutting down"));
        }
    }

    void unreadableOutboxIsReportedAsUnknown()
    {
        NodeConfig config;
        config.dataDir = dir.path();
        config.embeddedBrokers = 1;
        config.httpPort = 0;
        config.roles = {QStringLiteral("api")};
        Node node(config);
        QSignalSpy started(&node, &Node::started);
        QSignalSpy failed(&node, &Node::failed);
        QSignalSpy stopped(&node, &Node::stopped);
        node.start();
        QCOMPARE(started.count(), 0); // returns at once
        QVERIFY(started.wait(kTimeoutMs));
        QVERIFY(!node.httpUrl().isEmpty());
        const QByteArray token = node.issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600).toUtf8();
        QVERIFY(!token.isEmpty());

        QByteArray metrics = get(node, QStringLiteral("/metrics"));
        QVERIFY2(metrics.contains("\ntaskstream_outbox_pending 0\n"), metrics.constData());
        QVERIFY2(metrics.contains("taskstream_metrics_collect_errors{source=\"outbox\"} 0"), metrics.constData());
        QJsonObject info = QJsonDocument::fromJson(get(node, QStringLiteral("/api/v1/info"), token)).object();
        QCOMPARE(info.value(QStringLiteral("outbox_depth")).toInteger(-1), 0);
        QVERIFY(!info.contains(QStringLiteral("outbox_error")));

        // The outbox goes away under the node's feet (as when its database fails).
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
            db.setDatabaseName(dir.filePath(QStringLiteral("taskstream.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("DROP TABLE outbox")), qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));

        // The outbox gauges come from the database probe's next check (every 2 s).
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         metrics = get(node, QStringLiteral("/metrics"));
                         return metrics.contains("taskstream_metrics_collect_errors{source=\"outbox\"} 1");
                     },
                     kTimeoutMs),
                 metrics.constData());
        QVERIFY2(!metrics.contains("\ntaskstream_outbox_pending "), metrics.constData());
        QVERIFY2(!metrics.contains("\ntaskstream_outbox_failed "), metrics.constData());
        info = QJsonDocument::fromJson(get(node, QStringLiteral("/api/v1/info"), token)).object();
        QVERIFY(info.contains(QStringLiteral("outbox_depth")));
        QVERIFY(info.value(QStringLiteral("outbox_depth")).isNull());
        QVERIFY(info.value(QStringLiteral("outbox_failed")).isNull());
        const QString outboxError = info.value(QStringLiteral("outbox_error")).toString();
        QVERIFY(!outboxError.isEmpty());
        // SQLite's words ("no such table: outbox") are in the log, not in the answer.
        QVERIFY2(!outboxError.contains(QLatin1String("no such table")), qPrintable(outboxError));

        node.stop();
        QCOMPARE(stopped.count(), 0); // returns at once
        QVERIFY(stopped.wait(kTimeoutMs));
        node.stop();
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(started.count(), 1);
        QCOMPARE(failed.count(), 0);
        QVERIFY(node.httpUrl().isEmpty());
        QVERIFY(!node.embeddedBroker());
    }
};

QTEST_GUILESS_MAIN(TestNode)
#include "tst_node.moc"

// WebSocket upgrade hand-off: HttpServer passes the socket, handshake bytes unread, to
// QWebSocketServer::handleConnection(), which completes the handshake itself.

#include "http/HttpServer.h"
#include "support/HttpTestSupport.h"

#include <atomic>
#include <memory>
#include <vector>

#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace taskstream::http;
using httptest::RawClient;
using httptest::RawResponse;

class TestHttpUpgrade : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void webSocketHandshakeAndEcho();
    void upgradeAfterKeepAliveRequestsOnTheSameConnection();
    void handshakeArrivingInPiecesIsHandedOverWhole();
    void plainGetOnUpgradePathIs426();
    void otherUpgradeRequestsOnUpgradePathAre400();
    void upgradeHeaderOnNormalRouteIsServedThenClosed();
    void handlerMayMoveTheSocketToAnotherThread();
    void serverClosedBeforeTheHandOverAbortsTheSocket();

private:
    HttpServer *m_server = nullptr;
    QWebSocketServer *m_ws = nullptr;
    QList<QByteArray> m_upgradedPaths;
    QList<QPointer<QTcpSocket>> m_handedOver;
};

void TestHttpUpgrade::init()
{
    m_upgradedPaths.clear();
    m_ws = new QWebSocketServer(QStringLiteral("taskstream-test"), QWebSocketServer::NonSecureMode, this);
    connect(m_ws, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_ws->nextPendingConnection()) {
            socket->setParent(m_ws);
            socket->setMaxAllowedIncomingFrameSize(64 * 1024); // Qt's defaults are huge
            socket->setMaxAllowedIncomingMessageSize(256 * 1024);
            connect(socket, &QWebSocket::textMessageReceived, socket,
                    [socket](const QString &message) { socket->sendTextMessage(QStringLiteral("echo:") + message); });
        }
    });

    m_server = new HttpServer(HttpLimits{}, this);
    m_server->route("GET", QStringLiteral("/ping"),
                    [](const HttpRequest &) { return HttpResponse::text(200, "pong"); });
    m_server->routeUpgrade(QStringLiteral("/api/v1/feed"), [this](QTcpSocket *socket, const HttpRequest &request) {
        m_upgradedPaths.append(request.path.toUtf8());
        m_handedOver.append(socket);
        m_ws->handleConnection(socket);
    });
    QString error;
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
}

void TestHttpUpgrade::cleanup()
{
    delete m_server;
    delete m_ws;
    // QWebSocketServer deletes a handed-over socket only once it disconnects; the test ends sooner.
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_handedOver))
        delete socket.data();
    m_handedOver.clear();
}

void TestHttpUpgrade::webSocketHandshakeAndEcho()
{
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    QSignalSpy received(&client, &QWebSocket::textMessageReceived);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/feed").arg(m_server->port())));
    QVERIFY(connected.wait(httptest::kWaitMs));
    QCOMPARE(m_upgradedPaths, QList<QByteArray>{"/api/v1/feed"});
    QCOMPARE(m_server->connectionCount(), 0); // the socket now belongs to the WebSocket server

    client.sendTextMessage(QStringLiteral("hello"));
    QVERIFY(received.wait(httptest::kWaitMs));
    QCOMPARE(received.first().first().toString(), QStringLiteral("echo:hello"));
    client.close();
}

void TestHttpUpgrade::upgradeAfterKeepAliveRequestsOnTheSameConnection()
{
    RawClient client(m_server->port());
    client.send(httptest::get("/ping"));
    QCOMPARE(client.readResponse().body, QByteArray("pong"));
    // A pipelined plain request followed by the handshake, in one write.
    client.send(httptest::get("/ping") + httptest::get("/api/v1/feed",
                                                       "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                                       "Sec-WebSocket-Version: 13\r\n"
                                                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    QCOMPARE(client.readResponse().body, QByteArray("pong"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            return client.buffer.contains("\r\n\r\n");
        },
        httptest::kWaitMs));
    QVERIFY2(client.buffer.startsWith("HTTP/1.1 101"), client.buffer.constData());
    // RFC 6455's sample key and its accept value.
    QVERIFY(client.buffer.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void TestHttpUpgrade::handshakeArrivingInPiecesIsHandedOverWhole()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    const QByteArray handshake = httptest::get("/api/v1/feed", "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                                               "Sec-WebSocket-Version: 13\r\n"
                                                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
    for (qsizetype at = 0; at < handshake.size(); at += 7) {
        client.send(handshake.mid(at, 7));
        QTest::qWait(5); // separate reads on the server's side, not one coalesced segment
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            return client.buffer.contains("\r\n\r\n");
        },
        httptest::kWaitMs));
    QVERIFY2(client.buffer.startsWith("HTTP/1.1 101"), client.buffer.constData());
    QVERIFY(client.buffer.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void TestHttpUpgrade::plainGetOnUpgradePathIs426()
{
    RawClient client(m_server->port());
    client.send(httptest::get("/api/v1/feed"));
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, 426);
    QCOMPARE(r.header("Upgrade"), QByteArray("websocket"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QVERIFY(client.waitClosed());
    QVERIFY(m_upgradedPaths.isEmpty());
}

void TestHttpUpgrade::otherUpgradeRequestsOnUpgradePathAre400()
{
    RawClient client(m_server->port());
    client.send("POST /api/v1/feed HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                "Content-Length: 0\r\n\r\n");
    QCOMPARE(client.readResponse().status, 400);
    QVERIFY(client.waitClosed());

    RawClient h2c(m_server->port());
    h2c.send(httptest::get("/api/v1/feed", "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"));
    QCOMPARE(h2c.readResponse().status, 400);
    QVERIFY(m_upgradedPaths.isEmpty());
}

void TestHttpUpgrade::upgradeHeaderOnNormalRouteIsServedThenClosed()
{
    RawClient client(m_server->port());
    client.send(httptest::get("/ping", "Connection: Upgrade\r\nUpgrade: websocket\r\n"));
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("pong"));
    QVERIFY(client.waitClosed());
    QVERIFY(m_upgradedPaths.isEmpty());
}

void TestHttpUpgrade::handlerMayMoveTheSocketToAnotherThread()
{
    // A server whose WebSockets are served on another thread (as the daemon's feed is): the handler
    // moves the socket there and the other thread answers the handshake from the bytes left unread.
    std::atomic<bool> answeredThere{false};
    QThread other;
    other.start();
    const auto stop = qScopeGuard([&] {
        other.quit();
        other.wait();
    });
    HttpServer server;
    server.routeUpgrade(QStringLiteral("/ws"), [&](QTcpSocket *socket, const HttpRequest &) {
        socket->moveToThread(&other);
        QMetaObject::invokeMethod(
            socket,
            [socket, &other, &answeredThere] {
                const auto finish = [socket, &other, &answeredThere] {
                    if (!socket->peek(4096).contains("\r\n\r\n"))
                        return;
                    answeredThere = QThread::currentThread() == &other;
                    socket->readAll();
                    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n");
                    socket->disconnectFromHost();
                    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                };
                QObject::connect(socket, &QTcpSocket::readyRead, socket, finish);
                finish();
            },
            Qt::QueuedConnection);
    });
    QString error;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));

    // Several at once, each in one segment with the request line and headers together.
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<RawClient>(server.port()));
        clients.back()->send(httptest::get("/ws", "Connection: Upgrade\r\nUpgrade: websocket\r\n"));
    }
    for (auto &client : clients) {
        QVERIFY(client->waitClosed());
        QVERIFY2(client->buffer.startsWith("HTTP/1.1 101"), client->buffer.constData());
    }
    QVERIFY(answeredThere);
}

void TestHttpUpgrade::serverClosedBeforeTheHandOverAbortsTheSocket()
{
    // The upgrade is handed over from the event loop, after the read that recognised it. A server
    // closed in between (a daemon shutting down) does not hand over the socket any more: it aborts
    // and deletes it, so a handler whose owner is already gone is never called.
    connect(m_server, &HttpServer::requestFinished, this, [this](const QByteArray &, const QString &, int status) {
        if (status == 101)
            m_server->close();
    });
    RawClient client(m_server->port());
    client.send(httptest::get("/api/v1/feed", "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                              "Sec-WebSocket-Version: 13\r\n"
                                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    QVERIFY(client.waitClosed());
    QVERIFY2(client.buffer.isEmpty(), client.buffer.constData());
    QVERIFY(m_upgradedPaths.isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpUpgrade)
#include "tst_httpupgrade.moc"

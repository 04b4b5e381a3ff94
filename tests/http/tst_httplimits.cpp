// Limits and timeouts of HttpServer against hostile clients: every one ends in a problem+json answer
// and a closed connection, never in unbounded buffering.

#include "http/HttpServer.h"
#include "support/HttpTestSupport.h"

#include <memory>
#include <vector>

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace taskstream::http;
using httptest::RawClient;
using httptest::RawResponse;

class TestHttpLimits : public QObject
{
    Q_OBJECT

private slots:
    void uriTooLongIs414();
    void headerBlockTooLargeIs431_data();
    void headerBlockTooLargeIs431();
    void bodyOverLimitIs413FromContentLength();
    void bodyOverLimitIs413WithoutReadingIt_data();
    void bodyOverLimitIs413WithoutReadingIt();
    void bodyAtTheLimitIsAccepted();
    void slowHeadersAreClosedWith408();
    void slowBodyIsClosedWith408();
    void idleKeepAliveConnectionIsClosed();
    void clientNotReadingAnswersIsNotServedFurther();
    void clientNotReadingAnswersIsDropped();
    void lastResponseToASlowReaderIsNotCutShort();
    void connectionCapAnswers503();
    void idleConnectionsCannotStarveProbes();
    void busyAddressOverItsCapGets429();
    void newConnectionsAreNotClosedForRoom();

private:
    static inline int s_bigServed = 0;
    static HttpServer *makeServer(HttpLimits limits, QObject *parent);
};

HttpServer *TestHttpLimits::makeServer(HttpLimits limits, QObject *parent)
{
    auto *server = new HttpServer(limits, parent);
    server->route("GET", QStringLiteral("/ping"), [](const HttpRequest &) { return HttpResponse::text(200, "pong"); });
    server->route("GET", QStringLiteral("/big/{n}"), [](const HttpRequest &r) {
        ++s_bigServed;
        return HttpResponse::text(200, r.pathParam(QStringLiteral("n")).toUtf8() + QByteArray(1024 * 1024, 'b'));
    });
    server->route("POST", QStringLiteral("/upload"),
                  [](const HttpRequest &r) { return HttpResponse::text(200, QByteArray::number(r.body.size())); });
    QString error;
    if (!server->listen(QHostAddress::LocalHost, 0, &error))
        qFatal("cannot listen: %s", qPrintable(error));
    return server;
}

static void expectProblemAndClose(RawClient &client, int status)
{
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QCOMPARE(r.json().value(QStringLiteral("status")).toInt(), status);
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QVERIFY(client.waitClosed());
}

void TestHttpLimits::uriTooLongIs414()
{
    QScopedPointer<HttpServer> server(makeServer({}, nullptr));
    RawClient client(server->port());
    client.send(httptest::get("/ping?q=" + QByteArray(100 * 1024, 'a')));
    expectProblemAndClose(client, 414);
}

void TestHttpLimits::headerBlockTooLargeIs431_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::newRow("one 20 KB header") << QByteArray("X-Big: " + QByteArray(20 * 1024, 'b') + "\r\n");
    QByteArray many;
    for (int i = 0; i < 150; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("150 headers") << many;
    QTest::newRow("100 KB of whitespace") << QByteArray("X-Ws: " + QByteArray(100 * 1024, ' ') + "v\r\n");
}

void TestHttpLimits::headerBlockTooLargeIs431()
{
    QFETCH(QByteArray, headers);
    QScopedPointer<HttpServer> server(makeServer({}, nullptr));
    RawClient client(server->port());
    client.send(httptest::get("/ping", headers));
    expectProblemAndClose(client, 431);

    // Exactly at the count limit is fine.
    QByteArray hundred;
    for (int i = 0; i < 99; ++i) // plus Host
        hundred += "X-H" + QByteArray::number(i) + ": v\r\n";
    RawClient ok(server->port());
    ok.send(httptest::get("/ping", hundred));
    QCOMPARE(ok.readResponse().status, 200);
}

void TestHttpLimits::bodyOverLimitIs413FromContentLength()
{
    QScopedPointer<HttpServer> server(makeServer({}, nullptr));
    RawClient client(server->port());
    // Only the header block is sent: the answer must not wait for the body.
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n");
    expectProblemAndClose(client, 413);
}

void TestHttpLimits::bodyOverLimitIs413WithoutReadingIt_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("content-length") << false;
    QTest::newRow("chunked") << true;
}

void TestHttpLimits::bodyOverLimitIs413WithoutReadingIt()
{
    QFETCH(bool, chunked);
    QScopedPointer<HttpServer> server(makeServer({}, nullptr));
    const qint64 total = 10 * 1024 * 1024;
    const qint64 piece = 64 * 1024;
    RawClient client(server->port());
    QVERIFY(client.waitConnected());
    client.send(chunked
                    ? QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                    : "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(total) + "\r\n\r\n");
    // Send the 10 MB body a piece at a time, as fast as the connection takes it, and stop as soon as
    // an answer arrives or the connection closes.
    const QByteArray data(piece, 'z');
    const QByteArray chunk = QByteArray::number(piece, 16) + "\r\n" + data + "\r\n";
    qint64 sent = 0;
    bool answered = false;
    while (sent < total) {
        if (client.socket.state() != QAbstractSocket::ConnectedState)
            break;
        client.send(chunked ? chunk : data);
        sent += piece;
        QVERIFY(QTest::qWaitFor(
            [&] {
                client.buffer += client.socket.readAll();
                return client.socket.bytesToWrite() == 0 || client.buffer.contains("\r\n\r\n") ||
                       client.socket.state() != QAbstractSocket::ConnectedState;
            },
            httptest::kWaitMs));
        if (client.buffer.contains("\r\n\r\n")) {
            answered = true;
            break;
        }
    }
    if (chunked && sent >= total && client.socket.state() == QAbstractSocket::ConnectedState)
        client.send("0\r\n\r\n");
    QVERIFY2(sent < total, "the server read the whole 10 MB body before answering");
    QVERIFY(answered || client.buffer.isEmpty());
    expectProblemAndClose(client, 413);
    qInfo("answered after %lld of %lld body bytes were sent", sent, total);
}

void TestHttpLimits::bodyAtTheLimitIsAccepted()
{
    HttpLimits limits;
    limits.maxBodyBytes = 1000;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + QByteArray(1000, 'a'));
    RawResponse r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("1000"));
    // Chunked: 600 + 400 is at the limit, one byte more is not.
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + QByteArray(600, 'a') +
                "\r\n190\r\n" + QByteArray(400, 'b') + "\r\n0\r\n\r\n");
    r = client.readResponse();
    QCOMPARE(r.body, QByteArray("1000"));
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + QByteArray(600, 'a') +
                "\r\n191\r\n" + QByteArray(401, 'b') + "\r\n0\r\n\r\n");
    expectProblemAndClose(client, 413);
}

void TestHttpLimits::slowHeadersAreClosedWith408()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 1000;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    QVERIFY(client.waitConnected());
    // A request that would take about 20 s at one byte every 300 ms.
    const QByteArray request = httptest::get("/ping", "X-Slow: " + QByteArray(40, 's') + "\r\n");
    qsizetype next = 0;
    QTimer dripper;
    QObject::connect(&dripper, &QTimer::timeout, &client.socket, [&] {
        if (next < request.size() && client.socket.state() == QAbstractSocket::ConnectedState)
            client.socket.write(request.mid(next++, 1));
    });
    dripper.start(300);
    expectProblemAndClose(client, 408);
    dripper.stop();
    QVERIFY(next < request.size());
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, httptest::kWaitMs);
}

void TestHttpLimits::slowBodyIsClosedWith408()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 1000;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
    QTimer dripper;
    QObject::connect(&dripper, &QTimer::timeout, &client.socket, [&] {
        if (client.socket.state() == QAbstractSocket::ConnectedState)
            client.socket.write("x");
    });
    dripper.start(300);
    expectProblemAndClose(client, 408);
}

void TestHttpLimits::clientNotReadingAnswersIsNotServedFurther()
{
    QScopedPointer<HttpServer> server(makeServer({}, nullptr));
    RawClient client(server->port());
    QVERIFY(client.waitConnected());
    client.socket.setReadBufferSize(4096); // Qt stops reading from the kernel: a client that does not read
    s_bigServed = 0;
    const int count = 64; // 64 MiB of answers if all were produced at once
    QByteArray batch;
    for (int i = 0; i < count; ++i)
        batch += httptest::get("/big/" + QByteArray::number(i % 10));
    client.send(batch);
    QTRY_VERIFY_WITH_TIMEOUT(s_bigServed > 0, httptest::kWaitMs);
    QTest::qWait(1000); // a bound held over time: the server gets a second to produce more than it should
    QVERIFY2(s_bigServed < count / 2, qPrintable(QStringLiteral("%1 answers produced").arg(s_bigServed)));
    QCOMPARE(server->connectionCount(), 1);

    // Once the client reads again, every answer arrives, in order.
    client.socket.setReadBufferSize(0);
    for (int i = 0; i < count; ++i) {
        const RawResponse r = client.readResponse();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), 1024 * 1024 + 1);
        QCOMPARE(r.body.at(0), char('0' + i % 10));
    }
    QCOMPARE(s_bigServed, count);
}

void TestHttpLimits::clientNotReadingAnswersIsDropped()
{
    HttpLimits limits;
    limits.idleTimeoutMs = 500;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    QVERIFY(client.waitConnected());
    client.socket.setReadBufferSize(4096);
    QByteArray batch;
    for (int i = 0; i < 64; ++i)
        batch += httptest::get("/big/1");
    client.send(batch);
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, httptest::kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, httptest::kWaitMs);
}

void TestHttpLimits::lastResponseToASlowReaderIsNotCutShort()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 500; // the linger after a close is bounded by this, the transfer is not
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    QVERIFY(client.waitConnected());
    client.socket.setReadBufferSize(4096);
    s_bigServed = 0;
    client.send(QByteArray("GET /big/7 HTTP/1.0\r\n\r\n") + "GET /big/8 HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(s_bigServed > 0, httptest::kWaitMs);
    QTest::qWait(1500); // outlast requestTimeoutMs (500 ms of real time in the server) while not reading
    client.socket.setReadBufferSize(0);
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QCOMPARE(r.body.size(), 1024 * 1024 + 1);
    QVERIFY(client.waitClosed());
    QVERIFY(client.buffer.isEmpty()); // the request after the closing one is not answered
}

void TestHttpLimits::idleKeepAliveConnectionIsClosed()
{
    HttpLimits limits;
    limits.idleTimeoutMs = 500;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    RawClient client(server->port());
    client.send(httptest::get("/ping"));
    QCOMPARE(client.readResponse().body, QByteArray("pong"));
    QCOMPARE(server->connectionCount(), 1);
    QVERIFY(client.waitClosed());
    QVERIFY(client.buffer.isEmpty()); // closed silently, not with 408
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, httptest::kWaitMs);
}

void TestHttpLimits::connectionCapAnswers503()
{
    HttpLimits limits;
    limits.maxConnections = 2;
    limits.idleEvictionPercent = 100;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    // Both in the middle of a second request (the server has answered the first, so it has read
    // the start of the second): not idle, so nothing can make room.
    QSignalSpy answered(server.data(), &HttpServer::requestFinished);
    auto first = std::make_unique<RawClient>(server->port());
    first->send(httptest::get("/ping") + "GET /ping HTTP/1.1\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, httptest::kWaitMs);
    RawClient second(server->port());
    second.send(httptest::get("/ping") + "GET /ping HTTP/1.1\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, httptest::kWaitMs);
    QCOMPARE(first->readResponse().status, 200);
    QCOMPARE(second.readResponse().status, 200);
    QCOMPARE(server->connectionCount(), 2);

    RawClient third(server->port());
    const RawResponse r = third.readResponse();
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray::number(limits.retryAfterSeconds));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QVERIFY(third.waitClosed());
    QCOMPARE(server->connectionCount(), 2);

    // The admitted ones are served; once one leaves, a newcomer is admitted.
    second.send("Host: x\r\n\r\n");
    QCOMPARE(second.readResponse().status, 200);
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, httptest::kWaitMs);
    RawClient fourth(server->port());
    fourth.send(httptest::get("/ping"));
    QCOMPARE(fourth.readResponse().status, 200);
}

namespace {
/// Idle connections from \a address (a loopback address of its own): connected, sending nothing.
std::vector<std::unique_ptr<QTcpSocket>> openIdle(quint16 port, const QString &address, int n)
{
    std::vector<std::unique_ptr<QTcpSocket>> out;
    for (int i = 0; i < n; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        if (!s->bind(QHostAddress(address)))
            qFatal("cannot bind to %s", qPrintable(address));
        s->connectToHost(QHostAddress::LocalHost, port);
        out.push_back(std::move(s));
    }
    // Connected, or already closed by the server; either way the server has seen them all.
    (void)QTest::qWaitFor(
        [&] {
            for (const auto &s : out)
                if (s->state() == QAbstractSocket::ConnectingState || s->state() == QAbstractSocket::HostLookupState)
                    return false;
            return true;
        },
        httptest::kWaitMs);
    return out;
}
} // namespace

void TestHttpLimits::idleConnectionsCannotStarveProbes()
{
    HttpLimits limits;
    limits.maxConnections = 100;
    limits.maxConnectionsPerAddress = 20;
    // The idle connections here are milliseconds old; those of a real flood are older than the
    // grace that protects a new connection whose first request is on the way.
    limits.evictionGraceMs = 0;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));

    // One address opens three times the server's cap and sends nothing.
    auto flood = openIdle(server->port(), QStringLiteral("127.0.0.2"), 300);
    QTRY_VERIFY_WITH_TIMEOUT(server->connectionCount() <= limits.maxConnectionsPerAddress, httptest::kWaitMs);
    RawClient probe(server->port());
    probe.send(httptest::get("/ping"));
    QCOMPARE(probe.readResponse().status, 200);

    // Ten more addresses, twenty idle connections each: twice the cap in all.
    std::vector<std::vector<std::unique_ptr<QTcpSocket>>> crowd;
    for (int a = 10; a < 20; ++a)
        crowd.push_back(openIdle(server->port(), QStringLiteral("127.0.0.%1").arg(a), 20));
    QVERIFY(server->connectionCount() <= limits.maxConnections);
    for (int i = 0; i < 5; ++i) {
        RawClient next(server->port());
        next.send(httptest::get("/ping"));
        QCOMPARE(next.readResponse().status, 200);
    }
    // The probe's own keep-alive connection was idle too and made room like the others (a client
    // reconnects then, as after any keep-alive close); a new connection is served.
    QVERIFY(server->connectionCount() <= limits.maxConnections);
    RawClient again(server->port());
    again.send(httptest::get("/ping"));
    QCOMPARE(again.readResponse().status, 200);
}

void TestHttpLimits::busyAddressOverItsCapGets429()
{
    HttpLimits limits;
    limits.maxConnectionsPerAddress = 3;
    limits.evictionGraceMs = 0;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    std::vector<std::unique_ptr<RawClient>> busy;
    for (int i = 0; i < 3; ++i) {
        busy.push_back(std::make_unique<RawClient>(server->port()));
        busy.back()->send("GET /ping HTTP/1.1\r\n"); // a request under way: not idle
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 3, httptest::kWaitMs);
    RawClient fourth(server->port());
    const RawResponse r = fourth.readResponse();
    QCOMPARE(r.status, 429);
    QCOMPARE(r.header("Retry-After"), QByteArray::number(limits.retryAfterSeconds));
    QVERIFY(fourth.waitClosed());
    // Once one of them is idle, a newcomer from the address takes its place.
    busy[0]->send("Host: x\r\n\r\n");
    QCOMPARE(busy[0]->readResponse().status, 200);
    RawClient fifth(server->port());
    fifth.send(httptest::get("/ping"));
    QCOMPARE(fifth.readResponse().status, 200);
    QVERIFY(busy[0]->waitClosed());
}

void TestHttpLimits::newConnectionsAreNotClosedForRoom()
{
    HttpLimits limits;
    limits.maxConnectionsPerAddress = 2;
    limits.evictionGraceMs = 60 * 60 * 1000;
    QScopedPointer<HttpServer> server(makeServer(limits, nullptr));
    // Connected, first request not sent yet (it may be on the way): a third one cannot take
    // their place and is refused instead.
    RawClient first(server->port()), second(server->port());
    QVERIFY(first.waitConnected());
    QVERIFY(second.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 2, httptest::kWaitMs);
    RawClient third(server->port());
    QCOMPARE(third.readResponse().status, 429);
    first.send(httptest::get("/ping"));
    QCOMPARE(first.readResponse().status, 200);
    second.send(httptest::get("/ping"));
    QCOMPARE(second.readResponse().status, 200);
    // Having been served, they are idle keep-alive connections: a newcomer replaces the older.
    RawClient fourth(server->port());
    fourth.send(httptest::get("/ping"));
    QCOMPARE(fourth.readResponse().status, 200);
    QVERIFY(first.waitClosed());
}

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_httplimits.moc"

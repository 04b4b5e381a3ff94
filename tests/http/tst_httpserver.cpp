// Routing, keep-alive, pipelining, bodies and error answers of HttpServer over real TCP.

#include "http/HttpServer.h"
#include "support/HttpTestSupport.h"

#include <stdexcept>

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream::http;
using httptest::RawClient;
using httptest::RawResponse;

class TestHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void routesWithPathParameters();
    void queryAndHeadersReachTheHandler();
    void keepAliveServesSeveralRequestsOnOneConnection();
    void pipelinedRequestsAreAnsweredInOrder();
    void chunkedRequestBody();
    void contentLengthRequestBodyOverNetworkAccessManager();
    void http10ClosesUnlessKeepAlive();
    void headIsServedByGetWithoutBody();
    void unknownPathIs404();
    void otherMethodIs405WithAllow();
    void malformedRequestIs400AndCloses_data();
    void malformedRequestIs400AndCloses();
    void unknownMethodIsReportedAsParserDecides();
    void throwingHandlerIs500AndServerKeepsServing();
    void invalidStatusFromHandlerIs500();
    void requestFinishedReportsRouteAndStatus();
    void expectContinueIsAnsweredBeforeTheBody();
    void framingAndInjectedResponseHeadersAreDropped();
    void stopAcceptingDrainsConnections();
    void mutatedRequestsNeverTakeTheServerDown();
    void asyncAnswersKeepPipelinedOrder();
    void streamedBodyIsChunkedAndComplete();
    void streamedBodyToHttp10EndsWithTheConnection();
    void failingStreamDropsTheConnection();

private:
    RawResponse roundTrip(RawClient &client, const QByteArray &request);

    HttpServer *m_server = nullptr;
};

void TestHttpServer::init()
{
    m_server = new HttpServer(HttpLimits{}, this);
    m_server->route("GET", QStringLiteral("/api/v1/tasks/{id}"), [](const HttpRequest &r) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("id"), r.pathParam(QStringLiteral("id"))},
                                                   {QStringLiteral("route"), QStringLiteral("task")}});
    });
    m_server->route("POST", QStringLiteral("/api/v1/tasks/{id}/complete"), [](const HttpRequest &r) {
        return HttpResponse::json(202, QJsonObject{{QStringLiteral("completed"), r.pathParam(QStringLiteral("id"))}});
    });
    m_server->route("GET", QStringLiteral("/api/v1/tasks"), [](const HttpRequest &r) {
        return HttpResponse::json(
            200, QJsonObject{{QStringLiteral("list"), true},
                             {QStringLiteral("limit"), r.query.queryItemValue(QStringLiteral("limit"))},
                             {QStringLiteral("agent"), QString::fromUtf8(r.header("user-agent"))}});
    });
    m_server->route("POST", QStringLiteral("/api/v1/tasks"),
                    [](const HttpRequest &r) { return HttpResponse::text(201, r.body, "application/octet-stream"); });
    m_server->route("GET", QStringLiteral("/echo/{n}"), [](const HttpRequest &r) {
        return HttpResponse::text(200, r.pathParam(QStringLiteral("n")).toUtf8());
    });
    m_server->route("POST", QStringLiteral("/echo/{n}"), [](const HttpRequest &r) {
        return HttpResponse::text(200, r.pathParam(QStringLiteral("n")).toUtf8() + ':' + r.body);
    });
    m_server->route("GET", QStringLiteral("/throw"),
                    [](const HttpRequest &) -> HttpResponse { throw std::runtime_error("database exploded"); });
    m_server->route("GET", QStringLiteral("/headers"), [](const HttpRequest &) {
        return HttpResponse::text(200, "abc")
            .withHeader("Content-Length", "999")
            .withHeader("Connection", "close")
            .withHeader("X-Evil", "a\r\nSet-Cookie: x=1")
            .withHeader("X-Good", "yes");
    });
    m_server->route("GET", QStringLiteral("/status0"), [](const HttpRequest &) {
        HttpResponse r;
        r.status = 0;
        return r;
    });
    // n pieces "piece-<i>\n"; "fail" gives two pieces, then an error.
    m_server->route("GET", QStringLiteral("/stream/{n}"), [](const HttpRequest &r) {
        struct Pieces : BodySource
        {
            int n = 0, fail = -1, i = 0;
            taskstream::Result<QByteArray> next() override
            {
                if (i == fail)
                    return taskstream::Error::unavailable(QStringLiteral("the source broke"));
                if (i >= n)
                    return QByteArray();
                return "piece-" + QByteArray::number(i++) + '\n';
            }
        };
        auto source = std::make_shared<Pieces>();
        const QString n = r.pathParam(QStringLiteral("n"));
        source->n = n == QLatin1String("fail") ? 10 : n.toInt();
        source->fail = n == QLatin1String("fail") ? 2 : -1;
        HttpResponse response = HttpResponse::text(200, {}, "text/plain");
        response.stream = source;
        return response;
    });
    QString error;
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QVERIFY(m_server->port() != 0);
}

void TestHttpServer::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

RawResponse TestHttpServer::roundTrip(RawClient &client, const QByteArray &request)
{
    client.send(request);
    return client.readResponse();
}

void TestHttpServer::routesWithPathParameters()
{
    RawClient client(m_server->port());
    RawResponse r = roundTrip(client, httptest::get("/api/v1/tasks/abc%20d"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.json().value(QStringLiteral("id")).toString(), QStringLiteral("abc d"));

    r = roundTrip(client, "POST /api/v1/tasks/42/complete HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json().value(QStringLiteral("completed")).toString(), QStringLiteral("42"));

    // An encoded slash stays inside its segment.
    r = roundTrip(client, httptest::get("/api/v1/tasks/a%2Fb"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("id")).toString(), QStringLiteral("a/b"));

    // Empty segment does not match {id}; an extra segment does not match either.
    QCOMPARE(roundTrip(client, httptest::get("/api/v1/tasks/")).status, 404);
    QCOMPARE(roundTrip(client, httptest::get("/api/v1/tasks/1/2")).status, 404);
}

void TestHttpServer::queryAndHeadersReachTheHandler()
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/tasks?limit=5").arg(m_server->port())));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("taskstream-test"));
    QNetworkReply *reply = nam.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(httptest::kWaitMs));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(o.value(QStringLiteral("limit")).toString(), QStringLiteral("5"));
    QCOMPARE(o.value(QStringLiteral("agent")).toString(), QStringLiteral("taskstream-test"));
    reply->deleteLater();
}

void TestHttpServer::keepAliveServesSeveralRequestsOnOneConnection()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    const quint16 localPort = client.socket.localPort();
    for (int i = 0; i < 5; ++i) {
        const RawResponse r = roundTrip(client, httptest::get("/echo/" + QByteArray::number(i)));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray::number(i));
        QVERIFY(!r.hasHeader("Connection"));
    }
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(client.socket.localPort(), localPort);
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestHttpServer::pipelinedRequestsAreAnsweredInOrder()
{
    RawClient client(m_server->port());
    QByteArray batch;
    for (int i = 0; i < 20; ++i) {
        if (i % 3 == 1) {
            const QByteArray body = "body" + QByteArray::number(i);
            batch += "POST /echo/" + QByteArray::number(i) +
                     " HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        } else if (i % 3 == 2) {
            batch += "POST /echo/" + QByteArray::number(i) +
                     " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        } else {
            batch += httptest::get("/echo/" + QByteArray::number(i));
        }
    }
    client.send(batch); // one write: the server sees all requests at once
    for (int i = 0; i < 20; ++i) {
        const RawResponse r = client.readResponse();
        QCOMPARE(r.status, 200);
        QByteArray expected = QByteArray::number(i);
        if (i % 3 == 1)
            expected += ":body" + QByteArray::number(i);
        else if (i % 3 == 2)
            expected += ":abc";
        QCOMPARE(r.body, expected);
    }
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void TestHttpServer::chunkedRequestBody()
{
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send("POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    client.send("5\r\nhello\r\n");
    QTest::qWait(50); // the server reads the body in pieces, not in one segment
    client.send("1;ext=1\r\n \r\n6\r\nworld!\r\n");
    QTest::qWait(50); // likewise
    client.send("0\r\nX-Trailer: t\r\n\r\n");
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray("hello world!"));
    // The connection is still usable.
    QCOMPARE(roundTrip(client, httptest::get("/echo/7")).body, QByteArray("7"));
}

void TestHttpServer::contentLengthRequestBodyOverNetworkAccessManager()
{
    QNetworkAccessManager nam;
    const QByteArray payload(300 * 1024, 'x');
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/tasks").arg(m_server->port())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    QNetworkReply *reply = nam.post(request, payload);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(httptest::kWaitMs));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QCOMPARE(reply->readAll(), payload);
    reply->deleteLater();
}

void TestHttpServer::http10ClosesUnlessKeepAlive()
{
    {
        RawClient client(m_server->port());
        const RawResponse r = roundTrip(client, "GET /echo/1 HTTP/1.0\r\n\r\n");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitClosed());
    }
    {
        RawClient client(m_server->port());
        RawResponse r = roundTrip(client, "GET /echo/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection").toLower(), QByteArray("keep-alive"));
        r = roundTrip(client, "GET /echo/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QCOMPARE(r.body, QByteArray("2"));
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    }
    {
        // HTTP/1.1 with Connection: close is answered, then closed.
        RawClient client(m_server->port());
        const RawResponse r = roundTrip(client, httptest::get("/echo/3", "Connection: close\r\n"));
        QCOMPARE(r.body, QByteArray("3"));
        QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitClosed());
    }
}

void TestHttpServer::headIsServedByGetWithoutBody()
{
    RawClient client(m_server->port());
    client.send("HEAD /echo/12345 HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            return client.buffer.contains("\r\n\r\n");
        },
        httptest::kWaitMs));
    QVERIFY(client.buffer.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(client.buffer.contains("Content-Length: 5\r\n"));
    QVERIFY(client.buffer.endsWith("\r\n\r\n")); // no body follows
    client.buffer.clear();
    QCOMPARE(roundTrip(client, httptest::get("/echo/9")).body, QByteArray("9"));
}

void TestHttpServer::unknownPathIs404()
{
    RawClient client(m_server->port());
    const RawResponse r = roundTrip(client, httptest::get("/nope"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    const QJsonObject p = r.json();
    QCOMPARE(p.value(QStringLiteral("type")).toString(), QStringLiteral("about:blank"));
    QCOMPARE(p.value(QStringLiteral("status")).toInt(), 404);
    QCOMPARE(p.value(QStringLiteral("title")).toString(), QStringLiteral("Not Found"));
    QVERIFY(!p.value(QStringLiteral("detail")).toString().isEmpty());
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState); // not a protocol error
}

void TestHttpServer::otherMethodIs405WithAllow()
{
    RawClient client(m_server->port());
    RawResponse r = roundTrip(client, "DELETE /api/v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("Allow"), QByteArray("GET, HEAD, POST"));
    QCOMPARE(r.json().value(QStringLiteral("status")).toInt(), 405);

    r = roundTrip(client, "GET /api/v1/tasks/7/complete HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("Allow"), QByteArray("POST"));
}

void TestHttpServer::malformedRequestIs400AndCloses_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("header line without colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    QTest::newRow("binary garbage") << QByteArray("\x01\x02\x03\x04 / HTTP/1.1\r\n\r\n", 20);
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x.y\r\nHost: x\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray(
        "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b/c HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET /echo/1 HTTP/1.1\r\n\r\n");
    QTest::newRow("chunked and content-length") << QByteArray(
        "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\nabc\r\n0\r\n\r\n");
    QTest::newRow("two content lengths") << QByteArray(
        "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
}

void TestHttpServer::malformedRequestIs400AndCloses()
{
    QFETCH(QByteArray, request);
    RawClient client(m_server->port());
    const RawResponse r = roundTrip(client, request);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QCOMPARE(r.json().value(QStringLiteral("status")).toInt(), 400);
    QVERIFY(client.waitClosed());

    // The server is unharmed.
    RawClient next(m_server->port());
    QCOMPARE(roundTrip(next, httptest::get("/echo/ok")).body, QByteArray("ok"));
}

void TestHttpServer::unknownMethodIsReportedAsParserDecides()
{
    RawClient client(m_server->port());
    const RawResponse r = roundTrip(client, "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(r.status, 501);
    QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QLatin1String("HPE_INVALID_METHOD")),
             r.body.constData());
    QVERIFY(client.waitClosed());

    // A method http-parser knows but no route has is a routing matter, not a parse error.
    RawClient other(m_server->port());
    const RawResponse r2 = roundTrip(other, "PROPFIND /api/v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(r2.status, 405);
}

void TestHttpServer::throwingHandlerIs500AndServerKeepsServing()
{
    RawClient client(m_server->port());
    const RawResponse r = roundTrip(client, httptest::get("/throw"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    const QString detail = r.json().value(QStringLiteral("detail")).toString();
    QVERIFY(!detail.isEmpty());
    QVERIFY2(!detail.contains(QLatin1String("database")), "the exception text must not reach the client");
    // Same connection and a fresh one both still work.
    QCOMPARE(roundTrip(client, httptest::get("/echo/after")).body, QByteArray("after"));
    RawClient other(m_server->port());
    QCOMPARE(roundTrip(other, httptest::get("/echo/again")).body, QByteArray("again"));
}

void TestHttpServer::invalidStatusFromHandlerIs500()
{
    RawClient client(m_server->port());
    QCOMPARE(roundTrip(client, httptest::get("/status0")).status, 500);
    QCOMPARE(roundTrip(client, httptest::get("/echo/1")).status, 200);
}

void TestHttpServer::requestFinishedReportsRouteAndStatus()
{
    QSignalSpy spy(m_server, &HttpServer::requestFinished);
    RawClient client(m_server->port());
    roundTrip(client, httptest::get("/api/v1/tasks/99"));
    roundTrip(client, httptest::get("/missing"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, httptest::kWaitMs);
    QCOMPARE(spy.at(0).at(0).toByteArray(), QByteArray("GET"));
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("/api/v1/tasks/{id}"));
    QCOMPARE(spy.at(0).at(2).toInt(), 200);
    QVERIFY(spy.at(0).at(3).toLongLong() >= 0);
    QCOMPARE(spy.at(1).at(1).toString(), QString());
    QCOMPARE(spy.at(1).at(2).toInt(), 404);
}

void TestHttpServer::stopAcceptingDrainsConnections()
{
    RawClient idle(m_server->port());
    QCOMPARE(roundTrip(idle, httptest::get("/echo/1")).status, 200);
    RawClient busy(m_server->port());
    QVERIFY(busy.waitConnected());
    busy.send("GET /echo/2 HTTP/1.1\r\nHost: x\r\n"); // request still incomplete
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 2, httptest::kWaitMs);
    QTest::qWait(300); // let the server read the partial request; bytes it has not seen look idle

    QSignalSpy drained(m_server, &HttpServer::drained);
    m_server->stopAccepting();
    QVERIFY(idle.waitClosed());

    // The in-flight request is still answered, with Connection: close.
    busy.send("\r\n");
    const RawResponse r = busy.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QVERIFY(busy.waitClosed());
    QVERIFY(drained.size() == 1 || drained.wait(httptest::kWaitMs));
    QCOMPARE(m_server->connectionCount(), 0);

    // New connections are refused.
    RawClient late(m_server->port());
    QVERIFY(late.waitClosed());
    QVERIFY(late.buffer.isEmpty());
}

void TestHttpServer::expectContinueIsAnsweredBeforeTheBody()
{
    RawClient client(m_server->port());
    client.send("POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            return client.buffer.contains("\r\n\r\n");
        },
        httptest::kWaitMs));
    QCOMPARE(client.buffer, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    client.buffer.clear();
    client.send("data");
    const RawResponse r = client.readResponse();
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray("data"));
}

void TestHttpServer::framingAndInjectedResponseHeadersAreDropped()
{
    RawClient client(m_server->port());
    const RawResponse r = roundTrip(client, httptest::get("/headers"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Length"), QByteArray("3"));
    QCOMPARE(r.body, QByteArray("abc"));
    QCOMPARE(r.header("X-Good"), QByteArray("yes"));
    QVERIFY(!r.hasHeader("X-Evil"));
    QVERIFY(!r.hasHeader("Set-Cookie"));
    QVERIFY(!r.hasHeader("Connection"));
    QCOMPARE(roundTrip(client, httptest::get("/echo/1")).body, QByteArray("1")); // still keep-alive
}

void TestHttpServer::mutatedRequestsNeverTakeTheServerDown()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 500; // mutated lengths leave some requests incomplete
    HttpServer server(limits);
    server.route("POST", QStringLiteral("/api/v1/tasks/{id}"),
                 [](const HttpRequest &r) { return HttpResponse::text(200, r.body); });
    QString error;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));

    const QByteArray valid = "POST /api/v1/tasks/1?x=y HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                             "GET / HTTP/1.1\r\nHost: y\r\n\r\n";
    QRandomGenerator random(20261122); // fixed seed: a failure can be replayed
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 200; ++i) {
        QByteArray request = valid;
        const int mutations = 1 + int(random.bounded(6));
        for (int m = 0; m < mutations; ++m) {
            const int at = int(random.bounded(request.size()));
            switch (random.bounded(3)) {
            case 0:
                request[at] = char(random.bounded(256));
                break;
            case 1:
                request.remove(at, 1 + int(random.bounded(4)));
                break;
            default:
                request.insert(at, request.mid(int(random.bounded(request.size())), 4));
                break;
            }
        }
        auto client = std::make_unique<RawClient>(server.port());
        client->send(request);
        clients.push_back(std::move(client));
    }
    // Every connection ends: answered and closed, or answered and idle, or timed out with 408.
    for (auto &client : clients)
        (void)client->waitClosed(300);
    RawClient check(server.port());
    QCOMPARE(roundTrip(check, "POST /api/v1/tasks/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok").body,
             QByteArray("ok"));
}

void TestHttpServer::asyncAnswersKeepPipelinedOrder()
{
    // An asynchronous handler answers later (twice: the second answer is ignored); a synchronous
    // request pipelined behind it must wait so the answers stay in order.
    QList<HttpServer::Responder> waiting;
    m_server->routeAsync("POST", QStringLiteral("/later"),
                         [&waiting](const HttpRequest &, HttpServer::Responder r) { waiting.append(r); });
    m_server->route("GET", QStringLiteral("/now"), [](const HttpRequest &) { return HttpResponse::text(200, "now"); });
    RawClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                "GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return waiting.size() == 1; }, httptest::kWaitMs));
    QTest::qWait(200); // the second request has no observable effect until answered: give it time to be read
    QVERIFY2(client.socket.bytesAvailable() == 0 && !client.socket.waitForReadyRead(100),
             "nothing is answered before the first request is");
    waiting.first()(HttpResponse::text(201, "later"));
    waiting.first()(HttpResponse::text(500, "ignored"));
    const RawResponse first = client.readResponse();
    QCOMPARE(first.status, 201);
    QCOMPARE(first.body, QByteArray("later"));
    const RawResponse second = client.readResponse();
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body, QByteArray("now"));

    // An answer for a client that has gone away is dropped quietly.
    RawClient gone(m_server->port());
    QVERIFY(gone.waitConnected());
    gone.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return waiting.size() == 2; }, httptest::kWaitMs));
    gone.socket.abort();
    QTest::qWait(100); // the server learns of the reset from its socket, without a signal to wait on
    waiting.last()(HttpResponse::text(200, "too late"));
    RawClient after(m_server->port());
    QVERIFY(after.waitConnected());
    QCOMPARE(roundTrip(after, "GET /now HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
}

namespace {
// Reads one chunked response from \a client's buffer (waiting for more as needed): the header
// block and the decoded body; *complete is true once the terminating chunk arrived.
QByteArray readChunked(RawClient &client, QByteArray *head, bool *complete)
{
    *complete = false;
    QByteArray body;
    (void)QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            if (head->isEmpty()) {
                const qsizetype end = client.buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return client.socket.state() == QAbstractSocket::UnconnectedState;
                *head = client.buffer.left(end + 4);
                client.buffer.remove(0, end + 4);
            }
            for (;;) {
                const qsizetype eol = client.buffer.indexOf("\r\n");
                if (eol < 0)
                    break;
                bool ok = false;
                const int size = client.buffer.left(eol).toInt(&ok, 16);
                if (!ok || client.buffer.size() < eol + 2 + size + 2)
                    break;
                body += client.buffer.mid(eol + 2, size);
                client.buffer.remove(0, eol + 2 + size + 2);
                if (size == 0) {
                    *complete = true;
                    return true;
                }
            }
            return client.socket.state() == QAbstractSocket::UnconnectedState;
        },
        httptest::kWaitMs);
    return body;
}

QByteArray expectedPieces(int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += "piece-" + QByteArray::number(i) + '\n';
    return out;
}
} // namespace

void TestHttpServer::streamedBodyIsChunkedAndComplete()
{
    RawClient client(m_server->port());
    // A streamed answer, then a request pipelined behind it: answered after the stream's end.
    client.send(httptest::get("/stream/500") + httptest::get("/echo/7"));
    QByteArray head;
    bool complete = false;
    const QByteArray body = readChunked(client, &head, &complete);
    QVERIFY(head.startsWith("HTTP/1.1 200 "));
    QVERIFY2(head.toLower().contains("transfer-encoding: chunked\r\n"), head.constData());
    QVERIFY(!head.toLower().contains("content-length"));
    QVERIFY(complete);
    QCOMPARE(body, expectedPieces(500));
    const RawResponse next = client.readResponse();
    QCOMPARE(next.status, 200);
    QCOMPARE(next.body, QByteArray("7"));
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);

    // HEAD: the same header, no body, and the connection goes on.
    client.send("HEAD /stream/3 HTTP/1.1\r\nHost: x\r\n\r\n" + httptest::get("/echo/8"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.buffer += client.socket.readAll();
            return client.buffer.contains("\r\n\r\nHTTP/1.1 200");
        },
        httptest::kWaitMs));
    QVERIFY(client.buffer.startsWith("HTTP/1.1 200 "));
    client.buffer.remove(0, client.buffer.indexOf("\r\n\r\n") + 4);
    QCOMPARE(client.readResponse().body, QByteArray("8"));
}

void TestHttpServer::streamedBodyToHttp10EndsWithTheConnection()
{
    RawClient client(m_server->port());
    client.send("GET /stream/20 HTTP/1.0\r\n\r\n");
    QVERIFY(client.waitClosed());
    const qsizetype end = client.buffer.indexOf("\r\n\r\n");
    QVERIFY(end > 0);
    const QByteArray head = client.buffer.left(end).toLower();
    QVERIFY(!head.contains("transfer-encoding"));
    QVERIFY(head.contains("connection: close"));
    QCOMPARE(client.buffer.mid(end + 4), expectedPieces(20));
}

void TestHttpServer::failingStreamDropsTheConnection()
{
    RawClient client(m_server->port());
    client.send(httptest::get("/stream/fail"));
    QByteArray head;
    bool complete = true;
    const QByteArray body = readChunked(client, &head, &complete);
    QVERIFY(head.startsWith("HTTP/1.1 200 "));
    // What was made before the error arrived; the body never ends, the connection does.
    QVERIFY(!complete);
    QCOMPARE(body, expectedPieces(2));
    QVERIFY(client.waitClosed());
    // The server goes on serving others.
    RawClient other(m_server->port());
    QCOMPARE(roundTrip(other, httptest::get("/echo/9")).body, QByteArray("9"));
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"

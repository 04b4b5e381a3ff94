#include "api/OutboxApi.h"
#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "events/EventCodec.h"
#include "http/HttpServer.h"
#include "services/OutboxAdmin.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace taskstream;

/// The REST API in process over real HTTP, on SQLite or PostgreSQL (TASKSTREAM_TEST_DB).
class TestTaskApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    std::unique_ptr<services::TaskService> tasks;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<api::TaskApi> api;
    std::unique_ptr<services::OutboxAdmin> outboxAdmin;
    std::unique_ptr<api::OutboxApi> outboxApi;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    QByteArray aliceToken, bobToken, adminToken;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
        QByteArray contentType;
        QByteArray location;
    };

    Reply call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {},
               const QByteArray &contentType = "application/json")
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        if (!body.isEmpty() || method == "POST" || method == "PATCH")
            req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *r = nam.sendCustomRequest(req, method, body);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(15000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        out.contentType = r->rawHeader("Content-Type");
        out.location = r->rawHeader("Location");
        r->deleteLater();
        return out;
    }

    QByteArray rawExchange(const QByteArray &request)
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, server->port());
        if (!s.waitForConnected(5000))
            return {};
        s.write(request);
        QByteArray got;
        (void)QTest::qWaitFor(
            [&] {
                got += s.readAll();
                return got.contains("\r\n\r\n") || s.state() != QAbstractSocket::ConnectedState;
            },
            10000);
        return got;
    }

private slots:
    void initTestCase()
    {
        QString why;
        aliceToken = jwt.issue(alice, QStringLiteral("user"), 3600, &why).toUtf8();
        bobToken = jwt.issue(bob, QStringLiteral("user"), 3600, &why).toUtf8();
        adminToken = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        tasks = std::make_unique<services::TaskService>(db.get(), &serializer);
        server = std::make_unique<http::HttpServer>();
        api = std::make_unique<api::TaskApi>(tasks.get(), &jwt, [] {
            return QJsonObject{{QStringLiteral("database"), QStringLiteral("x")}};
        });
        api->registerRoutes(*server);
        outboxAdmin = std::make_unique<services::OutboxAdmin>(db.get());
        outboxApi = std::make_unique<api::OutboxApi>(outboxAdmin.get(), &jwt);
        outboxApi->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void cleanupTestCase()
    {
        server.reset();
        outboxApi.reset();
        outboxAdmin.reset();
        api.reset();
        tasks.reset();
        db.reset();
    }

    void taskLifecycle()
    {
        Reply r =
            call("POST", QStringLiteral("/api/v1/tasks"), aliceToken,
                 R"({"title": "Buy milk", "due_date": "2026-12-01T10:00:00Z", "priority": "High", "tags": ["home"],
                           "recurrence_pattern": "weekly", "remind_before_minutes": [30]})");
        QCOMPARE(r.status, 201);
        const QString id = r.json.value(QLatin1String("id")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        QCOMPARE(r.location, ("/api/v1/tasks/" + id).toUtf8());
        QCOMPARE(r.json.value(QLatin1String("user_id")).toString(), alice.toString(QUuid::WithoutBraces));
        QCOMPARE(r.json.value(QLatin1String("due_date")).toString(), QStringLiteral("2026-12-01T10:00:00.000Z"));
        QCOMPARE(r.json.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(r.json.value(QLatin1String("recurrence_pattern")).toString(), QStringLiteral("FREQ=WEEKLY"));
        QCOMPARE(r.json.value(QLatin1String("remind_before_minutes")).toArray(), (QJsonArray{30}));

        r = call("GET", QStringLiteral("/api/v1/tasks/") + id, aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("title")).toString(), QStringLiteral("Buy milk"));

        r = call("PATCH", QStringLiteral("/api/v1/tasks/") + id, aliceToken,
                 R"({"title": "Buy oat milk", "priority": "Low"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("title")).toString(), QStringLiteral("Buy oat milk"));
        QCOMPARE(r.json.value(QLatin1String("version")).toInt(), 2);

        r = call("GET", QStringLiteral("/api/v1/tasks?priority=Low&tag=home"), aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("total")).toInt(), 1);
        QCOMPARE(
            r.json.value(QLatin1String("items")).toArray().first().toObject().value(QLatin1String("id")).toString(),
            id);

        r = call("POST", QStringLiteral("/api/v1/tasks/%1/complete").arg(id), aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
        QVERIFY(!r.json.value(QLatin1String("completed_at")).toString().isEmpty());
        r = call("POST", QStringLiteral("/api/v1/tasks/%1/complete").arg(id), aliceToken);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));

        r = call("DELETE", QStringLiteral("/api/v1/tasks/") + id, aliceToken);
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(call("DELETE", QStringLiteral("/api/v1/tasks/") + id, aliceToken).status, 404);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/tasks/") + id, aliceToken).status, 404);
    }

    void userIsolation()
    {
        const Reply created = call("POST", QStringLiteral("/api/v1/tasks"), aliceToken, R"({"title": "alice only"})");
        QCOMPARE(created.status, 201);
        const QString path = QStringLiteral("/api/v1/tasks/") + created.json.value(QLatin1String("id")).toString();
        QCOMPARE(call("GET", path, bobToken).status, 404);
        QCOMPARE(call("PATCH", path, bobToken, R"({"title": "bob was here"})").status, 404);
        QCOMPARE(call("POST", path + QStringLiteral("/complete"), bobToken).status, 404);
        QCOMPARE(call("DELETE", path, bobToken).status, 404);
        QCOMPARE(call("GET", path, aliceToken).json.value(QLatin1String("title")).toString(),
                 QStringLiteral("alice only"));
        const Reply list = call("GET", QStringLiteral("/api/v1/tasks"), bobToken);
        for (const QJsonValue &t : list.json.value(QLatin1String("items")).toArray())
            QCOMPARE(t.toObject().value(QLatin1String("user_id")).toString(), bob.toString(QUuid::WithoutBraces));
        // Listing another user's tasks: forbidden for users, allowed for admins.
        const QString other = QStringLiteral("/api/v1/tasks?user_id=") + alice.toString(QUuid::WithoutBraces);
        QCOMPARE(call("GET", other, bobToken).status, 403);
        const Reply asAdmin = call("GET", other, adminToken);
        QCOMPARE(asAdmin.status, 200);
        QVERIFY(asAdmin.json.value(QLatin1String("total")).toInt() >= 1);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("malformed json") << QByteArray("POST") << "/api/v1/tasks" << QByteArray("{\"title\": ")
                                        << QByteArray("application/json") << 400 << "not valid JSON";
        QTest::newRow("array body") << QByteArray("POST") << "/api/v1/tasks" << QByteArray("[1]")
                                    << QByteArray("application/json") << 422 << "JSON object";
        QTest::newRow("wrong type") << QByteArray("POST") << "/api/v1/tasks" << QByteArray(R"({"title": 42})")
                                    << QByteArray("application/json") << 422 << "title: must be a string";
        QTest::newRow("wrong content type")
            << QByteArray("POST") << "/api/v1/tasks" << QByteArray("title=x")
            << QByteArray("application/x-www-form-urlencoded") << 415 << "application/json";
        QTest::newRow("bad limit") << QByteArray("GET") << "/api/v1/tasks?limit=0" << QByteArray() << QByteArray()
                                   << 400 << "limit";
        QTest::newRow("bad status filter")
            << QByteArray("GET") << "/api/v1/tasks?status=done" << QByteArray() << QByteArray() << 400 << "status";
        QTest::newRow("not a uuid") << QByteArray("GET") << "/api/v1/tasks/123" << QByteArray() << QByteArray() << 404
                                    << "123";
        QTest::newRow("unknown task") << QByteArray("GET")
                                      << "/api/v1/tasks/" + QUuid::createUuid().toString(QUuid::WithoutBraces)
                                      << QByteArray() << QByteArray() << 404 << "not found";
        QTest::newRow("unknown method") << QByteArray("PUT") << "/api/v1/tasks" << QByteArray("{}")
                                        << QByteArray("application/json") << 405 << "";
    }
    void errors()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, mentions);
        const Reply r = call(method, path, aliceToken, body, contentType);
        QCOMPARE(r.status, status);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.json.value(QLatin1String("status")).toInt(), status);
        QVERIFY2(r.json.value(QLatin1String("detail")).toString().contains(mentions), r.body.constData());
    }

    void authentication_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("mentions");
        auto b64 = [](const QByteArray &s) {
            return s.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        const QByteArray payload =
            b64(QStringLiteral(R"({"sub":"%1","exp":9999999999})").arg(alice.toString(QUuid::WithoutBraces)).toUtf8());
        QString why;
        QTest::newRow("missing") << QByteArray() << "missing Authorization";
        QTest::newRow("garbage") << QByteArray("abc") << "not a signed JWT";
        QTest::newRow("alg none") << b64(R"({"alg":"none"})") + "." + payload + ".sig"
                                  << "'none'";
        QTest::newRow("foreign secret")
            << auth::JwtAuth(QByteArray(40, 'x')).issue(alice, QStringLiteral("user"), 60, &why).toUtf8()
            << "signature";
        QTest::newRow("expired") << jwt.issue(alice, QStringLiteral("user"), -1, &why).toUtf8() << "expired";
    }
    void authentication()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, mentions);
        const Reply r = call("GET", QStringLiteral("/api/v1/tasks"), token);
        QCOMPARE(r.status, 401);
        QVERIFY2(r.json.value(QLatin1String("detail")).toString().contains(mentions), r.body.constData());
        QCOMPARE(call("POST", QStringLiteral("/api/v1/tasks"), token, R"({"title": "x"})").status, 401);
    }

    void hostileRequestsNeverReach500()
    {
        // 10 MB body: refused from Content-Length before it is read.
        QByteArray reply = rawExchange("POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + aliceToken +
                                       "\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{");
        QVERIFY2(reply.startsWith("HTTP/1.1 413"), reply.constData());
        // 100 KB URL.
        reply = rawExchange("GET /api/v1/tasks?q=" + QByteArray(100 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(reply.startsWith("HTTP/1.1 414"), reply.left(200).constData());
        // Not HTTP at all.
        reply = rawExchange("\x16\x03\x01\x02\x00garbage\r\n\r\n");
        QVERIFY2(reply.startsWith("HTTP/1.1 400"), reply.constData());
        // The server still serves afterwards.
        QCOMPARE(call("GET", QStringLiteral("/api/v1/tasks"), aliceToken).status, 200);
    }

    void failedOutboxRecordsAreListedAndRetriedByAdmins()
    {
        QCOMPARE(call("POST", QStringLiteral("/api/v1/tasks"), aliceToken, R"({"title": "stuck"})").status, 201);
        store::OutboxStore outbox(db.get());
        QString why;
        const auto pending = outbox.pending(0, 100000).valueOr({});
        QVERIFY(!pending.isEmpty());
        const qint64 seq = pending.last().seq;
        QVERIFY(outbox.markFailed(seq, QStringLiteral("MSG_SIZE_TOO_LARGE: too big")).ok());

        QCOMPARE(call("GET", QStringLiteral("/api/v1/outbox/failed"), {}).status, 401);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/outbox/failed"), aliceToken).status, 403);
        const Reply list = call("GET", QStringLiteral("/api/v1/outbox/failed"), adminToken);
        QCOMPARE(list.status, 200);
        const QJsonObject item = list.json.value(QLatin1String("items")).toArray().first().toObject();
        QCOMPARE(item.value(QLatin1String("seq")).toInteger(), seq);
        QCOMPARE(item.value(QLatin1String("event_type")).toString(), QStringLiteral("com.todo.events.TaskCreated"));
        QVERIFY(item.value(QLatin1String("error")).toString().contains(QLatin1String("MSG_SIZE_TOO_LARGE")));
        QVERIFY(QDateTime::fromString(item.value(QLatin1String("failed_at")).toString(), Qt::ISODateWithMs).isValid());

        QSignalSpy retried(outboxAdmin.get(), &services::OutboxAdmin::retried);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/outbox/%1/retry").arg(seq), aliceToken).status, 403);
        const Reply retry = call("POST", QStringLiteral("/api/v1/outbox/%1/retry").arg(seq), adminToken);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retried.size(), 1);
        QCOMPARE(retry.json.value(QLatin1String("retried_seq")).toInteger(), seq);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/outbox/%1/retry").arg(seq), adminToken).status, 404);
        QVERIFY(outbox.failed(10).valueOr({}).isEmpty());
        // Back in line, the same event, under the seq the answer gave.
        const auto again = outbox.pending(0, 100000).valueOr({});
        QVERIFY(!again.isEmpty());
        QCOMPARE(again.last().seq, retry.json.value(QLatin1String("seq")).toInteger());
        QCOMPARE(again.last().eventId, pending.last().eventId);
        QCOMPARE(again.last().status, QStringLiteral("pending"));
    }

    void infoNeedsAToken()
    {
        QCOMPARE(call("GET", QStringLiteral("/api/v1/info"), {}).status, 401);
        const Reply r = call("GET", QStringLiteral("/api/v1/info"), aliceToken);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json.value(QLatin1String("version")).toString().isEmpty());
        // A user learns the version, nothing about brokers, the database or the outbox.
        QCOMPARE(r.json.keys(), QStringList{QStringLiteral("version")});
        const Reply admin = call("GET", QStringLiteral("/api/v1/info"), adminToken);
        QCOMPARE(admin.status, 200);
        QCOMPARE(admin.json.value(QLatin1String("database")).toString(), QStringLiteral("x"));
    }
};

QTEST_GUILESS_MAIN(TestTaskApi)
#include "tst_taskapi.moc"

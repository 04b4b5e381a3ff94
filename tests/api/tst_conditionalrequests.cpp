// ETag / If-Match and Idempotency-Key of the task API, in process over real HTTP, on SQLite or
// PostgreSQL (TASKSTREAM_TEST_DB). The clock of Idempotency-Key lifetimes is a ManualClock.

#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "common/Clock.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;

namespace {
using Headers = QList<QPair<QByteArray, QByteArray>>;
}

class TestConditionalRequests : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    ManualClock clock{QDateTime::currentMSecsSinceEpoch()};
    std::unique_ptr<services::TaskService> tasks;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<api::TaskApi> api;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    QByteArray aliceToken, bobToken;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
        QByteArray etag;
        QByteArray location;
        QByteArray replayed;
        QByteArray contentType;
    };

    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {}, const Headers &headers = {},
               const QByteArray &token = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + (token.isEmpty() ? aliceToken : token));
        if (!body.isEmpty() || method == "POST" || method == "PATCH")
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &h : headers)
            req.setRawHeader(h.first, h.second);
        QNetworkReply *r = nam.sendCustomRequest(req, method, body);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(15000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        out.etag = r->rawHeader("ETag");
        out.location = r->rawHeader("Location");
        out.replayed = r->rawHeader("Idempotency-Replayed");
        out.contentType = r->rawHeader("Content-Type");
        r->deleteLater();
        return out;
    }

    QString createTask(const QString &title)
    {
        const Reply r = call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": ")" + title.toUtf8() + R"("})");
        return r.status == 201 ? r.json.value(QLatin1String("id")).toString() : QString();
    }

    static QString problemType(const Reply &r) { return r.json.value(QLatin1String("type")).toString(); }

    int countTitled(const QString &title, const QByteArray &token = {})
    {
        const Reply list = call("GET", QStringLiteral("/api/v1/tasks?limit=500"), {}, {}, token);
        int n = 0;
        for (const QJsonValue &v : list.json.value(QLatin1String("items")).toArray())
            n += v.toObject().value(QLatin1String("title")).toString() == title;
        return n;
    }

private slots:
    void initTestCase()
    {
        QString why;
        aliceToken = jwt.issue(alice, QStringLiteral("user"), 3600, &why).toUtf8();
        bobToken = jwt.issue(bob, QStringLiteral("user"), 3600, &why).toUtf8();
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        tasks = std::make_unique<services::TaskService>(db.get(), &serializer);
        tasks->setClock(&clock);
        server = std::make_unique<http::HttpServer>();
        api = std::make_unique<api::TaskApi>(tasks.get(), &jwt, [] { return QJsonObject(); });
        api->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void cleanupTestCase()
    {
        server.reset();
        api.reset();
        tasks.reset();
        db.reset();
    }

    void everyTaskAnswerCarriesItsVersionAsStrongETag()
    {
        Reply r = call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": "etag"})");
        QCOMPARE(r.status, 201);
        QCOMPARE(r.etag, QByteArray("\"1\""));
        const QString path = QStringLiteral("/api/v1/tasks/") + r.json.value(QLatin1String("id")).toString();
        r = call("GET", path);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.etag, QByteArray("\"1\""));
        r = call("PATCH", path, R"({"title": "etag 2"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.etag, QByteArray("\"2\""));
        QCOMPARE(r.json.value(QLatin1String("version")).toInt(), 2);
        // A PATCH that changes nothing makes no new version.
        r = call("PATCH", path, R"({"title": "etag 2"})");
        QCOMPARE(r.etag, QByteArray("\"2\""));
        r = call("POST", path + QStringLiteral("/complete"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.etag, QByteArray("\"3\""));
        QCOMPARE(call("GET", path).etag, QByteArray("\"3\""));
    }

    void staleIfMatchIsRefusedWith412AndChangesNothing()
    {
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("stale"));
        QCOMPARE(call("PATCH", path, R"({"priority": "High"})").status, 200); // now at version 2

        Reply r = call("PATCH", path, R"({"title": "lost update"})", {{"If-Match", "\"1\""}});
        QCOMPARE(r.status, 412);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:precondition-failed"));
        QCOMPARE(r.json.value(QLatin1String("current_version")).toInt(), 2);
        QCOMPARE(r.json.value(QLatin1String("current_etag")).toString(), QStringLiteral("\"2\""));
        QCOMPARE(r.etag, QByteArray("\"2\""));
        QVERIFY(r.json.value(QLatin1String("detail")).toString().contains(QLatin1String("version 2")));

        QCOMPARE(call("POST", path + QStringLiteral("/complete"), {}, {{"If-Match", "\"1\""}}).status, 412);
        QCOMPARE(call("DELETE", path, {}, {{"If-Match", "\"1\""}}).status, 412);
        // A weak tag never matches: If-Match compares strongly.
        QCOMPARE(call("PATCH", path, R"({"title": "weak"})", {{"If-Match", "W/\"2\""}}).status, 412);

        r = call("GET", path);
        QCOMPARE(r.json.value(QLatin1String("title")).toString(), QStringLiteral("stale"));
        QCOMPARE(r.json.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(r.json.value(QLatin1String("version")).toInt(), 2);
    }

    void matchingIfMatchApplies()
    {
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("matching"));
        Reply r = call("PATCH", path, R"({"title": "matched"})", {{"If-Match", "\"1\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.etag, QByteArray("\"2\""));
        // A list holding the current tag.
        r = call("PATCH", path, R"({"priority": "Low"})", {{"If-Match", "\"7\", W/\"2\", \"2\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.etag, QByteArray("\"3\""));
        r = call("POST", path + QStringLiteral("/complete"), {}, {{"If-Match", "\"3\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(call("DELETE", path, {}, {{"If-Match", "\"4\""}}).status, 204);
        QCOMPARE(call("GET", path).status, 404);
    }

    void ifMatchStarNeedsTheTaskToExist()
    {
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("star"));
        QCOMPARE(call("PATCH", path, R"({"title": "star 2"})", {{"If-Match", "*"}}).status, 200);
        QCOMPARE(call("DELETE", path, {}, {{"If-Match", "*"}}).status, 204);
        // Gone: 404 comes before the precondition (RFC 9110 section 13.2.1).
        QCOMPARE(call("PATCH", path, R"({"title": "star 3"})", {{"If-Match", "*"}}).status, 404);
        QCOMPARE(call("PATCH", path, R"({"title": "star 3"})", {{"If-Match", "\"2\""}}).status, 404);
    }

    void malformedIfMatchIs400_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("unquoted") << QByteArray("1");
        QTest::newRow("unterminated") << QByteArray("\"1");
        QTest::newRow("star in a list") << QByteArray("*, \"1\"");
        QTest::newRow("junk after a tag") << QByteArray("\"1\" x");
        QTest::newRow("only commas") << QByteArray(" , ");
    }
    void malformedIfMatchIs400()
    {
        QFETCH(QByteArray, value);
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("malformed"));
        const Reply r = call("PATCH", path, R"({"title": "x"})", {{"If-Match", value}});
        QCOMPARE(r.status, 400);
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:bad-if-match"));
        QCOMPARE(call("GET", path).json.value(QLatin1String("title")).toString(), QStringLiteral("malformed"));
    }

    void requiredIfMatchRefusesUnconditionalChangesWith428()
    {
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("required"));
        api->setRequireIfMatch(true);
        auto restore = qScopeGuard([this] { api->setRequireIfMatch(false); });
        Reply r = call("PATCH", path, R"({"title": "x"})");
        QCOMPARE(r.status, 428);
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:precondition-required"));
        QCOMPARE(call("POST", path + QStringLiteral("/complete")).status, 428);
        QCOMPARE(call("DELETE", path).status, 428);
        QCOMPARE(call("GET", path).json.value(QLatin1String("version")).toInt(), 1);
        // Creating and reading need none.
        QVERIFY(!createTask(QStringLiteral("required 2")).isEmpty());
        QCOMPARE(call("PATCH", path, R"({"title": "x"})", {{"If-Match", "\"1\""}}).status, 200);
        QCOMPARE(call("DELETE", path, {}, {{"If-Match", "*"}}).status, 204);
    }

    // The event of a PATCH carries the task's state after it: the fields it changed, with the
    // values of the task as stored (not of a copy read before).
    void patchEventHoldsTheStoredState()
    {
        const QString id = createTask(QStringLiteral("event"));
        const QString path = QStringLiteral("/api/v1/tasks/") + id;
        QCOMPARE(call("PATCH", path, R"({"priority": "High"})").status, 200);
        const Reply r = call("PATCH", path, R"({"title": "event 2"})", {{"If-Match", "\"2\""}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("priority")).toString(), QStringLiteral("High"));
        QCOMPARE(r.json.value(QLatin1String("version")).toInt(), 3);

        const Result<QList<store::OutboxRecord>> pending = store::OutboxStore(db.get()).pending(0, 100000);
        QVERIFY(pending.ok());
        std::optional<events::TaskUpdated> last;
        for (const store::OutboxRecord &rec : *pending) {
            if (rec.eventType != QLatin1String(events::TaskUpdated::TypeName))
                continue;
            const events::DecodeResult dec = serializer.decode(rec.payload);
            QVERIFY2(dec.ok(), qPrintable(dec.error.message));
            if (const auto up = dec.decoded.event.as<events::TaskUpdated>(); up && up->id == QUuid::fromString(id))
                last = *up;
        }
        QVERIFY(last);
        QCOMPARE(last->changedFields, QStringList{QStringLiteral("title")});
        QCOMPARE(last->title.value_or(QString()), QStringLiteral("event 2"));
    }

    // --- Idempotency-Key

    void retriedCreateIsReplayed()
    {
        const QByteArray body = R"({"title": "once", "priority": "High"})";
        const Reply first = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "\"create-1\""}});
        QCOMPARE(first.status, 201);
        QVERIFY(first.replayed.isEmpty());
        // The same request, its JSON spaced differently.
        const Reply again = call("POST", QStringLiteral("/api/v1/tasks"), R"({ "priority":"High", "title":"once" })",
                                 {{"Idempotency-Key", "\"create-1\""}});
        QCOMPARE(again.status, 201);
        QCOMPARE(again.replayed, QByteArray("true"));
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.location, first.location);
        QCOMPARE(again.etag, first.etag);
        QCOMPARE(again.contentType, first.contentType);
        QCOMPARE(countTitled(QStringLiteral("once")), 1);
        // Keys are per user: Bob's request with the same key is his own.
        const Reply bobs =
            call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "\"create-1\""}}, bobToken);
        QCOMPARE(bobs.status, 201);
        QVERIFY(bobs.replayed.isEmpty());
        QVERIFY(bobs.json.value(QLatin1String("id")) != first.json.value(QLatin1String("id")));
    }

    void keyOfAnotherRequestIs422()
    {
        QCOMPARE(call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": "first body"})",
                      {{"Idempotency-Key", "reuse-1"}})
                     .status,
                 201);
        Reply r = call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": "second body"})",
                       {{"Idempotency-Key", "reuse-1"}});
        QCOMPARE(r.status, 422);
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:idempotency-key-reused"));
        QCOMPARE(r.json.value(QLatin1String("errors")).toArray().size(), 1);
        QCOMPARE(countTitled(QStringLiteral("second body")), 0);
        // Another target with the key is another request too.
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("reuse target"));
        r = call("POST", path + QStringLiteral("/complete"), {}, {{"Idempotency-Key", "reuse-1"}});
        QCOMPARE(r.status, 422);
        QCOMPARE(call("GET", path).json.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    }

    void malformedKeyIs400_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("empty string") << QByteArray("\"\"");
        QTest::newRow("unterminated string") << QByteArray("\"abc");
        QTest::newRow("bad escape") << QByteArray("\"a\\b\"");
        QTest::newRow("space in a bare key") << QByteArray("a b");
        QTest::newRow("non-ASCII") << QByteArray("\"caf\xc3\xa9\"");
        QTest::newRow("too long") << QByteArray(256, 'k');
    }
    void malformedKeyIs400()
    {
        QFETCH(QByteArray, value);
        const Reply r =
            call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": "bad key"})", {{"Idempotency-Key", value}});
        QCOMPARE(r.status, 400);
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:bad-idempotency-key"));
        QCOMPARE(countTitled(QStringLiteral("bad key")), 0);
    }

    void keyInFlightIs409UntilItsLeaseRunsOut()
    {
        const QByteArray body = R"({"title": "in flight"})";
        const QString fingerprint = api::idempotencyFingerprint(
            "POST", QStringLiteral("/api/v1/tasks"), QJsonDocument::fromJson(body).toJson(QJsonDocument::Compact));
        // A first request holds the key and has not finished (or its process died).
        const Result<services::IdempotencyClaim> first =
            tasks->claimIdempotencyKey(alice, QStringLiteral("flight-1"), fingerprint);
        QVERIFY(first.ok());
        QCOMPARE(first->outcome, services::IdempotencyClaim::Outcome::Claimed);

        Reply r = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "flight-1"}});
        QCOMPARE(r.status, 409);
        QCOMPARE(problemType(r), QStringLiteral("urn:taskstream:problem:idempotency-key-in-flight"));
        QCOMPARE(countTitled(QStringLiteral("in flight")), 0);

        // Past the lease the first attempt is presumed dead: the retry takes the key over.
        clock.advance(services::IdempotencyTimes().leaseMs + 1);
        r = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "flight-1"}});
        QCOMPARE(r.status, 201);
        QVERIFY(r.replayed.isEmpty());
        // Should the first attempt finish after all, its effect is rolled back: one task.
        auto ticket = std::make_shared<services::IdempotencyTicket>(first->ticket);
        ticket->render = [](const store::Task &) { return store::StoredResponse{201, {}, "late"}; };
        std::optional<Result<store::Task>> late;
        tasks->createAsync(
            alice, QJsonDocument::fromJson(body).object(), [&](const Result<store::Task> &t) { late = t; }, ticket);
        QVERIFY(QTest::qWaitFor([&] { return late.has_value(); }, 10000));
        QVERIFY(!late->ok());
        QCOMPARE(late->error().kind, Error::Kind::Conflict);
        QCOMPARE(countTitled(QStringLiteral("in flight")), 1);
        const Reply replay = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "flight-1"}});
        QCOMPARE(replay.replayed, QByteArray("true"));
        QCOMPARE(replay.body, r.body);
    }

    void failedRequestLeavesTheKeyFree()
    {
        Reply r = call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": ""})", {{"Idempotency-Key", "fail-1"}});
        QCOMPARE(r.status, 422);
        // The client fixes the body and retries with the same key: it runs.
        r = call("POST", QStringLiteral("/api/v1/tasks"), R"({"title": "fixed"})", {{"Idempotency-Key", "fail-1"}});
        QCOMPARE(r.status, 201);
        QVERIFY(r.replayed.isEmpty());
    }

    void retriedCompleteIsReplayed()
    {
        const QString path = QStringLiteral("/api/v1/tasks/") + createTask(QStringLiteral("complete once"));
        const Reply first = call("POST", path + QStringLiteral("/complete"), {}, {{"Idempotency-Key", "done-1"}});
        QCOMPARE(first.status, 200);
        QCOMPARE(first.etag, QByteArray("\"2\""));
        // Without the key a second completion is a conflict; with it, the first answer again.
        const Reply again = call("POST", path + QStringLiteral("/complete"), {}, {{"Idempotency-Key", "done-1"}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.replayed, QByteArray("true"));
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.etag, first.etag);
        QCOMPARE(call("POST", path + QStringLiteral("/complete")).status, 409);
        QCOMPARE(call("GET", path).json.value(QLatin1String("version")).toInt(), 2);
    }

    void expiredKeysArePurgedAndFree()
    {
        const QByteArray body = R"({"title": "expiring"})";
        const Reply first = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "expire-1"}});
        QCOMPARE(first.status, 201);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "expire-1"}}).replayed,
                 QByteArray("true"));
        clock.advance(services::IdempotencyTimes().retentionMs - 1000);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "expire-1"}}).replayed,
                 QByteArray("true"));
        clock.advance(1000);
        // Expired, not purged yet: the key counts as new.
        const Reply second = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "expire-1"}});
        QCOMPARE(second.status, 201);
        QVERIFY(second.replayed.isEmpty());
        QVERIFY(second.json.value(QLatin1String("id")) != first.json.value(QLatin1String("id")));

        // Every key of the tests before is past its 24 h now: the purge deletes them.
        clock.advance(services::IdempotencyTimes().retentionMs);
        const Result<int> purged = tasks->purgeExpiredIdempotencyKeys();
        QVERIFY(purged.ok());
        QVERIFY2(*purged >= 5, qPrintable(QString::number(*purged)));
        QCOMPARE(*tasks->purgeExpiredIdempotencyKeys(), 0);
        const Reply third = call("POST", QStringLiteral("/api/v1/tasks"), body, {{"Idempotency-Key", "expire-1"}});
        QCOMPARE(third.status, 201);
        QVERIFY(third.replayed.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConditionalRequests)
#include "tst_conditionalrequests.moc"

#include "api/AuditApi.h"
#include "auth/JwtAuth.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "kafka/KafkaTypes.h"
#include "services/AuditLog.h"
#include "store/AuditStore.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace taskstream;
using namespace taskstream::events;

Q_DECLARE_METATYPE(QUrlQuery)

/// GET /api/v1/audit in process over real HTTP, on SQLite or PostgreSQL (TASKSTREAM_TEST_DB). The
/// entries are written the way the audit-log-cg worker writes them.
class TestAuditApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<api::AuditApi> api;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    const QUuid milkTask = QUuid::createUuid();
    QByteArray aliceToken, bobToken, adminToken;
    const QDateTime base = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    int aliceCount = 0, bobCount = 0;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray contentType;
        QJsonArray items() const { return json.value(QLatin1String("items")).toArray(); }
    };

    Reply get(const QUrlQuery &query, const QByteArray &token)
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/audit").arg(server->port()));
        url.setQuery(query);
        QNetworkRequest req(url);
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *r = nam.get(req);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(15000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        out.contentType = r->rawHeader("Content-Type");
        r->deleteLater();
        return out;
    }

    static QUrlQuery query(std::initializer_list<QPair<QString, QString>> items)
    {
        QUrlQuery q;
        for (const auto &i : items)
            q.addQueryItem(i.first, QString::fromLatin1(QUrl::toPercentEncoding(i.second)));
        return q;
    }

    bool store(const Event &ev, const QString &topic, int minute)
    {
        services::AuditLog worker(db.get());
        kafka::KafkaMessage msg;
        msg.topic = topic;
        msg.partition = 0;
        msg.offset = minute;
        QVariantMap data = ev.data();
        data.insert(QStringLiteral("occurred_at"), base.addSecs(60 * minute).toMSecsSinceEpoch());
        const Event timed(ev.type(), data);
        store::AuditStore audit(db.get());
        bool inserted = false;
        QString why;
        const Result<bool> stored =
            audit.insert(worker.entryFor(timed, msg, timed.eventId().toString(QUuid::WithoutBraces)));
        if (!stored)
            qWarning("%s", qPrintable(stored.error().message));
        inserted = stored.valueOr(false);
        return inserted;
    }

    static EventHeader header() { return {QUuid::createUuid(), QDateTime::currentDateTimeUtc()}; }

    static TaskFields task(const QUuid &id, const QUuid &user, const QString &title)
    {
        TaskFields t;
        t.id = id;
        t.userId = user;
        t.title = title;
        t.createdAt = QDateTime::fromMSecsSinceEpoch(1795000000000, Qt::UTC);
        return t;
    }

    /// Follows next_cursor from the first page to the last; the event ids in order.
    QStringList walk(QUrlQuery q, const QByteArray &token, int *pages)
    {
        QStringList ids;
        *pages = 0;
        for (;;) {
            const Reply r = get(q, token);
            if (r.status != 200)
                return {QStringLiteral("status %1").arg(r.status)};
            ++*pages;
            for (const QJsonValue &v : r.items())
                ids << v.toObject().value(QLatin1String("event_id")).toString();
            const QJsonValue next = r.json.value(QLatin1String("next_cursor"));
            if (next.isNull())
                return ids;
            q.removeAllQueryItems(QStringLiteral("cursor"));
            q.addQueryItem(QStringLiteral("cursor"), next.toString());
        }
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
        server = std::make_unique<http::HttpServer>();
        api = std::make_unique<api::AuditApi>(db.get(), &jwt);
        api->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));

        // Alice: the life of one task (minutes 0..3) and 20 other tasks, some sharing a minute.
        const QString tasksTopic = QStringLiteral("todo.tasks.events");
        QVERIFY(
            store(Event::from(TaskCreated{header(), task(milkTask, alice, QStringLiteral("Buy zucchini and milk"))}),
                  tasksTopic, 0));
        TaskUpdated u;
        u.header = header();
        u.id = milkTask;
        u.userId = alice;
        u.changedFields = QStringList{QStringLiteral("title")};
        u.title = QStringLiteral("Buy oat milk");
        QVERIFY(store(Event::from(u), tasksTopic, 1));
        ReminderScheduled rs;
        rs.header = header();
        rs.reminder = {QUuid::createUuid(), milkTask, alice, base.addDays(1)};
        rs.title = QStringLiteral("Buy oat milk");
        QVERIFY(store(Event::from(rs), QStringLiteral("todo.reminders.events"), 2));
        QVERIFY(store(Event::from(TaskCompleted{header(), milkTask, alice, base.addSecs(180), false, {}, {}}),
                      tasksTopic, 3));
        aliceCount = 4;
        for (int i = 0; i < 20; ++i, ++aliceCount)
            QVERIFY(store(
                Event::from(TaskCreated{header(), task(QUuid::createUuid(), alice, QStringLiteral("Chore %1").arg(i))}),
                tasksTopic, 10 + i / 3));
        // Bob: 5 tasks, one of them about milk too.
        for (int i = 0; i < 5; ++i, ++bobCount)
            QVERIFY(store(Event::from(TaskCreated{
                              header(), task(QUuid::createUuid(), bob,
                                             i == 0 ? QStringLiteral("Sell milk") : QStringLiteral("Bob %1").arg(i))}),
                          tasksTopic, 5 + i));
    }
    void cleanupTestCase()
    {
        server.reset();
        api.reset();
        db.reset();
    }

    void missingOrBadTokenIs401()
    {
        QCOMPARE(get({}, {}).status, 401);
        const Reply r = get({}, "not-a-token");
        QCOMPARE(r.status, 401);
        QVERIFY(r.contentType.startsWith("application/problem+json"));
    }

    void userSeesOnlyOwnEntries()
    {
        const Reply r = get(query({{QStringLiteral("limit"), QStringLiteral("500")}}), aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.items().size(), aliceCount);
        for (const QJsonValue &v : r.items())
            QCOMPARE(v.toObject().value(QLatin1String("user_id")).toString(), alice.toString(QUuid::WithoutBraces));
        QVERIFY(r.json.value(QLatin1String("next_cursor")).isNull());
        // Asking for oneself is fine; for someone else it is refused.
        QCOMPARE(get(query({{QStringLiteral("user"), alice.toString(QUuid::WithoutBraces)}}), aliceToken).status, 200);
        const Reply other = get(query({{QStringLiteral("user"), alice.toString(QUuid::WithoutBraces)}}), bobToken);
        QCOMPARE(other.status, 403);
        QVERIFY(other.contentType.startsWith("application/problem+json"));
        // Full text does not leak across users: bob's "milk" finds only bob's entry.
        const Reply milk = get(query({{QStringLiteral("q"), QStringLiteral("milk")}}), bobToken);
        QCOMPARE(milk.status, 200);
        QCOMPARE(milk.items().size(), 1);
        QCOMPARE(milk.items().first().toObject().value(QLatin1String("user_id")).toString(),
                 bob.toString(QUuid::WithoutBraces));
    }

    void adminSeesAllAndFiltersByUser()
    {
        Reply r = get(query({{QStringLiteral("limit"), QStringLiteral("500")}}), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.items().size(), aliceCount + bobCount);
        r = get(query({{QStringLiteral("user"), bob.toString(QUuid::WithoutBraces)}}), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.items().size(), bobCount);
    }

    void itemShape()
    {
        const Reply r = get(query({{QStringLiteral("task"), milkTask.toString(QUuid::WithoutBraces)},
                                   {QStringLiteral("type"), QStringLiteral("com.todo.events.TaskCreated")}}),
                            aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.items().size(), 1);
        const QJsonObject item = r.items().first().toObject();
        for (const char *key :
             {"id", "event_id", "type", "topic", "partition", "offset", "user_id", "task_id", "occurred_at", "payload"})
            QVERIFY2(item.contains(QLatin1String(key)), key);
        QCOMPARE(item.value(QLatin1String("type")).toString(), QStringLiteral("com.todo.events.TaskCreated"));
        QCOMPARE(item.value(QLatin1String("topic")).toString(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(item.value(QLatin1String("partition")).toInt(), 0);
        QCOMPARE(item.value(QLatin1String("offset")).toInt(), 0);
        QCOMPARE(item.value(QLatin1String("task_id")).toString(), milkTask.toString(QUuid::WithoutBraces));
        QCOMPARE(item.value(QLatin1String("occurred_at")).toString(), QStringLiteral("2026-11-01T09:00:00.000Z"));
        const QJsonObject payload = item.value(QLatin1String("payload")).toObject();
        QCOMPARE(payload.value(QLatin1String("title")).toString(), QStringLiteral("Buy zucchini and milk"));
        QCOMPARE(payload.value(QLatin1String("created_at")).toString(), QStringLiteral("2026-11-18T11:06:40.000Z"));
    }

    void filters_data()
    {
        QTest::addColumn<QUrlQuery>("query");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("expected");
        const QString milk = milkTask.toString(QUuid::WithoutBraces);
        QTest::newRow("by task") << query({{QStringLiteral("task"), milk}}) << aliceToken << 4;
        QTest::newRow("by task, admin") << query({{QStringLiteral("task"), milk}}) << adminToken << 4;
        QTest::newRow("by task, other user") << query({{QStringLiteral("task"), milk}}) << bobToken << 0;
        QTest::newRow("by type, full name")
            << query({{QStringLiteral("type"), QStringLiteral("com.todo.events.TaskCreated")}}) << aliceToken << 21;
        QTest::newRow("by type, short name")
            << query({{QStringLiteral("type"), QStringLiteral("TaskCompleted")}}) << aliceToken << 1;
        QTest::newRow("reminder type") << query({{QStringLiteral("type"), QStringLiteral("ReminderScheduled")}})
                                       << aliceToken << 1;
        QTest::newRow("from inclusive, to exclusive")
            << query({{QStringLiteral("from"), QStringLiteral("2026-11-01T09:01:00Z")},
                      {QStringLiteral("to"), QStringLiteral("2026-11-01T09:03:00Z")}})
            << aliceToken << 2;
        QTest::newRow("time zone offset")
            << query({{QStringLiteral("from"), QStringLiteral("2026-11-01T10:10:00+01:00")}}) << aliceToken << 20;
        QTest::newRow("full text, one word")
            << query({{QStringLiteral("q"), QStringLiteral("zucchini")}}) << aliceToken << 1;
        QTest::newRow("full text, all words")
            << query({{QStringLiteral("q"), QStringLiteral("oat milk")}}) << aliceToken << 2;
        QTest::newRow("full text, admin") << query({{QStringLiteral("q"), QStringLiteral("milk")}}) << adminToken << 4;
        QTest::newRow("full text, operators are words")
            << query({{QStringLiteral("q"), QStringLiteral("zucchini OR chore")}}) << aliceToken << 0;
        QTest::newRow("full text, stray quote")
            << query({{QStringLiteral("q"), QStringLiteral("\"zucchini")}}) << aliceToken << 1;
        QTest::newRow("full text and type") << query({{QStringLiteral("q"), QStringLiteral("milk")},
                                                      {QStringLiteral("type"), QStringLiteral("TaskUpdated")}})
                                            << aliceToken << 1;
        QTest::newRow("full text, no match")
            << query({{QStringLiteral("q"), QStringLiteral("nothinglikethis")}}) << aliceToken << 0;
    }
    void filters()
    {
        QFETCH(QUrlQuery, query);
        QFETCH(QByteArray, token);
        QFETCH(int, expected);
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
        const Reply r = get(query, token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.items().size(), expected);
    }

    void paginationReturnsEveryEntryOnce()
    {
        int pages = 0;
        const QStringList ids = walk(query({{QStringLiteral("limit"), QStringLiteral("5")}}), aliceToken, &pages);
        QCOMPARE(ids.size(), aliceCount);
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), aliceCount);
        QCOMPARE(pages, (aliceCount + 4) / 5);
        // Newest first, with several entries sharing one timestamp across page boundaries.
        const Reply all = get(query({{QStringLiteral("limit"), QStringLiteral("500")}}), aliceToken);
        QStringList expected;
        QString previous;
        for (const QJsonValue &v : all.items()) {
            const QString at = v.toObject().value(QLatin1String("occurred_at")).toString();
            QVERIFY(previous.isEmpty() || at <= previous);
            previous = at;
            expected << v.toObject().value(QLatin1String("event_id")).toString();
        }
        QCOMPARE(ids, expected);
        // Admin, filtered by text, one entry per page.
        const QStringList milk =
            walk(query({{QStringLiteral("q"), QStringLiteral("milk")}, {QStringLiteral("limit"), QStringLiteral("1")}}),
                 adminToken, &pages);
        QCOMPARE(milk.size(), 4);
        QCOMPARE(QSet<QString>(milk.cbegin(), milk.cend()).size(), 4);
        QCOMPARE(get(query({{QStringLiteral("limit"), QStringLiteral("50")}}), aliceToken).items().size(), aliceCount);
        QCOMPARE(get({}, aliceToken).items().size(), aliceCount); // default limit 50
    }

    void malformedParametersAre400_data()
    {
        QTest::addColumn<QUrlQuery>("query");
        QTest::newRow("q only punctuation") << query({{QStringLiteral("q"), QStringLiteral("\"\" *")}});
        QTest::newRow("q empty") << query({{QStringLiteral("q"), QString()}});
        QTest::newRow("q too long") << query({{QStringLiteral("q"), QString(201, QLatin1Char('a'))}});
        QTest::newRow("from not a date") << query({{QStringLiteral("from"), QStringLiteral("yesterday")}});
        QTest::newRow("to without zone") << query({{QStringLiteral("to"), QStringLiteral("2026-11-01T09:00:00")}});
        QTest::newRow("cursor not base64") << query({{QStringLiteral("cursor"), QStringLiteral("!!!")}});
        QTest::newRow("cursor not ours") << query({{QStringLiteral("cursor"), QStringLiteral("aGVsbG8")}});
        QTest::newRow("limit zero") << query({{QStringLiteral("limit"), QStringLiteral("0")}});
        QTest::newRow("limit above 500") << query({{QStringLiteral("limit"), QStringLiteral("501")}});
        QTest::newRow("user not a uuid") << query({{QStringLiteral("user"), QStringLiteral("alice")}});
        QTest::newRow("task not a uuid") << query({{QStringLiteral("task"), QStringLiteral("42")}});
    }
    void malformedParametersAre400()
    {
        QFETCH(QUrlQuery, query);
        const Reply r = get(query, adminToken);
        QCOMPARE(r.status, 400);
        QVERIFY(r.contentType.startsWith("application/problem+json"));
        QCOMPARE(r.json.value(QLatin1String("status")).toInt(), 400);
        QVERIFY(!r.json.value(QLatin1String("detail")).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuditApi)
#include "tst_auditapi.moc"

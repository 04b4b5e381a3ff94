#include "api/AuditApi.h"
#include "auth/JwtAuth.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "kafka/KafkaTypes.h"
#include "services/AuditLog.h"
#include "store/AuditStore.h"
#include "support/TestDatabase.h"

#include <optional>

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
    const QUuid admin = QUuid::createUuid();
    QString id(const QUuid &u) const { return u.toString(QUuid::WithoutBraces); }
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

    struct Raw
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QNetworkReply::RawHeaderPair disposition;
        bool chunked = false;
        bool hasLength = false;
    };
    Raw exportRaw(const QUrlQuery &query, const QByteArray &token)
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/audit/export").arg(server->port()));
        url.setQuery(query);
        QNetworkRequest req(url);
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *r = nam.get(req);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(30000);
        Raw out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.contentType = r->rawHeader("Content-Type");
        out.disposition = {"Content-Disposition", r->rawHeader("Content-Disposition")};
        out.chunked = r->rawHeader("Transfer-Encoding").toLower() == "chunked";
        out.hasLength = r->hasRawHeader("Content-Length");
        r->deleteLater();
        return out;
    }

    /// RFC 4180 parsing, independent of the server's writer: quoted fields may hold commas, doubled
    /// quotes and line breaks; records end with CRLF. Null on malformed input.
    static std::optional<QList<QStringList>> parseCsv(const QByteArray &bytes)
    {
        const QString text = QString::fromUtf8(bytes);
        QList<QStringList> rows;
        QStringList row;
        QString field;
        bool quoted = false, wasQuoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text[i];
            if (quoted) {
                if (c == u'"') {
                    if (i + 1 < text.size() && text[i + 1] == u'"') {
                        field += u'"';
                        ++i;
                    } else {
                        quoted = false;
                    }
                } else {
                    field += c;
                }
            } else if (c == u'"') {
                if (!field.isEmpty() || wasQuoted)
                    return std::nullopt;
                quoted = wasQuoted = true;
            } else if (c == u',') {
                row << field;
                field.clear();
                wasQuoted = false;
            } else if (c == u'\r') {
                if (i + 1 >= text.size() || text[i + 1] != u'\n')
                    return std::nullopt;
                ++i;
                row << field;
                rows << row;
                row.clear();
                field.clear();
                wasQuoted = false;
            } else if (c == u'\n') {
                return std::nullopt; // a bare LF outside quotes
            } else {
                if (wasQuoted)
                    return std::nullopt;
                field += c;
            }
        }
        if (quoted || !field.isEmpty() || !row.isEmpty())
            return std::nullopt; // the last record lacks its CRLF
        return rows;
    }

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

    bool store(const Event &ev, const QString &topic, int minute, const Actor &actor = {})
    {
        services::AuditLog worker(db.get());
        kafka::KafkaMessage msg;
        msg.topic = topic;
        msg.partition = 0;
        msg.offset = minute;
        QVariantMap data = ev.data();
        data.insert(QStringLiteral("occurred_at"), base.addSecs(60 * minute).toMSecsSinceEpoch());
        Event timed(ev.type(), data);
        timed.setActor(actor);
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
        adminToken = jwt.issue(admin, QStringLiteral("admin"), 3600, &why).toUtf8();
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
                  tasksTopic, 0, Actor{id(alice), QStringLiteral("api")}));
        TaskUpdated u;
        u.header = header();
        u.id = milkTask;
        u.userId = alice;
        u.changedFields = QStringList{QStringLiteral("title")};
        u.title = QStringLiteral("Buy oat milk");
        QVERIFY(store(Event::from(u), tasksTopic, 1, Actor{id(alice), QStringLiteral("console")}));
        ReminderScheduled rs;
        rs.header = header();
        rs.reminder = {QUuid::createUuid(), milkTask, alice, base.addDays(1)};
        rs.title = QStringLiteral("Buy oat milk");
        QVERIFY(store(Event::from(rs), QStringLiteral("todo.reminders.events"), 2,
                      Actor{id(alice), QStringLiteral("worker:reminder-scheduler-cg")}));
        // An admin completed it for her.
        QVERIFY(store(Event::from(TaskCompleted{header(), milkTask, alice, base.addSecs(180), false, {}, {}}),
                      tasksTopic, 3, Actor{id(admin), QStringLiteral("api")}));
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
        // One title a CSV writer must quote: a comma, quotes and a line break.
        QVERIFY(
            store(Event::from(TaskCreated{header(), task(QUuid::createUuid(), bob,
                                                         QStringLiteral("Say \"hi\", then\r\nleave; \u00e9t\u00e9"))}),
                  tasksTopic, 30, Actor{id(bob), QStringLiteral("api")}));
        ++bobCount;
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
        // Who did it, and from where.
        QCOMPARE(item.value(QLatin1String("actor")).toString(), id(alice));
        QCOMPARE(item.value(QLatin1String("actor_source")).toString(), QStringLiteral("api"));
        // An entry of an event that carried no actor says so with nulls.
        const Reply other =
            get(query({{QStringLiteral("q"), QStringLiteral("Chore")}, {QStringLiteral("limit"), QStringLiteral("1")}}),
                aliceToken);
        QCOMPARE(other.items().size(), 1);
        QVERIFY(other.items().first().toObject().value(QLatin1String("actor")).isNull());
        QVERIFY(other.items().first().toObject().value(QLatin1String("actor_source")).isNull());
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
        QTest::newRow("by actor") << query({{QStringLiteral("actor"), id(alice)}}) << aliceToken << 3;
        QTest::newRow("by actor, the admin who acted for her")
            << query({{QStringLiteral("actor"), id(admin)}}) << aliceToken << 1;
        QTest::newRow("by actor, admin token") << query({{QStringLiteral("actor"), id(bob)}}) << adminToken << 1;
        QTest::newRow("by source api") << query({{QStringLiteral("source"), QStringLiteral("api")}}) << aliceToken << 2;
        QTest::newRow("by source console")
            << query({{QStringLiteral("source"), QStringLiteral("console")}}) << aliceToken << 1;
        QTest::newRow("by source, every worker")
            << query({{QStringLiteral("source"), QStringLiteral("worker")}}) << aliceToken << 1;
        QTest::newRow("by source, one worker")
            << query({{QStringLiteral("source"), QStringLiteral("worker:reminder-scheduler-cg")}}) << aliceToken << 1;
        QTest::newRow("by source, another worker")
            << query({{QStringLiteral("source"), QStringLiteral("worker:recurring-task-cg")}}) << aliceToken << 0;
        QTest::newRow("actor and source")
            << query({{QStringLiteral("actor"), id(alice)}, {QStringLiteral("source"), QStringLiteral("api")}})
            << aliceToken << 1;
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
        QTest::newRow("source unknown") << query({{QStringLiteral("source"), QStringLiteral("robot")}});
        QTest::newRow("actor too long") << query({{QStringLiteral("actor"), QString(257, QLatin1Char('a'))}});
        QTest::newRow("from after to") << query({{QStringLiteral("from"), QStringLiteral("2026-11-02T00:00:00Z")},
                                                 {QStringLiteral("to"), QStringLiteral("2026-11-01T00:00:00Z")}});
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

    // JSON lines over a time range: since inclusive, until exclusive, oldest first, one entry per
    // line exactly as the search renders it; streamed (chunked, no Content-Length).
    void exportJsonLines()
    {
        const Raw r = exportRaw(query({{QStringLiteral("since"), QStringLiteral("2026-11-01T09:01:00Z")},
                                       {QStringLiteral("until"), QStringLiteral("2026-11-01T09:10:00Z")}}),
                                adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/x-ndjson"));
        QVERIFY(r.chunked);
        QVERIFY(!r.hasLength);
        QVERIFY2(
            r.disposition.second.contains("attachment; filename=\"audit-20261101T090100Z-20261101T091000Z.jsonl\""),
            r.disposition.second.constData());
        QVERIFY(r.body.endsWith('\n'));
        const QList<QByteArray> lines = r.body.chopped(1).split('\n');
        // Alice's minutes 1, 2, 3 and Bob's 5..9.
        QCOMPARE(lines.size(), 3 + 5);
        QString previous;
        QStringList ids;
        for (const QByteArray &line : lines) {
            QJsonParseError e;
            const QJsonObject o = QJsonDocument::fromJson(line, &e).object();
            QVERIFY2(e.error == QJsonParseError::NoError, line.constData());
            const QString at = o.value(QLatin1String("occurred_at")).toString();
            QVERIFY(at >= QLatin1String("2026-11-01T09:01:00.000Z") && at < QLatin1String("2026-11-01T09:10:00.000Z"));
            QVERIFY(previous.isEmpty() || at >= previous);
            previous = at;
            ids << o.value(QLatin1String("event_id")).toString();
        }
        // The same entries the search gives for that range.
        const Reply search = get(query({{QStringLiteral("from"), QStringLiteral("2026-11-01T09:01:00Z")},
                                        {QStringLiteral("to"), QStringLiteral("2026-11-01T09:10:00Z")},
                                        {QStringLiteral("limit"), QStringLiteral("500")}}),
                                 adminToken);
        QStringList searched;
        for (const QJsonValue &v : search.items())
            searched.prepend(v.toObject().value(QLatin1String("event_id")).toString());
        QCOMPARE(ids, searched);
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(first.value(QLatin1String("actor_source")).toString(), QStringLiteral("console"));
        QCOMPARE(first.value(QLatin1String("payload")).toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("Buy oat milk"));
    }

    // A user's export holds only the user's entries, like the search; filters apply.
    void exportIsScopedAndFiltered()
    {
        Raw r = exportRaw({}, aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.count('\n'), aliceCount);
        QVERIFY(!r.body.contains(id(bob).toUtf8()));
        r = exportRaw(query({{QStringLiteral("source"), QStringLiteral("worker")},
                             {QStringLiteral("format"), QStringLiteral("jsonl")}}),
                      aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.count('\n'), 1);
        QCOMPARE(exportRaw(query({{QStringLiteral("user"), id(bob)}}), aliceToken).status, 403);
        QCOMPARE(exportRaw({}, {}).status, 401);
        // Nothing in range: an empty body (CSV: just its header line).
        r = exportRaw(query({{QStringLiteral("since"), QStringLiteral("2030-01-01T00:00:00Z")}}), adminToken);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        r = exportRaw(query({{QStringLiteral("since"), QStringLiteral("2030-01-01T00:00:00Z")},
                             {QStringLiteral("format"), QStringLiteral("csv")}}),
                      adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, api::AuditApi::csvHeader());
    }

    void exportBadParametersAre400_data()
    {
        QTest::addColumn<QUrlQuery>("query");
        QTest::newRow("format unknown") << query({{QStringLiteral("format"), QStringLiteral("xml")}});
        QTest::newRow("since not a date") << query({{QStringLiteral("since"), QStringLiteral("last week")}});
        QTest::newRow("until without zone")
            << query({{QStringLiteral("until"), QStringLiteral("2026-11-01T09:00:00")}});
        QTest::newRow("since after until")
            << query({{QStringLiteral("since"), QStringLiteral("2026-11-02T00:00:00Z")},
                      {QStringLiteral("until"), QStringLiteral("2026-11-01T00:00:00Z")}});
        QTest::newRow("source unknown") << query({{QStringLiteral("source"), QStringLiteral("cron")}});
    }
    void exportBadParametersAre400()
    {
        QFETCH(QUrlQuery, query);
        const Raw r = exportRaw(query, adminToken);
        QCOMPARE(r.status, 400);
        QVERIFY(r.contentType.startsWith("application/problem+json"));
    }

    // CSV (RFC 4180): a header line, CRLF line ends, fields quoted where they must be, so that a
    // title with a comma, quotes and a line break comes back as it was.
    void exportCsv()
    {
        const Raw r = exportRaw(query({{QStringLiteral("format"), QStringLiteral("csv")}}), adminToken);
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/csv"));
        QVERIFY(r.disposition.second.endsWith(".csv\""));
        const std::optional<QList<QStringList>> rows = parseCsv(r.body);
        QVERIFY2(rows, "not RFC 4180");
        QCOMPARE(rows->size(), 1 + aliceCount + bobCount);
        const QStringList header = rows->first();
        QCOMPARE(header, QString::fromLatin1(api::AuditApi::csvHeader()).trimmed().split(QLatin1Char(',')));
        const qsizetype payloadCol = header.indexOf(QStringLiteral("payload"));
        const qsizetype actorCol = header.indexOf(QStringLiteral("actor"));
        const qsizetype sourceCol = header.indexOf(QStringLiteral("actor_source"));
        QVERIFY(payloadCol > 0 && actorCol > 0 && sourceCol > 0);
        bool sawTricky = false;
        for (qsizetype i = 1; i < rows->size(); ++i) {
            const QStringList &row = rows->at(i);
            QCOMPARE(row.size(), header.size());
            const QJsonObject payload = QJsonDocument::fromJson(row[payloadCol].toUtf8()).object();
            QVERIFY(!payload.isEmpty());
            if (payload.value(QLatin1String("title")).toString() ==
                QStringLiteral("Say \"hi\", then\r\nleave; \u00e9t\u00e9")) {
                sawTricky = true;
                QCOMPARE(row[actorCol], id(bob));
                QCOMPARE(row[sourceCol], QStringLiteral("api"));
            }
        }
        QVERIFY(sawTricky);
        // The rows are the JSON lines export's entries, in the same order.
        const Raw lines = exportRaw({}, adminToken);
        const QList<QByteArray> json = lines.body.chopped(1).split('\n');
        QCOMPARE(json.size(), rows->size() - 1);
        const qsizetype eventCol = header.indexOf(QStringLiteral("event_id"));
        for (qsizetype i = 0; i < json.size(); ++i)
            QCOMPARE(rows->at(i + 1)[eventCol],
                     QJsonDocument::fromJson(json[i]).object().value(QLatin1String("event_id")).toString());
    }

    void csvQuoting_data()
    {
        QTest::addColumn<QString>("title");
        QTest::newRow("plain") << QStringLiteral("plain");
        QTest::newRow("comma") << QStringLiteral("a,b");
        QTest::newRow("quote") << QStringLiteral("say \"x\"");
        QTest::newRow("line feed") << QStringLiteral("a\nb");
        QTest::newRow("carriage return") << QStringLiteral("a\rb");
        QTest::newRow("leading quote") << QStringLiteral("\"");
        QTest::newRow("non-ASCII") << QStringLiteral("\u00fcber \U0001F600");
    }
    void csvQuoting()
    {
        QFETCH(QString, title);
        store::AuditEntry e;
        e.id = 7;
        e.eventId = QStringLiteral("e");
        e.eventType = QStringLiteral("com.todo.events.TaskCreated");
        e.topic = QStringLiteral("todo.tasks.events");
        e.actor = title; // any text column is written the same way
        e.occurredAt = e.recordedAt = base;
        e.payload = QJsonObject{{QStringLiteral("title"), title}};
        const std::optional<QList<QStringList>> rows = parseCsv(api::AuditApi::csvRow(e));
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        const QStringList header = QString::fromLatin1(api::AuditApi::csvHeader()).trimmed().split(QLatin1Char(','));
        QCOMPARE(rows->first().size(), header.size());
        QCOMPARE(rows->first()[header.indexOf(QStringLiteral("actor"))], title);
        QCOMPARE(QJsonDocument::fromJson(rows->first()[header.indexOf(QStringLiteral("payload"))].toUtf8())
                     .object()
                     .value(QLatin1String("title"))
                     .toString(),
                 title);
    }

    // More entries than one page of the export reads at a time: every one arrives, once, in order.
    // Last, since it adds entries the other tests do not count.
    void exportSpansManyPages()
    {
        const QUuid carol = QUuid::createUuid();
        const int n = 3 * api::AuditApi::ExportPageSize + 7;
        QVERIFY(db->begin().ok());
        for (int i = 0; i < n; ++i)
            QVERIFY(store(
                Event::from(TaskCreated{header(), task(QUuid::createUuid(), carol, QStringLiteral("C %1").arg(i))}),
                QStringLiteral("todo.tasks.events"), 100 + i % 50));
        QVERIFY(db->commit().ok());
        const Raw r =
            exportRaw(query({{QStringLiteral("user"), id(carol)}, {QStringLiteral("format"), QStringLiteral("csv")}}),
                      adminToken);
        QCOMPARE(r.status, 200);
        const std::optional<QList<QStringList>> rows = parseCsv(r.body);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1 + n);
        QSet<QString> seen;
        QString previous;
        const QStringList header = rows->first();
        for (qsizetype i = 1; i < rows->size(); ++i) {
            seen.insert(rows->at(i)[header.indexOf(QStringLiteral("event_id"))]);
            const QString at = rows->at(i)[header.indexOf(QStringLiteral("occurred_at"))];
            QVERIFY(previous.isEmpty() || at >= previous);
            previous = at;
        }
        QCOMPARE(seen.size(), n);
    }
};

QTEST_GUILESS_MAIN(TestAuditApi)
#include "tst_auditapi.moc"

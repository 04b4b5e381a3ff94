#include "api/TaskApi.h"
#include "api/UserSettingsApi.h"
#include "auth/JwtAuth.h"
#include "common/Clock.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace taskstream;

/// Recurring series over the REST API, in process over real HTTP, on SQLite or PostgreSQL:
/// the anchor, the user's time zone (GET/PUT /api/v1/users/me/settings), skipping an occurrence
/// and editing this occurrence or the whole series.
class TestRecurrenceApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    // Completions and skips happen on 2026-10-01 00:00Z, before every due date below.
    ManualClock clock{QDateTime(QDate(2026, 10, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
    std::unique_ptr<services::TaskService> tasks;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<api::TaskApi> api;
    std::unique_ptr<api::UserSettingsApi> settingsApi;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    QByteArray aliceToken, bobToken;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
    };

    Reply call(const QByteArray &method, const QString &path, const QByteArray &token, const QJsonObject &body = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + token);
        QByteArray payload;
        if (method != "GET" && method != "DELETE") {
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        QNetworkReply *r = nam.sendCustomRequest(req, method, payload);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(15000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.json = QJsonDocument::fromJson(out.body).object();
        r->deleteLater();
        return out;
    }

    QJsonObject createRecurring(const QByteArray &token, const QString &due, const QString &rule,
                                const QString &anchor = {})
    {
        QJsonObject in{{QStringLiteral("title"), QStringLiteral("water the plants")},
                       {QStringLiteral("due_date"), due},
                       {QStringLiteral("recurrence_pattern"), rule}};
        if (!anchor.isEmpty())
            in.insert(QStringLiteral("recurrence_anchor"), anchor);
        const Reply r = call("POST", QStringLiteral("/api/v1/tasks"), token, in);
        if (r.status != 201)
            qWarning("create: %d %s", r.status, r.body.constData());
        return r.json;
    }

    /// The event types the outbox holds for \a taskId, in order.
    QStringList outboxTypesOf(const QString &taskId)
    {
        QStringList out;
        QSqlQuery q(db->db());
        q.prepare(QStringLiteral("SELECT event_type FROM outbox WHERE record_key = ? ORDER BY seq"));
        q.addBindValue(taskId.toUtf8());
        if (q.exec())
            while (q.next())
                out << q.value(0).toString().section(QLatin1Char('.'), -1);
        return out;
    }

    /// The newest TaskCreated in the outbox for \a taskId, decoded.
    std::optional<events::TaskCreated> createdEventOf(const QString &taskId)
    {
        QSqlQuery q(db->db());
        q.prepare(QStringLiteral("SELECT payload FROM outbox WHERE record_key = ? AND event_type LIKE '%TaskCreated'"
                                 " ORDER BY seq DESC"));
        q.addBindValue(taskId.toUtf8());
        if (!q.exec() || !q.next())
            return std::nullopt;
        const events::DecodeResult d = serializer.decode(q.value(0).toByteArray());
        if (!d.ok())
            return std::nullopt;
        return d.decoded.event.as<events::TaskCreated>();
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
        tasks->setDefaultZone(QTimeZone("Europe/Berlin"));
        server = std::make_unique<http::HttpServer>();
        api = std::make_unique<api::TaskApi>(tasks.get(), &jwt, [] { return QJsonObject(); });
        api->registerRoutes(*server);
        settingsApi = std::make_unique<api::UserSettingsApi>(db.get(), &jwt, QTimeZone("Europe/Berlin"));
        settingsApi->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void cleanupTestCase()
    {
        server.reset();
        settingsApi.reset();
        api.reset();
        tasks.reset();
        db.reset();
    }

    void timeZoneSettingIsPerUserAndValidated()
    {
        Reply r = call("GET", QStringLiteral("/api/v1/users/me/settings"), aliceToken);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(QStringLiteral("time_zone")).isNull());
        QCOMPARE(r.json.value(QStringLiteral("effective_time_zone")).toString(), QStringLiteral("Europe/Berlin"));

        r = call("PUT", QStringLiteral("/api/v1/users/me/settings"), aliceToken,
                 {{QStringLiteral("time_zone"), QStringLiteral("America/New_York")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("time_zone")).toString(), QStringLiteral("America/New_York"));
        QCOMPARE(r.json.value(QStringLiteral("effective_time_zone")).toString(), QStringLiteral("America/New_York"));
        // Bob's are his own.
        r = call("GET", QStringLiteral("/api/v1/users/me/settings"), bobToken);
        QVERIFY(r.json.value(QStringLiteral("time_zone")).isNull());

        for (const QJsonObject &bad : {QJsonObject{{QStringLiteral("time_zone"), QStringLiteral("Mars/Olympus_Mons")}},
                                       QJsonObject{{QStringLiteral("time_zone"), QStringLiteral("UTC+02:00")}},
                                       QJsonObject{{QStringLiteral("time_zone"), 2}}, QJsonObject{},
                                       QJsonObject{{QStringLiteral("time_zone"), QStringLiteral("Europe/Berlin")},
                                                   {QStringLiteral("quiet_hours"), true}}}) {
            r = call("PUT", QStringLiteral("/api/v1/users/me/settings"), aliceToken, bad);
            QCOMPARE(r.status, 422);
            QVERIFY2(!r.json.value(QStringLiteral("errors")).toArray().isEmpty(), r.body.constData());
        }
        r = call("GET", QStringLiteral("/api/v1/users/me/settings"), aliceToken);
        QCOMPARE(r.json.value(QStringLiteral("time_zone")).toString(), QStringLiteral("America/New_York"));

        // null goes back to the daemon's zone.
        r = call("PUT", QStringLiteral("/api/v1/users/me/settings"), aliceToken,
                 {{QStringLiteral("time_zone"), QJsonValue()}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(QStringLiteral("time_zone")).isNull());
        QCOMPARE(r.json.value(QStringLiteral("effective_time_zone")).toString(), QStringLiteral("Europe/Berlin"));
    }

    void anchorIsATaskFieldWithItsEvent()
    {
        QJsonObject t = createRecurring(aliceToken, QStringLiteral("2026-10-05T07:00:00Z"), QStringLiteral("weekly"));
        QCOMPARE(t.value(QStringLiteral("recurrence_anchor")).toString(), QStringLiteral("due"));
        t = createRecurring(aliceToken, QStringLiteral("2026-10-05T07:00:00Z"), QStringLiteral("weekly"),
                            QStringLiteral("completion"));
        QCOMPARE(t.value(QStringLiteral("recurrence_anchor")).toString(), QStringLiteral("completion"));
        const std::optional<events::TaskCreated> ev = createdEventOf(t.value(QStringLiteral("id")).toString());
        QVERIFY(ev);
        QCOMPARE(ev->recurrenceAnchor, QStringLiteral("completion"));

        const QString path = QStringLiteral("/api/v1/tasks/") + t.value(QStringLiteral("id")).toString();
        Reply r = call("PATCH", path, aliceToken, {{QStringLiteral("recurrence_anchor"), QStringLiteral("every!")}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json.value(QStringLiteral("errors")).toArray().first().toObject().value(QStringLiteral("field")),
                 QStringLiteral("recurrence_anchor"));
        r = call("PATCH", path, aliceToken, {{QStringLiteral("recurrence_anchor"), QStringLiteral("due")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("recurrence_anchor")).toString(), QStringLiteral("due"));
        r = call("PATCH", path, aliceToken, {{QStringLiteral("series_values"), QJsonObject()}});
        QCOMPARE(r.status, 422); // set by the server
    }

    void skipCreatesTheOccurrenceAfterTheSkippedOne()
    {
        // Daily at 09:00 Berlin (the daemon's zone: Bob set none).
        const QJsonObject t =
            createRecurring(bobToken, QStringLiteral("2026-10-02T07:00:00Z"), QStringLiteral("FREQ=DAILY;COUNT=2"));
        const QString id = t.value(QStringLiteral("id")).toString();
        Reply r = call("POST", QStringLiteral("/api/v1/tasks/%1/skip").arg(id), aliceToken);
        QCOMPARE(r.status, 404); // not Alice's
        r = call("POST", QStringLiteral("/api/v1/tasks/%1/skip").arg(id), bobToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("skipped")).toObject().value(QStringLiteral("id")).toString(), id);
        const QJsonObject next = r.json.value(QStringLiteral("next")).toObject();
        QCOMPARE(next.value(QStringLiteral("due_date")).toString(), QStringLiteral("2026-10-03T07:00:00.000Z"));
        QCOMPARE(next.value(QStringLiteral("parent_task_id")).toString(), id);
        QCOMPARE(next.value(QStringLiteral("recurrence_pattern")).toString(), QStringLiteral("FREQ=DAILY;COUNT=1"));
        // The skipped instance is gone, with its event; the next one is announced by its own.
        QCOMPARE(call("GET", QStringLiteral("/api/v1/tasks/") + id, bobToken).status, 404);
        QCOMPARE(outboxTypesOf(id), (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskDeleted")}));
        const QString nextId = next.value(QStringLiteral("id")).toString();
        QCOMPARE(outboxTypesOf(nextId), QStringList{QStringLiteral("TaskCreated")});
        QCOMPARE(call("GET", QStringLiteral("/api/v1/tasks/") + nextId, bobToken).status, 200);

        // Skipping the series' last occurrence ends it.
        r = call("POST", QStringLiteral("/api/v1/tasks/%1/skip").arg(nextId), bobToken);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(QStringLiteral("next")).isNull());

        // Only an occurrence of a series can be skipped.
        const Reply plain = call("POST", QStringLiteral("/api/v1/tasks"), bobToken,
                                 {{QStringLiteral("title"), QStringLiteral("once")}});
        r = call("POST", QStringLiteral("/api/v1/tasks/%1/skip").arg(plain.json.value(QStringLiteral("id")).toString()),
                 bobToken);
        QCOMPARE(r.status, 409);
    }

    void skipUsesTheUsersTimeZone()
    {
        QCOMPARE(call("PUT", QStringLiteral("/api/v1/users/me/settings"), aliceToken,
                      {{QStringLiteral("time_zone"), QStringLiteral("America/New_York")}})
                     .status,
                 200);
        // Daily at 09:00 New York (13:00Z in summer time), which ends there on 2026-11-01.
        const QJsonObject t =
            createRecurring(aliceToken, QStringLiteral("2026-10-31T13:00:00Z"), QStringLiteral("daily"));
        const Reply r = call(
            "POST", QStringLiteral("/api/v1/tasks/%1/skip").arg(t.value(QStringLiteral("id")).toString()), aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("next")).toObject().value(QStringLiteral("due_date")).toString(),
                 QStringLiteral("2026-11-01T14:00:00.000Z"));
        QCOMPARE(call("PUT", QStringLiteral("/api/v1/users/me/settings"), aliceToken,
                      {{QStringLiteral("time_zone"), QJsonValue()}})
                     .status,
                 200);
    }

    void editThisOccurrenceOrTheSeries()
    {
        const QJsonObject t =
            createRecurring(aliceToken, QStringLiteral("2026-10-05T07:00:00Z"), QStringLiteral("weekly"));
        const QString path = QStringLiteral("/api/v1/tasks/") + t.value(QStringLiteral("id")).toString();
        Reply r = call("PATCH", path + QStringLiteral("?scope=this"), aliceToken,
                       {{QStringLiteral("title"), QStringLiteral("water the plants (at the office)")},
                        {QStringLiteral("due_date"), QStringLiteral("2026-10-06T07:00:00Z")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("title")).toString(), QStringLiteral("water the plants (at the office)"));
        QJsonObject series = r.json.value(QStringLiteral("series_values")).toObject();
        QCOMPARE(series.value(QStringLiteral("title")).toString(), QStringLiteral("water the plants"));
        QCOMPARE(series.value(QStringLiteral("due_date")).toString(), QStringLiteral("2026-10-05T07:00:00.000Z"));

        // Series fields only with scope=series; scope is this or series.
        r = call("PATCH", path + QStringLiteral("?scope=this"), aliceToken,
                 {{QStringLiteral("recurrence_pattern"), QStringLiteral("daily")}});
        QCOMPARE(r.status, 422);
        QCOMPARE(call("PATCH", path + QStringLiteral("?scope=all"), aliceToken,
                      {{QStringLiteral("title"), QStringLiteral("x")}})
                     .status,
                 400);

        // Skipping counts from the series' due date (Monday the 5th), not the moved one.
        // A series edit of the title makes it the series' value.
        r = call("PATCH", path + QStringLiteral("?scope=series"), aliceToken,
                 {{QStringLiteral("title"), QStringLiteral("water the ferns")}});
        QCOMPARE(r.status, 200);
        series = r.json.value(QStringLiteral("series_values")).toObject();
        QVERIFY(!series.contains(QStringLiteral("title")));
        QVERIFY(series.contains(QStringLiteral("due_date")));
        r = call("POST", path + QStringLiteral("/skip"), aliceToken);
        QCOMPARE(r.status, 200);
        const QJsonObject next = r.json.value(QStringLiteral("next")).toObject();
        QCOMPARE(next.value(QStringLiteral("due_date")).toString(), QStringLiteral("2026-10-12T07:00:00.000Z"));
        QCOMPARE(next.value(QStringLiteral("title")).toString(), QStringLiteral("water the ferns"));
        QVERIFY(next.value(QStringLiteral("series_values")).toObject().isEmpty());

        // A task that is not recurring has no occurrence to edit on its own.
        const Reply plain = call("POST", QStringLiteral("/api/v1/tasks"), aliceToken,
                                 {{QStringLiteral("title"), QStringLiteral("once")}});
        r = call("PATCH",
                 QStringLiteral("/api/v1/tasks/%1?scope=this").arg(plain.json.value(QStringLiteral("id")).toString()),
                 aliceToken, {{QStringLiteral("title"), QStringLiteral("twice")}});
        QCOMPARE(r.status, 422);
    }

    // An occurrence edited back to the series' value is the series' again.
    void editBackToTheSeriesValue()
    {
        const QJsonObject t =
            createRecurring(aliceToken, QStringLiteral("2026-10-05T07:00:00Z"), QStringLiteral("daily"));
        const QString path = QStringLiteral("/api/v1/tasks/") + t.value(QStringLiteral("id")).toString();
        Reply r = call("PATCH", path + QStringLiteral("?scope=this"), aliceToken,
                       {{QStringLiteral("priority"), QStringLiteral("High")}});
        QCOMPARE(r.json.value(QStringLiteral("series_values")).toObject().value(QStringLiteral("priority")).toString(),
                 QStringLiteral("Medium"));
        r = call("PATCH", path + QStringLiteral("?scope=this"), aliceToken,
                 {{QStringLiteral("priority"), QStringLiteral("Medium")}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json.value(QStringLiteral("series_values")).toObject().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecurrenceApi)
#include "tst_recurrenceapi.moc"

#include "api/ReminderApi.h"
#include "auth/JwtAuth.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "services/ReminderService.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace taskstream;

/// The reminder resources over real HTTP, on SQLite or PostgreSQL (notifications: tst_notificationapi).
class TestReminderApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<services::ReminderService> reminders;
    std::unique_ptr<api::ReminderApi> api;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    QByteArray aliceToken, bobToken;
    store::Reminder alicePending, aliceFired, aliceLater, bobPending;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray contentType;
    };

    Reply call(const QByteArray &method, const QString &path, const QByteArray &token)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        if (method == "POST")
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.sendCustomRequest(req, method, QByteArray());
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

    store::Reminder make(const QUuid &user, qint64 inSecs, const QString &status, const QString &title)
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        store::Reminder r;
        r.id = QUuid::createUuid();
        r.taskId = QUuid::createUuid();
        r.userId = user;
        r.remindAt = now.addSecs(inSecs);
        r.offsetMinutes = 15;
        r.status = status;
        if (status == QLatin1String("fired")) {
            r.firedAt = r.remindAt.addSecs(90);
            r.late = true;
        }
        r.title = title;
        r.kafkaPartition = 0;
        r.createdAt = now;
        QString why;
        bool inserted = false;
        if (!(inserted = store::ReminderStore(db.get()).insert(r).valueOr(false)))
            qWarning("cannot insert a reminder: %s", qPrintable(why));
        return r;
    }

    qint64 dismissedEvents()
    {
        QSqlQuery q(db->db());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'")
                   .arg(QString::fromLatin1(events::ReminderDismissed::TypeName)));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    static QString idOf(const store::Reminder &r) { return r.id.toString(QUuid::WithoutBraces); }

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
        server = std::make_unique<http::HttpServer>();
        reminders = std::make_unique<services::ReminderService>(db.get(), &serializer);
        api = std::make_unique<api::ReminderApi>(reminders.get(), &jwt);
        api->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));

        alicePending = make(alice, 600, QStringLiteral("pending"), QStringLiteral("water plants"));
        aliceFired = make(alice, -600, QStringLiteral("fired"), QStringLiteral("call bank"));
        aliceLater = make(alice, 7200, QStringLiteral("pending"), QStringLiteral("gym"));
        bobPending = make(bob, 300, QStringLiteral("pending"), QStringLiteral("bob's"));
    }

    void listsOnlyTheUsersOwnReminders()
    {
        const Reply r = call("GET", QStringLiteral("/api/v1/reminders"), aliceToken);
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 3);
        // Soonest first.
        QCOMPARE(items[0].toObject().value(QStringLiteral("id")).toString(), idOf(aliceFired));
        const QJsonObject fired = items[0].toObject();
        QCOMPARE(fired.value(QStringLiteral("status")).toString(), QStringLiteral("fired"));
        QCOMPARE(fired.value(QStringLiteral("late")).toBool(), true);
        QVERIFY(fired.value(QStringLiteral("fired_at")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(fired.value(QStringLiteral("task_id")).toString(), aliceFired.taskId.toString(QUuid::WithoutBraces));
        QCOMPARE(fired.value(QStringLiteral("title")).toString(), QStringLiteral("call bank"));
        const QDateTime at =
            QDateTime::fromString(fired.value(QStringLiteral("remind_at")).toString(), Qt::ISODateWithMs);
        QCOMPARE(at.toMSecsSinceEpoch(), aliceFired.remindAt.toMSecsSinceEpoch());
        QCOMPARE(at.timeSpec(), Qt::UTC);
        for (const QJsonValue &v : items)
            QVERIFY(v.toObject().value(QStringLiteral("id")).toString() != idOf(bobPending));

        const Reply pending = call("GET", QStringLiteral("/api/v1/reminders?status=pending"), aliceToken);
        QCOMPARE(pending.status, 200);
        QCOMPARE(pending.json.value(QStringLiteral("items")).toArray().size(), 2);

        QCOMPARE(call("GET", QStringLiteral("/api/v1/reminders?status=bogus"), aliceToken).status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/reminders?limit=0"), aliceToken).status, 400);
    }

    void badTokenIs401()
    {
        for (const QString &path : {QStringLiteral("/api/v1/reminders")}) {
            const Reply none = call("GET", path, {});
            QCOMPARE(none.status, 401);
            QCOMPARE(none.contentType, QByteArray("application/problem+json"));
            QCOMPARE(call("GET", path, "not.a.token").status, 401);
        }
        QCOMPARE(call("POST", QStringLiteral("/api/v1/reminders/%1/dismiss").arg(idOf(alicePending)), "garbage").status,
                 401);
        QString why;
        QCOMPARE(store::ReminderStore(db.get()).find(alicePending.id).valueOr(std::nullopt)->status,
                 QStringLiteral("pending"));
    }

    void anotherUsersReminderIsNotFound()
    {
        const Reply r = call("POST", QStringLiteral("/api/v1/reminders/%1/dismiss").arg(idOf(bobPending)), aliceToken);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(
            call("POST",
                 QStringLiteral("/api/v1/reminders/%1/dismiss").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)),
                 aliceToken)
                .status,
            404);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/reminders/not-a-uuid/dismiss"), aliceToken).status, 404);
        QString why;
        QCOMPARE(store::ReminderStore(db.get()).find(bobPending.id).valueOr(std::nullopt)->status,
                 QStringLiteral("pending"));
        QCOMPARE(dismissedEvents(), 0);
    }

    void dismissIsIdempotentAndPublishesOnce()
    {
        QSignalSpy appended(reminders.get(), &services::ReminderService::outboxAppended);
        const QString path = QStringLiteral("/api/v1/reminders/%1/dismiss").arg(idOf(alicePending));
        const Reply first = call("POST", path, aliceToken);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("status")).toString(), QStringLiteral("dismissed"));
        QCOMPARE(dismissedEvents(), 1);
        QCOMPARE(appended.size(), 1);

        const Reply again = call("POST", path, aliceToken);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value(QStringLiteral("status")).toString(), QStringLiteral("dismissed"));
        QCOMPARE(dismissedEvents(), 1);
        QCOMPARE(appended.size(), 1);

        // The event in the outbox is the dismissal of that reminder.
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT payload, record_key, topic, headers FROM outbox WHERE event_type = '%1'")
                           .arg(QString::fromLatin1(events::ReminderDismissed::TypeName))));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toByteArray(), idOf(alicePending).toUtf8());
        QCOMPARE(q.value(2).toString(), QStringLiteral("todo.reminders.events"));
        events::Headers headers;
        store::OutboxStore::forEachHeader(q.value(3).toByteArray(), [&headers](QByteArrayView k, QByteArrayView v) {
            headers.append({QString::fromUtf8(k), v.toByteArray()});
        });
        const events::DecodeResult d = serializer.decode(q.value(0).toByteArray(), headers);
        QVERIFY(d.ok());
        const auto ev = d.decoded.event.as<events::ReminderDismissed>();
        QVERIFY(ev);
        QCOMPARE(ev->reminder.reminderId, alicePending.id);
        QCOMPARE(ev->reminder.userId, alice);
        // The user dismissed it, through the API, with her token.
        QCOMPARE(ev->reason, QStringLiteral("user"));
        QCOMPARE(d.decoded.event.actor().subject, alice.toString(QUuid::WithoutBraces));
        QCOMPARE(d.decoded.event.actor().source, QStringLiteral("api"));
    }

    void firedReminderCannotBeDismissed()
    {
        const Reply r = call("POST", QStringLiteral("/api/v1/reminders/%1/dismiss").arg(idOf(aliceFired)), aliceToken);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QString why;
        QCOMPARE(store::ReminderStore(db.get()).find(aliceFired.id).valueOr(std::nullopt)->status,
                 QStringLiteral("fired"));
    }

    void adminListsEveryonesRemindersWithTaskState()
    {
        QString why;
        const QUuid carol = QUuid::createUuid();
        // An overdue pending reminder of a completed task, and a fired one whose task row is gone.
        store::Reminder overdue = make(carol, -300, QStringLiteral("pending"), QStringLiteral("overdue"));
        const store::Reminder fired = make(carol, -600, QStringLiteral("fired"), QStringLiteral("fired late"));
        QSqlQuery q(db->db());
        q.prepare(QStringLiteral("INSERT INTO tasks (id, user_id, title, status, due_date, created_at, updated_at,"
                                 " completed_at) VALUES (?, ?, 'carol task', 'completed', ?, ?, ?, ?)"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        q.addBindValue(overdue.taskId.toString(QUuid::WithoutBraces));
        q.addBindValue(carol.toString(QUuid::WithoutBraces));
        q.addBindValue(now + 600000);
        q.addBindValue(now);
        q.addBindValue(now);
        q.addBindValue(now);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));

        // A user token may not list everyone's reminders.
        QCOMPARE(call("GET", QStringLiteral("/api/v1/admin/reminders"), aliceToken).status, 403);
        const QByteArray admin = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
        QCOMPARE(call("GET", QStringLiteral("/api/v1/admin/reminders?status=late"), admin).status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/admin/reminders?user=nobody"), admin).status, 400);

        // Without a trigger on this node the answer says so.
        Reply r = call(
            "GET", QStringLiteral("/api/v1/admin/reminders?user=%1").arg(carol.toString(QUuid::WithoutBraces)), admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("trigger")).toObject().value(QStringLiteral("runs_here")).toBool(true),
                 false);
        const QJsonArray items = r.json.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        const QJsonObject first = items[0].toObject(); // soonest first: the fired one
        QCOMPARE(first.value(QStringLiteral("id")).toString(), idOf(fired));
        QCOMPARE(first.value(QStringLiteral("task")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("missing"));
        QCOMPARE(first.value(QStringLiteral("lateness_seconds")).toDouble(), 90.0);
        QCOMPARE(first.value(QStringLiteral("overdue")).toBool(true), false);
        const QJsonObject second = items[1].toObject();
        QCOMPARE(second.value(QStringLiteral("id")).toString(), idOf(overdue));
        QCOMPARE(second.value(QStringLiteral("user_id")).toString(), carol.toString(QUuid::WithoutBraces));
        QCOMPARE(second.value(QStringLiteral("partition")).toInt(-1), 0);
        QCOMPARE(second.value(QStringLiteral("overdue")).toBool(), true);
        QVERIFY(second.value(QStringLiteral("lateness_seconds")).toDouble() >= 300.0);
        QCOMPARE(second.value(QStringLiteral("task")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        QVERIFY(second.value(QStringLiteral("task"))
                    .toObject()
                    .value(QStringLiteral("due_date"))
                    .toString()
                    .endsWith(QLatin1Char('Z')));

        // Filtered by status across users, with what the node's trigger holds.
        api->setTriggerStateProvider([] {
            return QJsonObject{{QStringLiteral("runs_here"), true},
                               {QStringLiteral("owned_partitions"), QJsonArray{1, 2}}};
        });
        r = call("GET", QStringLiteral("/api/v1/admin/reminders?status=fired"), admin);
        QCOMPARE(r.status, 200);
        for (const QJsonValue &v : r.json.value(QStringLiteral("items")).toArray())
            QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("fired"));
        QVERIFY(r.json.value(QStringLiteral("items")).toArray().size() >= 2); // alice's and carol's
        QCOMPARE(r.json.value(QStringLiteral("trigger")).toObject().value(QStringLiteral("owned_partitions")).toArray(),
                 (QJsonArray{1, 2}));
        api->setTriggerStateProvider({});
    }
};

QTEST_GUILESS_MAIN(TestReminderApi)
#include "tst_reminderapi.moc"

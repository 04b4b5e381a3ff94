#include "api/NotificationApi.h"
#include "auth/JwtAuth.h"
#include "http/HttpServer.h"
#include "services/NotificationService.h"
#include "store/Database.h"
#include "store/NotificationStore.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;

/// A user's notification list (paging, unread filter, mark read, mark all read) and preferences
/// over real HTTP, on SQLite or PostgreSQL.
class TestNotificationApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    auth::JwtAuth jwt{QByteArray(48, 'k')};
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<services::NotificationService> service;
    std::unique_ptr<api::NotificationApi> api;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    QByteArray aliceToken, bobToken, adminToken;
    QList<QUuid> aliceIds; ///< newest first
    QUuid bobId;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray contentType;
    };

    Reply call(const QByteArray &method, const QString &path, const QByteArray &token, const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        if (method != "GET")
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.sendCustomRequest(req, method, body);
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

    static QStringList titles(const Reply &r)
    {
        QStringList out;
        for (const QJsonValue &v : r.json.value(QStringLiteral("items")).toArray())
            out << v.toObject().value(QStringLiteral("title")).toString();
        return out;
    }

    QUuid add(const QUuid &user, const QString &title, const QDateTime &at)
    {
        store::Notification n;
        n.id = QUuid::createUuid();
        n.userId = user;
        n.kind = QStringLiteral("task_changed");
        n.taskId = QUuid::createUuid();
        n.title = title;
        n.body = QJsonObject{{QStringLiteral("change"), QStringLiteral("updated")}};
        n.createdAt = at;
        if (!store::NotificationStore(db.get()).insert(n).valueOr(false))
            qWarning("cannot insert a notification");
        return n.id;
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
        service = std::make_unique<services::NotificationService>(db.get());
        api = std::make_unique<api::NotificationApi>(service.get(), &jwt);
        api->registerRoutes(*server);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));

        // Five of alice's, two with the same time (the id orders them), one of bob's.
        const QDateTime base = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        QList<QPair<QUuid, QString>> made;
        for (int i = 0; i < 5; ++i)
            made.prepend(
                {add(alice, QStringLiteral("n%1").arg(i), base.addSecs(i == 4 ? 3 : i)), QStringLiteral("n%1").arg(i)});
        bobId = add(bob, QStringLiteral("bob's"), base);
        // Newest first: n3 and n4 share a time; the larger id comes first.
        std::sort(made.begin(), made.end(), [&](const auto &a, const auto &b) {
            const int ia = a.second.mid(1).toInt(), ib = b.second.mid(1).toInt();
            const qint64 ta = ia == 4 ? 3 : ia, tb = ib == 4 ? 3 : ib;
            if (ta != tb)
                return ta > tb;
            return a.first.toString(QUuid::WithoutBraces) > b.first.toString(QUuid::WithoutBraces);
        });
        for (const auto &m : made)
            aliceIds << m.first;
    }

    void pagesNewestFirstWithoutRepeatsOrGaps()
    {
        QList<QUuid> seen;
        QString after;
        int pages = 0;
        do {
            const Reply r = call("GET",
                                 QStringLiteral("/api/v1/notifications?limit=2") +
                                     (after.isEmpty() ? QString() : QStringLiteral("&after=") + after),
                                 aliceToken);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json.value(QStringLiteral("unread_count")).toInt(), 5);
            for (const QJsonValue &v : r.json.value(QStringLiteral("items")).toArray())
                seen << QUuid::fromString(v.toObject().value(QStringLiteral("id")).toString());
            after = r.json.value(QStringLiteral("next_cursor")).toString();
            ++pages;
        } while (!after.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(seen, aliceIds); // bob's is never among them
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications?after=garbage"), aliceToken).status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications?unread=maybe"), aliceToken).status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications?limit=0"), aliceToken).status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications"), {}).status, 401);
    }

    void markReadIsOwnOnlyAndIdempotent()
    {
        const QString id = aliceIds[1].toString(QUuid::WithoutBraces);
        // Another user's notification is answered like an unknown one, and stays unread.
        const Reply foreign = call("POST", QStringLiteral("/api/v1/notifications/%1/read").arg(id), bobToken);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(foreign.contentType, QByteArray("application/problem+json"));
        QCOMPARE(call("POST", QStringLiteral("/api/v1/notifications/not-an-id/read"), aliceToken).status, 404);

        const Reply first = call("POST", QStringLiteral("/api/v1/notifications/%1/read").arg(id), aliceToken);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QStringLiteral("read")).toBool(), true);
        const QString readAt = first.json.value(QStringLiteral("read_at")).toString();
        QVERIFY(readAt.endsWith(QLatin1Char('Z')));
        const Reply again = call("POST", QStringLiteral("/api/v1/notifications/%1/read").arg(id), aliceToken);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value(QStringLiteral("read_at")).toString(), readAt); // unchanged

        const Reply unread = call("GET", QStringLiteral("/api/v1/notifications?unread=true"), aliceToken);
        QCOMPARE(unread.json.value(QStringLiteral("unread_count")).toInt(), 4);
        QCOMPARE(unread.json.value(QStringLiteral("items")).toArray().size(), 4);
        for (const QJsonValue &v : unread.json.value(QStringLiteral("items")).toArray())
            QVERIFY(v.toObject().value(QStringLiteral("id")).toString() != id);
    }

    void markAllReadLeavesOtherUsersAlone()
    {
        const Reply r = call("POST", QStringLiteral("/api/v1/notifications/read-all"), aliceToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("marked_read")).toInt(), 4);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications?unread=true"), aliceToken)
                     .json.value(QStringLiteral("items"))
                     .toArray()
                     .size(),
                 0);
        const Reply b = call("GET", QStringLiteral("/api/v1/notifications?unread=true"), bobToken);
        QCOMPARE(b.json.value(QStringLiteral("unread_count")).toInt(), 1);
        QCOMPARE(titles(b), QStringList{QStringLiteral("bob's")});
    }

    void adminListsOneUsersNotifications()
    {
        QCOMPARE(call("GET",
                      QStringLiteral("/api/v1/admin/notifications?user=%1").arg(bob.toString(QUuid::WithoutBraces)),
                      aliceToken)
                     .status,
                 403);
        const Reply r =
            call("GET", QStringLiteral("/api/v1/admin/notifications?user=%1").arg(bob.toString(QUuid::WithoutBraces)),
                 adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(titles(r), QStringList{QStringLiteral("bob's")});
        QCOMPARE(call("GET", QStringLiteral("/api/v1/admin/notifications"), adminToken).status, 400);
    }

    void preferencesDefaultThenPatched()
    {
        const Reply d = call("GET", QStringLiteral("/api/v1/notifications/preferences"), aliceToken);
        QCOMPARE(d.status, 200);
        const QJsonObject channels = d.json.value(QStringLiteral("channels")).toObject();
        QCOMPARE(channels.value(QStringLiteral("in_app")).toBool(), true);
        QCOMPARE(channels.value(QStringLiteral("webhook")).toBool(), true);
        QCOMPARE(channels.value(QStringLiteral("email")).toBool(), true);
        QVERIFY(d.json.value(QStringLiteral("quiet_hours")).isNull());
        QVERIFY(d.json.value(QStringLiteral("updated_at")).isNull());

        const Reply p = call("PATCH", QStringLiteral("/api/v1/notifications/preferences"), aliceToken,
                             R"({"channels": {"webhook": false}, "quiet_hours": {"start": "22:30", "end": "07:00"},
                                 "email_address": "alice@example.com"})");
        QCOMPARE(p.status, 200);
        QCOMPARE(p.json.value(QStringLiteral("channels")).toObject().value(QStringLiteral("webhook")).toBool(), false);
        QCOMPARE(p.json.value(QStringLiteral("channels")).toObject().value(QStringLiteral("in_app")).toBool(), true);
        QCOMPARE(p.json.value(QStringLiteral("quiet_hours")).toObject().value(QStringLiteral("start")).toString(),
                 QStringLiteral("22:30"));
        QCOMPARE(p.json.value(QStringLiteral("email_address")).toString(), QStringLiteral("alice@example.com"));
        // Stored: read back, and bob's are still the defaults.
        const Reply back = call("GET", QStringLiteral("/api/v1/notifications/preferences"), aliceToken);
        QCOMPARE(back.json.value(QStringLiteral("quiet_hours")).toObject().value(QStringLiteral("end")).toString(),
                 QStringLiteral("07:00"));
        QVERIFY(!back.json.value(QStringLiteral("updated_at")).isNull());
        QVERIFY(call("GET", QStringLiteral("/api/v1/notifications/preferences"), bobToken)
                    .json.value(QStringLiteral("quiet_hours"))
                    .isNull());
        // Null clears.
        const Reply cleared =
            call("PATCH", QStringLiteral("/api/v1/notifications/preferences"), aliceToken, R"({"quiet_hours": null})");
        QCOMPARE(cleared.status, 200);
        QVERIFY(cleared.json.value(QStringLiteral("quiet_hours")).isNull());
        QCOMPARE(cleared.json.value(QStringLiteral("channels")).toObject().value(QStringLiteral("webhook")).toBool(),
                 false);
    }

    void badPreferencesAre422AndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("unknown field") << QByteArray(R"({"volume": 3})");
        QTest::newRow("unknown channel") << QByteArray(R"({"channels": {"pager": true}})");
        QTest::newRow("channel not a boolean") << QByteArray(R"({"channels": {"email": "yes"}})");
        QTest::newRow("hour out of range") << QByteArray(R"({"quiet_hours": {"start": "24:00", "end": "07:00"}})");
        QTest::newRow("no end") << QByteArray(R"({"quiet_hours": {"start": "22:00"}})");
        QTest::newRow("empty range") << QByteArray(R"({"quiet_hours": {"start": "08:00", "end": "08:00"}})");
        QTest::newRow("address with a line break") << QByteArray(R"({"email_address": "a@example.com\r\nBcc: x@y.z"})");
        QTest::newRow("not an address") << QByteArray(R"({"email_address": "alice"})");
    }
    void badPreferencesAre422AndChangeNothing()
    {
        QFETCH(QByteArray, body);
        const QJsonObject before = call("GET", QStringLiteral("/api/v1/notifications/preferences"), aliceToken).json;
        const Reply r = call("PATCH", QStringLiteral("/api/v1/notifications/preferences"), aliceToken, body);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QVERIFY(!r.json.value(QStringLiteral("detail")).toString().isEmpty());
        QCOMPARE(call("GET", QStringLiteral("/api/v1/notifications/preferences"), aliceToken).json, before);
    }
};

QTEST_GUILESS_MAIN(TestNotificationApi)
#include "tst_notificationapi.moc"

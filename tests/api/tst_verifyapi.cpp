#include "api/VerifyApi.h"
#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "events/TaskEvents.h"
#include "http/HttpServer.h"
#include "kafka/EmbeddedBroker.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using namespace taskstream;

/// GET /api/v1/verify over real HTTP, against the embedded broker and SQLite or PostgreSQL:
/// admins only, a bounded window, the report as JSON, 503 with Retry-After while the database
/// is away.
class TestVerifyApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    kafka::EmbeddedBroker broker;
    std::unique_ptr<store::Database> db;
    auth::JwtAuth jwt{QByteArray(48, 'a')};
    http::HttpServer server;
    std::unique_ptr<api::VerifyApi> verifyApi;
    QNetworkAccessManager nam;
    QByteArray userToken, adminToken;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray retryAfter;
    };
    Reply get(const QString &query, const QByteArray &token)
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/verify").arg(server.port()));
        url.setQuery(query);
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *r = nam.get(req);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(60000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        out.retryAfter = r->rawHeader("Retry-After");
        r->deleteLater();
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        userToken = jwt.issue(QUuid::createUuid(), QStringLiteral("user"), 3600, &why).toUtf8();
        adminToken = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
        verifyApi = std::make_unique<api::VerifyApi>(db.get(), &jwt, kafka::KafkaConfig(broker.bootstrapServers()));
        verifyApi->registerRoutes(server);
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void cleanupTestCase()
    {
        verifyApi.reset();
        db.reset();
        broker.stop();
    }

    void onlyAdminsVerify()
    {
        QCOMPARE(get(QString(), userToken).status, 403);
        QCOMPARE(get(QString(), "not a token").status, 401);
    }

    void badWindowsAreRefused_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("not a time") << "since=yesterday";
        QTest::newRow("longer than a day") << "since=2d";
        QTest::newRow("ends before it starts") << "since=1h&until=2h";
        QTest::newRow("unknown group") << "group=no-such-cg";
        QTest::newRow("negative settle time") << "settle_seconds=-1";
    }
    void badWindowsAreRefused()
    {
        QFETCH(QString, query);
        QCOMPARE(get(query, adminToken).status, 400);
    }

    /// The default window (the last hour) over every group; then an outbox row marked sent that
    /// never reached the topic, reported as such.
    void reportsAsJson()
    {
        Reply r = get(QString(), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("groups")).toArray().size(),
                 TopicCatalog::builtin().consumerGroups().size());
        QCOMPARE(r.json.value(QStringLiteral("database")).toString(), db->kindName());

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(db->begin());
        const Result<int> inserted =
            db->statement(QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload,"
                                         " headers, created_at, status, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          store::Database::Reuse::Once)
                .bind(QUuid::createUuid().toString(QUuid::WithoutBraces))
                .bind(QString::fromLatin1(events::TaskCreated::TypeName))
                .bind(QStringLiteral("todo.tasks.events"))
                .bind(QByteArray("k"))
                .bind(QByteArray("x"))
                .bind(QByteArray(2, '\0'))
                .bind(now)
                .bind(QStringLiteral("sent"))
                .bind(now)
                .exec();
        QVERIFY2(inserted, qPrintable(inserted.error().message));
        if (db->kind() == store::Database::Kind::SQLite)
            QVERIFY(
                db->statement(QStringLiteral("UPDATE outbox_cursor SET sent_through = (SELECT MAX(seq) FROM outbox)"),
                              store::Database::Reuse::Once)
                    .exec());
        QVERIFY(db->commit());

        r = get(QStringLiteral("since=10m&group=task-broadcaster-cg&settle_seconds=0"), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("clean")).toBool(true), false);
        const QJsonObject outbox = r.json.value(QStringLiteral("outbox")).toObject();
        QCOMPARE(outbox.value(QStringLiteral("committed")).toInt(), 1);
        QCOMPARE(outbox.value(QStringLiteral("marked_sent_not_on_topic")).toInt(), 1);
        const QJsonArray groups = r.json.value(QStringLiteral("groups")).toArray();
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups.first().toObject().value(QStringLiteral("not_published")).toInt(), 1);
    }

    void databaseAwayIs503WithRetryAfter()
    {
        if (!fixture.isPostgres())
            QSKIP("a database server to stop: run with TASKSTREAM_TEST_DB=postgresql");
        QString why;
        QVERIFY2(fixture.crashServer(&why), qPrintable(why));
        const Reply r = get(QStringLiteral("since=10m"), adminToken);
        QVERIFY2(fixture.restartServer(&why), qPrintable(why));
        QCOMPARE(r.status, 503);
        QVERIFY(!r.retryAfter.isEmpty());
    }
};

QTEST_MAIN(TestVerifyApi)
#include "tst_verifyapi.moc"

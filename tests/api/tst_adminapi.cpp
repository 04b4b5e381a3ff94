#include "api/AdminApi.h"
#include "auth/JwtAuth.h"
#include "http/HttpServer.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;

/// POST /api/v1/admin/users/{id}/erase over real HTTP: admins only, confirmed by repeating the id.
class TestAdminApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    auth::JwtAuth jwt{QByteArray(48, 'a')};
    http::HttpServer server;
    std::unique_ptr<api::AdminApi> adminApi;
    QNetworkAccessManager nam;
    QByteArray userToken, adminToken;
    const QUuid alice = QUuid::createUuid();

    struct Reply
    {
        int status = 0;
        QJsonObject json;
    };
    Reply erase(const QString &who, const QByteArray &body, const QByteArray &token)
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/admin/users/%2/erase").arg(server.port()).arg(who)));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.post(req, body);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(10000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        r->deleteLater();
        return out;
    }
    qint64 tasksOf(const QUuid &user)
    {
        store::Database::Statement s =
            db->statement(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE user_id = ?"), store::Database::Reuse::Once);
        s.bind(user.toString(QUuid::WithoutBraces));
        if (!s.exec() || !s.next())
            return -1;
        return s.int64(0);
    }

private slots:
    void initTestCase()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        userToken = jwt.issue(alice, QStringLiteral("user"), 3600, &why).toUtf8();
        adminToken = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
        adminApi = std::make_unique<api::AdminApi>(db.get(), &jwt);
        adminApi->registerRoutes(server);
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
        const Result<int> r =
            db->statement("INSERT INTO tasks (id, user_id, title, created_at, updated_at) VALUES (?, ?, 't', 1, 1)")
                .bind(QUuid::createUuid().toString(QUuid::WithoutBraces))
                .bind(alice.toString(QUuid::WithoutBraces))
                .exec();
        QVERIFY(r.ok());
    }
    void cleanupTestCase()
    {
        adminApi.reset();
        db.reset();
    }

    void onlyAdminsErase()
    {
        const QString id = alice.toString(QUuid::WithoutBraces);
        const Reply r = erase(id, QJsonDocument(QJsonObject{{QStringLiteral("confirm"), id}}).toJson(), userToken);
        QCOMPARE(r.status, 403);
        QCOMPARE(tasksOf(alice), 1);
    }

    void withoutConfirmationNothingIsErased_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no confirm") << QByteArray("{}");
        QTest::newRow("another id") << QJsonDocument(QJsonObject{{QStringLiteral("confirm"),
                                                                  QUuid::createUuid().toString(QUuid::WithoutBraces)}})
                                           .toJson();
    }
    void withoutConfirmationNothingIsErased()
    {
        QFETCH(QByteArray, body);
        const Reply r = erase(alice.toString(QUuid::WithoutBraces), body, adminToken);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json.value(QLatin1String("type")).toString(), QStringLiteral("urn:taskstream:problem:validation"));
        QCOMPARE(tasksOf(alice), 1);
    }

    void confirmedErasureAnswersWhatWent()
    {
        const QString id = alice.toString(QUuid::WithoutBraces);
        const Reply r = erase(id, QJsonDocument(QJsonObject{{QStringLiteral("confirm"), id}}).toJson(), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("tasks")).toInt(), 1);
        QCOMPARE(r.json.value(QLatin1String("user_id")).toString(), id);
        QCOMPARE(tasksOf(alice), 0);
    }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"

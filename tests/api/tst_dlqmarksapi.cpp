#include "api/DlqMarksApi.h"
#include "auth/JwtAuth.h"
#include "http/HttpServer.h"
#include "processing/DlqMarks.h"
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

using namespace taskstream;

/// The daemon's shared DLQ discard marks over real HTTP: admins only, all or nothing, and what one
/// client marks another reads.
class TestDlqMarksApi : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    auth::JwtAuth jwt{QByteArray(48, 'a')};
    http::HttpServer server;
    std::unique_ptr<api::DlqMarksApi> marksApi;
    QNetworkAccessManager nam;
    QByteArray userToken, adminToken;
    const QUuid admin = QUuid::createUuid();
    const QString topic = QStringLiteral("audit-log-cg.dlq");

    struct Reply
    {
        int status = 0;
        QJsonObject json;
    };
    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body, const QByteArray &token)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = verb == "GET" ? nam.get(req) : nam.post(req, body);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(10000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        r->deleteLater();
        return out;
    }
    Reply list(const QString &t, const QByteArray &token)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("topic"), t);
        return send("GET", QStringLiteral("/api/v1/dlq/marks?") + q.toString(QUrl::FullyEncoded), {}, token);
    }
    static QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
    QJsonObject records(const QList<QPair<int, qint64>> &ids, const QString &note = {}, const QString &by = {})
    {
        QJsonArray a;
        for (const auto &id : ids)
            a.append(QJsonObject{{QStringLiteral("partition"), id.first}, {QStringLiteral("offset"), id.second}});
        QJsonObject o{{QStringLiteral("topic"), topic}, {QStringLiteral("records"), a}};
        if (!note.isEmpty())
            o.insert(QStringLiteral("note"), note);
        if (!by.isEmpty())
            o.insert(QStringLiteral("by"), by);
        return o;
    }

private slots:
    void initTestCase()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        userToken = jwt.issue(QUuid::createUuid(), QStringLiteral("user"), 3600, &why).toUtf8();
        adminToken = jwt.issue(admin, QStringLiteral("admin"), 3600, &why).toUtf8();
        marksApi = std::make_unique<api::DlqMarksApi>(db.get(), &jwt);
        marksApi->registerRoutes(server);
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }
    void cleanupTestCase()
    {
        server.close();
        marksApi.reset();
        db.reset();
    }

    void userTokensAreRefused()
    {
        QCOMPARE(list(topic, userToken).status, 403);
        QCOMPARE(send("POST", QStringLiteral("/api/v1/dlq/marks/discard"), json(records({{0, 1}})), userToken).status,
                 403);
        QCOMPARE(list(topic, "not-a-token").status, 401);
        QCOMPARE(list(topic, adminToken).json.value(QStringLiteral("marks")).toArray().size(), 0);
    }

    void discardIsSharedAndUndone()
    {
        Reply r = send("POST", QStringLiteral("/api/v1/dlq/marks/discard"),
                       json(records({{0, 3}, {1, 7}}, QStringLiteral("known bad producer"), QStringLiteral("alice"))),
                       adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("discarded")).toInt(), 2);

        // Another client reads them, as does the database's own view (what the replayer checks).
        r = list(topic, adminToken);
        QCOMPARE(r.status, 200);
        const QJsonArray marks = r.json.value(QStringLiteral("marks")).toArray();
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks.at(0).toObject().value(QStringLiteral("partition")).toInt(), 0);
        QCOMPARE(marks.at(0).toObject().value(QStringLiteral("offset")).toInteger(), 3);
        QCOMPARE(marks.at(0).toObject().value(QStringLiteral("discarded_by")).toString(), QStringLiteral("alice"));
        QCOMPARE(marks.at(0).toObject().value(QStringLiteral("note")).toString(), QStringLiteral("known bad producer"));
        QVERIFY(QDateTime::fromString(marks.at(0).toObject().value(QStringLiteral("discarded_at")).toString(),
                                      Qt::ISODateWithMs)
                    .isValid());
        const auto direct = processing::DlqMarks(db.get()).marks({{topic, 1, 7}});
        QVERIFY(direct.ok());
        QVERIFY(direct->value(QStringLiteral("%1/1/7").arg(topic)).discarded);
        // Other topics are not mixed in.
        QCOMPARE(list(QStringLiteral("other.dlq"), adminToken).json.value(QStringLiteral("marks")).toArray().size(), 0);

        // Without "by" the token's subject is recorded.
        QCOMPARE(send("POST", QStringLiteral("/api/v1/dlq/marks/discard"), json(records({{2, 0}})), adminToken).status,
                 200);
        const QJsonArray three = list(topic, adminToken).json.value(QStringLiteral("marks")).toArray();
        QCOMPARE(three.size(), 3);
        QCOMPARE(three.at(2).toObject().value(QStringLiteral("discarded_by")).toString(),
                 admin.toString(QUuid::WithoutBraces));

        r = send("POST", QStringLiteral("/api/v1/dlq/marks/undo"), json(records({{0, 3}, {2, 0}})), adminToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("undone")).toInt(), 2);
        const QJsonArray left = list(topic, adminToken).json.value(QStringLiteral("marks")).toArray();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.at(0).toObject().value(QStringLiteral("offset")).toInteger(), 7);
    }

    void badRequestsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no topic") << QByteArray(R"({"records":[{"partition":0,"offset":1}]})") << "topic";
        QTest::newRow("no records") << QByteArray(R"({"topic":"x.dlq","records":[]})") << "records";
        QTest::newRow("negative offset") << QByteArray(R"({"topic":"x.dlq","records":[{"partition":0,"offset":-1}]})")
                                         << "records[0]";
        QTest::newRow("fraction") << QByteArray(R"({"topic":"x.dlq","records":[{"partition":0.5,"offset":1}]})")
                                  << "records[0]";
        QTest::newRow("note not text") << QByteArray(R"({"topic":"x.dlq","records":[{"partition":0,"offset":1}],)"
                                                     R"("note":5})")
                                       << "note";
    }
    void badRequestsChangeNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const Reply r = send("POST", QStringLiteral("/api/v1/dlq/marks/discard"), body, adminToken);
        QCOMPARE(r.status, 422);
        const QJsonArray errors = r.json.value(QStringLiteral("errors")).toArray();
        QVERIFY(!errors.isEmpty());
        QCOMPARE(errors.at(0).toObject().value(QStringLiteral("field")).toString(), field);
        QCOMPARE(list(QStringLiteral("x.dlq"), adminToken).json.value(QStringLiteral("marks")).toArray().size(), 0);
        QCOMPARE(list(QString(), adminToken).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestDlqMarksApi)
#include "tst_dlqmarksapi.moc"

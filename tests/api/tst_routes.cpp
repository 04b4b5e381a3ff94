#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;

/// Route-level access (requireUser, requireAdmin) and the one Error -> problem+json mapping, over
/// real HTTP on loopback.
class TestRoutes : public QObject
{
    Q_OBJECT
    auth::JwtAuth jwt{QByteArray(48, 'r')};
    http::HttpServer server;
    QNetworkAccessManager nam;
    const QUuid alice = QUuid::createUuid();
    QByteArray userToken, adminToken;
    QUuid seenBy;

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray contentType;
        QByteArray wwwAuthenticate;
        QByteArray retryAfter;
        QByteArray requestId;
    };

    Reply get(const QString &path, const QByteArray &token = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(path)));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *r = nam.get(req);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(10000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        out.contentType = r->rawHeader("Content-Type");
        out.wwwAuthenticate = r->rawHeader("WWW-Authenticate");
        out.retryAfter = r->rawHeader("Retry-After");
        out.requestId = r->rawHeader("X-Request-Id");
        r->deleteLater();
        return out;
    }

    Reply post(const QString &path, const QByteArray &body, const QByteArray &token)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *r = nam.post(req, body);
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(10000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        out.contentType = r->rawHeader("Content-Type");
        out.requestId = r->rawHeader("X-Request-Id");
        r->deleteLater();
        return out;
    }

private slots:
    void initTestCase()
    {
        QString why;
        userToken = jwt.issue(alice, QStringLiteral("user"), 3600, &why).toUtf8();
        adminToken = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
        api::Routes routes(server, &jwt);
        routes.requireUser("GET", QStringLiteral("/mine"),
                           [this](const http::HttpRequest &, const auth::Principal &who) {
                               seenBy = who.userId;
                               return http::HttpResponse::json(200, QJsonObject{{QStringLiteral("ok"), true}});
                           });
        routes.requireAdmin("GET", QStringLiteral("/admin"), QStringLiteral("admins only"),
                            [](const http::HttpRequest &, const auth::Principal &) {
                                return http::HttpResponse::json(200, QJsonObject{{QStringLiteral("ok"), true}});
                            });
        routes.requireUser(
            "GET", QStringLiteral("/fail/{kind}"), [](const http::HttpRequest &r, const auth::Principal &) {
                const QString kind = r.pathParam(QStringLiteral("kind"));
                if (kind == QLatin1String("unavailable"))
                    return api::problem::fromError(Error::unavailable(QStringLiteral("server closed the connection")));
                if (kind == QLatin1String("conflict"))
                    return api::problem::fromError(Error::conflict(QStringLiteral("already there")));
                if (kind == QLatin1String("invalid"))
                    return api::problem::fromError(Error::invalid(QStringLiteral("bad value")));
                if (kind == QLatin1String("dbconflict"))
                    return api::problem::fromError(
                        Error::conflict(QStringLiteral("UNIQUE constraint failed: tasks.id")).fromDatabase());
                if (kind == QLatin1String("dbinvalid"))
                    return api::problem::fromError(
                        Error::invalid(QStringLiteral("value too long for type character varying(500)"))
                            .fromDatabase());
                if (kind == QLatin1String("notfound"))
                    return api::problem::fromError(Error::notFound(QStringLiteral("no such thing")));
                return api::problem::fromError(Error::internal(QStringLiteral("syntax error near SELEKT")));
            });
        routes.requireUser("POST", QStringLiteral("/echo"), [](const http::HttpRequest &r, const auth::Principal &) {
            http::HttpResponse refusal;
            const std::optional<QJsonObject> body = api::jsonObjectBody(r, &refusal);
            return body ? http::HttpResponse::json(200, *body) : refusal;
        });
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }

    void noTokenIsUnauthorized_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("user route") << QStringLiteral("/mine");
        QTest::newRow("admin route") << QStringLiteral("/admin");
    }
    void noTokenIsUnauthorized()
    {
        QFETCH(QString, path);
        for (const QByteArray &token : {QByteArray(), QByteArray("not-a-token")}) {
            const Reply r = get(path, token);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.contentType, QByteArray("application/problem+json"));
            QCOMPARE(r.json.value(QLatin1String("type")).toString(),
                     QStringLiteral("urn:taskstream:problem:unauthorized"));
            QCOMPARE(r.json.value(QLatin1String("status")).toInt(), 401);
            QVERIFY(r.wwwAuthenticate.startsWith("Bearer"));
        }
    }

    void handlerGetsThePrincipal()
    {
        seenBy = QUuid();
        QCOMPARE(get(QStringLiteral("/mine"), userToken).status, 200);
        QCOMPARE(seenBy, alice);
        QCOMPARE(get(QStringLiteral("/mine"), adminToken).status, 200);
    }

    void userTokenOnAdminRouteIsForbidden()
    {
        const Reply r = get(QStringLiteral("/admin"), userToken);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.json.value(QLatin1String("type")).toString(), QStringLiteral("urn:taskstream:problem:forbidden"));
        QCOMPARE(r.json.value(QLatin1String("detail")).toString(), QStringLiteral("admins only"));
        QCOMPARE(get(QStringLiteral("/admin"), adminToken).status, 200);
    }

    void errorsBecomeProblems_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("unavailable") << QStringLiteral("unavailable") << 503 << QStringLiteral("storage");
        QTest::newRow("conflict") << QStringLiteral("conflict") << 409 << QStringLiteral("conflict");
        QTest::newRow("invalid") << QStringLiteral("invalid") << 422 << QStringLiteral("validation");
        QTest::newRow("conflict from the database")
            << QStringLiteral("dbconflict") << 409 << QStringLiteral("conflict");
        QTest::newRow("invalid from the database")
            << QStringLiteral("dbinvalid") << 422 << QStringLiteral("validation");
        QTest::newRow("not found") << QStringLiteral("notfound") << 404 << QStringLiteral("not-found");
        QTest::newRow("internal") << QStringLiteral("internal") << 500 << QStringLiteral("internal");
    }
    void errorsBecomeProblems()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, type);
        const Reply r = get(QStringLiteral("/fail/") + kind, userToken);
        QCOMPARE(r.status, status);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.json.value(QLatin1String("type")).toString(), QStringLiteral("urn:taskstream:problem:") + type);
        QCOMPARE(r.json.value(QLatin1String("status")).toInt(), status);
        QCOMPARE(!r.retryAfter.isEmpty(), status == 503);
        // The database's own words stay in the log.
        const QString detail = r.json.value(QLatin1String("detail")).toString();
        QVERIFY2(!detail.contains(QLatin1String("SELEKT")) && !detail.contains(QLatin1String("server closed")) &&
                     !detail.contains(QLatin1String("constraint")) && !detail.contains(QLatin1String("varying")),
                 qPrintable(detail));
        // Where the text was withheld, the client gets the id of the log line that has it.
        const bool withheld = kind == QLatin1String("unavailable") || kind == QLatin1String("internal") ||
                              kind.startsWith(QLatin1String("db"));
        QCOMPARE(!r.requestId.isEmpty(), withheld);
        QCOMPARE(r.json.value(QLatin1String("request_id")).toString().toLatin1(), r.requestId);
    }

    void textThatIsNeverStoredIsRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("why");
        QTest::newRow("lone high surrogate") << QByteArray(R"({"title":"\ud800x"})") << QStringLiteral("surrogate");
        QTest::newRow("lone low surrogate") << QByteArray(R"({"title":"a\udc00"})") << QStringLiteral("surrogate");
        QTest::newRow("high then high") << QByteArray(R"({"title":"\ud800\ud800"})") << QStringLiteral("surrogate");
        QTest::newRow("escaped NUL") << QByteArray(R"({"title":"a\u0000b"})") << QStringLiteral("NUL");
        QTest::newRow("raw NUL") << QByteArray("{\"title\":\"a\0b\"}", 15) << QStringLiteral("NUL");
        QTest::newRow("encoded surrogate") << QByteArray("{\"title\":\"\xed\xa0\x80\"}") << QStringLiteral("UTF-8");
        QTest::newRow("not UTF-8") << QByteArray("{\"title\":\"\xff\"}") << QStringLiteral("UTF-8");
    }
    void textThatIsNeverStoredIsRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, why);
        const Reply r = post(QStringLiteral("/echo"), body, userToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json.value(QLatin1String("type")).toString(), QStringLiteral("urn:taskstream:problem:invalid-text"));
        QVERIFY2(r.json.value(QLatin1String("detail")).toString().contains(why),
                 qPrintable(r.json.value(QLatin1String("detail")).toString()));
    }

    void goodTextIsKept_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("title");
        QTest::newRow("surrogate pair") << QByteArray(R"({"title":"\ud83d\ude00!"})") << QStringLiteral("\U0001F600!");
        QTest::newRow("escaped backslash before u0000")
            << QByteArray(R"({"title":"\\u0000"})") << QStringLiteral("\\u0000");
        QTest::newRow("plain UTF-8") << QByteArray("{\"title\":\"caf\xc3\xa9\"}") << QStringLiteral("caf\u00e9");
    }
    void goodTextIsKept()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, title);
        const Reply r = post(QStringLiteral("/echo"), body, userToken);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QLatin1String("title")).toString(), title);
    }
};

QTEST_MAIN(TestRoutes)
#include "tst_routes.moc"

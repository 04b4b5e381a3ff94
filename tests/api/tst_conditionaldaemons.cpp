// Two taskstreamd processes on one database (PostgreSQL, or one SQLite file; TASKSTREAM_TEST_DB):
// concurrent PATCHes of different fields of one task through both both survive, and a retried POST
// with an Idempotency-Key creates one task whichever process it reaches, also after a restart.

#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "support/DaemonProcess.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

class TestConditionalDaemons : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/conditional-XXXXXX")};
    QString databaseUrl;
    QString secretFile;
    QByteArray token;
    const QUuid user = QUuid::createUuid();
    DaemonProcess daemons[2];
    QNetworkAccessManager nam;

    bool start(int i, const QStringList &more = {})
    {
        daemons[i].setLogFile(dir.filePath(QStringLiteral("daemon%1.log").arg(i)));
        return daemons[i].start(
            QStringList{QStringLiteral("--brokers"), broker.bootstrapServers(), QStringLiteral("--database"),
                        databaseUrl, QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("d%1").arg(i)),
                        QStringLiteral("--jwt-secret-file"), secretFile, QStringLiteral("--http-port"),
                        QStringLiteral("0"), QStringLiteral("--roles"), QStringLiteral("api"),
                        QStringLiteral("--log-format"), QStringLiteral("text")} +
            more);
    }

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray etag;
        QByteArray replayed;
    };

    QNetworkReply *send(int daemon, const QByteArray &method, const QString &path, const QJsonObject &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest req(QUrl(daemons[daemon].httpUrl() + path));
        req.setRawHeader("Authorization", "Bearer " + token);
        for (const auto &h : headers)
            req.setRawHeader(h.first, h.second);
        QByteArray bytes;
        if (method != "GET") {
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        return nam.sendCustomRequest(req, method, bytes);
    }

    static Reply take(QNetworkReply *r)
    {
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.json = QJsonDocument::fromJson(r->readAll()).object();
        out.etag = r->rawHeader("ETag");
        out.replayed = r->rawHeader("Idempotency-Replayed");
        r->deleteLater();
        return out;
    }

    /// Waits for every reply (the requests run concurrently meanwhile).
    static QList<Reply> await(const QList<QNetworkReply *> &replies)
    {
        (void)QTest::qWaitFor(
            [&] {
                for (QNetworkReply *r : replies)
                    if (!r->isFinished())
                        return false;
                return true;
            },
            30000);
        QList<Reply> out;
        for (QNetworkReply *r : replies)
            out.append(take(r));
        return out;
    }

    Reply call(int daemon, const QByteArray &method, const QString &path, const QJsonObject &body = {},
               const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return await({send(daemon, method, path, body, headers)}).first();
    }

    int countTitled(const QString &title)
    {
        int n = 0;
        const Reply list = call(0, "GET", QStringLiteral("/api/v1/tasks?limit=500"));
        for (const QJsonValue &v : list.json.value(QLatin1String("items")).toArray())
            n += v.toObject().value(QLatin1String("title")).toString() == title;
        return n;
    }

private slots:
    void initTestCase()
    {
        dir.setAutoRemove(!qEnvironmentVariableIsSet("TASKSTREAM_KEEP_TEST_LOGS"));
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        databaseUrl = fixture.freshUrl(&why);
        QVERIFY2(!databaseUrl.isEmpty(), qPrintable(why));
        secretFile = dir.filePath(QStringLiteral("jwt-secret"));
        const QByteArray secret = auth::JwtAuth::loadOrCreateSecret(secretFile, &why);
        QVERIFY2(!secret.isEmpty(), qPrintable(why));
        token = auth::JwtAuth(secret).issue(user, QStringLiteral("user"), 3600, &why).toUtf8();
        QVERIFY(!token.isEmpty());
        QVERIFY(start(0));
        QVERIFY(start(1));
    }
    void cleanupTestCase()
    {
        for (DaemonProcess &d : daemons)
            d.kill();
    }

    // Two clients change different fields of one task at the same moment, each through its own
    // daemon: both changes are in the task afterwards, and its version counts both.
    void concurrentPatchesOfDifferentFieldsBothSurvive()
    {
        const int trials = 50;
        int lost = 0;
        for (int i = 0; i < trials; ++i) {
            const Reply created =
                call(0, "POST", QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("before")}});
            QCOMPARE(created.status, 201);
            const QString path = QStringLiteral("/api/v1/tasks/") + created.json.value(QLatin1String("id")).toString();
            const QString title = QStringLiteral("title %1").arg(i);
            const QList<Reply> both =
                await({send(0, "PATCH", path, {{QStringLiteral("title"), title}}),
                       send(1, "PATCH", path, {{QStringLiteral("priority"), QStringLiteral("High")}})});
            QCOMPARE(both[0].status, 200);
            QCOMPARE(both[1].status, 200);
            const Reply after = call(1, "GET", path);
            QCOMPARE(after.status, 200);
            const bool titleKept = after.json.value(QLatin1String("title")).toString() == title;
            const bool priorityKept = after.json.value(QLatin1String("priority")).toString() == QLatin1String("High");
            if (!titleKept || !priorityKept)
                ++lost;
            else
                QCOMPARE(after.json.value(QLatin1String("version")).toInt(), 3);
        }
        qInfo("concurrent PATCHes of different fields through two daemons: %d of %d trials lost a change", lost,
              trials);
        QCOMPARE(lost, 0);
    }

    // A retry of a POST reaches the other daemon: it answers from the first request's stored answer.
    void retryThroughTheOtherDaemonIsReplayed()
    {
        const QJsonObject body{{QStringLiteral("title"), QStringLiteral("retried through the other")}};
        const QList<QPair<QByteArray, QByteArray>> key{{"Idempotency-Key", "\"other-daemon-1\""}};
        const Reply first = call(0, "POST", QStringLiteral("/api/v1/tasks"), body, key);
        QCOMPARE(first.status, 201);
        QVERIFY(first.replayed.isEmpty());
        const Reply retry = call(1, "POST", QStringLiteral("/api/v1/tasks"), body, key);
        QCOMPARE(retry.status, 201);
        QCOMPARE(retry.replayed, QByteArray("true"));
        QCOMPARE(retry.json, first.json);
        QCOMPARE(retry.etag, first.etag);
        QCOMPARE(countTitled(QStringLiteral("retried through the other")), 1);

        // The same for the complete action.
        const QString path = QStringLiteral("/api/v1/tasks/") + first.json.value(QLatin1String("id")).toString();
        const QList<QPair<QByteArray, QByteArray>> doneKey{{"Idempotency-Key", "\"other-daemon-2\""}};
        const Reply done = call(1, "POST", path + QStringLiteral("/complete"), {}, doneKey);
        QCOMPARE(done.status, 200);
        const Reply doneAgain = call(0, "POST", path + QStringLiteral("/complete"), {}, doneKey);
        QCOMPARE(doneAgain.status, 200);
        QCOMPARE(doneAgain.replayed, QByteArray("true"));
        QCOMPARE(doneAgain.json, done.json);
    }

    // The same keyed POST sent to both daemons at once: one creates the task, the other is told
    // the request is in flight (409) or, if the first finished already, gets its answer.
    void simultaneousRetriesCreateOneTask()
    {
        const int trials = 20;
        for (int i = 0; i < trials; ++i) {
            const QString title = QStringLiteral("simultaneous %1").arg(i);
            const QJsonObject body{{QStringLiteral("title"), title}};
            const QList<QPair<QByteArray, QByteArray>> key{
                {"Idempotency-Key", QStringLiteral("\"simultaneous-%1\"").arg(i).toLatin1()}};
            const QList<Reply> both = await({send(0, "POST", QStringLiteral("/api/v1/tasks"), body, key),
                                             send(1, "POST", QStringLiteral("/api/v1/tasks"), body, key)});
            QSet<QString> ids;
            int created = 0;
            for (const Reply &r : both) {
                QVERIFY2(r.status == 201 || r.status == 409, qPrintable(QString::number(r.status)));
                if (r.status == 201) {
                    ids.insert(r.json.value(QLatin1String("id")).toString());
                    created += r.replayed.isEmpty();
                }
            }
            QCOMPARE(created, 1);
            QCOMPARE(ids.size(), 1);
            // A retry after the answer gets the task.
            const Reply later = call(1, "POST", QStringLiteral("/api/v1/tasks"), body, key);
            QCOMPARE(later.status, 201);
            QCOMPARE(later.json.value(QLatin1String("id")).toString(), *ids.begin());
            QCOMPARE(countTitled(title), 1);
        }
    }

    // A key stored before a restart is still answered after it. The daemon comes back requiring
    // If-Match (the next test).
    void keySurvivesADaemonRestart()
    {
        const QJsonObject body{{QStringLiteral("title"), QStringLiteral("across a restart")}};
        const QList<QPair<QByteArray, QByteArray>> key{{"Idempotency-Key", "\"restart-1\""}};
        const Reply first = call(0, "POST", QStringLiteral("/api/v1/tasks"), body, key);
        QCOMPARE(first.status, 201);
        QVERIFY(daemons[0].stop());
        QVERIFY(start(0, {QStringLiteral("--require-if-match")}));
        const Reply retry = call(0, "POST", QStringLiteral("/api/v1/tasks"), body, key);
        QCOMPARE(retry.status, 201);
        QCOMPARE(retry.replayed, QByteArray("true"));
        QCOMPARE(retry.json, first.json);
        QCOMPARE(countTitled(QStringLiteral("across a restart")), 1);
    }

    void requireIfMatchOptionRefusesUnconditionalChanges()
    {
        const Reply created =
            call(0, "POST", QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("guarded")}});
        QCOMPARE(created.status, 201);
        const QString path = QStringLiteral("/api/v1/tasks/") + created.json.value(QLatin1String("id")).toString();
        const QJsonObject change{{QStringLiteral("priority"), QStringLiteral("Low")}};
        QCOMPARE(call(0, "PATCH", path, change).status, 428);
        QCOMPARE(call(0, "PATCH", path, change, {{"If-Match", created.etag}}).status, 200);
        QCOMPARE(call(1, "PATCH", path, {{QStringLiteral("title"), QStringLiteral("free")}}).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestConditionalDaemons)
#include "tst_conditionaldaemons.moc"

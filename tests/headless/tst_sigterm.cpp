// SIGTERM while clients are writing: taskstreamd stops taking requests, finishes what it took,
// exits 0 within its grace period, and loses nothing it acknowledged: after a restart every
// acknowledged create is stored and its TaskCreated reaches Kafka exactly once.

#include "config/TopicCatalog.h"
#include "support/DaemonProcess.h"
#include "support/KafkaTestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

class TestSigterm : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QTemporaryDir dataDir;
    DaemonProcess daemon;
    QString http;

    bool start()
    {
        http.clear();
        if (!daemon.start({QStringLiteral("--brokers"), broker.bootstrapServers(), QStringLiteral("--data-dir"),
                           dataDir.path(), QStringLiteral("--http-port"), QStringLiteral("0"),
                           QStringLiteral("--roles"), QStringLiteral("api,relay"),
                           QStringLiteral("--shutdown-grace-seconds"), QStringLiteral("10"),
                           QStringLiteral("--log-format"), QStringLiteral("text")},
                          30000))
            return false;
        http = daemon.httpUrl();
        return !http.isEmpty();
    }

private slots:
    void acknowledgedWritesSurviveAGracefulStopUnderLoad()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QVERIFY(start());
        const QByteArray token = issueToken(QUuid::createUuid().toString(QUuid::WithoutBraces), dataDir.path());
        QVERIFY(!token.isEmpty());

        // Load: up to 32 creates in flight at any time.
        QNetworkAccessManager nam;
        QSet<QString> acknowledged;
        // Requests whose connection ended without an answer: the daemon must not have committed
        // any of them (a client that retries one would create it twice).
        QStringList cutOff;
        int inFlight = 0, sent = 0, refused = 0;
        bool loading = true;
        std::function<void()> sendOne = [&] {
            if (!loading || http.isEmpty())
                return;
            QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/tasks")));
            req.setRawHeader("Authorization", "Bearer " + token);
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            req.setTransferTimeout(10000);
            const QString title = QStringLiteral("load %1").arg(sent++);
            QNetworkReply *r = nam.post(
                req, QJsonDocument(QJsonObject{{QStringLiteral("title"), title}}).toJson(QJsonDocument::Compact));
            ++inFlight;
            connect(r, &QNetworkReply::finished, this, [&, r, title] {
                --inFlight;
                const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 201)
                    acknowledged.insert(
                        QJsonDocument::fromJson(r->readAll()).object().value(QLatin1String("id")).toString());
                else
                    ++refused; // refused or cut off while stopping: the client was not told it succeeded
                if (status == 0 && r->error() != QNetworkReply::ConnectionRefusedError)
                    cutOff << title;
                r->deleteLater();
                if (inFlight < 32)
                    sendOne();
            });
        };
        for (int i = 0; i < 32; ++i)
            sendOne();
        QVERIFY(QTest::qWaitFor([&] { return acknowledged.size() >= 1500; }, 60000));

        QElapsedTimer stopping;
        stopping.start();
        daemon.terminate();
        QVERIFY(daemon.waitForExit(15000));
        const qint64 tookMs = stopping.elapsed();
        loading = false;
        QVERIFY(QTest::qWaitFor([&] { return inFlight == 0; }, 15000));
        QCOMPARE(daemon.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon.process()->exitCode(), 0);
        // Exit 0 is the grace-period check: past --shutdown-grace-seconds the watchdog exits 1.
        qInfo("stopped in %lld ms with %lld creates acknowledged, %d refused, %lld cut off without an answer", tookMs,
              qint64(acknowledged.size()), refused, qint64(cutOff.size()));
        {
            // Every request the daemon took was answered before it closed the connection: none of
            // those cut off was committed.
            const QString connection = QStringLiteral("sigterm-check");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
                db.setDatabaseName(QDir(dataDir.path()).filePath(QStringLiteral("taskstream.db")));
                QVERIFY(db.open());
                for (const QString &title : std::as_const(cutOff)) {
                    QSqlQuery q(db);
                    QVERIFY(q.prepare(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE title = ?")));
                    q.addBindValue(title);
                    QVERIFY(q.exec() && q.next());
                    QVERIFY2(q.value(0).toInt() == 0,
                             qPrintable(QStringLiteral("'%1' was committed but its client got no answer").arg(title)));
                }
            }
            QSqlDatabase::removeDatabase(connection);
        }

        // Restart: what was acknowledged and not yet published goes out now; nothing twice.
        QVERIFY(start());
        KafkaConsumer c;
        QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("verify")))));
        Collector got(&c);
        readFromBeginning(c, QStringLiteral("todo.tasks.events"),
                          TopicCatalog::builtin().topic(QStringLiteral("todo.tasks.events"))->partitions);
        QSet<QByteArray> keys;
        const bool all = QTest::qWaitFor(
            [&] {
                keys.clear();
                for (const KafkaMessage &m : std::as_const(got.messages))
                    keys.insert(m.key);
                for (const QString &id : std::as_const(acknowledged))
                    if (!keys.contains(id.toUtf8()))
                        return false;
                return true;
            },
            120000);
        // Rows leave the outbox only once the broker acknowledged them: with the outbox empty,
        // reading up to the log end shows any record published twice.
        ApiClient api(http);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return api.metric("taskstream_outbox_pending") == 0 && api.metric("taskstream_outbox_in_flight") == 0;
            },
            60000));
        const QString topic = QStringLiteral("todo.tasks.events");
        QVERIFY(got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions));
        c.close();
        QVERIFY2(
            all,
            qPrintable(
                QStringLiteral("%1 of %2 acknowledged creates on Kafka").arg(keys.size()).arg(acknowledged.size())));
        QCOMPARE(qint64(got.messages.size()), qint64(keys.size())); // each task's TaskCreated once
        daemon.terminate();
        QVERIFY(daemon.waitForExit(15000));
        broker.stop();
    }
};

QTEST_GUILESS_MAIN(TestSigterm)
#include "tst_sigterm.moc"

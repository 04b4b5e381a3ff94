// Three taskstreamd processes sharing one PostgreSQL database and one Kafka cluster, restarted one
// after another with SIGTERM while clients keep writing: nothing acknowledged is lost, every
// event reaches Kafka, and no worker effect exists twice.

#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "store/Database.h"
#include "support/DaemonProcess.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

namespace {
constexpr int kGraceSeconds = 20;

struct Instance
{
    DaemonProcess daemon;
    QString http; ///< empty while down
};
} // namespace

class TestRollingRestart : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/rolling-XXXXXX")};
    QString databaseUrl;
    QString secretFile;
    QByteArray token;
    const QUuid user = QUuid::createUuid();
    Instance instances[3];
    QNetworkAccessManager nam;
    events::EventSerializer serializer;

    // What clients were told succeeded.
    QSet<QString> acknowledgedCreates;
    int acknowledgedCommands = 0;
    int inFlight = 0;

    bool start(int i)
    {
        Instance &in = instances[i];
        in.http.clear();
        in.daemon.setLogFile(dir.filePath(QStringLiteral("instance%1.log").arg(i)));
        const bool ok = in.daemon.start(
            {QStringLiteral("--brokers"), broker.bootstrapServers(), QStringLiteral("--database"), databaseUrl,
             QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("d%1").arg(i)),
             QStringLiteral("--jwt-secret-file"), secretFile, QStringLiteral("--http-port"), QStringLiteral("0"),
             QStringLiteral("--roles"), QStringLiteral("api,relay,recurring,broadcaster"),
             QStringLiteral("--shutdown-grace-seconds"), QString::number(kGraceSeconds),
             // The embedded broker is librdkafka's mock cluster, not a Kafka
             // broker: it answers a waiting fetch only when fetch.wait.max.ms
             // expires, and it holds every JoinGroup of a rebalance for
             // session.timeout.ms - 1 s before it elects a leader (a Kafka
             // broker goes on once the known members have rejoined). With
             // the default 45 s session each restart stalls the groups for
             // 44 s twice, so the instances use the embedded tuning the
             // daemon picks for its own embedded broker.
             QStringLiteral("--kafka-property"), QStringLiteral("fetch.wait.max.ms=10"),
             QStringLiteral("--kafka-property"), QStringLiteral("session.timeout.ms=6000"),
             QStringLiteral("--kafka-property"), QStringLiteral("heartbeat.interval.ms=500"),
             QStringLiteral("--log-format"), QStringLiteral("text")},
            60000);
        if (!ok) {
            qWarning("instance %d did not start (log: %s)", i,
                     qPrintable(dir.filePath(QStringLiteral("instance%1.log").arg(i))));
            return false;
        }
        in.http = in.daemon.httpUrl();
        return true;
    }

    /// SIGTERM; true when the process exited 0 (past the grace period its watchdog exits 1). The
    /// event loop keeps running meanwhile, so the load goes on against the other instances.
    bool stopGracefully(int i, qint64 *tookMs)
    {
        Instance &in = instances[i];
        in.http.clear(); // no new requests to it
        QElapsedTimer t;
        t.start();
        in.daemon.terminate();
        const bool exited = in.daemon.waitForExit((kGraceSeconds + 5) * 1000);
        *tookMs = t.elapsed();
        if (!exited) {
            in.daemon.kill();
            return false;
        }
        if (in.daemon.process()->exitStatus() != QProcess::NormalExit || in.daemon.process()->exitCode() != 0) {
            qWarning("instance %d exited with %d (log: %s)", i, in.daemon.process()->exitCode(),
                     qPrintable(dir.filePath(QStringLiteral("instance%1.log").arg(i))));
            return false;
        }
        return true;
    }

    void send(const QByteArray &method, const QString &path, const QJsonObject &body,
              std::function<void(int, const QJsonObject &)> done)
    {
        QList<int> up;
        for (int i = 0; i < 3; ++i)
            if (!instances[i].http.isEmpty())
                up << i;
        if (up.isEmpty())
            return;
        const int i = up.at(QRandomGenerator::global()->bounded(int(up.size())));
        QNetworkRequest req(QUrl(instances[i].http + path));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        req.setTransferTimeout(10000);
        QNetworkReply *r = nam.sendCustomRequest(req, method, QJsonDocument(body).toJson(QJsonDocument::Compact));
        ++inFlight;
        connect(r, &QNetworkReply::finished, this, [this, r, done] {
            --inFlight;
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            done(status, QJsonDocument::fromJson(r->readAll()).object());
            r->deleteLater();
        });
    }

    /// One step of load: a create; a created task is renamed and then completed (some recur).
    void loadStep(int n)
    {
        QJsonObject task{{QStringLiteral("title"), QStringLiteral("load %1").arg(n)},
                         {QStringLiteral("due_date"),
                          QStringLiteral("2027-01-%1T09:00:00Z").arg(1 + n % 28, 2, 10, QLatin1Char('0'))}};
        if (n % 4 == 0)
            task.insert(QStringLiteral("recurrence_pattern"), QStringLiteral("daily"));
        send("POST", QStringLiteral("/api/v1/tasks"), task, [this, n](int status, const QJsonObject &created) {
            if (status != 201)
                return;
            const QString id = created.value(QLatin1String("id")).toString();
            acknowledgedCreates.insert(id);
            ++acknowledgedCommands;
            send("PATCH", QStringLiteral("/api/v1/tasks/") + id,
                 {{QStringLiteral("title"), QStringLiteral("load %1 renamed").arg(n)}},
                 [this, id](int s, const QJsonObject &) {
                     if (s != 200)
                         return;
                     ++acknowledgedCommands;
                     send("POST", QStringLiteral("/api/v1/tasks/%1/complete").arg(id), {},
                          [this](int s2, const QJsonObject &) {
                              if (s2 == 200)
                                  ++acknowledgedCommands;
                          });
                 });
        });
    }

    qint64 scalar(store::Database *db, const QString &sql)
    {
        QSqlQuery q(db->db());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    void dumpState(store::Database *db)
    {
        QSqlQuery q(db->db());
        q.exec(QStringLiteral(
            "SELECT status, event_type, COUNT(*), MIN(seq), MAX(seq) FROM outbox GROUP BY status, event_type"));
        while (q.next())
            qWarning("outbox %s %s: %lld rows, seq %lld..%lld", qPrintable(q.value(0).toString()),
                     qPrintable(q.value(1).toString()), q.value(2).toLongLong(), q.value(3).toLongLong(),
                     q.value(4).toLongLong());
        for (int i = 0; i < 3; ++i) {
            if (instances[i].http.isEmpty())
                continue;
            QNetworkReply *r = nam.get(QNetworkRequest(QUrl(instances[i].http + QStringLiteral("/metrics"))));
            (void)QTest::qWaitFor([r] { return r->isFinished(); }, 10000); // a dead instance says nothing
            for (const QByteArray &line : r->readAll().split('\n')) {
                // Relay state, and the state of the groups: joined, lag left, paused partitions.
                const bool groups = line.startsWith("taskstream_consumer_group_joined") ||
                                    line.startsWith("taskstream_partitions_") ||
                                    (line.startsWith("taskstream_consumer_lag_records") && !line.endsWith(" 0"));
                if (line.startsWith("taskstream_outbox") || groups)
                    qWarning("instance %d: %s", i, line.constData());
            }
            r->deleteLater();
        }
        // What the instances said last, warnings first: why a group stopped making progress.
        for (int i = 0; i < 3; ++i) {
            QFile log(dir.filePath(QStringLiteral("instance%1.log").arg(i)));
            if (!log.open(QIODevice::ReadOnly))
                continue;
            QList<QByteArray> lines = log.readAll().split('\n');
            QList<QByteArray> warnings;
            for (const QByteArray &line : std::as_const(lines))
                if (line.contains(" warning ") || line.contains(" critical "))
                    warnings << line;
            for (const QByteArray &line : warnings.mid(qMax<qsizetype>(0, warnings.size() - 15)))
                qWarning("instance %d log: %s", i, line.left(400).constData());
            for (const QByteArray &line : lines.mid(qMax<qsizetype>(0, lines.size() - 10)))
                if (!line.isEmpty())
                    qWarning("instance %d log tail: %s", i, line.left(400).constData());
        }
    }

    QList<KafkaMessage> readTopic(const QString &topic, int expected)
    {
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("verify"))));
        Collector got(&c);
        readFromBeginning(c, topic, TopicCatalog::builtin().topic(topic)->partitions);
        got.waitFor(expected, 120000);
        // The callers have seen the outbox fully sent: everything published is before the log end.
        if (!got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions))
            qWarning("could not read %s to its end", qPrintable(topic));
        c.close();
        return got.messages;
    }

private slots:
    void initTestCase()
    {
        // The instances' logs stay for a look when asked to.
        dir.setAutoRemove(!qEnvironmentVariableIsSet("TASKSTREAM_KEEP_TEST_LOGS"));
        if (!fixture.isPostgres())
            QSKIP("several instances share PostgreSQL: run with TASKSTREAM_TEST_DB=postgresql");
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        databaseUrl = fixture.freshUrl(&why);
        QVERIFY2(!databaseUrl.isEmpty(), qPrintable(why));
        secretFile = dir.filePath(QStringLiteral("jwt-secret"));
        const QByteArray secret = auth::JwtAuth::loadOrCreateSecret(secretFile, &why);
        QVERIFY2(!secret.isEmpty(), qPrintable(why));
        token = auth::JwtAuth(secret).issue(user, QStringLiteral("user"), 3600, &why).toUtf8();
        QVERIFY(!token.isEmpty());
        for (int i = 0; i < 3; ++i)
            QVERIFY(start(i));
    }
    void cleanupTestCase()
    {
        for (Instance &in : instances)
            in.daemon.kill();
    }

    void rollingRestartsUnderLoadLoseNothingAndDuplicateNothing()
    {
        const int rounds = qEnvironmentVariableIntValue("TASKSTREAM_ROLLING_ROUNDS") > 0
                               ? qEnvironmentVariableIntValue("TASKSTREAM_ROLLING_ROUNDS")
                               : 5;
        int n = 0;
        QTimer load;
        load.setInterval(15);
        connect(&load, &QTimer::timeout, this, [&] {
            if (inFlight < 50)
                loadStep(n++);
        });
        load.start();
        // Restarts begin under load: some commands acknowledged first.
        QVERIFY(QTest::qWaitFor([&] { return acknowledgedCommands >= 50; }, 60000));
        for (int round = 0; round < rounds; ++round) {
            for (int i = 0; i < 3; ++i) {
                qint64 took = 0;
                QVERIFY2(stopGracefully(i, &took),
                         qPrintable(QStringLiteral("round %1, instance %2").arg(round).arg(i)));
                QElapsedTimer started;
                started.start();
                QVERIFY(start(i));
                qInfo("round %d: instance %d stopped in %lld ms, started in %lld ms", round, i, took,
                      started.elapsed());
                // The next restart only once the cluster has served more load.
                const int served = acknowledgedCommands;
                QVERIFY(QTest::qWaitFor([&] { return acknowledgedCommands >= served + 10; }, 60000));
            }
        }
        load.stop();
        QVERIFY(QTest::qWaitFor([&] { return inFlight == 0; }, 30000));
        qInfo("%d commands acknowledged (%lld creates) during %d restarts", acknowledgedCommands,
              qint64(acknowledgedCreates.size()), rounds * 3);
        QVERIFY(acknowledgedCreates.size() > 50);

        QString why;
        auto db = store::Database::open(databaseUrl, &why);
        QVERIFY2(db, qPrintable(why));
        // Every acknowledged create is stored.
        QSet<QString> stored;
        {
            QSqlQuery q(db->db());
            QVERIFY(q.exec(QStringLiteral("SELECT id FROM tasks")));
            while (q.next())
                stored.insert(q.value(0).toString());
        }
        for (const QString &id : std::as_const(acknowledgedCreates))
            QVERIFY2(stored.contains(id), qPrintable(id));

        // The system settles: every outbox row published, every task event broadcast once.
        const QString taskEvents =
            QStringLiteral("event_type IN ('com.todo.events.TaskCreated', 'com.todo.events.TaskUpdated', "
                           "'com.todo.events.TaskCompleted', 'com.todo.events.TaskDeleted')");
        const bool settled = QTest::qWaitFor(
            [&] {
                return scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")) == 0 &&
                       scalar(db.get(),
                              QStringLiteral("SELECT COUNT(*) FROM tasks WHERE parent_task_id IS NOT NULL")) ==
                           scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status = 'completed' AND "
                                                           "recurrence_pattern IS NOT NULL")) &&
                       scalar(db.get(),
                              QStringLiteral(
                                  "SELECT COUNT(*) FROM outbox WHERE event_type = 'com.todo.events.TaskChanged'")) ==
                           scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE ") + taskEvents);
            },
            180000);
        if (!settled)
            dumpState(db.get());
        QVERIFY2(
            settled,
            qPrintable(
                QStringLiteral("outbox: %1 not sent; %2 broadcasts for %3 task events")
                    .arg(scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")))
                    .arg(scalar(
                        db.get(),
                        QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = 'com.todo.events.TaskChanged'")))
                    .arg(scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM outbox WHERE ") + taskEvents))));

        if (QTest::currentTestFailed())
            return;
        // No effect twice: one broadcast per source event, one next instance per completed recurring task.
        QSet<QString> taskEventIds, sources;
        {
            QSqlQuery q(db->db());
            QVERIFY(q.exec(QStringLiteral("SELECT event_id, event_type, payload FROM outbox")));
            while (q.next()) {
                if (q.value(1).toString() != QLatin1String(events::TaskChanged::TypeName)) {
                    taskEventIds.insert(q.value(0).toString());
                    continue;
                }
                const events::DecodeResult d = serializer.decode(q.value(2).toByteArray());
                QVERIFY2(d.ok(), qPrintable(d.error.message));
                const auto tc = d.decoded.event.as<events::TaskChanged>();
                QVERIFY(tc && tc->sourceEventId);
                const QString source = tc->sourceEventId->toString(QUuid::WithoutBraces);
                QVERIFY2(!sources.contains(source), qPrintable(QStringLiteral("broadcast twice: ") + source));
                sources.insert(source);
            }
        }
        QCOMPARE(sources, taskEventIds);
        QCOMPARE(scalar(db.get(),
                        QStringLiteral(
                            "SELECT COUNT(*) FROM (SELECT parent_task_id FROM tasks WHERE parent_task_id IS NOT NULL "
                            "GROUP BY parent_task_id HAVING COUNT(*) > 1) d")),
                 qint64(0));
        QCOMPARE(
            scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM tasks WHERE parent_task_id IS NOT NULL")),
            scalar(db.get(),
                   QStringLiteral(
                       "SELECT COUNT(*) FROM tasks WHERE status = 'completed' AND recurrence_pattern IS NOT NULL")));

        // Every task event reached Kafka (at least once; the idempotent producer keeps it once per session).
        const QList<KafkaMessage> onKafka = readTopic(QStringLiteral("todo.tasks.events"), int(taskEventIds.size()));
        QSet<QString> published;
        for (const KafkaMessage &m : onKafka)
            published.insert(QString::fromUtf8(headerValue(m.headers, QStringLiteral("ce_id"))));
        for (const QString &id : std::as_const(taskEventIds))
            QVERIFY2(published.contains(id), qPrintable(QStringLiteral("never published: ") + id));
    }
};

QTEST_GUILESS_MAIN(TestRollingRestart)
#include "tst_rollingrestart.moc"

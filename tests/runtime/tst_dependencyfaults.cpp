// taskstreamd as a process while its dependencies fail: PostgreSQL crashes and comes back, every
// Kafka broker goes away and comes back. The process must answer clearly during the outage, keep
// its probes meaningful (liveness stays, readiness follows what the API needs) and recover by
// itself, with nothing acknowledged lost and no effect twice.

#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "support/DaemonProcess.h"
#include "support/TestDatabase.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace testsupport;

class TestDependencyFaults : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    kafka::EmbeddedBroker broker;
    QTemporaryDir dir;
    DaemonProcess daemon;
    ApiClient api;
    ApiClient probe; ///< no token: /healthz, /readyz, /metrics
    const QUuid user = QUuid::createUuid();

    bool startDaemon()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        if (url.isEmpty()) {
            qWarning("%s", qPrintable(why));
            return false;
        }
        daemon.setLogFile(dir.filePath(QStringLiteral("taskstreamd.log")));
        QStringList args{QStringLiteral("--brokers"),   broker.bootstrapServers(),
                         QStringLiteral("--database"),  url,
                         QStringLiteral("--data-dir"),  dir.path(),
                         QStringLiteral("--http-port"), QStringLiteral("0")};
        if (!daemon.start(args + DaemonProcess::fastGroupOptions()))
            return false;
        api.setBaseUrl(daemon.httpUrl());
        api.setToken(issueToken(user.toString(QUuid::WithoutBraces), dir.path()));
        probe.setBaseUrl(daemon.httpUrl());
        return true;
    }

    /// Creates a task; its id, or empty with the status in *status.
    QString create(const QString &title, int *status = nullptr)
    {
        const ApiClient::Reply r = api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), title}});
        if (status)
            *status = r.status;
        return r.status == 201 ? r.json().value(QStringLiteral("id")).toString() : QString();
    }

    /// The audit log's entries for \a taskId's events on todo.tasks.events (it also records the
    /// broadcasts): written by the audit worker, so they show that the event went through the
    /// outbox, Kafka and a consumer group.
    int auditEntries(const QString &taskId)
    {
        const ApiClient::Reply r = api.get(QStringLiteral("/api/v1/audit?task=") + taskId);
        if (r.status != 200)
            return -1;
        int n = 0;
        for (const QJsonValue &item : r.json().value(QStringLiteral("items")).toArray())
            n += item.toObject().value(QStringLiteral("topic")).toString() == QLatin1String("todo.tasks.events");
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        kafka::KafkaError e;
        QVERIFY2(broker.start(1, &e), qPrintable(e.message()));
        // The embedded broker has no CreateTopics: the catalog's topics are made here.
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QVERIFY(startDaemon());
    }

    void cleanupTestCase() { QVERIFY(daemon.stop()); }

    // All brokers unreachable: the outbox absorbs the outage. Creates keep succeeding, the API
    // stays ready (Kubernetes keeps it in its Service), Kafka's state shows in the metrics; when
    // the brokers return, everything committed meanwhile is published.
    void kafkaOutageKeepsTheApiReady()
    {
        QVERIFY(!create(QStringLiteral("before the outage")).isEmpty());
        QVERIFY(!broker.setBrokerDown(-1).isError());
        // The sentinel: the node's own probe has noticed (it runs every 5 s).
        QVERIFY2(QTest::qWaitFor([&] { return probe.metric("taskstream_kafka_brokers_reachable") == 0; }, 30000),
                 "the node never noticed that Kafka is unreachable");
        QStringList during;
        for (int i = 0; i < 20; ++i) {
            int status = 0;
            const QString id = create(QStringLiteral("during the outage %1").arg(i), &status);
            QCOMPARE(status, 201);
            during << id;
        }
        const ApiClient::Reply ready = probe.get(QStringLiteral("/readyz"));
        QVERIFY2(ready.status == 200, ready.body.constData());
        QVERIFY(ready.json().value(QStringLiteral("checks")).toObject().value(QStringLiteral("kafka")).toString() !=
                QLatin1String("ok"));
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);
        // The outbox gauges are read by the database probe (every 2 s), not at the scrape.
        QVERIFY(QTest::qWaitFor([&] { return probe.metric("taskstream_outbox_pending") > 0; }, 10000));

        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY2(QTest::qWaitFor([&] { return probe.metric("taskstream_outbox_pending") == 0; }, 60000),
                 "the outbox was not published after the brokers returned");
        // And the workers processed each of them once.
        for (const QString &id : std::as_const(during))
            QVERIFY2(QTest::qWaitFor([&] { return auditEntries(id) == 1; }, 30000),
                     qPrintable(QStringLiteral("task %1 has %2 audit entries; audit-log-cg lag %3")
                                    .arg(id)
                                    .arg(auditEntries(id))
                                    .arg(QString::fromUtf8(probe.get(QStringLiteral("/metrics")).body)
                                             .split(QLatin1Char('\n'))
                                             .filter(QStringLiteral("lag_records{group=\"audit"))
                                             .join(QLatin1Char(' ')))));
    }

    // PostgreSQL crashes (`pg_ctl stop -m immediate`) and comes back: during the outage the API
    // answers 503 with Retry-After, liveness stays, readiness goes; afterwards every connection
    // (API, commits, relay, workers) is reopened without a restart.
    void postgresRestartRecovers()
    {
        if (!fixture.isPostgres())
            QSKIP("a database server to restart: run with TASKSTREAM_TEST_DB=postgresql");
        const QString before = create(QStringLiteral("before the crash"));
        QVERIFY(!before.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return auditEntries(before) == 1; }, 30000));

        QString why;
        QVERIFY2(fixture.crashServer(&why), qPrintable(why));
        ApiClient::Reply refused;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         refused = api.post(QStringLiteral("/api/v1/tasks"),
                                            {{QStringLiteral("title"), QStringLiteral("during the crash")}});
                         return refused.status == 503;
                     },
                     15000),
                 refused.body.constData());
        QVERIFY2(!refused.header("Retry-After").isEmpty(), "a 503 must say when to try again");
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);
        // Readiness follows the database probe's next check (every 2 s).
        QVERIFY(QTest::qWaitFor([&] { return probe.get(QStringLiteral("/readyz")).status == 503; }, 10000));
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);
        // Several rounds of failed reconnects happen while the server is away.
        QVERIFY(QTest::qWaitFor([&] { return probe.metric("taskstream_database_up") == 0; }, 10000));

        QVERIFY2(fixture.restartServer(&why), qPrintable(why));
        QElapsedTimer recovery;
        recovery.start();
        QString after;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         after = create(QStringLiteral("after the crash"));
                         return !after.isEmpty();
                     },
                     30000),
                 "creates did not succeed again after PostgreSQL returned");
        const qint64 createsBackMs = recovery.elapsed();
        QVERIFY(QTest::qWaitFor([&] { return probe.get(QStringLiteral("/readyz")).status == 200; }, 30000));
        // The relay and the audit worker reconnected too: the new task's event is published and
        // processed; the old one was not processed again.
        QVERIFY2(QTest::qWaitFor([&] { return auditEntries(after) == 1; }, 30000),
                 "the workers did not resume after PostgreSQL returned");
        const qint64 workersBackMs = recovery.elapsed();
        QCOMPARE(auditEntries(before), 1);
        QVERIFY(probe.metric("taskstream_database_reconnects_total") >= 1);
        qInfo("PostgreSQL back: creates succeed after %lld ms, workers processed a new event after %lld ms",
              createsBackMs, workersBackMs);
    }
    // PostgreSQL stops answering without closing anything (a server stuck on its disk; here every
    // process of it stopped): the connections stay open and no TCP timeout fires. The probes must
    // go on answering: liveness because this process still works, readiness with the database
    // named as the reason; once the server answers again, the node is ready again by itself.
    void postgresThatStopsAnsweringLeavesTheProbesAnswering()
    {
        if (!fixture.isPostgres())
            QSKIP("a database server to freeze: run with TASKSTREAM_TEST_DB=postgresql");
        QVERIFY(QTest::qWaitFor([&] { return probe.get(QStringLiteral("/readyz")).status == 200; }, 30000));
        QString why;
        QVERIFY2(fixture.freezeServer(&why), qPrintable(why));
        auto thaw = qScopeGuard([&] {
            QString ignored;
            fixture.thawServer(&ignored);
        });

        // Every probe gets an answer (status 0: none came within the client's 15 s).
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);
        // So does a request that needs the database: the statement waiting for the server is cut
        // once the server is found not to answer, and the client gets 503 with Retry-After.
        const ApiClient::Reply during = api.get(QStringLiteral("/api/v1/tasks"));
        QCOMPARE(during.status, 503);
        QVERIFY(!during.header("Retry-After").isEmpty());
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);
        ApiClient::Reply ready;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         ready = probe.get(QStringLiteral("/readyz"));
                         return ready.status != 200;
                     },
                     30000),
                 "/readyz stayed ready while the database did not answer");
        QCOMPARE(ready.status, 503);
        const QString database =
            ready.json().value(QStringLiteral("checks")).toObject().value(QStringLiteral("database")).toString();
        QVERIFY2(database.contains(QLatin1String("no answer")), qPrintable(database));
        QCOMPARE(probe.get(QStringLiteral("/healthz")).status, 200);

        QVERIFY2(fixture.thawServer(&why), qPrintable(why));
        thaw.dismiss();
        QVERIFY(QTest::qWaitFor([&] { return probe.get(QStringLiteral("/readyz")).status == 200; }, 30000));
        QVERIFY(!create(QStringLiteral("after the database answered again")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDependencyFaults)
#include "tst_dependencyfaults.moc"

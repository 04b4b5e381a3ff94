#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"
#include "support/DaemonProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::kafka;
using testsupport::DaemonProcess;

/// taskstreamd as a process: what an operator or a Kubernetes pod sees.
class TestDaemon : public QObject
{
    Q_OBJECT
    const QString binary = DaemonProcess::binary();
    QTemporaryDir dataDir;

    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run run(const QStringList &args, int timeoutMs = 30000,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(binary, args);
        Run r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = "did not finish in time";
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private slots:
    void helpDocumentsEveryOption()
    {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *opt : {"--brokers",
                                "--data-dir",
                                "--embedded-brokers",
                                "--kafka-property",
                                "--log-format",
                                "--startup-timeout",
                                "--version",
                                "--database",
                                "--http-port",
                                "--jwt-secret-file",
                                "--schema-registry",
                                "--wire-format",
                                "--outbox-retention-hours",
                                "--audit-retention-days",
                                "--roles",
                                "--config",
                                "--kafka-property-file",
                                "--database-password-file",
                                "--shutdown-grace-seconds",
                                "--reminder-default-minutes",
                                "--notify-webhook-url",
                                "--create-topics",
                                "TASKSTREAM_",
                                "Exit codes"})
            QVERIFY2(r.out.contains(opt), opt);
    }

    void badUsageExitsTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << "frobnicate";
        QTest::newRow("malformed bootstrap")
            << QStringList{QStringLiteral("--brokers"), QStringLiteral("kafka")} << "'kafka' is not HOST:PORT";
        QTest::newRow("bad port") << QStringList{QStringLiteral("--brokers=localhost:99999")} << "outside 1-65535";
        QTest::newRow("bad log format") << QStringList{QStringLiteral("--log-format=xml")} << "--log-format";
        QTest::newRow("bad broker count") << QStringList{QStringLiteral("--embedded-brokers=0")} << "1 to 9";
        QTest::newRow("bad create-topics")
            << QStringList{QStringLiteral("--create-topics=maybe")} << "--create-topics: 'maybe' is neither yes nor no";
        QTest::newRow("bad audit retention")
            << QStringList{QStringLiteral("--audit-retention-days=-1")} << "--audit-retention-days";
        QTest::newRow("stray argument") << QStringList{QStringLiteral("start")} << "unexpected argument 'start'";
        QTest::newRow("rejected kafka property")
            << QStringList{QStringLiteral("--kafka-property"), QStringLiteral("no.such.key=1"),
                           QStringLiteral("--data-dir"), QDir::tempPath() + QStringLiteral("/tsd-badprop")}
            << "'no.such.key'";
        QTest::newRow("kafka property without value")
            << QStringList{QStringLiteral("--kafka-property"), QStringLiteral("acks")} << "KEY=VALUE";
        QTest::newRow("unknown role") << QStringList{QStringLiteral("--roles=api,janitor")} << "unknown role 'janitor'";
        QTest::newRow("missing config file")
            << QStringList{QStringLiteral("--config=/nonexistent/taskstreamd.conf")} << "--config: cannot read";
        QTest::newRow("password file for SQLite")
            << QStringList{QStringLiteral("--database-password-file=/etc/hostname")} << "only a postgresql://";
        QTest::newRow("bad grace") << QStringList{QStringLiteral("--shutdown-grace-seconds=0")} << "1 to 3600";
        QTest::newRow("negative reminder default")
            << QStringList{QStringLiteral("--reminder-default-minutes=-5")} << "--reminder-default-minutes";
        QTest::newRow("webhook not http")
            << QStringList{QStringLiteral("--notify-webhook-url=ftp://example.org/x")} << "not an http(s) URL";
    }

    void configLayersAndNamesTheSourceOfABadValue()
    {
        QTemporaryDir dir;
        const QString conf = dir.filePath(QStringLiteral("taskstreamd.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\nhttp-port = 9001\nroles = api,relay\nwire-format = json\n"
                "kafka-property = sasl.password=s3cret-from-file\n");
        f.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TASKSTREAM_CONFIG"), conf);
        env.insert(QStringLiteral("TASKSTREAM_HTTP_PORT"), QStringLiteral("9002"));
        env.insert(QStringLiteral("TASKSTREAM_SERVICE_HOST"), QStringLiteral("10.0.0.1")); // Kubernetes' own: ignored
        // Command line over environment over file; secrets masked; each value says where it came from.
        Run r = run({QStringLiteral("config"), QStringLiteral("--wire-format=avro")}, 30000, env);
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("http-port = 9002   # from TASKSTREAM_HTTP_PORT")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("roles = api,relay   # from config file %1 line 3").arg(conf)),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("wire-format = avro   # from --wire-format")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("kafka-property = sasl.password=****")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("s3cret")), "a secret was printed");

        // A bad value from the environment or the file names that source and the key.
        env.insert(QStringLiteral("TASKSTREAM_HTTP_PORT"), QStringLiteral("http"));
        r = run({QStringLiteral("config")}, 30000, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("TASKSTREAM_HTTP_PORT (http-port): 'http' is not a port"), r.err.constData());
        env.remove(QStringLiteral("TASKSTREAM_HTTP_PORT"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("shutdown-grace = 10\n");
        f.close();
        r = run({QStringLiteral("config")}, 30000, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("line 6: unknown key 'shutdown-grace'"), r.err.constData());
    }
    void badUsageExitsTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
        QVERIFY2(r.out.isEmpty(), "nothing on stdout for a usage error");
    }

    void unreachableClusterFailsInBoundedTime()
    {
        QElapsedTimer t;
        t.start();
        const Run r =
            run({QStringLiteral("--brokers"), QStringLiteral("127.0.0.1:1"), QStringLiteral("--startup-timeout"),
                 QStringLiteral("2"), QStringLiteral("--data-dir"), dataDir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("127.0.0.1:1"), r.err.constData());
        QVERIFY2(r.err.contains("bootstrap.servers"), r.err.constData());
    }

    // A cluster whose topics are managed elsewhere (Strimzi KafkaTopics) and a user without create
    // rights: --create-topics=no sends no CreateTopics and names what is missing instead.
    void createTopicsOffRefusesMissingTopics()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        const TopicSpec &present = TopicCatalog::builtin().topics().first();
        QVERIFY(!broker.createTopic(present.name, present.partitions, 1).isError());
        QTemporaryDir dir;
        const Run r = run({QStringLiteral("--brokers"), broker.bootstrapServers(), QStringLiteral("--create-topics=no"),
                           QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--http-port"), QStringLiteral("0"),
                           QStringLiteral("--log-format"), QStringLiteral("text")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--create-topics is off"), r.err.constData());
        const TopicSpec &missing = TopicCatalog::builtin().topics().last();
        QVERIFY2(r.err.contains(missing.name.toUtf8()), r.err.constData());
        QVERIFY2(!r.err.contains(present.name.toUtf8() + ","), r.err.constData());
    }

    void createTopicsOffStartsOnExistingTopicsWithoutCreateTopics()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QTemporaryDir dir;
        const QStringList args{QStringLiteral("--brokers"),         broker.bootstrapServers(),
                               QStringLiteral("--data-dir"),        dir.path(),
                               QStringLiteral("--http-port"),       QStringLiteral("0"),
                               QStringLiteral("--log-format"),      QStringLiteral("text"),
                               QStringLiteral("--roles"),           QStringLiteral("api"),
                               QStringLiteral("--startup-timeout"), QStringLiteral("5")};
        // With creation on, the daemon compares the existing topics with the catalog in the
        // background (CreateTopics and DescribeConfigs, which this broker does not answer: it
        // reports each topic's retention as not checked). Off, it asks nothing.
        for (const bool create : {true, false}) {
            const QString log = dir.filePath(create ? QStringLiteral("on.log") : QStringLiteral("off.log"));
            DaemonProcess p;
            p.setLogFile(log);
            QVERIFY(p.start(args + QStringList{QStringLiteral("--create-topics"),
                                               create ? QStringLiteral("yes") : QStringLiteral("no")},
                            30000));
            auto logText = [&log] {
                QFile f(log);
                return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            };
            // The comparison runs in the background after the start: wait for its answer.
            if (create)
                QTRY_VERIFY_WITH_TIMEOUT(logText().contains("differs from the catalog"), 30000);
            QVERIFY(p.stop(30000));
            if (!create)
                QVERIFY2(!logText().contains("catalog"), logText().constData());
        }
    }

    void unwritableDataDirIsReported()
    {
        const Run r = run({QStringLiteral("--data-dir"), QStringLiteral("/dev/null/taskstream")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--data-dir"), r.err.constData());
    }

    void embeddedBrokerServesTheCatalogAndStopsOnSigterm()
    {
        DaemonProcess p;
        QVERIFY(p.start({QStringLiteral("--data-dir"), dataDir.path()}, 20000));
        const QByteArray line = p.readyOutput();
        QVERIFY2(line.startsWith("bootstrap.servers=127.0.0.1:"), line.constData());
        const QString bootstrap = p.bootstrapServers();
        QCOMPARE(bootstrap.split(QLatin1Char(',')).size(), 3);

        // Another process (this test) sees the catalog's topics over TCP.
        KafkaAdmin admin;
        QVERIFY(admin.open(KafkaConfig(bootstrap)));
        QSignalSpy spy(&admin, &KafkaAdmin::metadataReady);
        admin.fetchMetadata();
        QVERIFY(spy.wait(10000));
        const auto md = spy.first().at(1).value<ClusterMetadata>();
        QCOMPARE(md.brokers.size(), 3);
        for (const TopicSpec &t : TopicCatalog::builtin().topics()) {
            QVERIFY2(md.topic(t.name), qPrintable(t.name));
            QCOMPARE(md.topic(t.name)->partitions.size(), t.partitions);
        }

        p.terminate();
        QVERIFY(p.waitForExit(15000));
        QCOMPARE(p.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.process()->exitCode(), 0);
        const QByteArray log = p.process()->readAllStandardError();
        // JSON log lines by default.
        for (const QByteArray &l : log.split('\n'))
            if (!l.isEmpty())
                QVERIFY2(l.startsWith("{\"category\":"), l.constData());
        QVERIFY(log.contains("shutting down"));
    }
};

QTEST_GUILESS_MAIN(TestDaemon)
#include "tst_daemon.moc"

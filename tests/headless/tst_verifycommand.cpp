#include "VerifyCommand.h"
#include "support/DaemonProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using testsupport::ApiClient;
using testsupport::DaemonProcess;
using testsupport::issueToken;

/// `taskstreamd verify` as an operator runs it, next to a running daemon: its options, its exit
/// codes and a report read from the daemon's own database and embedded broker.
class TestVerifyCommand : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    static Run verify(const QStringList &args)
    {
        QProcess p;
        p.start(DaemonProcess::binary(), QStringList{QStringLiteral("verify")} + args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private slots:
    void timesAreIsoOrAges_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-06T12:00:00Z"), Qt::ISODate);
        QTest::newRow("minutes") << "90m" << now.addSecs(-5400);
        QTest::newRow("hours") << "2h" << now.addSecs(-7200);
        QTest::newRow("days") << "1d" << now.addDays(-1);
        QTest::newRow("iso with offset") << "2026-12-06T10:30:00+01:00"
                                         << QDateTime::fromString(QStringLiteral("2026-12-06T09:30:00Z"), Qt::ISODate);
        QTest::newRow("iso without offset is ambiguous") << "2026-12-06T10:30:00" << QDateTime();
        QTest::newRow("words") << "yesterday" << QDateTime();
    }
    void timesAreIsoOrAges()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-06T12:00:00Z"), Qt::ISODate);
        QCOMPARE(parseVerifyTime(text, now), expected);
    }

    void usageErrors()
    {
        QTemporaryDir dir;
        Run r = verify({QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--brokers is required"), r.err.constData());
        r = verify({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--brokers"),
                    QStringLiteral("127.0.0.1:9"), QStringLiteral("--since"), QStringLiteral("yesterday")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--since"), r.err.constData());
        r = verify({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--brokers"),
                    QStringLiteral("127.0.0.1:9"), QStringLiteral("--group"), QStringLiteral("no-such-cg")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no-such-cg"), r.err.constData());
    }

    /// A daemon that publishes but runs no worker: every event is on the topic and none is in
    /// the broadcaster's ledger, which the report must say event by event.
    void aGroupThatNeverRanLostEverything()
    {
        QTemporaryDir dir;
        DaemonProcess daemon;
        QVERIFY(daemon.start({QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--roles"),
                              QStringLiteral("api,relay"), QStringLiteral("--data-dir"), dir.path()}));
        ApiClient api(daemon.httpUrl(), issueToken(QUuid::createUuid().toString(QUuid::WithoutBraces), dir.path()));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(
                api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("t%1").arg(i)}})
                    .status,
                201);
        // Sentinel: every committed event acknowledged by the broker.
        QTRY_COMPARE_WITH_TIMEOUT(api.metric("taskstream_outbox_pending"), 0.0, 30000);

        const Run r = verify({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--brokers"),
                              daemon.bootstrapServers(), QStringLiteral("--since"), QStringLiteral("10m"),
                              QStringLiteral("--group"), QStringLiteral("task-broadcaster-cg"),
                              QStringLiteral("--settle-seconds"), QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 3, r.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(report.value(QStringLiteral("clean")).toBool(true), false);
        QCOMPARE(report.value(QStringLiteral("outbox")).toObject().value(QStringLiteral("committed")).toInt(), 5);
        QCOMPARE(report.value(QStringLiteral("outbox")).toObject().value(QStringLiteral("published")).toInt(), 5);
        const QJsonObject group = report.value(QStringLiteral("groups")).toArray().first().toObject();
        QCOMPARE(group.value(QStringLiteral("group")).toString(), QStringLiteral("task-broadcaster-cg"));
        QCOMPARE(group.value(QStringLiteral("expected")).toInt(), 5);
        QCOMPARE(group.value(QStringLiteral("processed")).toInt(), 0);
        QCOMPARE(group.value(QStringLiteral("not_processed")).toInt(), 5);
        QCOMPARE(group.value(QStringLiteral("not_processed_examples")).toArray().size(), 5);

        // The same run as text.
        const Run text =
            verify({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--brokers"), daemon.bootstrapServers(),
                    QStringLiteral("--group"), QStringLiteral("task-broadcaster-cg"),
                    QStringLiteral("--settle-seconds"), QStringLiteral("0")});
        QCOMPARE(text.exitCode, 3);
        QVERIFY2(text.out.contains("lost 5 (0 not published, 5 not processed)"), text.out.constData());
        QVERIFY(text.out.contains("verdict: NOT CLEAN"));
        QVERIFY(daemon.stop());
    }

    /// On SQLite the audit group's ledger is in the audit file, not next to the outbox: a
    /// healthy audit worker must be reported clean, not as having lost every event.
    void theAuditGroupsLedgerIsReadFromTheAuditFile()
    {
        QTemporaryDir dir;
        DaemonProcess daemon;
        QVERIFY(daemon.start({QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--roles"),
                              QStringLiteral("api,relay,audit"), QStringLiteral("--data-dir"), dir.path()}));
        ApiClient api(daemon.httpUrl(), issueToken(QUuid::createUuid().toString(QUuid::WithoutBraces), dir.path()));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(
                api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("t%1").arg(i)}})
                    .status,
                201);
        // Sentinel: the audit log shows all three (written with their ledger rows).
        QTRY_COMPARE_WITH_TIMEOUT(
            api.get(QStringLiteral("/api/v1/audit")).json().value(QStringLiteral("items")).toArray().size(), 3, 30000);

        const Run r = verify({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--brokers"),
                              daemon.bootstrapServers(), QStringLiteral("--since"), QStringLiteral("10m"),
                              QStringLiteral("--group"), QStringLiteral("audit-log-cg"),
                              QStringLiteral("--settle-seconds"), QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        const QJsonObject group =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("groups")).toArray().first().toObject();
        QCOMPARE(group.value(QStringLiteral("group")).toString(), QStringLiteral("audit-log-cg"));
        QCOMPARE(group.value(QStringLiteral("expected")).toInt(), 3);
        QCOMPARE(group.value(QStringLiteral("processed")).toInt(), 3);
        QCOMPARE(group.value(QStringLiteral("not_processed")).toInt(), 0);
        QVERIFY(daemon.stop());
    }
};

QTEST_MAIN(TestVerifyCommand)
#include "tst_verifycommand.moc"

#include "store/Database.h"
#include "support/DaemonProcess.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using taskstream::store::Database;
using testsupport::DaemonProcess;

/// `taskstreamd migrate`, the chart's pre-upgrade Job: applies the migrations with the daemon's
/// database settings and exits with a code that says what happened.
class TestMigrate : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    static Run migrate(const QStringList &args)
    {
        QProcess p;
        p.start(DaemonProcess::binary(), QStringList{QStringLiteral("migrate")} + args);
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
    void migratesANewDatabaseAndExits()
    {
        QTemporaryDir dir;
        const Run r = migrate({QStringLiteral("--data-dir"), dir.path()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray expected = "schema=" + QByteArray::number(Database::latestSchemaVersion()) + "\n";
        QVERIFY2(r.out.endsWith(expected), r.out.constData());

        QString why;
        const auto db = Database::open(dir.filePath(QStringLiteral("taskstream.db")), &why);
        QVERIFY2(db, qPrintable(why));
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    }

    // What an operator reads to know which schema an image needs (docs/deploy.md, rollback policy).
    void versionNamesTheSchema()
    {
        QProcess p;
        p.start(DaemonProcess::binary(), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains("(database schema " + QByteArray::number(Database::latestSchemaVersion()) + ")"),
                 out.constData());
    }

    void aCurrentSchemaIsLeftAsItIs()
    {
        QTemporaryDir dir;
        QCOMPARE(migrate({QStringLiteral("--data-dir"), dir.path()}).exitCode, 0);
        const Run again = migrate({QStringLiteral("--data-dir"), dir.path()});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY2(again.out.contains("schema=" + QByteArray::number(Database::latestSchemaVersion())), again.out);
    }

    void aNewerSchemaIsRefusedWithExitCode1()
    {
        // What an older image meets after a rollback past a migrating upgrade.
        QTemporaryDir dir;
        QCOMPARE(migrate({QStringLiteral("--data-dir"), dir.path()}).exitCode, 0);
        {
            QSqlDatabase sql = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            sql.setDatabaseName(dir.filePath(QStringLiteral("taskstream.db")));
            QVERIFY(sql.open());
            QSqlQuery q(sql);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_version (version, description, applied_at) "
                                          "VALUES (%1, 'from a newer build', 0)")
                               .arg(Database::latestSchemaVersion() + 1)));
            sql.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        const Run r = migrate({QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("newer than this build"), r.err.constData());
    }

    void anUnreachableServerExitsWith3AfterTheStartupTimeout()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        const Run r =
            migrate({QStringLiteral("--database"), QStringLiteral("postgresql://taskstream@127.0.0.1:1/taskstream"),
                     QStringLiteral("--startup-timeout"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("gave up after --startup-timeout"), r.err.constData());
    }

    void aMigrateOptionOfAnotherCommandIsAUsageError()
    {
        const Run r = migrate({QStringLiteral("--to"), QStringLiteral("/nonexistent/file")});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestMigrate)
#include "tst_migrate.moc"

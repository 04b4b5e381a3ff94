#include "support/DaemonProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using testsupport::ApiClient;
using testsupport::DaemonProcess;
using testsupport::issueToken;

/// `taskstreamd backup --to FILE` and the restore drill of docs/deploy.md: a copy taken while
/// the daemon serves writes, restored into a new data directory, holds exactly what was
/// committed before the backup.
class TestBackup : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QByteArray out, err;
    };
    static Run backup(const QStringList &args)
    {
        QProcess p;
        p.start(DaemonProcess::binary(), QStringList{QStringLiteral("backup")} + args);
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

    static QSet<QString> titles(ApiClient &api)
    {
        QSet<QString> out;
        const ApiClient::Reply r = api.get(QStringLiteral("/api/v1/tasks?limit=500"));
        if (r.status != 200)
            return {QStringLiteral("GET /api/v1/tasks answered %1").arg(r.status)};
        for (const QJsonValue &t : r.json().value(QStringLiteral("items")).toArray())
            out.insert(t.toObject().value(QStringLiteral("title")).toString());
        return out;
    }

private slots:
    void restoreDrill()
    {
        QTemporaryDir live, restored, backups;
        const QStringList options{QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--roles"),
                                  QStringLiteral("api,relay")};
        DaemonProcess daemon;
        QVERIFY(daemon.start(options + QStringList{QStringLiteral("--data-dir"), live.path()}));
        const QString user = QUuid::createUuid().toString(QUuid::WithoutBraces);
        ApiClient api(daemon.httpUrl(), issueToken(user, live.path()));
        QSet<QString> before;
        for (int i = 0; i < 20; ++i) {
            const QString title = QStringLiteral("before backup %1").arg(i);
            QCOMPARE(api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), title}}).status, 201);
            before.insert(title);
        }

        // Online: the daemon keeps running and serving writes.
        const QString file = backups.filePath(QStringLiteral("taskstream-backup.db"));
        const Run r = backup({QStringLiteral("--data-dir"), live.path(), QStringLiteral("--to"), file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("backup=" + file.toUtf8()), r.out.constData());
        // The audit log's own file is copied beside it.
        const QString auditFile = backups.filePath(QStringLiteral("taskstream-backup-audit.db"));
        QVERIFY2(r.out.contains("\naudit_backup=" + auditFile.toUtf8()), r.out.constData());
        QVERIFY(QFileInfo::exists(auditFile));
        QCOMPARE(api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("after backup")}})
                     .status,
                 201);
        QCOMPARE(titles(api), before + QSet<QString>{QStringLiteral("after backup")});
        QVERIFY(daemon.stop());

        // Restore: the copy becomes the database of a new data directory (with the JWT secret the
        // tokens were signed with: the chart keeps it in a Secret, a single pod in its data volume).
        QVERIFY(QFile::copy(file, QDir(restored.path()).filePath(QStringLiteral("taskstream.db"))));
        QVERIFY(QFile::copy(QDir(live.path()).filePath(QStringLiteral("jwt-secret")),
                            QDir(restored.path()).filePath(QStringLiteral("jwt-secret"))));
        DaemonProcess again;
        QVERIFY(again.start(options + QStringList{QStringLiteral("--data-dir"), restored.path()}));
        ApiClient restoredApi(again.httpUrl(), issueToken(user, restored.path()));
        QCOMPARE(titles(restoredApi), before);
        // The restored database takes writes again.
        QCOMPARE(
            restoredApi
                .post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("after restore")}})
                .status,
            201);
        QVERIFY(again.stop());
    }

    void refusesToOverwriteOrToCopyNothing()
    {
        QTemporaryDir dir, empty;
        QFile existing(dir.filePath(QStringLiteral("existing.db")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();

        DaemonProcess daemon;
        QVERIFY(daemon.start({QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--roles"),
                              QStringLiteral("api"), QStringLiteral("--data-dir"), dir.path()}));
        Run r = backup({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--to"), existing.fileName()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("exists"), r.err.constData());
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
        QVERIFY(daemon.stop());

        // No database where it is looked for: an error, not an empty copy.
        const QString target = dir.filePath(QStringLiteral("copy.db"));
        r = backup({QStringLiteral("--data-dir"), empty.path(), QStringLiteral("--to"), target});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no SQLite database"), r.err.constData());
        QVERIFY(!QFile::exists(target));

        // A PostgreSQL URL: pg_dump's job.
        r = backup({QStringLiteral("--database"), QStringLiteral("postgresql://taskstream@db/taskstream"),
                    QStringLiteral("--to"), target});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("pg_dump"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"

#include "DaemonOptions.h"
#include "LogOutput.h"
#include "SqliteBackup.h"
#include "UnixSignalWatcher.h"
#include "VerifyCommand.h"
#include "auth/JwtAuth.h"
#include "runtime/Node.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QUuid>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("taskstreamd"));
    QCoreApplication::setOrganizationName(QStringLiteral("taskstream"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKSTREAM_VERSION));

    DaemonOptions options;
    switch (options.parse(QCoreApplication::arguments())) {
    case DaemonOptions::Outcome::ShowHelp:
        std::fputs(qPrintable(options.helpText), stdout);
        return 0;
    case DaemonOptions::Outcome::PrintConfig:
        std::fputs(qPrintable(options.printableConfig()), stdout);
        return 0;
    case DaemonOptions::Outcome::ShowVersion:
        // The schema this build migrates to: it runs on that schema or an older one, never a newer.
        std::printf("taskstreamd %s (database schema %d)\n", TASKSTREAM_VERSION,
                    taskstream::store::Database::latestSchemaVersion());
        return 0;
    case DaemonOptions::Outcome::UsageError:
        std::fprintf(stderr, "taskstreamd: %s\n", qPrintable(options.error));
        return 2;
    case DaemonOptions::Outcome::Backup: {
        const QString source = options.effectiveDatabaseUrl();
        if (source.startsWith(QLatin1String("postgres"))) {
            std::fprintf(stderr, "taskstreamd backup: the database is PostgreSQL; back it up with pg_dump "
                                 "(docs/deploy.md, \"Upgrades, rollback and backups\")\n");
            return 2;
        }
        const SqliteBackupResult r = backupSqliteDatabase(source, options.backupTo);
        if (!r.ok) {
            std::fprintf(stderr, "taskstreamd backup: %s\n", qPrintable(r.error));
            return 1;
        }
        std::printf("backup=%s pages=%d bytes=%lld\n", qPrintable(options.backupTo), r.pages,
                    static_cast<long long>(r.bytes));
        // The audit log's own file (docs/audit.md) is copied beside it under the matching name.
        const auto pathOf = [](const QString &url) {
            return url.startsWith(QLatin1String("sqlite:")) ? url.mid(7) : url;
        };
        const QString auditSource = pathOf(taskstream::store::AuditStore::databaseUrlFor(source));
        if (auditSource != pathOf(source) && QFileInfo::exists(auditSource)) {
            const QString auditTarget = pathOf(taskstream::store::AuditStore::databaseUrlFor(options.backupTo));
            const SqliteBackupResult a = backupSqliteDatabase(auditSource, auditTarget);
            if (!a.ok) {
                std::fprintf(stderr, "taskstreamd backup: the audit log: %s\n", qPrintable(a.error));
                return 1;
            }
            std::printf("audit_backup=%s pages=%d bytes=%lld\n", qPrintable(auditTarget), a.pages,
                        static_cast<long long>(a.bytes));
        }
        return 0;
    }
    case DaemonOptions::Outcome::Verify:
        return runVerifyCommand(options);
    case DaemonOptions::Outcome::Migrate: {
        // The daemon's own database settings; a server that is not up yet is waited for within
        // the startup timeout, as the daemon does at start.
        using taskstream::store::Database;
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            QString why;
            bool unreachable = false;
            const std::unique_ptr<Database> db = Database::open(options.effectiveDatabaseUrl(), &why, &unreachable);
            if (db) {
                std::printf("database=%s schema=%d\n", qPrintable(db->displayUrl()), db->schemaVersion());
                return 0;
            }
            if (!unreachable) {
                std::fprintf(stderr, "taskstreamd migrate: %s\n", qPrintable(why));
                return 1;
            }
            if (waited.elapsed() >= options.startupTimeoutMs) {
                std::fprintf(stderr, "taskstreamd migrate: %s (gave up after --startup-timeout)\n", qPrintable(why));
                return 3;
            }
            std::fprintf(stderr, "taskstreamd migrate: %s; trying again in 1 s\n", qPrintable(why));
            std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    }
    case DaemonOptions::Outcome::IssueToken: {
        QString why;
        const QByteArray secret =
            options.jwtSecretFile.isEmpty()
                ? taskstream::auth::JwtAuth::loadOrCreateSecret(options.effectiveJwtSecretFile(), &why)
                : taskstream::auth::JwtAuth::loadSecret(options.jwtSecretFile, &why);
        const QString token = secret.isEmpty() ? QString()
                                               : taskstream::auth::JwtAuth(secret, options.jwtOptions())
                                                     .issue(QUuid::fromString(options.tokenUser), options.tokenRole,
                                                            options.tokenTtlSeconds, &why);
        if (token.isEmpty()) {
            std::fprintf(stderr, "taskstreamd token: %s\n", qPrintable(why));
            return 1;
        }
        std::printf("%s\n", qPrintable(token));
        return 0;
    }
    case DaemonOptions::Outcome::Run:
        break;
    }
    installLogOutput(options.logFormat);

    UnixSignalWatcher signalWatcher;
    taskstream::runtime::Node node(options);
    using taskstream::runtime::Node;

    // Shutdown (SIGTERM, Ctrl+C, a fatal error) runs in order and must end within the grace period
    // (under Kubernetes' terminationGracePeriodSeconds): past it the process exits regardless; what
    // was not committed is delivered again to the next member and found in the ledger.
    std::mutex mutex;
    std::condition_variable stoppedCondition;
    bool done = false;
    std::thread watchdog;
    auto shutDown = [&] {
        if (watchdog.joinable())
            return;
        watchdog = std::thread([&, grace = options.shutdownGraceSeconds] {
            std::unique_lock<std::mutex> lock(mutex);
            if (!stoppedCondition.wait_for(lock, std::chrono::seconds(grace), [&] { return done; })) {
                std::fprintf(stderr,
                             "taskstreamd: shutdown took longer than %d s (--shutdown-grace-seconds); exiting now\n",
                             grace);
                std::fflush(stderr);
                std::_Exit(1);
            }
        });
        node.stop();
    };

    int exitCode = 0;
    QObject::connect(&node, &Node::started, &app, [&node] {
        std::printf("bootstrap.servers=%s\nhttp=%s\n", qPrintable(node.bootstrapServers()), qPrintable(node.httpUrl()));
        std::fflush(stdout);
        qInfo("taskstreamd ready; Ctrl+C or SIGTERM stops it");
    });
    QObject::connect(&node, &Node::failed, &app, [&exitCode, &shutDown](const QString &reason, int code) {
        std::fprintf(stderr, "taskstreamd: %s\n", qPrintable(reason));
        if (!exitCode)
            exitCode = code;
        shutDown();
    });
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &app, [&shutDown](int sig) {
        qInfo("signal %d received; shutting down", sig);
        shutDown();
    });
    QObject::connect(&node, &Node::stopped, &app, [] { QCoreApplication::quit(); });
    node.start();
    const int rc = app.exec();
    {
        std::lock_guard<std::mutex> lock(mutex);
        done = true;
    }
    stoppedCondition.notify_one();
    if (watchdog.joinable())
        watchdog.join();
    qInfo("taskstreamd stopped");
    return exitCode ? exitCode : rc;
}

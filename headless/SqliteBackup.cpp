#include "SqliteBackup.h"

#include <cstdio>

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

namespace {

/// Closes a handle on every way out.
struct Connection
{
    sqlite3 *db = nullptr;
    ~Connection() { sqlite3_close_v2(db); }
    QString message() const { return db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory"); }
};

} // namespace

SqliteBackupResult backupSqliteDatabase(const QString &sourcePath, const QString &targetPath)
{
    SqliteBackupResult r;
    if (!QFileInfo(sourcePath).isFile()) {
        r.error = QStringLiteral("no SQLite database at %1 (see --data-dir, --database)").arg(sourcePath);
        return r;
    }
    if (QFileInfo::exists(targetPath)) {
        r.error = QStringLiteral("%1 exists; choose a new file (a backup never overwrites one)").arg(targetPath);
        return r;
    }
    const QString partial = targetPath + QStringLiteral(".partial");
    QFile::remove(partial);
    {
        Connection src, dst;
        // Read-write without create: a missing file is an error, not a new empty database; WAL
        // readers need to be able to write the shared-memory index.
        if (sqlite3_open_v2(QFile::encodeName(sourcePath).constData(), &src.db, SQLITE_OPEN_READWRITE, nullptr) !=
            SQLITE_OK) {
            r.error = QStringLiteral("cannot open %1: %2").arg(sourcePath, src.message());
            return r;
        }
        sqlite3_busy_timeout(src.db, 10000);
        if (sqlite3_open_v2(QFile::encodeName(partial).constData(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            r.error = QStringLiteral("cannot create %1: %2").arg(partial, dst.message());
            return r;
        }
        sqlite3_backup *backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
        if (!backup) {
            r.error = QStringLiteral("cannot start the backup: %1").arg(dst.message());
            QFile::remove(partial);
            return r;
        }
        // All pages in one step: one read transaction, so the copy is one committed state of the
        // source, and a writer elsewhere cannot make it start over. Busy or locked: try again.
        int rc = SQLITE_OK;
        for (int attempt = 0; attempt < 200; ++attempt) {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            sqlite3_sleep(50);
        }
        r.pages = sqlite3_backup_pagecount(backup);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) {
            r.error = QStringLiteral("backup of %1 failed: %2").arg(sourcePath, QString::fromUtf8(sqlite3_errstr(rc)));
            QFile::remove(partial);
            return r;
        }
        sqlite3_stmt *check = nullptr;
        QString verdict;
        if (sqlite3_prepare_v2(dst.db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK) {
            while (sqlite3_step(check) == SQLITE_ROW)
                verdict += QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(check, 0)));
        }
        sqlite3_finalize(check);
        if (verdict != QLatin1String("ok")) {
            r.error = QStringLiteral("the copy fails its integrity check: %1")
                          .arg(verdict.isEmpty() ? dst.message() : verdict);
            QFile::remove(partial);
            return r;
        }
    }
    // The copy is in WAL mode like its source: closing it checkpointed everything into the file.
    QFile::remove(partial + QStringLiteral("-wal"));
    QFile::remove(partial + QStringLiteral("-shm"));
    if (std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(targetPath).constData()) != 0) {
        r.error = QStringLiteral("cannot rename %1 to %2").arg(partial, targetPath);
        QFile::remove(partial);
        return r;
    }
    r.bytes = QFileInfo(targetPath).size();
    r.ok = true;
    return r;
}

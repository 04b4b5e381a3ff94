#pragma once

#include <QString>

/// `taskstreamd backup --to FILE`: a consistent copy of the daemon's SQLite database, taken with
/// SQLite's online backup API while the daemon may be running (in WAL mode readers do not block
/// its writers). The copy is written next to FILE, checked with PRAGMA integrity_check and only
/// then renamed to FILE, so FILE is either absent or a whole, valid database.
struct SqliteBackupResult
{
    bool ok = false;
    QString error; ///< one line naming what failed
    int pages = 0;
    qint64 bytes = 0;
};

SqliteBackupResult backupSqliteDatabase(const QString &sourcePath, const QString &targetPath);

#pragma once
// The database a store test runs against, chosen by TASKSTREAM_TEST_DB (sqlite, the default, or
// postgresql). For PostgreSQL it starts a private server on a free loopback port in a temporary
// directory (initdb + pg_ctl from Debian's postgresql package, as the postgres user when run as
// root, since PostgreSQL refuses to run as root) and stops it at the end.
// TASKSTREAM_TEST_DATABASE_URL points at an existing server instead.

#include "store/Database.h"
#include "store/OutboxStore.h"

#include <memory>

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <unistd.h>

namespace testsupport {

class TestDatabase
{
public:
    TestDatabase();
    ~TestDatabase();

    bool isPostgres() const;

    /// A fresh, empty database URL (a new SQLite file, or a new PostgreSQL database).
    QString freshUrl(QString *error);

    /// PostgreSQL only: stops the private server as a crash would (`pg_ctl stop -m immediate`:
    /// every connection drops, nothing is shut down cleanly).
    bool crashServer(QString *error);
    /// Starts the private server again, on the same port and data, after crashServer().
    bool restartServer(QString *error);
    /// PostgreSQL only: stops every process of the private server (SIGSTOP), as a server stuck on
    /// its disk would be: connections stay open and the kernel acknowledges what is sent, but
    /// nothing answers. thawServer() lets them go on (SIGCONT).
    bool freezeServer(QString *error);
    bool thawServer(QString *error);

private:
    static QString pgBin(const QString &tool);
    int runAsPostgres(const QString &tool, const QStringList &args, QString *output);
    bool startServer(QString *error);
    bool launchServer(QString *error);
    void stopServer();

    QTemporaryDir m_dir;
    QString m_pgdata;
    quint16 m_port = 0;
    bool m_started = false;
    int m_count = 0;
    QList<qint64> m_frozen;
};

/// Waits until no outbox row of \a db is pending: every event committed so far is acknowledged by
/// Kafka. False with *why (the last read error, if any) when that does not happen in time.
bool waitForOutboxDrained(taskstream::store::Database *db, int timeoutMs, QString *why);

} // namespace testsupport

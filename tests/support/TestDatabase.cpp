#include "support/TestDatabase.h"

#include <csignal>

#include <QDir>
#include <QFile>

namespace testsupport {

TestDatabase::TestDatabase()
{
    m_dir.setAutoRemove(true);
}

TestDatabase::~TestDatabase()
{
    stopServer();
}

bool TestDatabase::isPostgres() const
{
    return qEnvironmentVariable("TASKSTREAM_TEST_DB") == QLatin1String("postgresql");
}

QString TestDatabase::freshUrl(QString *error)
{
    if (!isPostgres())
        return m_dir.filePath(QStringLiteral("db-%1.sqlite").arg(++m_count));
    QString base = qEnvironmentVariable("TASKSTREAM_TEST_DATABASE_URL");
    if (base.isEmpty()) {
        if (!m_started && !startServer(error))
            return {};
        base = QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(m_port);
    }
    const QString name = QStringLiteral("ts_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    auto admin = taskstream::store::Database::open(base, error);
    if (!admin)
        return {};
    QSqlQuery q(admin->db());
    if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(name))) {
        *error = q.lastError().text();
        return {};
    }
    QString url = base;
    url.replace(QRegularExpression(QStringLiteral("/[^/]*$")), QLatin1Char('/') + name);
    return url;
}

QString TestDatabase::pgBin(const QString &tool)
{
    const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql"))
                                     .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
    return versions.isEmpty() ? tool : QStringLiteral("/usr/lib/postgresql/%1/bin/%2").arg(versions.first(), tool);
}

int TestDatabase::runAsPostgres(const QString &tool, const QStringList &args, QString *output)
{
    QProcess p;
    if (::geteuid() == 0)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), pgBin(tool)} +
                    args);
    else
        p.start(pgBin(tool), args);
    p.waitForFinished(60000);
    *output = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

bool TestDatabase::startServer(QString *error)
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    m_port = probe.serverPort();
    probe.close();
    m_pgdata = m_dir.filePath(QStringLiteral("pgdata"));
    QDir().mkpath(m_pgdata);
    if (::geteuid() == 0) {
        QProcess::execute(QStringLiteral("chown"),
                          {QStringLiteral("-R"), QStringLiteral("postgres:postgres"), m_dir.path()});
        QProcess::execute(QStringLiteral("chmod"), {QStringLiteral("755"), m_dir.path()});
    }
    QString out;
    if (runAsPostgres(QStringLiteral("initdb"),
                      {QStringLiteral("-D"), m_pgdata, QStringLiteral("-U"), QStringLiteral("postgres"),
                       QStringLiteral("--auth=trust"), QStringLiteral("--no-sync")},
                      &out) != 0) {
        *error = QStringLiteral("initdb failed (is Debian's postgresql installed?): ") + out;
        return false;
    }
    return launchServer(error);
}

bool TestDatabase::launchServer(QString *error)
{
    QString out;
    const QString opts =
        QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off").arg(m_port).arg(m_pgdata);
    if (runAsPostgres(QStringLiteral("pg_ctl"),
                      {QStringLiteral("-D"), m_pgdata, QStringLiteral("-o"), opts, QStringLiteral("-w"),
                       QStringLiteral("-l"), m_pgdata + QStringLiteral("/server.log"), QStringLiteral("start")},
                      &out) != 0) {
        *error = QStringLiteral("pg_ctl start failed: ") + out;
        return false;
    }
    m_started = true;
    return true;
}

bool TestDatabase::crashServer(QString *error)
{
    if (!m_started) {
        *error = QStringLiteral("no private PostgreSQL server runs");
        return false;
    }
    stopServer();
    return true;
}

bool TestDatabase::restartServer(QString *error)
{
    if (m_started || m_pgdata.isEmpty()) {
        *error = QStringLiteral("the private PostgreSQL server is running, or was never started");
        return false;
    }
    return launchServer(error);
}

bool TestDatabase::freezeServer(QString *error)
{
    if (!m_started || !m_frozen.isEmpty()) {
        *error = QStringLiteral("no private PostgreSQL server runs, or it is frozen already");
        return false;
    }
    QFile pidFile(m_pgdata + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(pidFile.fileName());
        return false;
    }
    const qint64 postmaster = pidFile.readLine().trimmed().toLongLong();
    // The postmaster first, so it starts no new backend meanwhile; then every child it has.
    m_frozen << postmaster;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid ...: the comm may hold spaces, so read after its closing parenthesis.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest.at(1).toLongLong() == postmaster)
            m_frozen << entry.toLongLong();
    }
    for (qint64 pid : std::as_const(m_frozen))
        ::kill(pid_t(pid), SIGSTOP);
    return true;
}

bool TestDatabase::thawServer(QString *error)
{
    if (m_frozen.isEmpty()) {
        *error = QStringLiteral("the private PostgreSQL server is not frozen");
        return false;
    }
    for (qint64 pid : std::as_const(m_frozen))
        ::kill(pid_t(pid), SIGCONT);
    m_frozen.clear();
    return true;
}

void TestDatabase::stopServer()
{
    if (!m_started)
        return;
    if (!m_frozen.isEmpty()) {
        QString ignored;
        thawServer(&ignored);
    }
    QString out;
    runAsPostgres(
        QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_pgdata, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")},
        &out);
    m_started = false;
}

bool waitForOutboxDrained(taskstream::store::Database *db, int timeoutMs, QString *why)
{
    taskstream::store::OutboxStore outbox(db);
    return QTest::qWaitFor(
        [&] {
            const taskstream::Result<taskstream::store::OutboxStats> stats = outbox.stats();
            *why = stats ? QStringLiteral("rows still pending") : stats.error().message;
            return stats && stats.value().pending == 0;
        },
        timeoutMs);
}

} // namespace testsupport

#include "store/Database.h"

#include "store/Migrations_p.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QWaitCondition>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "taskstream.store", QtInfoMsg)

namespace taskstream::store {

namespace {
QAtomicInt g_connections;
constexpr int kBusyTimeoutMs = 5000;

} // namespace

/// The in-process write lock of one SQLite file, granted in the order it was asked for. A plain
/// mutex lets a writer that commits and begins again at once take it again before the others
/// wake, so one busy consumer group could hold off the API's commits for many rounds.
class WriteGate
{
public:
    bool acquire(int timeoutMs)
    {
        QMutexLocker lock(&m_mutex);
        const quint64 ticket = m_next++;
        QDeadlineTimer deadline(timeoutMs);
        while (ticket != m_serving) {
            if (!m_turn.wait(&m_mutex, deadline)) {
                if (ticket == m_serving)
                    return true;
                m_abandoned.insert(ticket); // skipped when its turn comes
                return false;
            }
        }
        return true;
    }
    void release()
    {
        QMutexLocker lock(&m_mutex);
        ++m_serving;
        while (m_abandoned.remove(m_serving))
            ++m_serving;
        m_turn.wakeAll();
    }

private:
    QMutex m_mutex;
    QWaitCondition m_turn;
    quint64 m_next = 0;
    quint64 m_serving = 0;
    QSet<quint64> m_abandoned;
};

namespace {
/// The write gate of the SQLite file at \a path.
std::shared_ptr<WriteGate> writeLockFor(const QString &path)
{
    static QMutex registryMutex;
    static QHash<QString, std::weak_ptr<WriteGate>> registry;
    const QString key = QFileInfo(path).absoluteFilePath();
    QMutexLocker lock(&registryMutex);
    std::shared_ptr<WriteGate> m = registry.value(key).lock();
    if (!m) {
        m = std::make_shared<WriteGate>();
        registry.insert(key, m);
    }
    return m;
}

QString sqlError(const QSqlError &e)
{
    QString s = e.text().trimmed();
    return s.isEmpty() ? QStringLiteral("unknown database error") : s;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = QStringLiteral("%1 (in: %2)").arg(sqlError(q.lastError()), sql.left(80));
        return false;
    }
    return true;
}
} // namespace

std::unique_ptr<Database> Database::open(const QString &url, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::unique_ptr<Database>();
    };
    std::unique_ptr<Database> self(new Database);
    self->m_connection = QStringLiteral("taskstream-%1").arg(g_connections.fetchAndAddRelaxed(1));

    if (url.startsWith(QLatin1String("postgres://")) || url.startsWith(QLatin1String("postgresql://"))) {
        const QUrl u(url);
        if (!u.isValid() || u.host().isEmpty() || u.path().size() < 2)
            return fail(QStringLiteral("database URL '%1' is not postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME")
                            .arg(u.toDisplayString(QUrl::RemovePassword)));
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return fail(QStringLiteral("the Qt PostgreSQL driver is missing (Debian package libqt6sql6-psql)"));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), self->m_connection);
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setDatabaseName(u.path().mid(1));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
        self->m_kind = Kind::PostgreSQL;
        self->m_displayUrl = u.toDisplayString(QUrl::RemovePassword);
    } else {
        QString path = url;
        if (path.startsWith(QLatin1String("sqlite:")))
            path = path.mid(7);
        if (path.isEmpty())
            return fail(QStringLiteral("database URL is empty; give a SQLite file path or a postgresql:// URL"));
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
            return fail(QStringLiteral("the Qt SQLite driver is missing (Debian package libqt6sql6-sqlite)"));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), self->m_connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        self->m_kind = Kind::SQLite;
        self->m_displayUrl = QStringLiteral("sqlite:") + path;
    }

    QSqlDatabase db = self->db();
    if (!db.open())
        return fail(QStringLiteral("cannot open database %1: %2").arg(self->m_displayUrl, sqlError(db.lastError())));
    QString why;
    if (self->m_kind == Kind::SQLite) {
        // WAL: readers do not block the writer. synchronous=FULL: a commit that returned is on
        // disk, so an acknowledged API call survives a crash or power loss.
        // 64 MB page cache: the hot index pages of a busy daemon stay in memory.
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA cache_size=-65536"})
            if (!exec(db, QString::fromLatin1(pragma), &why))
                return fail(QStringLiteral("cannot configure %1: %2").arg(self->m_displayUrl, why));
    }
    if (!self->migrate(&why))
        return fail(why);
    if (self->m_kind == Kind::SQLite && !db.databaseName().contains(QLatin1String(":memory:")))
        self->m_writeLock = writeLockFor(db.databaseName());
    self->m_url = url;
    return self;
}

std::unique_ptr<Database> Database::openRelaxed(const QString &url, QString *error)
{
    std::unique_ptr<Database> db = open(url, error);
    if (!db)
        return db;
    QSqlDatabase d = db->db();
    const QString sql = db->kind() == Kind::SQLite ? QStringLiteral("PRAGMA synchronous=NORMAL")
                                                   : QStringLiteral("SET synchronous_commit TO off");
    if (!exec(d, sql, error))
        return nullptr;
    return db;
}

QSqlQuery &Database::prepared(const QString &sql, QString *error)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery q(db());
        if (!q.prepare(sql)) {
            if (error)
                *error = sqlError(q.lastError());
            static QSqlQuery invalid;
            invalid = QSqlQuery();
            return invalid;
        }
        it = m_statements.insert(sql, q);
    }
    return it.value();
}

QSqlQuery *Database::batchStatement(const QString &sql, bool reuse, QSqlQuery &fresh, QString *error)
{
    if (reuse) {
        QSqlQuery &q = prepared(sql, error);
        return q.lastQuery().isEmpty() ? nullptr : &q;
    }
    fresh.setForwardOnly(true);
    if (fresh.prepare(sql))
        return &fresh;
    if (error)
        *error = sqlError(fresh.lastError());
    return nullptr;
}

sqlite3 *Database::sqliteHandle() const
{
    if (m_kind != Kind::SQLite)
        return nullptr;
    const QVariant v = db().driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

sqlite3_stmt *Database::sqliteStatement(const char *sql, QString *error)
{
    // Keyed by the text's address: callers pass string literals, and this runs once per record.
    const auto key = quintptr(sql);
    if (sqlite3_stmt *st = m_sqliteStatements.value(key)) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    sqlite3 *h = sqliteHandle();
    if (!h) {
        if (error)
            *error = QStringLiteral("not an SQLite connection");
        return nullptr;
    }
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(h));
        sqlite3_finalize(st);
        return nullptr;
    }
    m_sqliteStatements.insert(key, st);
    return st;
}

Database::Statement Database::statement(const char *sql)
{
    QString error;
    if (m_kind == Kind::SQLite)
        return Statement(sqliteStatement(sql, &error), nullptr, error);
    QSqlQuery &q = prepared(QString::fromUtf8(sql), &error);
    return Statement(nullptr, q.lastQuery().isEmpty() ? nullptr : &q, error);
}

Database::Statement::~Statement()
{
    if (m_sqlite) { // not run, or run: either way unbound before the bytes it points at go
        sqlite3_reset(m_sqlite);
        sqlite3_clear_bindings(m_sqlite);
    }
}

Database::Statement &Database::Statement::bind(const QString &value)
{
    if (m_sqlite) { // kept here until exec, so SQLite reads it without a copy of its own
        const QByteArray &utf8 = m_bytes.emplace_back(value.toUtf8());
        sqlite3_bind_text(m_sqlite, m_next++, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
    } else if (m_query) {
        m_query->addBindValue(value);
    }
    return *this;
}

Database::Statement &Database::Statement::bindUtf8(QByteArrayView text)
{
    if (m_sqlite)
        sqlite3_bind_text(m_sqlite, m_next++, text.data() ? text.data() : "", int(text.size()), SQLITE_TRANSIENT);
    else if (m_query)
        m_query->addBindValue(QString::fromUtf8(text));
    return *this;
}

Database::Statement &Database::Statement::bind(qint64 value)
{
    if (m_sqlite)
        sqlite3_bind_int64(m_sqlite, m_next++, value);
    else if (m_query)
        m_query->addBindValue(value);
    return *this;
}

Database::Statement &Database::Statement::bindNull()
{
    if (m_sqlite)
        sqlite3_bind_null(m_sqlite, m_next++);
    else if (m_query)
        m_query->addBindValue(QVariant());
    return *this;
}

int Database::Statement::exec(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (m_sqlite) {
        const int rc = sqlite3_step(m_sqlite);
        sqlite3 *h = sqlite3_db_handle(m_sqlite);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            *error = QString::fromUtf8(sqlite3_errmsg(h));
            return -1;
        }
        return sqlite3_changes(h);
    }
    if (!m_query) {
        *error = m_prepareError;
        return -1;
    }
    if (!m_query->exec()) {
        *error = m_query->lastError().text();
        return -1;
    }
    const int rows = m_query->numRowsAffected();
    m_query->finish();
    return rows;
}

Database::~Database()
{
    releaseWriteLock();
    m_statements.clear();
    for (sqlite3_stmt *st : std::as_const(m_sqliteStatements))
        sqlite3_finalize(st);
    m_sqliteStatements.clear();
    {
        QSqlDatabase d = db();
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

int Database::latestSchemaVersion()
{
    return detail::migrations().last().version;
}

int Database::schemaVersion() const
{
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next())
        return q.value(0).toInt();
    return 0;
}

bool Database::migrate(QString *error)
{
    // Several instances may start at once on one database: the whole upgrade runs in one
    // transaction under a lock (SQLite: BEGIN IMMEDIATE takes the write lock; PostgreSQL: a
    // transaction-scoped advisory lock), and the version is read inside it, so one instance
    // migrates and the others find the work done.
    QSqlDatabase d = db();
    const bool sqlite = m_kind == Kind::SQLite;
    if (sqlite ? !exec(d, QStringLiteral("BEGIN IMMEDIATE"), error) : !begin(error))
        return false;
    auto abort = [&](const QString &why) {
        if (sqlite) {
            QString ignored;
            exec(d, QStringLiteral("ROLLBACK"), &ignored);
        } else {
            rollback();
        }
        *error = why;
        return false;
    };
    QString why;
    if (!sqlite && !exec(d, QStringLiteral("SELECT pg_advisory_xact_lock(7265031)"), &why))
        return abort(QStringLiteral("cannot lock %1 for migration: %2").arg(m_displayUrl, why));
    if (!exec(d, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"),
              &why))
        return abort(why);
    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        return abort(QStringLiteral("database %1 has schema version %2, newer than this build knows (%3); run a newer "
                                    "taskstreamd or restore a matching backup")
                         .arg(m_displayUrl)
                         .arg(current)
                         .arg(latestSchemaVersion()));
    QList<const detail::Migration *> applied;
    for (const detail::Migration &m : detail::migrations()) {
        if (m.version <= current)
            continue;
        for (const QString &sql : sqlite ? m.sqlite : m.postgres)
            if (!exec(d, sql, &why))
                return abort(QStringLiteral("migration %1 (%2) failed: %3").arg(m.version).arg(QString::fromLatin1(m.description), why));
        QSqlQuery q(d);
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"));
        q.addBindValue(m.version);
        q.addBindValue(QString::fromLatin1(m.description));
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec())
            return abort(sqlError(q.lastError()));
        applied.append(&m);
    }
    if (sqlite ? !exec(d, QStringLiteral("COMMIT"), &why) : !commit(&why))
        return abort(why);
    for (const detail::Migration *m : applied)
        qCInfo(lcStore, "database %s: applied migration %d (%s)", qPrintable(m_displayUrl), m->version, m->description);
    return true;
}

bool Database::begin(QString *error)
{
    QSqlDatabase d = db();
    if (m_kind == Kind::SQLite) {
        // SQLite has one writer at a time. Within this process the writers (the task commit
        // thread, the outbox relay, the workers) queue at a gate, first come first served: the
        // next one starts as soon as the last one commits. SQLite's own busy handler sleeps between attempts, up to
        // 100 ms at a time, and under contention that became the latency of the API's commits.
        if (m_writeLock) {
            if (!m_writeLock->acquire(kBusyTimeoutMs)) {
                if (error)
                    *error = QStringLiteral("cannot begin transaction: another writer in this process held the database for %1 s")
                                 .arg(kBusyTimeoutMs / 1000);
                return false;
            }
            m_holdsWriteLock = true;
        }
        // IMMEDIATE: SQLite's write lock is taken here too, waiting up to the busy timeout for
        // another process. A deferred transaction that reads first could not upgrade once
        // another connection had committed after its read began, and would fail at once.
        QSqlQuery q(d);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            if (error)
                *error = QStringLiteral("cannot begin transaction: ") + sqlError(q.lastError());
            releaseWriteLock();
            return false;
        }
        m_inTransaction = true;
        return true;
    }
    if (!d.transaction()) {
        if (error)
            *error = QStringLiteral("cannot begin transaction: ") + sqlError(d.lastError());
        return false;
    }
    m_inTransaction = true;
    return true;
}

bool Database::commit(QString *error)
{
    QSqlDatabase d = db();
    m_inTransaction = false;
    if (!d.commit()) {
        if (error)
            *error = QStringLiteral("cannot commit: ") + sqlError(d.lastError());
        d.rollback();
        releaseWriteLock();
        return false;
    }
    releaseWriteLock();
    return true;
}

void Database::rollback()
{
    m_inTransaction = false;
    QSqlDatabase d = db();
    if (!d.rollback())
        qCWarning(lcStore, "rollback failed: %s", qPrintable(sqlError(d.lastError())));
    releaseWriteLock();
}

void Database::releaseWriteLock()
{
    if (m_holdsWriteLock) {
        m_holdsWriteLock = false;
        m_writeLock->release();
    }
}

bool Database::ping(QString *error) const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT 1")) || !q.next()) {
        if (error)
            *error = sqlError(q.lastError());
        return false;
    }
    return true;
}

} // namespace taskstream::store

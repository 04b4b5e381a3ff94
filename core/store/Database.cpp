#include "store/Database.h"

#include "store/AnswerWatchdog_p.h"
#include "store/Migrations_p.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QWaitCondition>

#include <libpq-fe.h>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "taskstream.store", QtInfoMsg)

namespace taskstream::store {

namespace {
QAtomicInt g_connections;
QAtomicInteger<quint64> g_reconnects;
QAtomicInt g_lost;
constexpr int kBusyTimeoutMs = 5000;
// Reconnect backoff of a lost PostgreSQL connection: 100 ms doubling to 2 s, each wait drawn
// from its upper half so that a fleet of connections does not retry in step. The cap bounds the
// time from the server's return to the first successful query.
constexpr int kReconnectInitialMs = 100;
constexpr int kReconnectCapMs = 2000;
// libpq's connection options: a bounded connect, and TCP keepalives plus a user timeout so that
// a server that vanished without closing (a partition, a killed VM) shows as an error within
// seconds instead of a query that waits for the kernel's retransmission limit.
const char kPostgresOptions[] = "connect_timeout=3;keepalives=1;keepalives_idle=10;keepalives_interval=3;"
                                "keepalives_count=3;tcp_user_timeout=15000";

qint64 steadyMs()
{
    static const QElapsedTimer origin = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return origin.elapsed();
}

/// True when a PostgreSQL failure means the connection itself is gone or unusable: the server
/// did not answer (libpq's own messages carry no SQLSTATE), a connection exception (08), or the
/// server shutting down (57P01 admin, 57P02 crash, 57P03 cannot connect now). A busy, locked or
/// deadlocked server keeps its connection.
bool isConnectionLoss(const QSqlError &e, bool open)
{
    if (!open || e.type() == QSqlError::ConnectionError)
        return true;
    const QString state = e.nativeErrorCode();
    if (state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01") || state == QLatin1String("57P02") ||
        state == QLatin1String("57P03"))
        return true;
    const QString text = e.text();
    return state.isEmpty() && (text.contains(QLatin1String("connection"), Qt::CaseInsensitive) ||
                               text.contains(QLatin1String("server closed"), Qt::CaseInsensitive) ||
                               text.contains(QLatin1String("terminating"), Qt::CaseInsensitive));
}

/// libpq's connection string for \a u, with a short connect timeout (the watchdog's own check).
QByteArray watchdogConninfo(const QUrl &u)
{
    auto quoted = [](const QString &v) {
        QString e = v;
        e.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
        return QLatin1Char('\'') + e + QLatin1Char('\'');
    };
    return QStringLiteral("host=%1 port=%2 dbname=%3 user=%4 password=%5 connect_timeout=2 "
                          "application_name='taskstream-watchdog'")
        .arg(quoted(u.host()), QString::number(u.port(5432)), quoted(u.path().mid(1)), quoted(u.userName()),
             quoted(u.password()))
        .toUtf8();
}

} // namespace

/// The in-process write lock of one SQLite file, granted in the order it was asked for. A plain
/// mutex lets a writer that commits and begins again at once take it again before the others
/// wake, so one busy consumer group could hold off the API's commits for many rounds.
///
/// A priority writer (the API's group commits, whose callers wait for the answer) goes before the
/// queue, but never twice in a row while others wait: it waits for at most the transaction that
/// holds the gate, and every other writer still gets every second turn.
class WriteGate
{
public:
    bool acquire(int timeoutMs, bool priority)
    {
        QMutexLocker lock(&m_mutex);
        QDeadlineTimer deadline(timeoutMs);
        if (priority) {
            ++m_priorityWaiting;
            while (m_held || (m_lastPriority && othersWaiting())) {
                if (!m_turn.wait(&m_mutex, deadline) && (m_held || (m_lastPriority && othersWaiting()))) {
                    --m_priorityWaiting;
                    m_turn.wakeAll(); // a writer held back for this one may go now
                    return false;
                }
            }
            --m_priorityWaiting;
            m_held = true;
            m_lastPriority = true;
            return true;
        }
        const quint64 ticket = m_next++;
        while (!normalMayGo(ticket)) {
            if (!m_turn.wait(&m_mutex, deadline) && !normalMayGo(ticket)) {
                if (ticket == m_serving)
                    advance(); // its turn had come, behind a priority writer
                else
                    m_abandoned.insert(ticket); // skipped when its turn comes
                m_turn.wakeAll();
                return false;
            }
        }
        m_held = true;
        m_lastPriority = false;
        return true;
    }
    int waiting()
    {
        QMutexLocker lock(&m_mutex);
        return int(m_next - m_serving) - int(m_abandoned.size()) - (m_held && !m_lastPriority ? 1 : 0) +
               m_priorityWaiting;
    }
    void release()
    {
        QMutexLocker lock(&m_mutex);
        m_held = false;
        if (!m_lastPriority)
            advance();
        m_turn.wakeAll();
    }

private:
    bool othersWaiting() const { return m_next > m_serving; }
    bool normalMayGo(quint64 ticket) const
    {
        return !m_held && ticket == m_serving && (m_priorityWaiting == 0 || m_lastPriority);
    }
    /// The next ticket's turn, past those that gave up.
    void advance()
    {
        ++m_serving;
        while (m_abandoned.remove(m_serving))
            ++m_serving;
    }
    QMutex m_mutex;
    QWaitCondition m_turn;
    quint64 m_next = 0;
    quint64 m_serving = 0;
    QSet<quint64> m_abandoned;
    bool m_held = false;
    bool m_lastPriority = false;
    int m_priorityWaiting = 0;
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

/// Switches a SQLite file to WAL. The switch upgrades the pragma's own read lock to an exclusive one;
/// when another connection (another instance starting on a fresh file) holds a lock too, SQLite
/// answers "database is locked" at once instead of calling the busy handler, since waiting could
/// deadlock. So the switch is tried again, with jitter, for as long as the busy timeout.
bool switchToWal(QSqlDatabase &db, QString *error)
{
    const QDeadlineTimer deadline(kBusyTimeoutMs);
    for (;;) {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && q.next()) {
            const QString mode = q.value(0).toString();
            if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0 ||
                mode.compare(QLatin1String("memory"), Qt::CaseInsensitive) == 0) // ":memory:" has no WAL
                return true;
            if (deadline.hasExpired()) {
                *error = QStringLiteral("the journal stays in mode '%1' instead of WAL").arg(mode);
                return false;
            }
        } else {
            const QSqlError e = q.lastError();
            const int code = e.nativeErrorCode().toInt() & 0xff; // the primary code of an extended one
            const bool busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
            if (!busy || deadline.hasExpired()) {
                *error = QStringLiteral("%1 (in: PRAGMA journal_mode=WAL)").arg(sqlError(e));
                return false;
            }
        }
        q.finish();
        QThread::msleep(5 + QRandomGenerator::global()->bounded(20));
    }
}
} // namespace

namespace {
/// SQLite keeps memory statistics by default, which takes a global mutex around every one of its
/// allocations and frees (several per statement run: about 2.5 % of a consumer's CPU per record).
/// Nothing here reads them (sqlite3_memory_used, soft heap limits), so they are switched off once,
/// before the first connection initialises the library; once it is initialised the call is
/// refused and changes nothing.
void configureSqliteOnce()
{
    static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    Q_UNUSED(configured);
}
} // namespace

std::unique_ptr<Database> Database::open(const QString &url, QString *error, bool *unreachable)
{
    configureSqliteOnce();
    if (unreachable)
        *unreachable = false;
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
        db.setConnectOptions(QString::fromLatin1(kPostgresOptions));
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
    if (!db.open()) {
        if (unreachable)
            *unreachable = self->m_kind == Kind::PostgreSQL;
        return fail(QStringLiteral("cannot open database %1: %2").arg(self->m_displayUrl, sqlError(db.lastError())));
    }
    QString why;
    if (self->m_kind == Kind::SQLite) {
        // WAL: readers do not block the writer. synchronous=FULL: a commit that returned is on
        // disk, so an acknowledged API call survives a crash or power loss.
        // 64 MB page cache: the hot index pages of a busy daemon stay in memory.
        if (!switchToWal(db, &why))
            return fail(QStringLiteral("cannot configure %1: %2").arg(self->m_displayUrl, why));
        for (const char *pragma : {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536"})
            if (!exec(db, QString::fromLatin1(pragma), &why))
                return fail(QStringLiteral("cannot configure %1: %2").arg(self->m_displayUrl, why));
    }
    if (!self->migrate(&why))
        return fail(why);
    if (self->m_kind == Kind::SQLite && !db.databaseName().contains(QLatin1String(":memory:")))
        self->m_writeLock = writeLockFor(db.databaseName());
    self->m_url = url;
    if (self->m_kind == Kind::PostgreSQL) {
        // Registered after the migrations: a long migration is not a server that stopped answering.
        self->m_answerSlot = detail::AnswerWatchdog::instance().add(self->m_displayUrl, watchdogConninfo(QUrl(url)));
        self->refreshPgSocket();
    }
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
    db->m_sessionSql.append(sql);
    return db;
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

sqlite3_stmt *Database::sqliteStatement(quintptr key, const char *sql, qsizetype size, QString *error)
{
    if (sqlite3_stmt *st = m_sqliteStatements.value(key)) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    sqlite3 *h = sqliteHandle();
    if (!h) {
        *error = QStringLiteral("not an SQLite connection");
        return nullptr;
    }
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v3(h, sql, int(size), SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(h));
        sqlite3_finalize(st);
        return nullptr;
    }
    m_sqliteStatements.insert(key, st);
    return st;
}

Database::Statement Database::statement(const char *sql)
{
    if (m_kind != Kind::SQLite)
        return statement(QString::fromUtf8(sql));
    // Keyed by the text's address: callers pass string literals, and this runs once per record.
    // Returned as a temporary, so it is built in place (no move on the hot path).
    QString error;
    sqlite3_stmt *st = sqliteStatement(quintptr(sql), sql, -1, &error);
    if (Q_LIKELY(st))
        return Statement(this, st, false, nullptr);
    return Statement(this, errorFromSqlite(sqlite3_errcode(sqliteHandle()), error));
}

Database::Statement Database::statement(const QString &sql, Reuse reuse)
{
    QString error;
    if (m_kind == Kind::SQLite) {
        sqlite3_stmt *st = nullptr;
        bool owned = false;
        if (reuse == Reuse::Cached) {
            auto it = m_sqliteStatementsByText.constFind(sql);
            if (it != m_sqliteStatementsByText.constEnd()) {
                st = it.value();
                sqlite3_reset(st);
                sqlite3_clear_bindings(st);
            } else {
                const QByteArray &text = m_sqliteTexts.emplace_back(sql.toUtf8());
                st = sqliteStatement(quintptr(text.constData()), text.constData(), text.size(), &error);
                if (st)
                    m_sqliteStatementsByText.insert(sql, st);
                else
                    m_sqliteTexts.pop_back();
            }
        } else if (sqlite3 *h = sqliteHandle()) {
            const QByteArray text = sql.toUtf8();
            if (sqlite3_prepare_v2(h, text.constData(), int(text.size()), &st, nullptr) != SQLITE_OK) {
                error = QString::fromUtf8(sqlite3_errmsg(h));
                sqlite3_finalize(st);
                st = nullptr;
            }
            owned = true;
        } else {
            error = QStringLiteral("not an SQLite connection");
        }
        Statement s(this, st, owned, nullptr);
        if (!st)
            s.m_error = errorFromSqlite(sqliteHandle() ? sqlite3_errcode(sqliteHandle()) : SQLITE_CANTOPEN, error);
        return s;
    }
    if (const Result<void> connected = ensureConnected(); !connected)
        return Statement(this, connected.error());
    if (reuse == Reuse::Once) {
        Statement s(this, nullptr, false, nullptr);
        s.m_ownQuery = std::make_unique<QSqlQuery>(db());
        s.m_ownQuery->setForwardOnly(true);
        s.m_query = s.m_ownQuery.get();
        s.m_onceSql = sql;
        return s;
    }
    std::shared_ptr<QSqlQuery> q = m_statements.value(sql);
    if (!q) {
        q = std::make_shared<QSqlQuery>(db());
        q->setForwardOnly(true);
        const detail::AnswerWait waiting = waitingForServer(); // PQprepare is a round trip
        if (!q->prepare(sql))
            return Statement(this, errorFrom(q->lastError()));
        m_statements.insert(sql, q);
    }
    Statement s(this, nullptr, false, q.get());
    s.m_cachedQuery = std::move(q);
    return s;
}

Database::Statement::Statement(Database *db, sqlite3_stmt *sqlite, bool ownsSqlite, QSqlQuery *query)
    : m_db(db), m_sqlite(sqlite), m_ownsSqlite(ownsSqlite), m_query(query)
{
}

Database::Statement::Statement(Database *db, Error prepareError) : m_db(db), m_error(std::move(prepareError)) {}

Database::Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db), m_sqlite(std::exchange(other.m_sqlite, nullptr)), m_ownsSqlite(other.m_ownsSqlite),
      m_query(std::exchange(other.m_query, nullptr)), m_ownQuery(std::move(other.m_ownQuery)),
      m_cachedQuery(std::move(other.m_cachedQuery)), m_onceSql(std::move(other.m_onceSql)),
      m_onceBinds(std::move(other.m_onceBinds)), m_error(std::move(other.m_error)), m_next(other.m_next),
      m_stepRc(other.m_stepRc), m_firstRowPending(other.m_firstRowPending), m_bytes(std::move(other.m_bytes)),
      m_rowBytes(std::move(other.m_rowBytes))
{
}

Database::Statement::~Statement()
{
    if (m_sqlite) { // not run, or run: either way unbound before the bytes it points at go
        if (m_ownsSqlite) {
            sqlite3_finalize(m_sqlite);
        } else {
            sqlite3_reset(m_sqlite);
            sqlite3_clear_bindings(m_sqlite);
        }
    } else if (m_query) {
        m_query->finish(); // no read stays open on a reused statement
    }
}

Database::Statement &Database::Statement::bind(const QString &value)
{
    if (m_sqlite) { // kept here until exec, so SQLite reads it without a copy of its own
        const QByteArray &utf8 = m_bytes.emplace_back(value.toUtf8());
        sqlite3_bind_text(m_sqlite, m_next++, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
    } else if (m_ownQuery) {
        m_onceBinds.append(value);
    } else if (m_query) {
        m_query->addBindValue(value);
    }
    return *this;
}

Database::Statement &Database::Statement::bindUtf8(QByteArrayView text)
{
    if (m_sqlite)
        sqlite3_bind_text(m_sqlite, m_next++, text.data() ? text.data() : "", int(text.size()), SQLITE_TRANSIENT);
    else
        bind(QString::fromUtf8(text));
    return *this;
}

Database::Statement &Database::Statement::bind(qint64 value)
{
    if (m_sqlite)
        sqlite3_bind_int64(m_sqlite, m_next++, value);
    else if (m_ownQuery)
        m_onceBinds.append(value);
    else if (m_query)
        m_query->addBindValue(value);
    return *this;
}

Database::Statement &Database::Statement::bind(const QByteArray &value)
{
    if (m_sqlite) {
        const QByteArray &kept = m_bytes.emplace_back(value); // shared, not copied
        sqlite3_bind_blob(m_sqlite, m_next++, kept.constData(), int(kept.size()), SQLITE_STATIC);
    } else if (m_ownQuery) {
        m_onceBinds.append(value);
    } else if (m_query) {
        m_query->addBindValue(value);
    }
    return *this;
}

Database::Statement &Database::Statement::bind(const QVariant &value)
{
    if (value.isNull()) {
        if (m_sqlite)
            return bindNull();
        if (m_ownQuery) // a typed null: PostgreSQL is told the parameter's type
            m_onceBinds.append(value);
        else if (m_query)
            m_query->addBindValue(value);
        return *this;
    }
    switch (value.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return bind(value.toLongLong());
    case QMetaType::QByteArray:
        return bind(value.toByteArray());
    default:
        return bind(value.toString());
    }
}

Database::Statement &Database::Statement::bindNull()
{
    if (m_sqlite)
        sqlite3_bind_null(m_sqlite, m_next++);
    else if (m_ownQuery)
        m_onceBinds.append(QVariant());
    else if (m_query)
        m_query->addBindValue(QVariant());
    return *this;
}

Result<int> Database::Statement::exec()
{
    if (m_error)
        return *m_error;
    if (m_sqlite) {
        m_stepRc = sqlite3_step(m_sqlite);
        sqlite3 *h = sqlite3_db_handle(m_sqlite);
        if (m_stepRc == SQLITE_ROW) {
            m_firstRowPending = true;
            return 0;
        }
        if (m_stepRc != SQLITE_DONE)
            return errorFromSqlite(sqlite3_extended_errcode(h), QString::fromUtf8(sqlite3_errmsg(h)));
        return sqlite3_changes(h);
    }
    if (!m_query)
        return Error::internal(QStringLiteral("statement used after its database closed"));
    const detail::AnswerWait waiting = m_db->waitingForServer();
    bool ran;
    if (m_ownQuery && m_onceBinds.isEmpty()) {
        ran = m_query->exec(m_onceSql);
    } else if (m_ownQuery) {
        ran = m_query->prepare(m_onceSql);
        for (const QVariant &v : std::as_const(m_onceBinds))
            m_query->addBindValue(v);
        ran = ran && m_query->exec();
    } else {
        ran = m_query->exec();
    }
    if (!ran)
        return m_db->errorFrom(m_query->lastError());
    return m_query->isSelect() ? 0 : m_query->numRowsAffected();
}

bool Database::Statement::next()
{
    if (m_sqlite) {
        if (m_firstRowPending) {
            m_firstRowPending = false;
            return true;
        }
        if (m_stepRc != SQLITE_ROW)
            return false;
        m_stepRc = sqlite3_step(m_sqlite);
        if (m_stepRc == SQLITE_ROW)
            return true;
        if (m_stepRc != SQLITE_DONE) {
            sqlite3 *h = sqlite3_db_handle(m_sqlite);
            m_error = errorFromSqlite(sqlite3_extended_errcode(h), QString::fromUtf8(sqlite3_errmsg(h)));
        }
        return false;
    }
    m_rowBytes.clear();
    if (!m_query)
        return false;
    const detail::AnswerWait waiting = m_db->waitingForServer(); // a forward-only query fetches here
    return m_query->next();
}

QVariant Database::Statement::value(int column) const
{
    if (!m_sqlite)
        return m_query ? m_query->value(column) : QVariant();
    switch (sqlite3_column_type(m_sqlite, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_sqlite, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_sqlite, column));
    case SQLITE_TEXT:
        return QVariant(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(m_sqlite, column)),
                                          sqlite3_column_bytes(m_sqlite, column)));
    case SQLITE_BLOB: {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_sqlite, column));
        return QVariant(QByteArray(p, sqlite3_column_bytes(m_sqlite, column)));
    }
    default:
        return QVariant();
    }
}

qint64 Database::Statement::int64(int column) const
{
    if (m_sqlite)
        return sqlite3_column_int64(m_sqlite, column);
    return m_query ? m_query->value(column).toLongLong() : 0;
}

QByteArrayView Database::Statement::bytes(int column)
{
    if (m_sqlite) {
        // TEXT read as a blob is its UTF-8 bytes without a terminator.
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_sqlite, column));
        return QByteArrayView(p, p ? sqlite3_column_bytes(m_sqlite, column) : 0);
    }
    if (!m_query)
        return {};
    const QVariant v = m_query->value(column);
    return m_rowBytes.emplace_back(v.metaType().id() == QMetaType::QByteArray ? v.toByteArray()
                                                                              : v.toString().toUtf8());
}

Result<void> Database::Statement::status() const
{
    if (m_error)
        return *m_error;
    return {};
}

qint64 Database::Statement::lastInsertId() const
{
    if (m_sqlite)
        return sqlite3_last_insert_rowid(sqlite3_db_handle(m_sqlite));
    return m_query ? m_query->lastInsertId().toLongLong() : -1;
}

Error Database::errorFromSqlite(int code, const QString &message)
{
    const QString text = message.trimmed().isEmpty() ? QStringLiteral("unknown database error") : message.trimmed();
    switch (code & 0xff) { // the primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
        return Error::unavailable(text).fromDatabase();
    case SQLITE_READONLY: // the file or its directory lost write permission, or a read-only mount
        return Error::unavailable(QStringLiteral("the database file cannot be written: ") + text).fromDatabase();
    case SQLITE_CONSTRAINT:
        return Error::conflict(text).fromDatabase();
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
        return Error::invalid(text).fromDatabase();
    default:
        return Error::internal(text).fromDatabase();
    }
}

Error Database::errorFromSqlState(const QString &sqlState, const QString &message)
{
    const QString text = message.trimmed().isEmpty() ? QStringLiteral("unknown database error") : message.trimmed();
    // No SQLSTATE and a word about the connection: the server did not answer (connection lost
    // or refused; libpq's own messages).
    const bool noAnswer = sqlState.isEmpty() && (text.contains(QLatin1String("connection"), Qt::CaseInsensitive) ||
                                                 text.contains(QLatin1String("server"), Qt::CaseInsensitive));
    if (noAnswer || sqlState.startsWith(QLatin1String("08")) // connection exception
        || sqlState.startsWith(QLatin1String("53"))          // insufficient resources
        || sqlState == QLatin1String("57P01") || sqlState == QLatin1String("57P02") ||
        sqlState == QLatin1String("57P03") // admin or crash shutdown, cannot connect now
        || sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01") // serialization, deadlock
        || sqlState == QLatin1String("55P03"))                                      // lock not available
        return Error::unavailable(text).fromDatabase();
    if (sqlState.startsWith(QLatin1String("23")))
        return Error::conflict(text).fromDatabase();
    if (sqlState.startsWith(QLatin1String("22")))
        return Error::invalid(text).fromDatabase();
    return Error::internal(text).fromDatabase();
}

Error Database::errorFrom(const QSqlError &e, const QString &context) const
{
    noteFailure(e);
    Error out;
    if (e.type() == QSqlError::ConnectionError || !db().isOpen()) {
        out = Error::unavailable(sqlError(e));
    } else if (m_kind == Kind::SQLite) {
        bool ok = false;
        const int code = e.nativeErrorCode().toInt(&ok);
        out = errorFromSqlite(ok ? code : SQLITE_ERROR, sqlError(e));
    } else {
        out = errorFromSqlState(e.nativeErrorCode(), sqlError(e));
    }
    return context.isEmpty() ? out : out.context(context);
}

Database::~Database()
{
    if (m_answerSlot)
        detail::AnswerWatchdog::instance().remove(m_answerSlot);
    if (m_lost)
        g_lost.deref();
    releaseWriteLock();
    m_statements.clear();
    for (sqlite3_stmt *st : std::as_const(m_sqliteStatements))
        sqlite3_finalize(st);
    m_sqliteStatements.clear();
    m_sqliteStatementsByText.clear();
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
    if (sqlite) {
        if (!exec(d, QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
    } else if (const Result<void> begun = begin(); !begun) {
        *error = begun.error().message;
        return false;
    }
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
    if (!exec(d,
              QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
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
                return abort(QStringLiteral("migration %1 (%2) failed: %3")
                                 .arg(m.version)
                                 .arg(QString::fromLatin1(m.description), why));
        QSqlQuery q(d);
        q.prepare(QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"));
        q.addBindValue(m.version);
        q.addBindValue(QString::fromLatin1(m.description));
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec())
            return abort(sqlError(q.lastError()));
        applied.append(&m);
    }
    if (sqlite) {
        if (!exec(d, QStringLiteral("COMMIT"), &why))
            return abort(why);
    } else if (const Result<void> committed = commit(); !committed) {
        return abort(committed.error().message);
    }
    for (const detail::Migration *m : applied)
        qCInfo(lcStore, "database %s: applied migration %d (%s)", qPrintable(m_displayUrl), m->version, m->description);
    return true;
}

Result<void> Database::begin()
{
    QSqlDatabase d = db();
    if (m_kind == Kind::SQLite) {
        // SQLite has one writer at a time. Within this process the writers (the task commit
        // thread, the outbox relay, the workers) queue at a gate, first come first served: the
        // next one starts as soon as the last one commits. SQLite's own busy handler sleeps between attempts, up to
        // 100 ms at a time, and under contention that became the latency of the API's commits.
        if (m_writeLock) {
            if (!m_writeLock->acquire(kBusyTimeoutMs, m_writePriority))
                return Error::unavailable(
                    QStringLiteral(
                        "cannot begin transaction: another writer in this process held the database for %1 s")
                        .arg(kBusyTimeoutMs / 1000));
            m_holdsWriteLock = true;
        }
        // IMMEDIATE: SQLite's write lock is taken here too, waiting up to the busy timeout for
        // another process. A deferred transaction that reads first could not upgrade once
        // another connection had committed after its read began, and would fail at once.
        QSqlQuery q(d);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            releaseWriteLock();
            return errorFrom(q.lastError(), QStringLiteral("cannot begin transaction"));
        }
        m_inTransaction = true;
        return {};
    }
    if (const Result<void> connected = ensureConnected(); !connected)
        return connected.error().context(QStringLiteral("cannot begin transaction"));
    std::optional<detail::AnswerWait> waiting;
    waiting.emplace(m_answerSlot.get(), m_pgSocket);
    if (!d.transaction()) {
        const Error e = errorFrom(d.lastError(), QStringLiteral("cannot begin transaction"));
        // Nothing was done yet: a connection found dead here (the server restarted while it was
        // idle) is reopened at once and the transaction begun on the new one.
        if (!m_lost)
            return e;
        m_reconnectAtMs = 0;
        if (const Result<void> connected = ensureConnected(); !connected)
            return connected.error().context(QStringLiteral("cannot begin transaction"));
        d = db();
        waiting.emplace(m_answerSlot.get(), m_pgSocket); // the new connection's socket
        if (!d.transaction())
            return errorFrom(d.lastError(), QStringLiteral("cannot begin transaction"));
    }
    m_inTransaction = true;
    return {};
}

Result<void> Database::commit()
{
    QSqlDatabase d = db();
    m_inTransaction = false;
    const detail::AnswerWait waiting = waitingForServer();
    if (!d.commit()) {
        const Error e = errorFrom(d.lastError(), QStringLiteral("cannot commit"));
        d.rollback();
        releaseWriteLock();
        return e;
    }
    releaseWriteLock();
    return {};
}

void Database::rollback()
{
    m_inTransaction = false;
    QSqlDatabase d = db();
    const detail::AnswerWait waiting = waitingForServer();
    if (!d.rollback() && !m_lost)
        qCWarning(lcStore, "rollback failed: %s", qPrintable(sqlError(d.lastError())));
    releaseWriteLock();
}

int Database::writersWaiting() const
{
    return m_writeLock ? m_writeLock->waiting() : 0;
}

void Database::releaseWriteLock()
{
    if (m_holdsWriteLock) {
        m_holdsWriteLock = false;
        m_writeLock->release();
    }
}

void Database::refreshPgSocket()
{
    m_pgSocket = -1;
    const QVariant handle = db().driver()->handle();
    // Qt's driver holds a PGconn* (the type's name is that of the struct behind libpq's typedef).
    if (handle.isValid() && (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0))
        if (PGconn *conn = *static_cast<PGconn *const *>(handle.constData()))
            m_pgSocket = PQsocket(conn);
}

detail::AnswerWait Database::waitingForServer() const
{
    return detail::AnswerWait(m_answerSlot.get(), m_pgSocket);
}

Result<void> Database::ping()
{
    if (const Result<void> connected = ensureConnected(); !connected)
        return connected;
    const detail::AnswerWait waiting = waitingForServer();
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT 1")) || !q.next())
        return errorFrom(q.lastError());
    return {};
}

quint64 Database::reconnectCount()
{
    return g_reconnects.loadRelaxed();
}

int Database::lostConnectionCount()
{
    return g_lost.loadRelaxed();
}

void Database::noteFailure(const QSqlError &error) const
{
    // SQLite has no connection to lose: a full disk or a read-only file fails statements until
    // it is fixed, and the same connection then works again.
    if (m_kind != Kind::PostgreSQL || m_lost || !isConnectionLoss(error, db().isOpen()))
        return;
    m_lost = true;
    m_lostReason = sqlError(error);
    m_lostSinceMs = steadyMs();
    g_lost.ref();
    qCWarning(lcStore, "database %s: connection lost (%s); reconnecting with backoff", qPrintable(m_displayUrl),
              qPrintable(m_lostReason));
}

bool Database::applySessionSettings(QString *error)
{
    QSqlDatabase d = db();
    for (const QString &sql : std::as_const(m_sessionSql))
        if (!exec(d, sql, error))
            return false;
    return true;
}

Result<void> Database::ensureConnected()
{
    if (!m_lost)
        return {};
    const qint64 now = steadyMs();
    if (now < m_reconnectAtMs)
        return Error::unavailable(QStringLiteral("database %1 is unreachable (%2); next reconnect attempt in %3 ms")
                                      .arg(m_displayUrl, m_lostReason)
                                      .arg(m_reconnectAtMs - now));
    // A transaction of the old connection is gone with it; the statements prepared on it too.
    // Those still held by a Statement stay alive until it ends (see m_statements).
    if (m_inTransaction)
        qCWarning(lcStore, "database %s: the open transaction was lost with the connection", qPrintable(m_displayUrl));
    m_inTransaction = false;
    m_statements.clear();
    QSqlDatabase d = db();
    d.close();
    QString why;
    if (!d.open()) {
        why = sqlError(d.lastError());
    } else if (!applySessionSettings(&why)) {
        d.close();
    } else {
        m_lost = false;
        ++m_generation;
        refreshPgSocket();
        g_lost.deref();
        g_reconnects.ref();
        qCInfo(lcStore, "database %s: reconnected after %d attempt(s), %lld ms after the connection was lost",
               qPrintable(m_displayUrl), m_reconnectAttempts + 1, now - m_lostSinceMs);
        m_reconnectAttempts = 0;
        m_reconnectAtMs = 0;
        return {};
    }
    ++m_reconnectAttempts;
    const int ceiling = int(qMin<qint64>(kReconnectCapMs, qint64(kReconnectInitialMs) << qMin(m_reconnectAttempts, 8)));
    const int wait = ceiling / 2 + int(QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    m_reconnectAtMs = steadyMs() + wait;
    m_lostReason = why;
    return Error::unavailable(QStringLiteral("database %1 is unreachable (%2); next reconnect attempt in %3 ms")
                                  .arg(m_displayUrl, why)
                                  .arg(wait));
}

} // namespace taskstream::store

#pragma once

#include "common/Result.h"

#include <list>
#include <memory>
#include <optional>

#include <QByteArrayView>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVarLengthArray>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;
class QSqlError;

namespace taskstream::store {

namespace detail {
struct AnswerSlot;
class AnswerWait;
} // namespace detail

/// The daemon's durable state on Qt Sql: SQLite (WAL) by default, PostgreSQL (QPSQL) when several
/// instances share work. Owns one named connection on the thread that opened it. Migrations run at
/// open; a database whose schema is newer than this build is refused.
class Database
{
public:
    enum class Kind { SQLite, PostgreSQL };

    /// \a url: "sqlite:PATH" or a plain file path (SQLite), or
    /// "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME" (PostgreSQL).
    /// \a unreachable, when given, is set when the failure was reaching the server (PostgreSQL
    /// down or restarting: worth trying again), not the URL, the schema or a migration.
    static std::unique_ptr<Database> open(const QString &url, QString *error, bool *unreachable = nullptr);
    /// A connection whose commits may be lost by a power failure (never by a process crash):
    /// SQLite synchronous=NORMAL, PostgreSQL synchronous_commit=off. For bookkeeping whose loss
    /// only repeats work, such as marking outbox rows sent.
    static std::unique_ptr<Database> openRelaxed(const QString &url, QString *error);
    /// The URL this connection was opened with (password included), to open another one.
    QString url() const { return m_url; }
    ~Database();

    Kind kind() const { return m_kind; }
    QString kindName() const
    {
        return m_kind == Kind::SQLite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_connection, false); }
    /// The URL without password, for logs and /api/v1/info.
    QString displayUrl() const { return m_displayUrl; }
    int schemaVersion() const;
    /// The newest schema version this build knows.
    static int latestSchemaVersion();

    /// Starts a transaction (SQLite: takes the write lock, waiting at most a few seconds).
    Result<void> begin();
    /// Commits; on failure the transaction is rolled back.
    Result<void> commit();
    void rollback();
    /// True between begin() and commit()/rollback(): code that would open its own transaction
    /// joins this one instead (a worker's handler running inside the consumer runner's batch).
    bool inTransaction() const { return m_inTransaction; }
    /// SQLite: this connection's transactions go before the other writers of this process that
    /// wait for the same file, but never twice in a row while one of them waits (the API's group
    /// commits, whose clients wait for the answer). No effect on PostgreSQL.
    void setWritePriority(bool priority) { m_writePriority = priority; }

    /// How a statement's text is kept: prepared once per connection and reused (the default: the
    /// same text runs again), or prepared for one run (ad-hoc text; on PostgreSQL, statements that
    /// cannot be prepared, such as SAVEPOINT, when they have no values).
    enum class Reuse { Cached, Once };

    /// The one way to run SQL on this connection, for every store: positional values (`?`),
    /// then exec(), then, for a query, next() and value().
    ///     Result<int> rows = db->statement("INSERT INTO effects (event_id, title) VALUES (?, ?)")
    ///                            .bind(eventId).bind(title).exec();
    /// On SQLite it runs on SQLite's own API, where Qt Sql's binding costs about 0.4 µs per value
    /// (more than inserting the row); on PostgreSQL on a prepared QSqlQuery. Failures are
    /// classified by errorFrom(). A cached statement serves one Statement at a time: run and
    /// read one before starting the same text again.
    class Statement
    {
    public:
        Statement(Statement &&other) noexcept;
        Statement &operator=(Statement &&) = delete;
        ~Statement();
        Statement &bind(const QString &value);
        /// Text given as UTF-8 bytes (a Kafka key, say), without a QString on the way; copied.
        Statement &bindUtf8(QByteArrayView text);
        Statement &bind(qint64 value);
        Statement &bind(int value) { return bind(qint64(value)); }
        Statement &bind(bool value) { return bind(qint64(value ? 1 : 0)); }
        /// Binary data (BLOB on SQLite, BYTEA on PostgreSQL).
        Statement &bind(const QByteArray &value);
        /// A null of the variant's type, an integer, a string or binary data.
        Statement &bind(const QVariant &value);
        Statement &bindNull();
        /// Runs it: the number of rows it changed (0 for a query), or the Error. Run it once.
        Result<int> exec();

        /// After exec() of a query: moves to the next row; false at the end (or on an error,
        /// which status() then reports).
        bool next();
        /// A column of the current row: null, an integer, a double, a string or binary data.
        QVariant value(int column) const;
        qint64 int64(int column) const;
        /// A column's bytes in place (TEXT as UTF-8), valid until next(): no copy on SQLite.
        QByteArrayView bytes(int column);
        /// Success, or the error that ended reading rows early.
        Result<void> status() const;
        /// The row id (SQLite) or OID (PostgreSQL) of the row the last INSERT added.
        qint64 lastInsertId() const;

    private:
        friend class Database;
        Statement(Database *db, sqlite3_stmt *sqlite, bool ownsSqlite, QSqlQuery *query);
        /// A statement that did not prepare: exec() answers \a prepareError.
        Statement(Database *db, Error prepareError);
        Database *m_db = nullptr;
        sqlite3_stmt *m_sqlite = nullptr;
        bool m_ownsSqlite = false;
        QSqlQuery *m_query = nullptr;
        std::unique_ptr<QSqlQuery> m_ownQuery;    ///< Reuse::Once on PostgreSQL
        std::shared_ptr<QSqlQuery> m_cachedQuery; ///< keeps m_query alive across a reconnect
        QString m_onceSql;
        QVariantList m_onceBinds;
        std::optional<Error> m_error; ///< preparing, or reading rows, failed
        int m_next = 1;
        int m_stepRc = 0;
        bool m_firstRowPending = false;
        QVarLengthArray<QByteArray, 8> m_bytes;    ///< bound strings: SQLite reads them at exec
        QVarLengthArray<QByteArray, 4> m_rowBytes; ///< PostgreSQL: bytes() of the current row
    };
    /// \a sql must be a string literal (or live as long as this object): a cached statement is
    /// found by its address. The hot paths' way.
    Statement statement(const char *sql);
    Statement statement(const QString &sql, Reuse reuse = Reuse::Cached);

    /// The one place that turns a database failure into an Error: connection-class failures
    /// (lost or refused connection, server shutting down, database busy or locked, I/O errors)
    /// are Unavailable and retriable, constraint violations Conflict, bad values Invalid, the
    /// rest Internal. \a context leads the message.
    Error errorFrom(const QSqlError &error, const QString &context = QString()) const;
    /// The same for an SQLite result code (primary or extended) and its message.
    static Error errorFromSqlite(int code, const QString &message);
    /// The same for a PostgreSQL SQLSTATE (empty when the server did not answer) and its message.
    static Error errorFromSqlState(const QString &sqlState, const QString &message);

    /// Answers quickly whether the database still serves queries (for readiness): while the
    /// connection is lost and its next reconnect attempt is not due, without a round trip.
    Result<void> ping();

    /// Counts this connection's reconnects: session state (an advisory lock, a SET) held under an
    /// older generation is gone.
    quint64 connectionGeneration() const { return m_generation; }
    /// True while this connection is lost and waits for its next reconnect attempt.
    bool isConnectionLost() const { return m_lost; }
    /// Reconnects made by every connection of this process since start (a metric).
    static quint64 reconnectCount();
    /// SQLite: the writers of this process waiting for the write gate of this connection's file
    /// (0 on PostgreSQL).
    int writersWaiting() const;
    /// Connections of this process that are lost right now (a metric).
    static int lostConnectionCount();

private:
    /// PostgreSQL: reopens a lost connection when its backoff allows, else answers why not. Every
    /// use of the connection (begin, statement, ping) goes through here first.
    Result<void> ensureConnected();
    /// Marks the connection lost when \a error says the server is gone (not for a busy or
    /// deadlocked one); the next use reconnects.
    void noteFailure(const QSqlError &error) const;
    bool applySessionSettings(QString *error);
    mutable bool m_lost = false;
    mutable QString m_lostReason;
    mutable qint64 m_lostSinceMs = 0;
    qint64 m_reconnectAtMs = 0; ///< steady clock
    int m_reconnectAttempts = 0;
    quint64 m_generation = 0;
    QStringList m_sessionSql; ///< run again on every reconnect (openRelaxed's setting)
    /// PostgreSQL: this connection's slot at the AnswerWatchdog, and its socket (refreshed on
    /// every reconnect), so a wait for a server that stopped answering can be cut.
    std::shared_ptr<detail::AnswerSlot> m_answerSlot;
    int m_pgSocket = -1;
    void refreshPgSocket();
    /// Marks this connection as waiting for its server while the guard lives (PostgreSQL).
    detail::AnswerWait waitingForServer() const;
    void releaseWriteLock();
    bool m_inTransaction = false;
    /// SQLite: one per database file, shared by this process's connections to it (see begin()).
    std::shared_ptr<class WriteGate> m_writeLock;
    bool m_holdsWriteLock = false;
    bool m_writePriority = false;
    Database() = default;
    bool migrate(QString *error);
    sqlite3 *sqliteHandle() const;
    /// SQLite: \a sql prepared once and cached under \a key, reset and unbound; or its Error.
    sqlite3_stmt *sqliteStatement(quintptr key, const char *sql, qsizetype size, QString *error);
    /// Shared with the Statements using them, so a reconnect that drops the cache frees none in use.
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    QHash<quintptr, sqlite3_stmt *> m_sqliteStatements;
    QHash<QString, sqlite3_stmt *> m_sqliteStatementsByText;
    std::list<QByteArray> m_sqliteTexts; ///< the text of m_sqliteStatementsByText, stable addresses
    QString m_connection;
    QString m_url;
    QString m_displayUrl;
    Kind m_kind = Kind::SQLite;
};

} // namespace taskstream::store

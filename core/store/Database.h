#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QVarLengthArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace taskstream::store {

/// The daemon's durable state on Qt Sql: SQLite (WAL) by default, PostgreSQL (QPSQL) when several
/// instances share work. Owns one named connection on the thread that opened it. Migrations run at
/// open; a database whose schema is newer than this build is refused.
class Database
{
public:
    enum class Kind { SQLite, PostgreSQL };

    /// \a url: "sqlite:PATH" or a plain file path (SQLite), or
    /// "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME" (PostgreSQL).
    static std::unique_ptr<Database> open(const QString &url, QString *error);
    /// A connection whose commits may be lost by a power failure (never by a process crash):
    /// SQLite synchronous=NORMAL, PostgreSQL synchronous_commit=off. For bookkeeping whose loss
    /// only repeats work, such as marking outbox rows sent.
    static std::unique_ptr<Database> openRelaxed(const QString &url, QString *error);
    /// The URL this connection was opened with (password included), to open another one.
    QString url() const { return m_url; }
    ~Database();

    Kind kind() const { return m_kind; }
    QString kindName() const { return m_kind == Kind::SQLite ? QStringLiteral("sqlite") : QStringLiteral("postgresql"); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_connection, false); }
    /// The URL without password, for logs and /api/v1/info.
    QString displayUrl() const { return m_displayUrl; }
    int schemaVersion() const;
    /// The newest schema version this build knows.
    static int latestSchemaVersion();

    bool begin(QString *error);
    bool commit(QString *error);
    void rollback();
    /// True between begin() and commit()/rollback(): code that would open its own transaction
    /// joins this one instead (a worker's handler running inside the consumer runner's batch).
    bool inTransaction() const { return m_inTransaction; }

    /// A statement prepared once and reused (hot paths: inserts, updates). Bind with addBindValue
    /// after each exec(); for a SELECT call finish() when done so no read stays open.
    QSqlQuery &prepared(const QString &sql, QString *error);
    /// The statement for one chunk of a multi-row batch: prepared() when \a reuse (full chunks,
    /// the same text every time), else \a fresh, prepared once for a remainder. Null on error.
    QSqlQuery *batchStatement(const QString &sql, bool reuse, QSqlQuery &fresh, QString *error);

    /// SQLite only (null on PostgreSQL): this connection's handle, for the outbox relay's hot path,
    /// where Qt Sql's per-row QVariant copies cost more than the query itself.
    sqlite3 *sqliteHandle() const;
    /// SQLite only: a statement on sqliteHandle() prepared once, reset and unbound, ready to bind;
    /// null with *error set when it does not prepare. Finalized before the connection closes.
    /// \a sql must be a string literal (or live as long as this object): it is cached by address.
    sqlite3_stmt *sqliteStatement(const char *sql, QString *error);

    /// A statement run with positional values (`?`), prepared once per connection: the hot-path
    /// way for a handler or a store to write a row.
    ///     int rows = db->statement("INSERT INTO effects (event_id, title) VALUES (?, ?)")
    ///                    .bind(eventId).bind(title).exec(&error);
    /// On SQLite it runs on SQLite's own API, where Qt Sql's binding costs about 0.4 µs per value
    /// (more than inserting the row); on PostgreSQL on the prepared QSqlQuery.
    class Statement
    {
    public:
        Statement(const Statement &) = delete;
        Statement &operator=(const Statement &) = delete;
        ~Statement();
        Statement &bind(const QString &value);
        /// Text given as UTF-8 bytes (a Kafka key, say), without a QString on the way; copied.
        Statement &bindUtf8(QByteArrayView text);
        Statement &bind(qint64 value);
        Statement &bind(int value) { return bind(qint64(value)); }
        Statement &bindNull();
        /// Runs it: the number of rows it changed, or -1 with *\a error set (when not null). Run it once.
        int exec(QString *error);

    private:
        friend class Database;
        Statement(sqlite3_stmt *sqlite, QSqlQuery *query, const QString &prepareError)
            : m_sqlite(sqlite), m_query(query), m_prepareError(prepareError)
        {
        }
        sqlite3_stmt *m_sqlite = nullptr;
        QSqlQuery *m_query = nullptr;
        QString m_prepareError;
        int m_next = 1;
        QVarLengthArray<QByteArray, 8> m_bytes; ///< bound strings: SQLite reads them at exec
    };
    /// \a sql must be a string literal (or live as long as this object): it is cached by address.
    Statement statement(const char *sql);
    /// Answers quickly whether the database still serves queries (for readiness).
    bool ping(QString *error) const;

private:
    void releaseWriteLock();
    bool m_inTransaction = false;
    /// SQLite: one per database file, shared by this process's connections to it (see begin()).
    std::shared_ptr<class WriteGate> m_writeLock;
    bool m_holdsWriteLock = false;
    Database() = default;
    bool migrate(QString *error);
    QHash<QString, QSqlQuery> m_statements;
    QHash<quintptr, sqlite3_stmt *> m_sqliteStatements;
    QString m_connection;
    QString m_url;
    QString m_displayUrl;
    Kind m_kind = Kind::SQLite;
};

} // namespace taskstream::store

#pragma once

#include <QSqlDatabase>
#include <QString>

#include <memory>

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

    /// Answers quickly whether the database still serves queries (for readiness).
    bool ping(QString *error) const;

private:
    Database() = default;
    bool migrate(QString *error);
    QString m_connection;
    QString m_displayUrl;
    Kind m_kind = Kind::SQLite;
};

} // namespace taskstream::store

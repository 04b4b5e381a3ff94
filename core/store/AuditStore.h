#pragma once

#include "common/Result.h"

#include <memory>
#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

namespace taskstream::store {

class Database;

/// One row of the audit log: an event as the audit-log-cg group consumed it.
struct AuditEntry
{
    qint64 id = 0; ///< assigned by the database
    QString eventId;
    QString eventType; ///< Avro full name, e.g. com.todo.events.TaskCreated
    QString topic;
    int partition = -1;
    qint64 offset = -1;
    QUuid userId;        ///< null when the event names no user
    QUuid taskId;        ///< null when the event names no task
    QString actor;       ///< the token subject behind the event (ce_actor); empty when unknown
    QString actorSource; ///< api, console or worker:<group> (ce_actorsource); empty when unknown
    QDateTime occurredAt;
    QDateTime recordedAt;
    QJsonObject payload; ///< the decoded event data, timestamps as ISO 8601
    QJsonObject toJson() const;
};

/// A search of the audit log, newest first. Unset fields do not filter.
struct AuditQuery
{
    std::optional<QUuid> userId;
    std::optional<QUuid> taskId;
    QString eventType;
    QString actor; ///< entries whose actor is this subject
    /// Entries of this source: "api", "console", "worker:<group>", or "worker" for every worker.
    QString actorSource;
    std::optional<QDateTime> from; ///< occurred_at >= from
    std::optional<QDateTime> to;   ///< occurred_at < to
    QString text;                  ///< words that must all occur (type or payload)
    int limit = 50;
    /// Keyset position: only entries strictly older than (occurredAtMs, id) in newest-first order
    /// (strictly newer with oldestFirst).
    std::optional<QPair<qint64, qint64>> after;
    /// Oldest first instead of newest first (the export's order).
    bool oldestFirst = false;
};

/// SQL for the audit_events table (migration 3). No call opens a transaction of its own except
/// purgeBatch(), which the caller runs outside any.
class AuditStore
{
public:
    explicit AuditStore(Database *db) : m_db(db) {}

    /// Stores \a entry unless an entry with its event id exists; true when it was stored.
    Result<bool> insert(const AuditEntry &entry);
    /// One page of \a query; *more is true when older entries match too.
    Result<QList<AuditEntry>> search(const AuditQuery &query, bool *more);
    /// Deletes at most \a batch entries that occurred before \a before, in one short transaction
    /// (joins the open one if any). Returns how many went.
    Result<int> purgeBatch(const QDateTime &before, int batch);
    /// SQLite: adds the entries written since the last call to the full-text index, in one
    /// transaction of its own (joins the open one if any); the number added. The audit role calls
    /// it after each batch and search() before a text search, so a search sees every entry.
    /// PostgreSQL: nothing to do (a generated column), 0.
    Result<int> indexPending();
    /// Number of stored entries.
    Result<qint64> count();
    /// count() on SQLite; on PostgreSQL the planner's row estimate (no table scan), or the exact
    /// count while the table has never been analysed.
    Result<qint64> approximateCount();
    /// Where the audit log lives for the node database \a mainUrl. On SQLite a file of its own
    /// beside the main one ("taskstream.db" -> "taskstream-audit.db"), so that the audit role's
    /// transactions (row, indexes, full-text index) do not hold the main file's single writer that
    /// the API's commits wait for; on PostgreSQL (and an in-memory SQLite) the same database.
    static QString databaseUrlFor(const QString &mainUrl);
    /// Opens the audit database for \a mainUrl (migrated like any). On SQLite, audit entries and the
    /// audit group's ledger rows that an older version kept in the main file are moved into the
    /// audit file first (copied in one transaction, then deleted from the main file; a crash in
    /// between copies them again next time, without duplicates). Call it before the audit role and
    /// the API start.
    static std::unique_ptr<Database> openDatabase(const QString &mainUrl, QString *error);

    /// The full-text expression for \a text: every word quoted, so any input is a valid FTS5 query.
    static QString ftsQuery(const QString &text);

private:
    /// SQLite: whether the full-text expression \a match has at least \a n matches.
    Result<bool> matchesAtLeast(const QString &match, int n);
    /// Above this many matches a word counts as common (see search()).
    static constexpr int CommonMatchCount = 5000;
    Database *m_db;
};

} // namespace taskstream::store

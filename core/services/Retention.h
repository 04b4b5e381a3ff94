#pragma once

#include "common/Result.h"
#include "metrics/MetricsRegistry.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUuid>

namespace taskstream {
class Clock;
}
namespace taskstream::store {
class Database;
}

namespace taskstream::services {

struct RetentionOptions
{
    /// Rows of the idempotency ledger (processed_events) older than this are purged: the longest
    /// retention of the topics consumer groups read, plus a margin, so no record that can still be
    /// delivered loses its ledger row. 0 keeps them.
    qint64 ledgerRetentionMs = 0;
    int reminderRetentionDays = 30;     ///< fired or dismissed reminders, counted from then; 0 keeps them
    int notificationRetentionDays = 30; ///< read notifications, counted from their creation; 0 keeps them
    int deletedTaskRetentionDays = 30;  ///< deleted tasks, counted from the deletion; 0 keeps them
    int intervalMs = 3600 * 1000;       ///< how often a pass runs
    /// Rows per delete statement (its own short transaction): the database's writer is held for
    /// one batch at a time, and other work gets the database between batches.
    int batchSize = 500;
    Clock *clock = nullptr; ///< null: the system clock
};

/// Purges what Taskstream no longer needs, past the configured ages: the idempotency ledger,
/// fired and dismissed reminders, read notifications and deleted tasks. One batch per event-loop
/// turn, each its own transaction. Counts what it removed per table for
/// taskstream_retention_purged_total{table}.
class Retention : public QObject
{
    Q_OBJECT
public:
    static const metrics::MetricFamily PurgedFamily;
    /// The ledger's retention for a margin: the longest retention of the topics the catalog's
    /// consumer groups read, plus \a marginHours.
    static qint64 ledgerRetentionMs(int marginHours);

    Retention(store::Database *db, RetentionOptions options, QObject *parent = nullptr);

    /// Runs a pass now (one batch per event-loop turn) and every intervalMs after.
    void start();
    void stop();
    /// A whole pass at once, for tests and tools: rows removed per table.
    Result<QHash<QString, qint64>> purgeAll();
    /// One batch of \a table now (as a pass runs them): rows removed.
    Result<int> purgeBatch(const QString &table);

    /// Rows removed since start, per table ("processed_events", "reminders", "notifications", "tasks").
    QHash<QString, quint64> purged() const { return m_purged; }
    QList<metrics::Sample> metricSamples() const;

signals:
    /// A pass ended (all tables done, or stopped by an error that the log names).
    void passFinished();

private:
    struct Table
    {
        QString name;
        const char *sql; ///< DELETE of at most ? rows older than ?
        qint64 ageMs;    ///< 0: kept
    };
    void step();
    Result<int> purgeBatch(const Table &table);

    store::Database *m_db;
    RetentionOptions m_options;
    QList<Table> m_tables;
    QTimer m_timer;
    int m_tableIndex = -1; ///< the table a pass is at; -1: no pass runs
    QHash<QString, quint64> m_purged;
};

/// What erasing one user's data removed, for the answer and the audit record.
struct ErasedUserData
{
    qint64 tasks = 0;
    qint64 reminders = 0;
    qint64 notifications = 0;
    qint64 auditEntries = 0;
};

/// Erases one user's data on request (the admin API): tasks (deleted or not), reminders,
/// notifications and the audit entries about them, in one transaction, then records the erasure
/// itself in the audit log (who asked, when, how many rows; no content). Events already on Kafka
/// expire with their topics' retention. \a auditDb is where the audit log is (null: in \a db).
/// With the audit log in a file of its own, the audit file's transaction commits first and the
/// main one after: an erasure that fails between them is answered with its error and completes
/// when it is asked again (deleting is repeatable; the second record counts what was left).
Result<ErasedUserData> eraseUserData(store::Database *db, const QUuid &user, const QUuid &requestedBy,
                                     store::Database *auditDb = nullptr);

} // namespace taskstream::services

#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

namespace taskstream::store {

class Database;

/// One event waiting in (or done with) the outbox.
struct OutboxRecord
{
    qint64 seq = 0; ///< commit order
    QUuid eventId;
    QString eventType; ///< Avro full name (ce_type)
    QString topic;
    QByteArray key;
    QByteArray payload; ///< Avro single-object encoding, independent of any Schema Registry
    QList<QPair<QString, QByteArray>> headers; ///< CloudEvents headers for that encoding
    QDateTime createdAt;
    QString status; ///< pending, sent, failed
    int attempts = 0;
    QString lastError;
    std::optional<QDateTime> sentAt;
    std::optional<QDateTime> failedAt; ///< when it was last marked failed
};

/// Outbox statistics for readiness, metrics and the console.
struct OutboxStats
{
    qint64 pending = 0;
    qint64 failed = 0;
    std::optional<QDateTime> oldestPending;
};

/// SQL for the outbox table. append() joins the caller's transaction.
class OutboxStore
{
public:
    explicit OutboxStore(Database *db) : m_db(db) {}

    bool append(const OutboxRecord &record, QString *error);
    /// append() for many records, a multi-row INSERT per few hundred rows; seq follows list order.
    bool appendAll(const QList<OutboxRecord> &records, QString *error);
    /// Pending records after \a afterSeq in commit order.
    QList<OutboxRecord> pending(qint64 afterSeq, int limit, QString *error);
    bool markSent(const QList<qint64> &seqs, QString *error);
    bool markFailed(qint64 seq, const QString &reason, QString *error);
    /// Failed records, newest first (the console lists them).
    QList<OutboxRecord> failed(int limit, QString *error);
    /// Puts failed records back to pending (after the cause is fixed).
    bool retryFailed(const QList<qint64> &seqs, QString *error);
    /// Deletes sent records older than \a before; returns how many.
    int pruneSent(const QDateTime &before, QString *error);
    OutboxStats stats(QString *error);

private:
    Database *m_db;
};

} // namespace taskstream::store

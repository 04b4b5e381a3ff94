#pragma once

#include "common/Result.h"

#include <functional>
#include <limits>

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
    QByteArray payload;                        ///< Avro single-object encoding, independent of any Schema Registry
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

/// A pending row as the relay publishes it. The views point into the database's row buffer and
/// are valid only inside the forEachPending() callback.
struct PendingView
{
    qint64 seq = 0;
    QByteArrayView topic;
    QByteArrayView key;
    QByteArrayView payload;
    QByteArrayView headers; ///< encoded; read them with OutboxStore::forEachHeader()
};

/// Where PostgreSQL's writers stand, for publishing in commit order (see OutboxStore::commitHorizon()).
struct CommitHorizon
{
    qint64 drawnThrough = 0; ///< every seq up to here was handed out before the two ids below
    qint64 xmin = 0;         ///< oldest transaction id still running at a later snapshot
    /// A transaction id assigned after drawnThrough was read: every writer of a row up to
    /// drawnThrough has an older one. 0 when drawnThrough had been seen before (none assigned).
    qint64 bound = 0;
};

/// SQL for the outbox table. append() joins the caller's transaction.
///
/// Which rows are sent is kept differently on the two databases. SQLite has one writer at a time,
/// so seq order is commit order: a cursor says every row up to it is sent (or failed), and
/// publishing costs no per-row UPDATE. On PostgreSQL concurrent writers commit out of seq order,
/// so each row is marked sent, and the relay reads only below a commit-order watermark built from
/// commitHorizon().
class OutboxStore
{
public:
    explicit OutboxStore(Database *db) : m_db(db) {}

    /// Calls \a fn for each header of an encoded header list (see OutboxRecord::headers).
    template <typename F> static void forEachHeader(QByteArrayView encoded, F &&fn)
    {
        const auto *p = reinterpret_cast<const uchar *>(encoded.data());
        const qsizetype n = encoded.size();
        qsizetype i = 0;
        while (i + 2 <= n) {
            const qsizetype kl = (qsizetype(p[i]) << 8) | p[i + 1];
            i += 2;
            if (i + kl + 4 > n)
                return;
            const QByteArrayView key = encoded.sliced(i, kl);
            i += kl;
            const qsizetype vl =
                (qsizetype(p[i]) << 24) | (qsizetype(p[i + 1]) << 16) | (qsizetype(p[i + 2]) << 8) | p[i + 3];
            i += 4;
            if (i + vl > n)
                return;
            fn(key, encoded.sliced(i, vl));
            i += vl;
        }
    }

    Result<void> append(const OutboxRecord &record);
    /// append() for many records, a multi-row INSERT per few hundred rows; seq follows list order.
    Result<void> appendAll(const QList<OutboxRecord> &records);
    /// Pending records after \a afterSeq in commit order.
    Result<QList<OutboxRecord>> pending(qint64 afterSeq, int limit);
    /// The relay's read: at most \a limit pending rows after \a afterSeq and up to \a throughSeq in
    /// commit order, handed to \a fn without copies until it returns false. Returns how many \a fn
    /// accepted.
    Result<int> forEachPending(qint64 afterSeq, qint64 throughSeq, int limit,
                               const std::function<bool(const PendingView &)> &fn);
    Result<int> forEachPending(qint64 afterSeq, int limit, const std::function<bool(const PendingView &)> &fn)
    {
        return forEachPending(afterSeq, std::numeric_limits<qint64>::max(), limit, fn);
    }
    /// PostgreSQL: the last seq handed out, then (in a later statement) the oldest running
    /// transaction id and, when more than \a seenDrawn seqs were handed out, a newly assigned
    /// transaction id as the bound. Every writer has its transaction id before it draws a seq (the
    /// seq default, schema version 11), so once no transaction older than the bound is running,
    /// every row up to \a drawnThrough is committed or gone for good.
    ///
    /// The bound is not a snapshot's xmax: that is one past the newest *completed* transaction,
    /// and a writer newer than every completed one is running yet neither below xmax nor listed.
    Result<CommitHorizon> commitHorizon(qint64 seenDrawn = 0);
    /// Records delivery: \a seqs were acknowledged since the last call, and every row up to
    /// \a sentThrough is acknowledged or failed. SQLite keeps only the latter; PostgreSQL marks
    /// \a seqs.
    Result<void> markSent(const QList<qint64> &seqs, qint64 sentThrough);
    /// Marks each of \a seqs sent in its row, on both databases: for rows acknowledged while an
    /// earlier row is still waiting (the cursor cannot pass it), so that a restart skips them.
    Result<void> markEachSent(const QList<qint64> &seqs);
    Result<void> markFailed(qint64 seq, const QString &reason);
    /// Failed records, newest first (the console lists them).
    Result<QList<OutboxRecord>> failed(int limit);
    /// Failed records of \a topics not yet written to their topic's dead-letter queue, oldest
    /// first (schema migration 15; a record put back in line and failing again is new).
    Result<QList<OutboxRecord>> failedNotDeadLettered(const QStringList &topics, int limit);
    /// Records that the dead-letter queue holds a copy of \a seqs now.
    Result<void> markDeadLettered(const QList<qint64> &seqs);
    /// Puts failed records back in line (after the cause is fixed): a record goes to the end of the
    /// outbox under a new seq (behind the relay's cursor it would not be read again); its event
    /// id, time and attempt count stay. Each is found by its seq (the primary key). Returns the
    /// records' seqs from now on, in the order of \a seqs (-1 for one that was not failed);
    /// nothing changes on error.
    Result<QList<qint64>> retryFailed(const QList<qint64> &seqs);
    /// Deletes sent records older than \a before (their send time on PostgreSQL, their commit time
    /// on SQLite); returns how many.
    Result<int> pruneSent(const QDateTime &before);
    Result<OutboxStats> stats();

private:
    Database *m_db;
};

} // namespace taskstream::store

#include "store/OutboxStore.h"

#include "store/Database.h"

#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] = "seq, event_id, event_type, topic, record_key, payload, created_at, status, attempts, "
                        "last_error, sent_at, headers, failed_at";

// Headers as a compact binary list (per header: u16 key length, key, u32 value length, value,
// big-endian): read back on every publish, so cheaper than JSON; BLOB/BYTEA on both databases.
QByteArray encodeHeaders(const QList<QPair<QString, QByteArray>> &headers)
{
    QByteArray out;
    for (const auto &h : headers) {
        const QByteArray k = h.first.toUtf8();
        const quint16 kl = quint16(k.size());
        const quint32 vl = quint32(h.second.size());
        const char klen[2] = {char(kl >> 8), char(kl)};
        const char vlen[4] = {char(vl >> 24), char(vl >> 16), char(vl >> 8), char(vl)};
        out.append(klen, 2).append(k).append(vlen, 4).append(h.second);
    }
    return out;
}

QList<QPair<QString, QByteArray>> decodeHeaders(const QByteArray &b)
{
    QList<QPair<QString, QByteArray>> out;
    OutboxStore::forEachHeader(b, [&out](QByteArrayView k, QByteArrayView v) {
        out.append({QString::fromUtf8(k), v.toByteArray()});
    });
    return out;
}

OutboxRecord fromRow(const Database::Statement &q)
{
    OutboxRecord r;
    r.seq = q.value(0).toLongLong();
    r.eventId = QUuid::fromString(q.value(1).toString());
    r.eventType = q.value(2).toString();
    r.topic = q.value(3).toString();
    r.key = q.value(4).toByteArray();
    r.payload = q.value(5).toByteArray();
    r.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC);
    r.status = q.value(7).toString();
    r.attempts = q.value(8).toInt();
    r.lastError = q.value(9).toString();
    if (!q.value(10).isNull())
        r.sentAt = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    r.headers = decodeHeaders(q.value(11).toByteArray());
    if (!q.value(12).isNull())
        r.failedAt = QDateTime::fromMSecsSinceEpoch(q.value(12).toLongLong(), Qt::UTC);
    return r;
}

} // namespace

Result<void> OutboxStore::append(const OutboxRecord &r)
{
    const Result<int> rows = m_db->statement("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, "
                                             "headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                                 .bind(r.eventId.toString(QUuid::WithoutBraces))
                                 .bind(r.eventType)
                                 .bind(r.topic)
                                 .bind(r.key)
                                 .bind(r.payload)
                                 .bind(encodeHeaders(r.headers))
                                 .bind(r.createdAt.toMSecsSinceEpoch())
                                 .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<void> OutboxStore::appendAll(const QList<OutboxRecord> &records)
{
    constexpr qsizetype kChunk = 500; // 7 parameters per row
    for (qsizetype from = 0; from < records.size(); from += kChunk) {
        const qsizetype n = qMin(kChunk, records.size() - from);
        const QString sql = QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, "
                                           "headers, created_at) VALUES %1")
                                .arg(QStringList(n, QStringLiteral("(?, ?, ?, ?, ?, ?, ?)")).join(QLatin1Char(',')));
        // Full chunks have the same text every time; a remainder is prepared for its one run.
        Database::Statement q = m_db->statement(sql, n == kChunk ? Database::Reuse::Cached : Database::Reuse::Once);
        for (qsizetype i = from; i < from + n; ++i) {
            const OutboxRecord &r = records[i];
            q.bind(r.eventId.toString(QUuid::WithoutBraces))
                .bind(r.eventType)
                .bind(r.topic)
                .bind(r.key)
                .bind(r.payload)
                .bind(encodeHeaders(r.headers))
                .bind(r.createdAt.toMSecsSinceEpoch());
        }
        if (const Result<int> rows = q.exec(); !rows)
            return rows.error();
    }
    return {};
}

Result<QList<OutboxRecord>> OutboxStore::pending(qint64 afterSeq, int limit)
{
    static const QString sqlite = QStringLiteral("SELECT %1 FROM outbox WHERE seq > MAX(?, (SELECT sent_through FROM "
                                                 "outbox_cursor)) AND status = 'pending' ORDER BY seq LIMIT ?")
                                      .arg(QLatin1String(kColumns));
    static const QString postgres =
        QStringLiteral("SELECT %1 FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?")
            .arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(m_db->kind() == Database::Kind::SQLite ? sqlite : postgres);
    if (const Result<int> ran = q.bind(afterSeq).bind(limit).exec(); !ran)
        return ran.error();
    QList<OutboxRecord> out;
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out; // the statement ends the read as it goes, so it does not hold a WAL snapshot
}

Result<int> OutboxStore::forEachPending(qint64 afterSeq, qint64 throughSeq, int limit,
                                        const std::function<bool(const PendingView &)> &fn)
{
    // The columns are read in place (on SQLite without Qt Sql's QVariant per column and row
    // cache); the relay copies them once, into the producer.
    const char *sql = m_db->kind() == Database::Kind::SQLite
                          ? "SELECT seq, topic, record_key, payload, headers FROM outbox WHERE seq > MAX(?1, "
                            "(SELECT sent_through FROM outbox_cursor)) AND seq <= ?2 AND status = 'pending' "
                            "ORDER BY seq LIMIT ?3"
                          : "SELECT seq, topic, record_key, payload, headers FROM outbox WHERE status = 'pending' "
                            "AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
    Database::Statement q = m_db->statement(sql);
    if (const Result<int> ran = q.bind(afterSeq).bind(throughSeq).bind(limit).exec(); !ran)
        return ran.error();
    int accepted = 0;
    while (q.next()) {
        if (!fn(PendingView{q.int64(0), q.bytes(1), q.bytes(2), q.bytes(3), q.bytes(4)}))
            break;
        ++accepted;
    }
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return accepted;
}

Result<CommitHorizon> OutboxStore::commitHorizon(qint64 seenDrawn)
{
    CommitHorizon h;
    if (m_db->kind() != Database::Kind::PostgreSQL)
        return h;
    {
        // The sequence's own row: the last value any session drew (not transactional, and with
        // CACHE 1, the migration's, drawn in time order across sessions).
        Database::Statement q = m_db->statement("SELECT last_value, is_called FROM outbox_seq_seq");
        if (const Result<int> ran = q.exec(); !ran)
            return ran.error();
        if (!q.next())
            return q.status().ok() ? Error::internal(QStringLiteral("the outbox sequence has no row"))
                                   : q.status().error();
        h.drawnThrough = q.value(1).toBool() ? q.int64(0) : 0;
    }
    // A later statement: every writer that drew a seq up to drawnThrough had its transaction id
    // before this one is assigned. Assigning one costs a transaction id, so only when there is
    // something new to wait for.
    const bool assign = h.drawnThrough > seenDrawn;
    Database::Statement q = assign ? m_db->statement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
                                                     "pg_current_xact_id()::text::bigint")
                                   : m_db->statement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, 0");
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? Error::internal(QStringLiteral("no snapshot")) : q.status().error();
    h.xmin = q.int64(0);
    h.bound = q.int64(1);
    return h;
}

Result<void> OutboxStore::markSent(const QList<qint64> &seqs, qint64 sentThrough)
{
    if (m_db->kind() != Database::Kind::SQLite)
        return markEachSent(seqs);
    const Result<int> rows = m_db->statement("UPDATE outbox_cursor SET sent_through = ?1, updated_at = ?2 WHERE id = 1 "
                                             "AND sent_through < ?1")
                                 .bind(sentThrough)
                                 .bind(QDateTime::currentMSecsSinceEpoch())
                                 .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<void> OutboxStore::markEachSent(const QList<qint64> &seqs)
{
    if (seqs.isEmpty())
        return {};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Acknowledgements come mostly in commit order: one statement per run of consecutive seqs.
    QList<qint64> sorted = seqs;
    std::sort(sorted.begin(), sorted.end());
    for (qsizetype i = 0; i < sorted.size();) {
        qsizetype j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1)
            ++j;
        const Result<int> rows =
            m_db->statement("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 "
                            "WHERE seq BETWEEN ? AND ? AND status = 'pending'")
                .bind(now)
                .bind(sorted[i])
                .bind(sorted[j])
                .exec();
        if (!rows)
            return rows.error();
        i = j + 1;
    }
    return {};
}

Result<void> OutboxStore::markFailed(qint64 seq, const QString &reason)
{
    const Result<int> rows = m_db->statement("UPDATE outbox SET status = 'failed', last_error = ?, "
                                             "attempts = attempts + 1, failed_at = ? WHERE seq = ?")
                                 .bind(reason)
                                 .bind(QDateTime::currentMSecsSinceEpoch())
                                 .bind(seq)
                                 .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<QList<OutboxRecord>> OutboxStore::failed(int limit)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM outbox WHERE status = 'failed' ORDER BY seq DESC LIMIT ?")
                                   .arg(QLatin1String(kColumns));
    Database::Statement q = m_db->statement(sql);
    if (const Result<int> ran = q.bind(limit).exec(); !ran)
        return ran.error();
    QList<OutboxRecord> out;
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

Result<QList<OutboxRecord>> OutboxStore::failedNotDeadLettered(const QStringList &topics, int limit)
{
    QList<OutboxRecord> out;
    if (topics.isEmpty())
        return out;
    QStringList marks;
    for (qsizetype i = 0; i < topics.size(); ++i)
        marks << QStringLiteral("?");
    Database::Statement q =
        m_db->statement(QStringLiteral("SELECT %1 FROM outbox WHERE status = 'failed' AND dead_lettered_at IS NULL"
                                       " AND topic IN (%2) ORDER BY seq LIMIT ?")
                            .arg(QLatin1String(kColumns), marks.join(QLatin1Char(','))));
    for (const QString &t : topics)
        q.bind(t);
    if (const Result<int> ran = q.bind(limit).exec(); !ran)
        return ran.error();
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    return out;
}

Result<void> OutboxStore::markDeadLettered(const QList<qint64> &seqs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qint64 seq : seqs) {
        const Result<int> rows =
            m_db->statement("UPDATE outbox SET dead_lettered_at = ? WHERE seq = ?").bind(now).bind(seq).exec();
        if (!rows)
            return rows.error();
    }
    return {};
}

Result<QList<qint64>> OutboxStore::retryFailed(const QList<qint64> &seqs)
{
    QList<qint64> out;
    if (seqs.isEmpty())
        return out;
    const bool own = !m_db->inTransaction();
    if (own) {
        if (const Result<void> begun = m_db->begin(); !begun)
            return begun.error();
    }
    std::optional<Error> failure;
    // At the end of the outbox under a new seq, on both databases: the relay reads forward from
    // its cursor, so a row put back behind it would wait until the relay is idle.
    for (qint64 seq : seqs) {
        qint64 newSeq = -1;
        {
            Database::Statement copy = m_db->statement(
                m_db->kind() == Database::Kind::SQLite
                    ? "INSERT INTO outbox (event_id, event_type, topic, record_key, payload, headers, created_at, "
                      "attempts, last_error, failed_at) SELECT event_id, event_type, topic, record_key, payload, "
                      "headers, created_at, attempts, last_error, failed_at FROM outbox WHERE status = 'failed' AND "
                      "seq = ?"
                    : "INSERT INTO outbox (event_id, event_type, topic, record_key, payload, headers, created_at, "
                      "attempts, last_error, failed_at) SELECT event_id, event_type, topic, record_key, payload, "
                      "headers, created_at, attempts, last_error, failed_at FROM outbox WHERE status = 'failed' AND "
                      "seq = ? RETURNING seq");
            const Result<int> rows = copy.bind(seq).exec();
            if (!rows) {
                failure = rows.error();
                break;
            }
            if (m_db->kind() == Database::Kind::PostgreSQL) {
                if (copy.next())
                    newSeq = copy.int64(0);
            } else if (*rows > 0) {
                newSeq = copy.lastInsertId();
            }
            if (newSeq < 0) {
                out.append(-1);
                continue;
            }
        }
        if (const Result<int> rows = m_db->statement("DELETE FROM outbox WHERE seq = ?").bind(seq).exec(); !rows) {
            failure = rows.error();
            break;
        }
        out.append(newSeq);
    }
    if (failure) {
        if (own)
            m_db->rollback();
        return *failure;
    }
    if (own) {
        if (const Result<void> committed = m_db->commit(); !committed)
            return committed.error();
    }
    return out;
}

Result<int> OutboxStore::pruneSent(const QDateTime &before)
{
    const char *sql = m_db->kind() == Database::Kind::SQLite
                          ? "DELETE FROM outbox WHERE seq <= (SELECT sent_through FROM outbox_cursor) AND "
                            "status <> 'failed' AND created_at < ?"
                          : "DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?";
    Database::Statement q = m_db->statement(sql);
    return q.bind(before.toMSecsSinceEpoch()).exec();
}

Result<OutboxStats> OutboxStore::stats()
{
    // Served on every metrics scrape: both queries read only unsent rows (past the cursor on
    // SQLite, the partial pending index on PostgreSQL) and the failed index, never the day of
    // sent rows.
    OutboxStats s;
    {
        const char *sql = m_db->kind() == Database::Kind::SQLite
                              ? "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE seq > (SELECT sent_through "
                                "FROM outbox_cursor) AND status = 'pending'"
                              : "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'";
        Database::Statement q = m_db->statement(sql);
        if (const Result<int> ran = q.exec(); !ran)
            return ran.error();
        if (q.next()) {
            s.pending = q.int64(0);
            if (const QVariant oldest = q.value(1); !oldest.isNull())
                s.oldestPending = QDateTime::fromMSecsSinceEpoch(oldest.toLongLong(), Qt::UTC);
        }
    }
    Database::Statement q = m_db->statement("SELECT COUNT(*) FROM outbox WHERE status = 'failed'");
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    if (q.next())
        s.failed = q.int64(0);
    return s;
}

} // namespace taskstream::store

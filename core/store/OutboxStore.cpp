#include "store/OutboxStore.h"

#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace taskstream::store {

namespace {
bool run(QSqlQuery &q, QString *error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

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

OutboxRecord fromRow(const QSqlQuery &q)
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

bool OutboxStore::append(const OutboxRecord &r, QString *error)
{
    static const QString sql = QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, "
                                              "headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return false;
    q.addBindValue(r.eventId.toString(QUuid::WithoutBraces));
    q.addBindValue(r.eventType);
    q.addBindValue(r.topic);
    q.addBindValue(r.key);
    q.addBindValue(r.payload);
    q.addBindValue(encodeHeaders(r.headers));
    q.addBindValue(r.createdAt.toMSecsSinceEpoch());
    return run(q, error);
}

bool OutboxStore::appendAll(const QList<OutboxRecord> &records, QString *error)
{
    constexpr qsizetype kChunk = 500; // 7 parameters per row
    for (qsizetype from = 0; from < records.size(); from += kChunk) {
        const qsizetype n = qMin(kChunk, records.size() - from);
        const QString sql = QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, "
                                           "headers, created_at) VALUES %1")
                                .arg(QStringList(n, QStringLiteral("(?, ?, ?, ?, ?, ?, ?)")).join(QLatin1Char(',')));
        QSqlQuery fresh(m_db->db());
        QSqlQuery *q = m_db->batchStatement(sql, n == kChunk, fresh, error);
        if (!q)
            return false;
        for (qsizetype i = from; i < from + n; ++i) {
            const OutboxRecord &r = records[i];
            q->addBindValue(r.eventId.toString(QUuid::WithoutBraces));
            q->addBindValue(r.eventType);
            q->addBindValue(r.topic);
            q->addBindValue(r.key);
            q->addBindValue(r.payload);
            q->addBindValue(encodeHeaders(r.headers));
            q->addBindValue(r.createdAt.toMSecsSinceEpoch());
        }
        if (!run(*q, error))
            return false;
    }
    return true;
}

QList<OutboxRecord> OutboxStore::pending(qint64 afterSeq, int limit, QString *error)
{
    static const QString sqlite = QStringLiteral("SELECT %1 FROM outbox WHERE seq > MAX(?, (SELECT sent_through FROM "
                                                 "outbox_cursor)) AND status = 'pending' ORDER BY seq LIMIT ?")
                                      .arg(QLatin1String(kColumns));
    static const QString postgres = QStringLiteral("SELECT %1 FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?")
                                        .arg(QLatin1String(kColumns));
    QList<OutboxRecord> out;
    QSqlQuery &q = m_db->prepared(m_db->kind() == Database::Kind::SQLite ? sqlite : postgres, error);
    if (q.lastQuery().isEmpty())
        return out;
    q.setForwardOnly(true);
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!run(q, error))
        return out;
    while (q.next())
        out.append(fromRow(q));
    q.finish(); // ends the read, so it does not hold a WAL snapshot
    return out;
}

int OutboxStore::forEachPending(qint64 afterSeq, int limit, const std::function<bool(const PendingView &)> &fn,
                                QString *error)
{
    int accepted = 0;
    if (m_db->kind() != Database::Kind::SQLite) {
        static const QString sql = QStringLiteral("SELECT seq, topic, record_key, payload, headers FROM outbox "
                                                  "WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?");
        QSqlQuery &q = m_db->prepared(sql, error);
        if (q.lastQuery().isEmpty())
            return -1;
        q.setForwardOnly(true);
        q.addBindValue(afterSeq);
        q.addBindValue(limit);
        if (!run(q, error))
            return -1;
        while (q.next()) {
            const QByteArray topic = q.value(1).toString().toUtf8();
            const QByteArray key = q.value(2).toByteArray();
            const QByteArray payload = q.value(3).toByteArray();
            const QByteArray headers = q.value(4).toByteArray();
            if (!fn(PendingView{q.value(0).toLongLong(), topic, key, payload, headers}))
                break;
            ++accepted;
        }
        q.finish();
        return accepted;
    }
    // Qt Sql copies every column into a QVariant and a row cache; here the columns are read in
    // place (the relay copies them once, into the producer).
    sqlite3_stmt *st = m_db->sqliteStatement(
        "SELECT seq, topic, record_key, payload, headers FROM outbox WHERE seq > MAX(?1, (SELECT sent_through "
        "FROM outbox_cursor)) AND status = 'pending' ORDER BY seq LIMIT ?2",
        error);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, afterSeq);
    sqlite3_bind_int(st, 2, limit);
    const auto view = [st](int col) {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(st, col));
        return QByteArrayView(p, p ? sqlite3_column_bytes(st, col) : 0);
    };
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        // topic is TEXT: read as a blob it is its UTF-8 bytes without a terminator.
        if (!fn(PendingView{sqlite3_column_int64(st, 0), view(1), view(2), view(3), view(4)}))
            break;
        ++accepted;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(st)));
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st); // ends the read, so it does not hold a WAL snapshot
    return accepted;
}

bool OutboxStore::markSent(const QList<qint64> &seqs, qint64 sentThrough, QString *error)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_db->kind() == Database::Kind::SQLite) {
        QString why;
        if (m_db->statement("UPDATE outbox_cursor SET sent_through = ?1, updated_at = ?2 WHERE id = 1 AND "
                            "sent_through < ?1")
                .bind(sentThrough)
                .bind(now)
                .exec(&why) >= 0)
            return true;
        if (error)
            *error = why;
        return false;
    }
    return markEachSent(seqs, error);
}

bool OutboxStore::markEachSent(const QList<qint64> &seqs, QString *error)
{
    if (seqs.isEmpty())
        return true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Acknowledgements come mostly in commit order: one statement per run of consecutive seqs.
    QList<qint64> sorted = seqs;
    std::sort(sorted.begin(), sorted.end());
    static const QString sql = QStringLiteral("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 "
                                              "WHERE seq BETWEEN ? AND ? AND status = 'pending'");
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return false;
    for (qsizetype i = 0; i < sorted.size();) {
        qsizetype j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1)
            ++j;
        q.addBindValue(now);
        q.addBindValue(sorted[i]);
        q.addBindValue(sorted[j]);
        if (!run(q, error))
            return false;
        i = j + 1;
    }
    return true;
}

bool OutboxStore::markFailed(qint64 seq, const QString &reason, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1, "
                             "failed_at = ? WHERE seq = ?"));
    q.addBindValue(reason);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(seq);
    return run(q, error);
}

QList<OutboxRecord> OutboxStore::failed(int limit, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE status = 'failed' ORDER BY seq DESC LIMIT ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(limit);
    QList<OutboxRecord> out;
    if (!run(q, error))
        return out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

QList<qint64> OutboxStore::retryFailed(const QList<qint64> &seqs, QString *error)
{
    QList<qint64> out;
    if (seqs.isEmpty())
        return out;
    const bool own = !m_db->inTransaction();
    if (own && !m_db->begin(error))
        return {};
    for (qint64 seq : seqs) {
        QSqlQuery q(m_db->db());
        if (m_db->kind() == Database::Kind::PostgreSQL) {
            q.prepare(QStringLiteral("UPDATE outbox SET status = 'pending' WHERE status = 'failed' AND seq = ?"));
            q.addBindValue(seq);
            if (!run(q, error))
                break;
            out.append(q.numRowsAffected() > 0 ? seq : -1);
            continue;
        }
        q.prepare(QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, headers, "
                                 "created_at, attempts, last_error, failed_at) SELECT event_id, event_type, topic, "
                                 "record_key, payload, headers, created_at, attempts, last_error, failed_at FROM outbox "
                                 "WHERE status = 'failed' AND seq = ?"));
        q.addBindValue(seq);
        if (!run(q, error))
            break;
        if (q.numRowsAffected() == 0) {
            out.append(-1);
            continue;
        }
        const qint64 newSeq = q.lastInsertId().toLongLong();
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
        q.addBindValue(seq);
        if (!run(q, error))
            break;
        out.append(newSeq);
    }
    if (out.size() != seqs.size()) {
        if (own)
            m_db->rollback();
        return {};
    }
    if (own && !m_db->commit(error))
        return {};
    return out;
}

int OutboxStore::pruneSent(const QDateTime &before, QString *error)
{
    QSqlQuery q(m_db->db());
    if (m_db->kind() == Database::Kind::SQLite)
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq <= (SELECT sent_through FROM outbox_cursor) AND "
                                 "status <> 'failed' AND created_at < ?"));
    else
        q.prepare(QStringLiteral("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?"));
    q.addBindValue(before.toMSecsSinceEpoch());
    if (!run(q, error))
        return -1;
    return q.numRowsAffected();
}

OutboxStats OutboxStore::stats(QString *error)
{
    // Served on every metrics scrape: both queries read only unsent rows (past the cursor on
    // SQLite, the partial pending index on PostgreSQL) and the failed index, never the day of
    // sent rows.
    OutboxStats s;
    QSqlQuery q(m_db->db());
    q.setForwardOnly(true);
    const QString pending = m_db->kind() == Database::Kind::SQLite
                                ? QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE seq > (SELECT "
                                                 "sent_through FROM outbox_cursor) AND status = 'pending'")
                                : QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'");
    if (!q.exec(pending)) {
        if (error)
            *error = q.lastError().text();
        return s;
    }
    if (q.next()) {
        s.pending = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            s.oldestPending = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    }
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status = 'failed'"))) {
        if (error)
            *error = q.lastError().text();
        return s;
    }
    if (q.next())
        s.failed = q.value(0).toLongLong();
    return s;
}

} // namespace taskstream::store

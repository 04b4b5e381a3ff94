#include "store/OutboxStore.h"

#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

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
    const auto *p = reinterpret_cast<const uchar *>(b.constData());
    qsizetype i = 0;
    while (i + 2 <= b.size()) {
        const qsizetype kl = (p[i] << 8) | p[i + 1];
        i += 2;
        if (i + kl + 4 > b.size())
            break;
        const QString key = QString::fromUtf8(b.constData() + i, kl);
        i += kl;
        const qsizetype vl = (qsizetype(p[i]) << 24) | (p[i + 1] << 16) | (p[i + 2] << 8) | p[i + 3];
        i += 4;
        if (i + vl > b.size())
            break;
        out.append({key, b.mid(i, vl)});
        i += vl;
    }
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

QString placeholders(int n)
{
    QStringList l;
    for (int i = 0; i < n; ++i)
        l << QStringLiteral("?");
    return l.join(QLatin1Char(','));
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
    // The relay runs this after every group commit: prepared once.
    static const QString sql = QStringLiteral("SELECT %1 FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?")
                                   .arg(QLatin1String(kColumns));
    QList<OutboxRecord> out;
    QSqlQuery &q = m_db->prepared(sql, error);
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

bool OutboxStore::markSent(const QList<qint64> &seqs, QString *error)
{
    if (seqs.isEmpty())
        return true;
    // Acknowledgements come mostly in commit order: one statement per run of consecutive seqs.
    QList<qint64> sorted = seqs;
    std::sort(sorted.begin(), sorted.end());
    static const QString sql = QStringLiteral("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 "
                                              "WHERE seq BETWEEN ? AND ? AND status = 'pending'");
    QSqlQuery &q = m_db->prepared(sql, error);
    if (q.lastQuery().isEmpty())
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
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

bool OutboxStore::retryFailed(const QList<qint64> &seqs, QString *error)
{
    if (seqs.isEmpty())
        return true;
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE outbox SET status = 'pending' WHERE status = 'failed' AND seq IN (%1)")
                  .arg(placeholders(int(seqs.size()))));
    for (qint64 s : seqs)
        q.addBindValue(s);
    return run(q, error);
}

int OutboxStore::pruneSent(const QDateTime &before, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?"));
    q.addBindValue(before.toMSecsSinceEpoch());
    if (!run(q, error))
        return -1;
    return q.numRowsAffected();
}

OutboxStats OutboxStore::stats(QString *error)
{
    // Served on every metrics scrape: both queries read only the partial indexes of pending and
    // failed rows (and the pending rows' creation time), never the day of sent rows.
    OutboxStats s;
    QSqlQuery q(m_db->db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'"))) {
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

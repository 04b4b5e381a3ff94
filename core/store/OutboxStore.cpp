#include "store/OutboxStore.h"

#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
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
                        "last_error, sent_at, headers";

// Headers as a JSON array of [name, base64 value] pairs: portable across SQLite and PostgreSQL.
QString headersToText(const QList<QPair<QString, QByteArray>> &headers)
{
    QJsonArray a;
    for (const auto &h : headers)
        a.append(QJsonArray{h.first, QString::fromLatin1(h.second.toBase64())});
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QList<QPair<QString, QByteArray>> headersFromText(const QString &text)
{
    QList<QPair<QString, QByteArray>> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonArray pair = v.toArray();
        out.append({pair.at(0).toString(), QByteArray::fromBase64(pair.at(1).toString().toLatin1())});
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
    r.headers = headersFromText(q.value(11).toString());
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
    q.addBindValue(headersToText(r.headers));
    q.addBindValue(r.createdAt.toMSecsSinceEpoch());
    return run(q, error);
}

QList<OutboxRecord> OutboxStore::pending(qint64 afterSeq, int limit, QString *error)
{
    QSqlQuery q(m_db->db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    QList<OutboxRecord> out;
    if (!run(q, error))
        return out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

bool OutboxStore::markSent(const QList<qint64> &seqs, QString *error)
{
    if (seqs.isEmpty())
        return true;
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 "
                             "WHERE seq IN (%1)")
                  .arg(placeholders(int(seqs.size()))));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    for (qint64 s : seqs)
        q.addBindValue(s);
    return run(q, error);
}

bool OutboxStore::markFailed(qint64 seq, const QString &reason, QString *error)
{
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1 "
                             "WHERE seq = ?"));
    q.addBindValue(reason);
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
    OutboxStats s;
    QSqlQuery q(m_db->db());
    q.prepare(QStringLiteral("SELECT status, COUNT(*), MIN(created_at) FROM outbox GROUP BY status"));
    if (!run(q, error))
        return s;
    while (q.next()) {
        const QString status = q.value(0).toString();
        const qint64 n = q.value(1).toLongLong();
        if (status == QLatin1String("pending")) {
            s.pending = n;
            if (!q.value(2).isNull())
                s.oldestPending = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
        } else if (status == QLatin1String("failed")) {
            s.failed = n;
        } else if (status == QLatin1String("sent")) {
            s.sent = n;
        }
    }
    return s;
}

} // namespace taskstream::store

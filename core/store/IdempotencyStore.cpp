#include "store/IdempotencyStore.h"

#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

namespace taskstream::store {

namespace {
QString uuidText(const QUuid &u)
{
    return u.toString(QUuid::WithoutBraces);
}

/// Headers as a JSON array of [name, value] pairs (names may repeat, order kept).
QString headersText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QJsonArray a;
    for (const auto &h : headers)
        a.append(QJsonArray{QString::fromLatin1(h.first), QString::fromLatin1(h.second)});
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QList<QPair<QByteArray, QByteArray>> headersFrom(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonArray pair = v.toArray();
        out.append({pair.at(0).toString().toLatin1(), pair.at(1).toString().toLatin1()});
    }
    return out;
}
} // namespace

Result<bool> IdempotencyStore::insertPending(const QUuid &userId, const QString &key, const IdempotencyEntry &e)
{
    // ON CONFLICT DO NOTHING: a second writer of the same key waits for the first one's
    // transaction (PostgreSQL) and then adds nothing, instead of failing its own transaction.
    const Result<int> rows =
        m_db->statement("INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, owner, lease_until, expires_at)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, idem_key) DO NOTHING")
            .bind(uuidText(userId))
            .bind(key)
            .bind(e.fingerprint)
            .bind(e.owner)
            .bind(e.leaseUntilMs)
            .bind(e.expiresAtMs)
            .exec();
    if (!rows)
        return rows.error();
    return *rows == 1;
}

Result<std::optional<IdempotencyEntry>> IdempotencyStore::findForUpdate(const QUuid &userId, const QString &key)
{
    const bool postgres = m_db->kind() == Database::Kind::PostgreSQL;
    Database::Statement q =
        postgres ? m_db->statement("SELECT fingerprint, owner, status, response_headers, response_body, lease_until,"
                                   " expires_at FROM idempotency_keys WHERE user_id = ? AND idem_key = ? FOR UPDATE")
                 : m_db->statement("SELECT fingerprint, owner, status, response_headers, response_body, lease_until,"
                                   " expires_at FROM idempotency_keys WHERE user_id = ? AND idem_key = ?");
    if (const Result<int> ran = q.bind(uuidText(userId)).bind(key).exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? std::optional<IdempotencyEntry>()
                               : Result<std::optional<IdempotencyEntry>>(q.status().error());
    IdempotencyEntry e;
    e.fingerprint = q.value(0).toString();
    e.owner = q.value(1).toString();
    if (!q.value(2).isNull()) {
        StoredResponse r;
        r.status = q.value(2).toInt();
        r.headers = headersFrom(q.value(3).toString());
        r.body = q.value(4).toByteArray();
        e.response = r;
    }
    e.leaseUntilMs = q.int64(5);
    e.expiresAtMs = q.int64(6);
    return std::optional<IdempotencyEntry>(e);
}

Result<void> IdempotencyStore::replace(const QUuid &userId, const QString &key, const IdempotencyEntry &e)
{
    const Result<int> rows =
        m_db->statement(
                "UPDATE idempotency_keys SET fingerprint = ?, owner = ?, status = NULL, response_headers = NULL,"
                " response_body = NULL, lease_until = ?, expires_at = ? WHERE user_id = ? AND idem_key = ?")
            .bind(e.fingerprint)
            .bind(e.owner)
            .bind(e.leaseUntilMs)
            .bind(e.expiresAtMs)
            .bind(uuidText(userId))
            .bind(key)
            .exec();
    if (!rows)
        return rows.error();
    if (*rows != 1)
        return Error::notFound(QStringLiteral("idempotency key is gone"));
    return {};
}

Result<void> IdempotencyStore::complete(const QUuid &userId, const QString &key, const QString &owner,
                                        const StoredResponse &response)
{
    const Result<int> rows = m_db->statement("UPDATE idempotency_keys SET status = ?, response_headers = ?,"
                                             " response_body = ? WHERE user_id = ? AND idem_key = ? AND owner = ?"
                                             " AND status IS NULL")
                                 .bind(response.status)
                                 .bind(headersText(response.headers))
                                 .bind(response.body)
                                 .bind(uuidText(userId))
                                 .bind(key)
                                 .bind(owner)
                                 .exec();
    if (!rows)
        return rows.error();
    if (*rows != 1)
        return Error::notFound(QStringLiteral("the idempotency key is no longer held by this request"));
    return {};
}

Result<void> IdempotencyStore::release(const QUuid &userId, const QString &key, const QString &owner)
{
    const Result<int> rows = m_db->statement("DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ?"
                                             " AND owner = ? AND status IS NULL")
                                 .bind(uuidText(userId))
                                 .bind(key)
                                 .bind(owner)
                                 .exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<int> IdempotencyStore::purgeExpired(qint64 nowMs, int batch)
{
    // In batches, so no purge holds the table's locks long. A batch selected by the expiry index.
    return m_db
        ->statement("DELETE FROM idempotency_keys WHERE (user_id, idem_key) IN (SELECT user_id, idem_key FROM"
                    " idempotency_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)")
        .bind(nowMs)
        .bind(batch)
        .exec();
}

} // namespace taskstream::store

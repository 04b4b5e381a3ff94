#pragma once

#include "common/Result.h"

#include <optional>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUuid>

namespace taskstream::store {

class Database;

/// The answer of a request made with an Idempotency-Key, as it is replayed to a retry.
struct StoredResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; ///< Content-Type included
    QByteArray body;
};

/// One user's Idempotency-Key as stored: the request it was first used for (its fingerprint),
/// the attempt that holds it while that request runs, and the answer once it is done.
struct IdempotencyEntry
{
    QString fingerprint;
    QString owner;                          ///< the attempt that holds (or held) the key
    std::optional<StoredResponse> response; ///< none while the first request is in flight
    qint64 leaseUntilMs = 0;                ///< an attempt in flight past this is presumed dead
    qint64 expiresAtMs = 0;                 ///< the entry is forgotten from then on
};

/// SQL for the idempotency_keys table, keyed by (user, key). Like TaskStore, no call opens a
/// transaction of its own: the caller completes a key in the transaction of its effect, so the
/// effect and its stored answer commit together or not at all.
class IdempotencyStore
{
public:
    explicit IdempotencyStore(Database *db) : m_db(db) {}

    /// Adds the key as in flight, held by \a entry.owner; false when the user has the key already.
    Result<bool> insertPending(const QUuid &userId, const QString &key, const IdempotencyEntry &entry);
    /// The stored entry, locked until the transaction ends (PostgreSQL: FOR UPDATE).
    Result<std::optional<IdempotencyEntry>> findForUpdate(const QUuid &userId, const QString &key);
    /// Hands the key to a new attempt (an expired entry, or one whose holder's lease ran out):
    /// everything of the entry is replaced by \a entry, which is in flight again.
    Result<void> replace(const QUuid &userId, const QString &key, const IdempotencyEntry &entry);
    /// Stores \a response as the key's answer; NotFound when \a owner no longer holds the key.
    Result<void> complete(const QUuid &userId, const QString &key, const QString &owner,
                          const StoredResponse &response);
    /// Forgets the key if \a owner still holds it in flight (its request changed nothing).
    Result<void> release(const QUuid &userId, const QString &key, const QString &owner);
    /// Deletes at most \a batch entries expired at \a nowMs; the number deleted.
    Result<int> purgeExpired(qint64 nowMs, int batch);

private:
    Database *m_db;
};

} // namespace taskstream::store

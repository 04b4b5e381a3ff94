#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaTypes.h"

#include <functional>

#include <QString>

namespace taskstream::store {
class Database;
}

namespace taskstream::processing {

/// What a handler sees for one record. The runner's transaction is open on db: the handler writes
/// its effect there and the effect commits together with the idempotency ledger row.
struct HandlerContext
{
    const events::Event &event;         ///< the decoded event
    const kafka::KafkaMessage &message; ///< the raw record (key, headers, coordinates)
    store::Database *db = nullptr;      ///< transaction open; do not begin/commit/rollback
    QString group;                      ///< the consumer group
    QString eventId;                    ///< the ledger key (ce_id, else event_id, else coordinates)
    int attempt = 1;                    ///< 1 on first delivery, 2.. on retries
};

/// A handler's verdict. Retriable failures are retried with backoff; permanent ones go to the
/// dead-letter queue at once. The error class is a short stable name (for metrics and DLQ headers).
class HandlerResult
{
public:
    enum Status { Ok, Retriable, Permanent };

    static HandlerResult ok() { return HandlerResult(Ok, {}, {}); }
    static HandlerResult retriable(const QString &errorClass, const QString &message)
    {
        return HandlerResult(Retriable, errorClass, message);
    }
    static HandlerResult permanent(const QString &errorClass, const QString &message)
    {
        return HandlerResult(Permanent, errorClass, message);
    }

    Status status() const { return m_status; }
    bool isOk() const { return m_status == Ok; }
    bool isRetriable() const { return m_status == Retriable; }
    QString errorClass() const { return m_errorClass; }
    QString message() const { return m_message; }

private:
    HandlerResult(Status s, QString c, QString m) : m_status(s), m_errorClass(std::move(c)), m_message(std::move(m)) {}
    Status m_status;
    QString m_errorClass;
    QString m_message;
};

using Handler = std::function<HandlerResult(const HandlerContext &)>;

/// Work for a handler that must not run inside the batch's transaction (a long computation that
/// would hold the database's writer meanwhile): called for each decodable record of its type
/// before the batch's transaction opens, with \a db for reads only. The handler then finds the
/// result (and treats a missing one as retriable).
using Preparer = std::function<void(const events::Event &event, store::Database *db)>;

/// The ledger key of a record: the ce_id header, else the decoded event's event_id, else
/// "topic/partition/offset".
QString eventIdFor(const kafka::KafkaMessage &message, const events::Event *event);

} // namespace taskstream::processing

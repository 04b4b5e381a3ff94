#include "services/OutboxAdmin.h"

#include <algorithm>

namespace taskstream::services {

namespace {
Error noFailedRecord(qint64 seq)
{
    return Error::notFound(QStringLiteral("no failed outbox record %1").arg(seq));
}
} // namespace

OutboxAdmin::OutboxAdmin(store::Database *db, QObject *parent) : QObject(parent), m_outbox(db) {}

Result<QList<store::OutboxRecord>> OutboxAdmin::failed(int limit)
{
    return m_outbox.failed(limit);
}

Result<qint64> OutboxAdmin::retry(qint64 seq)
{
    const Result<QList<store::OutboxRecord>> failed = m_outbox.failed(100000);
    if (!failed)
        return failed.error();
    const bool known =
        std::any_of(failed->cbegin(), failed->cend(), [seq](const store::OutboxRecord &r) { return r.seq == seq; });
    if (!known)
        return noFailedRecord(seq);
    const Result<QList<qint64>> requeued = m_outbox.retryFailed({seq});
    if (!requeued)
        return requeued.error();
    if (requeued->first() < 0) // retried by someone else meanwhile
        return noFailedRecord(seq);
    emit retried();
    return requeued->first();
}

} // namespace taskstream::services

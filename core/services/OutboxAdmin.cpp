#include "services/OutboxAdmin.h"

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
    // One row found by its seq (the primary key); -1 when it is not failed, or was retried by
    // someone else meanwhile.
    const Result<QList<qint64>> requeued = m_outbox.retryFailed({seq});
    if (!requeued)
        return requeued.error();
    if (requeued->isEmpty() || requeued->first() < 0)
        return noFailedRecord(seq);
    emit retried();
    return requeued->first();
}

} // namespace taskstream::services

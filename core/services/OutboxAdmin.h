#pragma once

#include "common/Result.h"
#include "store/OutboxStore.h"

#include <QObject>

namespace taskstream::store {
class Database;
}

namespace taskstream::services {

/// Administration of the outbox: the records that could never be delivered, and putting one back
/// in line once the cause is fixed.
///
/// Failures are Errors: NotFound (no failed record with that seq, or it was retried meanwhile)
/// and the database's own.
class OutboxAdmin : public QObject
{
    Q_OBJECT
public:
    explicit OutboxAdmin(store::Database *db, QObject *parent = nullptr);

    /// Failed records, newest first.
    Result<QList<store::OutboxRecord>> failed(int limit);
    /// Puts the failed record \a seq back to pending; returns its seq from now on (a new one, at
    /// the end of the outbox).
    Result<qint64> retry(qint64 seq);

signals:
    /// A failed record was put back to pending: the relay can publish it.
    void retried();

private:
    store::OutboxStore m_outbox;
};

} // namespace taskstream::services

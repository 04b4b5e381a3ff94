#pragma once

#include "store/OutboxStore.h"

#include <atomic>
#include <memory>
#include <optional>

#include <QMutex>
#include <QObject>
#include <QString>

class QTimer;

namespace taskstream::store {
class Database;
}

namespace taskstream::runtime {

/// What the node's database check found last; written by a DatabaseProbe on its thread, read by
/// /readyz on the node's. Thread-safe.
class DatabaseHealth
{
public:
    struct Reading
    {
        bool checked = false; ///< a check has ended
        bool ok = false;
        QString errorKind; ///< Error::kindName() of the failure
        std::optional<store::OutboxStats> outbox;
    };

    Reading last() const;
    /// How long the check in progress has been waiting for the database at \a nowMs, or -1 when
    /// none is in progress.
    qint64 waitingMs(qint64 nowMs) const;

    void began(qint64 nowMs) { m_beganMs.store(nowMs, std::memory_order_relaxed); }
    void ended(const Reading &reading);

private:
    mutable QMutex m_mutex;
    Reading m_last;
    std::atomic<qint64> m_beganMs{-1};
};

/// Checks the database every interval on a thread of its own, with a connection of its own, so a
/// database that stops answering holds up only this check: /readyz reads the result and says
/// "no answer for N s" instead of waiting with it, and /healthz on the same thread answers. Lives
/// on an ObjectThread; the first check runs as it starts.
class DatabaseProbe : public QObject
{
    Q_OBJECT
public:
    DatabaseProbe(QString url, std::shared_ptr<DatabaseHealth> health, int intervalMs);
    ~DatabaseProbe() override;

private:
    void check();

    QString m_url;
    std::shared_ptr<DatabaseHealth> m_health;
    std::unique_ptr<store::Database> m_db;
    QTimer *m_timer = nullptr;
    bool m_lastOk = true; ///< the log says when the state changes, not at every check
};

} // namespace taskstream::runtime

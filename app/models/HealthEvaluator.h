#pragma once

#include "models/GroupStatusEvaluator.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace taskstream {
namespace console {

/// What one health badge says: its text, the details for its tooltip and how bad it is.
struct HealthBadge
{
    enum class Level { Unknown, Ok, Warning, Error };

    QString text;
    QString toolTip;
    Level level = Level::Unknown;
};

/// The outbox figures of the daemon's `GET /api/v1/info` (docs/api.md).
struct OutboxHealth
{
    bool configured = false;            ///< a daemon API is set
    bool known = false;                 ///< an answer came
    QString error;                      ///< why the last request failed (empty when it did not)
    qint64 pending = 0;                 ///< outbox_depth
    qint64 failed = 0;                  ///< outbox_failed
    qint64 oldestPendingAgeSeconds = 0; ///< outbox_oldest_pending_age_seconds, 0 when none pending
};

/// Turns group statuses, DLQ record counts and the daemon's outbox figures into the three badges
/// above the console's tabs (a pure function, no I/O).
class HealthEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(taskstream::console::HealthEvaluator)
public:
    struct GroupState
    {
        QString group;
        GroupStatus status = GroupStatus::Ok;
        QString reason;
    };
    struct DlqCount
    {
        QString topic;
        qint64 records = -1; ///< -1 while unknown
    };

    /// \a stuckAfterSeconds: how old the oldest pending outbox record may get before "stuck".
    explicit HealthEvaluator(qint64 stuckAfterSeconds = 60) : m_stuckAfterSeconds(stuckAfterSeconds) {}

    HealthBadge groups(const QList<GroupState> &groups) const;
    HealthBadge dlq(const QList<DlqCount> &counts) const;
    HealthBadge outbox(const OutboxHealth &outbox) const;

private:
    qint64 m_stuckAfterSeconds;
};

} // namespace console
} // namespace taskstream

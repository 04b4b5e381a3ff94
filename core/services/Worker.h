#pragma once

#include "metrics/MetricsRegistry.h"

#include <QList>
#include <QString>

namespace taskstream::processing {
class ConsumerRunner;
}

namespace taskstream::services {

/// A consumer-group worker of the task product (recurring tasks, reminders, broadcaster, audit).
/// The daemon creates a ConsumerRunner for group() on the topics the catalog lists for it and
/// lets the worker install its handlers; the runner's guarantees (ledger, retry, DLQ) then hold
/// for every effect the handlers write.
class Worker
{
public:
    virtual ~Worker() = default;
    /// The consumer group, as named in schemas/topics.json.
    virtual QString group() const = 0;
    /// Registers handlers on \a runner and connects to its signals (assignment, commits).
    /// Called once, before the runner starts.
    virtual void install(processing::ConsumerRunner &runner) = 0;
    /// Called after the runner stopped (e.g. to stop timers). Default: nothing.
    virtual void stopped() {}
    /// The worker's own metrics (beyond the runner's), read on the worker's thread and exported on
    /// scrape; their families are listed with the worker's role. Default: none.
    virtual QList<metrics::Sample> metricSamples() const { return {}; }
};

} // namespace taskstream::services

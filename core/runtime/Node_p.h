#pragma once

// Private to Node.cpp and NodeOperations.cpp.

#include "Node.h"
#include "common/ObjectThread.h"
#include "metrics/MetricsRegistry.h"
#include "processing/ProcessingMetrics.h"

#include <memory>

#include <QLoggingCategory>
#include <QMutex>
#include <QStringList>

Q_DECLARE_LOGGING_CATEGORY(lcNode)

namespace taskstream::runtime {

/// Copied on the worker's thread after each batch, on the worker's own signal and twice a
/// second; read by the metrics collector on the node's thread.
struct Node::WorkerSnapshot
{
    QMutex mutex;
    processing::ProcessingMetrics metrics;
    QList<metrics::Sample> samples;
    QString group;
    QStringList topics;
};

struct Node::WorkerSlot
{
    const Role *role = nullptr;
    QString group;
    std::unique_ptr<ObjectThread> thread;
    std::shared_ptr<WorkerSnapshot> snapshot = std::make_shared<WorkerSnapshot>();
    bool joined = false; ///< a partition was assigned at least once
};

} // namespace taskstream::runtime

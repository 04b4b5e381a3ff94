#pragma once

#include "common/Result.h"
#include "metrics/MetricsRegistry.h"

#include <functional>
#include <memory>

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::store {
class Database;
}
namespace taskstream::services {
class Worker;
class OutboxRelay;
class NotificationWebhook;
class NotificationMailer;
} // namespace taskstream::services

namespace taskstream::runtime {

struct NodeConfig;

/// What a role's worker factory is given. It runs on the worker's own thread.
struct RoleContext
{
    const NodeConfig &config;
    store::Database *db; ///< the worker's own connection, where its runner writes
    /// The node's main database: db itself, except for the audit role on SQLite, whose db is the
    /// audit log's own file (store::AuditStore::databaseUrlFor); its own connection too.
    store::Database *mainDb;
    const events::EventSerializer *serializer;
    services::OutboxRelay *relay;           ///< null without the relay role; lives on its own thread
    services::NotificationWebhook *webhook; ///< null without a webhook URL; lives on the node's thread
    services::NotificationMailer *mailer;   ///< null without an SMTP relay; lives on a thread of its own
    QObject *host;                          ///< lives on the worker's thread, as long as the worker
    std::function<void()> metricsChanged;   ///< call on \a host's thread when metricSamples() changed
};

/// What a role adds to /readyz.
enum class RoleReadiness {
    None,
    ConsumerGroupJoined, ///< ready once its consumer group had an assignment
    FeedReader,          ///< ready once the feed's reader runs
};

/// A gauge the node reads from the database on scrape for a role. When it cannot be read, the
/// node exports no value for it and sets taskstream_metrics_collect_errors{source} to 1.
struct DatabaseMetric
{
    const char *family = nullptr; ///< null: none
    const char *source = nullptr;
    /// The value, or the error that kept it from being read.
    Result<double> (*read)(store::Database &db) = nullptr;
};

/// One role a node can run. Adding a role is adding an entry to roleTable().
struct Role
{
    QString name;
    /// The consumer groups it runs (as named in the topic catalog); empty for roles without one.
    QStringList groups;
    /// Creates its worker; null for roles that run no consumer group (the node composes api,
    /// relay and feed itself).
    std::function<std::unique_ptr<services::Worker>(const RoleContext &)> createWorker;
    RoleReadiness readiness = RoleReadiness::None;
    /// The families it exports: those of Worker::metricSamples() and of \a databaseMetric.
    QList<metrics::MetricFamily> metrics;
    DatabaseMetric databaseMetric;
    /// Said once at start, for roles whose work happens elsewhere; may be null.
    std::function<void(const NodeConfig &)> announce;
};

/// Every role, in the order a node starts them.
const QList<Role> &roleTable();
/// The role named \a name, or null.
const Role *findRole(const QString &name);

} // namespace taskstream::runtime

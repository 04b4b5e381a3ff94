#pragma once

#include "DaemonOptions.h"

#include <QObject>
#include <QUuid>

#include <memory>
#include <vector>

class QThread;

namespace taskstream::kafka {
class EmbeddedBroker;
class KafkaAdmin;
class KafkaConfig;
} // namespace taskstream::kafka
namespace taskstream::store {
class Database;
}
namespace taskstream::events {
class EventSerializer;
class AsyncEventCodec;
struct CodecConfig;
} // namespace taskstream::events
namespace taskstream::services {
class TaskService;
class OutboxRelay;
struct OutboxRelayOptions;
} // namespace taskstream::services
namespace taskstream::auth {
class JwtAuth;
}
namespace taskstream::http {
class HttpServer;
}
namespace taskstream::metrics {
class MetricsRegistry;
}
namespace taskstream::api {
class TaskApi;
class OutboxApi;
class AuditApi;
class ReminderApi;
} // namespace taskstream::api
namespace taskstream::processing {
class ConsumerRunner;
}
namespace taskstream::services {
class Worker;
class ReminderTrigger;
class NotificationWebhook;
} // namespace taskstream::services
namespace taskstream::feed {
class TaskFeed;
}

/// Composes core's pieces into the running daemon. start() is asynchronous: ready() or
/// failed() follows exactly once.
class Daemon : public QObject
{
    Q_OBJECT
public:
    explicit Daemon(DaemonOptions options, QObject *parent = nullptr);
    ~Daemon() override;

    void start();
    /// Stops everything in order; safe to call more than once.
    void stop();
    QString bootstrapServers() const { return m_bootstrap; }
    /// http://ADDRESS:PORT of the API once ready.
    QString httpUrl() const;
    /// The embedded broker when the daemon started one (no --brokers), else null.
    taskstream::kafka::EmbeddedBroker *embeddedBroker() const { return m_broker.get(); }
    /// A token signed with the daemon's secret, as `taskstreamd token` prints; empty before ready().
    QString issueToken(const QUuid &user, const QString &role, qint64 ttlSeconds, QString *error = nullptr) const;

signals:
    void ready();
    /// exitCode 2 for configuration errors, 1 for runtime failures.
    void failed(const QString &reason, int exitCode);

private:
    void ensureTopics();
    /// Database, task service, outbox relay and HTTP API, once Kafka is set up.
    void startServices();
    /// One consumer runner per worker role this process runs.
    bool startWorkers(QString *error);
    /// The worker behind \a role, or null for a role that runs no consumer group.
    std::unique_ptr<taskstream::services::Worker> createWorker(const QString &role, taskstream::store::Database *db,
                                                               const taskstream::events::EventSerializer *serializer);

    /// /healthz, /readyz and /metrics.
    void registerOperationsEndpoints();
    void exportRunnerMetrics(taskstream::metrics::MetricsRegistry &registry) const;
    void probeBrokers();
    /// Creates the outbox relay (and its codec) on a thread of its own and starts it.
    bool startRelay(const taskstream::kafka::KafkaConfig &producerConfig,
                    const taskstream::services::OutboxRelayOptions &options,
                    const taskstream::events::CodecConfig *codec, QString *error);
    void stopRelay();
    DaemonOptions m_options;
    QString m_bootstrap;
    std::unique_ptr<taskstream::kafka::EmbeddedBroker> m_broker;
    std::unique_ptr<taskstream::kafka::KafkaAdmin> m_admin;
    std::unique_ptr<taskstream::store::Database> m_db;
    std::unique_ptr<taskstream::events::EventSerializer> m_serializer;
    std::unique_ptr<taskstream::events::AsyncEventCodec> m_codec;
    std::unique_ptr<taskstream::services::TaskService> m_tasks;
    // Created, used and destroyed on m_relayThread; m_relay is null without the relay role.
    std::unique_ptr<taskstream::services::OutboxRelay> m_relay;
    std::unique_ptr<QThread> m_relayThread;
    QObject *m_relayContext = nullptr; ///< lives on m_relayThread
    std::unique_ptr<taskstream::auth::JwtAuth> m_auth;
    std::unique_ptr<taskstream::http::HttpServer> m_http;
    std::unique_ptr<taskstream::api::TaskApi> m_api;
    std::unique_ptr<taskstream::api::OutboxApi> m_outboxApi;
    std::unique_ptr<taskstream::api::AuditApi> m_auditApi;
    std::unique_ptr<taskstream::api::ReminderApi> m_reminderApi;
    std::unique_ptr<taskstream::services::NotificationWebhook> m_webhook;
    std::unique_ptr<taskstream::metrics::MetricsRegistry> m_metrics;
    /// What the main thread reads of a worker running on its own thread (metrics, readiness).
    struct WorkerSnapshot;
    /// A worker role: its consumer runner, worker and database connection are created, used and
    /// destroyed on a thread of its own, so its batches never hold up requests on the main thread.
    struct WorkerSlot
    {
        QString role;
        QString group;
        std::unique_ptr<QThread> thread;
        QObject *context = nullptr; ///< lives on thread
        std::unique_ptr<taskstream::store::Database> db;
        std::unique_ptr<taskstream::events::EventSerializer> serializer;
        std::unique_ptr<taskstream::services::Worker> worker;
        std::unique_ptr<taskstream::processing::ConsumerRunner> runner;
        std::shared_ptr<WorkerSnapshot> snapshot;
        bool joined = false; ///< a partition was assigned at least once, or the group has no members to wait for
    };
    /// Creates and starts \a slot's worker on its thread; false with *error.
    bool startWorker(WorkerSlot &slot, QString *error);
    /// Stops every worker, all groups leaving at once, and ends their threads.
    void stopWorkers();
    std::vector<WorkerSlot> m_workers;
    std::unique_ptr<taskstream::feed::TaskFeed> m_feed;
    bool m_brokersReachable = true;
    QString m_brokerError;
};

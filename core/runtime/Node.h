#pragma once

#include "NodeConfig.h"
#include "common/Result.h"

#include <functional>
#include <memory>
#include <vector>

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QUuid>

class QThread;
class QTimer;

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
struct CodecConfig;
} // namespace taskstream::events
namespace taskstream::services {
class TaskService;
class ReminderService;
class OutboxAdmin;
class OutboxRelay;
struct OutboxRelayOptions;
class NotificationWebhook;
class NotificationMailer;
class NotificationService;
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
class NotificationApi;
class TaskApi;
class OutboxApi;
class AdminApi;
class VerifyApi;
class DlqMarksApi;
class UserSettingsApi;
class AuditApi;
class ReminderApi;
} // namespace taskstream::api
namespace taskstream::feed {
class TaskFeed;
}

namespace taskstream {
class ObjectThread;
}

namespace taskstream::runtime {
class DatabaseHealth;
}

namespace taskstream::runtime {

struct Role;

/// One Taskstream process's worth of roles (the task API, the outbox relay, the consumer-group
/// workers of the role table, the feed) over a Kafka cluster, or over an embedded broker when the
/// config names none. The relay and each worker run on a thread of their own; the node itself
/// lives on the thread that created it (taskstreamd's main thread, a thread of the console's
/// sandbox). start() and stop() return at once: started() or failed() follows start(), stopped()
/// follows stop() exactly once.
class Node : public QObject
{
    Q_OBJECT
public:
    explicit Node(NodeConfig config, QObject *parent = nullptr);
    /// Without a stop() that finished, tears everything down at once, waiting for its threads.
    ~Node() override;

    const NodeConfig &config() const { return m_config; }

    void start();
    /// Stops in order: intake (HTTP, feed clients closed with 1001), workers, relay (flushed
    /// within a bound), database, broker. Safe to call more than once, and before start().
    void stop();

    // Thread-safe: the console reads these from its GUI thread while the node runs on another.
    QString bootstrapServers() const;
    /// http://ADDRESS:PORT of the API once started(), else empty.
    QString httpUrl() const;
    /// The embedded broker when the node started one (no brokers configured), else null.
    kafka::EmbeddedBroker *embeddedBroker() const;
    /// A token signed with the node's secret, as `taskstreamd token` prints; empty before started().
    QString issueToken(const QUuid &user, const QString &role, qint64 ttlSeconds, QString *error = nullptr) const;

    /// What acknowledgeGap() did: offsets [from, to) of the partition were skipped.
    struct GapAcknowledged
    {
        qint64 from = -1;
        qint64 to = -1;
    };

signals:
    /// The cluster is there (the embedded broker runs, or the configured brokers are set); the
    /// services follow.
    void clusterAvailable(const QString &bootstrapServers);
    void started();
    /// exitCode 2 for configuration errors, 1 for runtime failures.
    void failed(const QString &reason, int exitCode);
    void stopped();

private:
    enum class State { Idle, Starting, Running, Stopping, Stopped };
    /// Asks the worker of \a group to go on from the log start of a stalled partition; \a done
    /// gets the answer on the node's thread.
    void acknowledgeGap(const QString &group, const QString &topic, int partition,
                        std::function<void(const Result<GapAcknowledged> &)> done);
    void registerGroupAdminRoutes();
    /// The stalled partitions of this node's workers, for /api/v1/info.
    QJsonArray stalledPartitionsJson() const;
    /// What this node's reminder trigger holds, for GET /api/v1/admin/reminders.
    QJsonObject reminderTriggerJson() const;
    struct WorkerSlot;
    struct WorkerSnapshot;

    void startCluster();
    void ensureTopics();
    /// Database, task service, then the relay (on its thread) and what follows it.
    void startServices();
    void startRelay(const kafka::KafkaConfig &producerConfig, const services::OutboxRelayOptions &options,
                    const events::CodecConfig *codec);
    /// HTTP API, then the workers one by one, then the feed and the operations endpoints.
    void startApi();
    void startWorker(size_t index);
    /// The feed on its thread (when the role is on), then startHttp().
    void startFeed();
    /// Operations endpoints, then the HTTP server listens and the node is started.
    void startHttp();
    void fail(const QString &reason, int exitCode);
    bool isStarting() const { return m_state == State::Starting; }

    void registerOperationsEndpoints();
    void collectMetrics(metrics::MetricsRegistry &registry);
    void probeBrokers();
    /// Liveness: pings every thread the node runs work on (see ObjectThread::ping()).
    void beat();
    /// Threads that have not answered a heartbeat within the liveness timeout, with their age.
    QStringList unresponsiveThreads() const;
    /// True when a role serves HTTP clients (the API or the feed): such a node is ready while it
    /// can reach its database, whatever Kafka does (the outbox absorbs a Kafka outage).
    bool servesClients() const;

    /// Destroys the feed, the HTTP server and the APIs behind it: nothing new comes in after this.
    void releaseIntake();
    void stopAfterFeedClosed();
    void stopAfterWorkers();
    void stopAfterRelay();
    void stopMailer();
    /// Destroys what is left in order; the threads' destructors wait for them.
    void teardown();

    NodeConfig m_config;
    State m_state = State::Idle;
    mutable QMutex m_infoMutex; ///< guards m_bootstrap, m_httpUrl, m_broker, m_auth for other threads
    QString m_bootstrap;
    QString m_httpUrl;
    std::unique_ptr<kafka::EmbeddedBroker> m_broker;
    std::unique_ptr<kafka::KafkaAdmin> m_admin;
    std::unique_ptr<store::Database> m_db;
    /// The audit log's own SQLite file (store::AuditStore::openDatabase); null on PostgreSQL, where
    /// the audit log is in m_db.
    std::unique_ptr<store::Database> m_auditDb;
    store::Database *auditDatabase() const { return m_auditDb ? m_auditDb.get() : m_db.get(); }
    std::unique_ptr<events::EventSerializer> m_serializer;
    std::unique_ptr<services::TaskService> m_tasks;
    /// Hosts the relay and its codec; m_relay is what it hosts, null without the relay role.
    std::unique_ptr<ObjectThread> m_relayThread;
    services::OutboxRelay *m_relay = nullptr;
    std::unique_ptr<auth::JwtAuth> m_auth;
    std::unique_ptr<http::HttpServer> m_http;
    std::unique_ptr<api::TaskApi> m_api;
    std::unique_ptr<services::OutboxAdmin> m_outboxAdmin;
    std::unique_ptr<api::OutboxApi> m_outboxApi;
    std::unique_ptr<api::AuditApi> m_auditApi;
    std::unique_ptr<api::AdminApi> m_adminApi;
    std::unique_ptr<api::VerifyApi> m_verifyApi;
    std::unique_ptr<api::DlqMarksApi> m_dlqMarksApi;
    std::unique_ptr<api::UserSettingsApi> m_userSettingsApi;
    std::unique_ptr<services::ReminderService> m_reminders;
    std::unique_ptr<api::ReminderApi> m_reminderApi;
    std::unique_ptr<services::NotificationWebhook> m_webhook;
    std::unique_ptr<services::NotificationService> m_notifications;
    std::unique_ptr<api::NotificationApi> m_notificationApi;
    /// Notification mail: the mailer lives on m_mailThread (its SMTP sessions block there).
    std::unique_ptr<QThread> m_mailThread;
    services::NotificationMailer *m_mailer = nullptr;
    std::unique_ptr<metrics::MetricsRegistry> m_metrics;
    std::vector<std::unique_ptr<WorkerSlot>> m_workers;
    std::vector<const Role *> m_workerRoles; ///< the configured roles that run a consumer group
    int m_workersStopping = 0;
    /// Hosts the feed (its WebSockets and readers); m_feed is what it hosts, null without the
    /// feed role. Only TaskFeed's thread-safe functions are called on m_feed from here.
    std::unique_ptr<ObjectThread> m_feedThread;
    feed::TaskFeed *m_feed = nullptr;
    QTimer *m_probe = nullptr;
    /// The database check of /readyz and /metrics, on a thread of its own (DatabaseProbe); null
    /// for an in-memory SQLite database, which only this process's connection can see.
    std::shared_ptr<DatabaseHealth> m_dbHealth;
    std::unique_ptr<ObjectThread> m_dbProbeThread;
    void startDatabaseProbe();
    /// /readyz's database check: "ok", or why not (the kind of failure, or how long it has waited).
    QString databaseCheck(bool *ok) const;
    QTimer *m_feedCloseWait = nullptr;
    QTimer *m_heartbeat = nullptr;
    bool m_httpDrained = false;
    /// Until when startServices() waits for an unreachable PostgreSQL (the startup timeout).
    qint64 m_databaseWaitUntilMs = 0;
    bool m_brokersReachable = true;
    QString m_brokerError;
};

} // namespace taskstream::runtime

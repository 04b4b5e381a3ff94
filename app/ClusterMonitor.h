#pragma once

#include "kafka/KafkaAdmin.h"

#include <memory>

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTemporaryDir;

namespace taskstream::kafka {
class EmbeddedBroker;
}
namespace taskstream {
class ObjectThread;
}
namespace taskstream::runtime {
class Node;
}

namespace taskstream {
namespace console {

/// Keeps the console's picture of one cluster current: connects a KafkaAdmin, refreshes metadata
/// and then watermarks on a timer (never two refreshes at once), and runs the embedded sandbox on
/// request. Every Kafka call is asynchronous; problems come out as one translated line that says
/// what to do.
class ClusterMonitor : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected,
        Connecting,  ///< admin opened, first metadata request under way
        Connected,   ///< the last metadata request succeeded
        Unreachable, ///< the last metadata request failed; retried on every refresh
    };
    Q_ENUM(State)

    explicit ClusterMonitor(QObject *parent = nullptr);
    ~ClusterMonitor() override;

    /// Validates \a bootstrapServers (HOST:PORT,...) and starts connecting. A malformed list or a
    /// rejected configuration returns false after emitting problem(); nothing else changes then.
    bool connectToCluster(const QString &bootstrapServers);
    /// Connects with every client property of \a config (bootstrap.servers and the security
    /// settings of a connection profile); every Kafka client of the console then starts from
    /// clientConfig(). \a schemaRegistryUrl, when set, decodes Confluent-framed records.
    bool connectToCluster(const kafka::KafkaConfig &config, const QString &schemaRegistryUrl = {});
    /// Starts the sandbox: a node with every role (task API, outbox relay, workers, feed) over its
    /// own embedded cluster (3 brokers, the built-in topic catalog), on a thread of its own, and
    /// connects to that cluster once it runs (sandboxClusterAvailable()). The API follows:
    /// sandboxReady() once it serves. Returns at once; false only when nothing could be started.
    bool startSandbox();
    /// The daemon roles the sandbox runs (default: all), e.g. to leave a consumer group free.
    void setSandboxRoles(const QStringList &roles) { m_sandboxRoles = roles; }
    void disconnectFromCluster();

    State state() const { return m_state; }
    QString bootstrapServers() const { return m_bootstrap; }
    /// The client properties of the current connection (bootstrap servers and security settings),
    /// for the views that open their own consumers, producers or admin clients.
    kafka::KafkaConfig clientConfig() const { return m_config; }
    /// Changes whenever the cluster or its client settings change (another profile with the same
    /// bootstrap servers, say): views keep a client only while this stays the same.
    QString connectionKey() const;
    /// The Schema Registry of the current connection's profile, empty when none.
    QString schemaRegistryUrl() const { return m_schemaRegistryUrl; }
    bool isSandboxRunning() const;
    /// When the last full refresh (metadata and watermarks) completed.
    QDateTime lastRefresh() const { return m_lastRefresh; }
    bool isRefreshing() const { return m_metadataRequest || m_watermarkRequest; }

    int refreshInterval() const { return m_timer.interval(); }
    void setRefreshInterval(int ms);
    bool autoRefresh() const { return m_autoRefresh; }
    void setAutoRefresh(bool enabled);
    /// Bound of each metadata or watermark request.
    void setRequestTimeout(int ms) { m_requestTimeoutMs = ms; }
    int requestTimeout() const { return m_requestTimeoutMs; }

    /// The admin client of the current connection (nullptr when disconnected), for views that
    /// make their own asynchronous requests on the same refresh cadence. It changes on reconnect.
    kafka::KafkaAdmin *admin() const { return m_admin; }

    /// The embedded broker while the sandbox runs, else nullptr (for tests and fault injection).
    kafka::EmbeddedBroker *sandbox() const;
    /// The sandbox's node once its API serves (after sandboxReady()), else nullptr. It runs on
    /// another thread: use only its thread-safe functions (httpUrl(), issueToken(), ...).
    runtime::Node *sandboxDaemon() const;

public slots:
    /// Fetches metadata, then the watermarks of every partition. Does nothing while a refresh is
    /// under way or when not connected.
    void refresh();

signals:
    void stateChanged(taskstream::console::ClusterMonitor::State state);
    void metadataUpdated(const taskstream::kafka::ClusterMetadata &metadata);
    void watermarksUpdated(const QList<taskstream::kafka::PartitionWatermarks> &watermarks);
    /// A refresh completed (metadata and watermarks arrived, watermarks possibly with errors).
    void refreshed();
    /// A problem for the user: one translated line saying what went wrong and what to do.
    void problem(const QString &message);
    /// The last problem no longer applies.
    void problemCleared();
    /// The sandbox's embedded cluster runs at \a bootstrapServers; the monitor connects to it.
    void sandboxClusterAvailable(const QString &bootstrapServers);
    /// The sandbox's daemon serves its API and feed: see sandboxDaemon().
    void sandboxReady();
    /// The sandbox was stopped (disconnect, another cluster, or the window closing).
    void sandboxStopped();

private:
    void setState(State state);
    /// A few words on why a request failed, for the message bar (the full text goes to the log).
    QString describeFailure(const kafka::KafkaError &error) const;
    void onMetadata(quint64 id, const kafka::ClusterMetadata &metadata, const kafka::KafkaError &error);
    void onWatermarks(quint64 id, const QList<kafka::PartitionWatermarks> &watermarks, const kafka::KafkaError &error);
    void dropAdmin();
    void stopSandbox();

    QPointer<kafka::KafkaAdmin> m_admin;
    std::unique_ptr<QTemporaryDir> m_sandboxDir; ///< the sandbox node's database and secret
    /// Hosts the sandbox's node on its own thread (a child of this monitor); null when none runs.
    ObjectThread *m_sandboxThread = nullptr;
    runtime::Node *m_node = nullptr; ///< lives on m_sandboxThread; null until hosted
    QString m_sandboxBootstrap;      ///< empty until the sandbox's cluster runs
    QStringList m_sandboxRoles;
    bool m_daemonReady = false;
    QTimer m_timer;
    State m_state = State::Disconnected;
    QString m_bootstrap;
    kafka::KafkaConfig m_config;
    QString m_schemaRegistryUrl;
    /// The admin client's last client-level error (refused credentials, TLS), cleared by a good refresh.
    kafka::KafkaError m_clientError;
    QDateTime m_lastRefresh;
    quint64 m_metadataRequest = 0;
    quint64 m_watermarkRequest = 0;
    int m_requestTimeoutMs = 5000;
    bool m_autoRefresh = true;
    /// A refresh failed; problemCleared() follows the next good one. Problems of a connection
    /// attempt (bad input) are not cleared by refreshes: they stay until the user acts.
    bool m_hadProblem = false;
};

} // namespace console
} // namespace taskstream

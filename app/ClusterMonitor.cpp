#include "ClusterMonitor.h"

#include "ConnectionTester.h"
#include "common/ObjectThread.h"
#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConfig.h"
#include "runtime/Node.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QTemporaryDir>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcConsole, "taskstream.console")

using kafka::ClusterMetadata;
using kafka::KafkaError;
using kafka::PartitionWatermarks;

ClusterMonitor::ClusterMonitor(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &ClusterMonitor::refresh);
}

ClusterMonitor::~ClusterMonitor()
{
    // The admin goes before the cluster it talks to. The window that owns this monitor is being
    // destroyed: no signals to it any more.
    blockSignals(true);
    m_timer.stop();
    delete m_admin;
    // The node is torn down on its thread; this waits for that thread (and for sandboxes still
    // stopping, children of this monitor) as the window goes.
    delete m_sandboxThread;
    m_sandboxThread = nullptr;
    m_node = nullptr;
}

bool ClusterMonitor::connectToCluster(const QString &bootstrapServers)
{
    return connectToCluster(kafka::KafkaConfig(bootstrapServers.trimmed()));
}

bool ClusterMonitor::connectToCluster(const kafka::KafkaConfig &clientConfig, const QString &schemaRegistryUrl)
{
    const QString servers = clientConfig.bootstrapServers().trimmed();
    QString why;
    if (!kafka::KafkaConfig::validateBootstrapServers(servers, &why)) {
        qCWarning(lcConsole) << "refusing bootstrap servers:" << why;
        emit problem(servers.isEmpty()
                         ? tr("Enter the bootstrap servers as HOST:PORT, several separated by commas "
                              "(for example localhost:9092), or start the embedded sandbox.")
                         : tr("\"%1\" is not a valid bootstrap list: write HOST:PORT, several separated by "
                              "commas (for example localhost:9092,kafka-2:9092).")
                               .arg(servers));
        return false;
    }

    auto *admin = new kafka::KafkaAdmin(this);
    kafka::KafkaConfig config = clientConfig;
    config.set(QStringLiteral("bootstrap.servers"), servers);
    config.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console"));
    KafkaError error;
    if (!admin->open(config, &error)) {
        delete admin;
        qCWarning(lcConsole) << "cannot open admin client:" << error.toString();
        emit problem(tr("Cannot connect to %1: the Kafka client refused the settings (%2). Check the "
                        "bootstrap servers and the connection's security settings.")
                         .arg(servers, error.toString()));
        return false;
    }

    dropAdmin();
    if (m_sandboxThread && servers != m_sandboxBootstrap)
        stopSandbox();
    m_admin = admin;
    connect(admin, &kafka::KafkaAdmin::metadataReady, this, &ClusterMonitor::onMetadata);
    connect(admin, &kafka::KafkaAdmin::watermarksReady, this, &ClusterMonitor::onWatermarks);
    connect(admin, &kafka::KafkaAdmin::errorOccurred, this, [this](const KafkaError &e) {
        if (sender() == m_admin && (ConnectionTester::isSecurityError(e) || ConnectionTester::isHttpAnswer(e)))
            m_clientError = e;
    });
    m_bootstrap = servers;
    m_config = clientConfig;
    m_config.set(QStringLiteral("bootstrap.servers"), servers);
    m_config.unset(QStringLiteral("client.id"));
    m_schemaRegistryUrl = schemaRegistryUrl.trimmed();
    m_clientError = {};
    m_lastRefresh = {};
    setState(State::Connecting);
    if (m_autoRefresh)
        m_timer.start();
    refresh();
    return true;
}

bool ClusterMonitor::startSandbox()
{
    if (isSandboxRunning())
        return m_sandboxBootstrap.isEmpty() || connectToCluster(m_sandboxBootstrap);
    dropAdmin();
    stopSandbox();
    auto dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid()) {
        emit problem(tr("The embedded sandbox did not start: no temporary folder can be created (%1). "
                        "Free some disk space or connect to a Kafka cluster instead.")
                         .arg(dir->errorString()));
        return false;
    }
    runtime::NodeConfig config;
    config.dataDir = dir->path();
    config.embeddedBrokers = 3;
    config.httpPort = 0; // any free port: several consoles may run a sandbox
    config.roles = m_sandboxRoles.isEmpty() ? runtime::NodeConfig::allRoles() : m_sandboxRoles;
    m_sandboxDir = std::move(dir);
    auto *thread = new ObjectThread(QStringLiteral("sandbox"), this);
    m_sandboxThread = thread;
    connect(thread, &ObjectThread::started, this, [this, thread] {
        if (thread == m_sandboxThread)
            m_node = thread->objectAs<runtime::Node>();
    });
    // Built on the sandbox's thread; its signals reach this monitor queued, on the GUI thread.
    thread->start([this, thread, config](QString *) -> QObject * {
        auto *node = new runtime::Node(config);
        connect(node, &runtime::Node::clusterAvailable, this, [this, thread](const QString &servers) {
            if (thread != m_sandboxThread)
                return;
            m_sandboxBootstrap = servers;
            emit sandboxClusterAvailable(servers);
            connectToCluster(servers);
        });
        connect(node, &runtime::Node::started, this, [this, thread, node] {
            if (thread != m_sandboxThread)
                return;
            m_node = node;
            m_daemonReady = true;
            qCInfo(lcConsole) << "sandbox daemon serves at" << node->httpUrl();
            emit sandboxReady();
        });
        connect(node, &runtime::Node::failed, this, [this, thread](const QString &reason, int) {
            if (thread != m_sandboxThread)
                return;
            m_daemonReady = false;
            if (m_sandboxBootstrap.isEmpty()) {
                qCWarning(lcConsole) << "cannot start the embedded broker:" << reason;
                emit problem(tr("The embedded sandbox did not start. Connect to a Kafka cluster instead."));
                stopSandbox();
                return;
            }
            qCWarning(lcConsole) << "sandbox daemon failed:" << reason;
            emit problem(tr("The sandbox's task services stopped (%1). The cluster views keep working; "
                            "start the sandbox again to retry.")
                             .arg(reason));
        });
        node->start();
        return node;
    });
    return true;
}

void ClusterMonitor::disconnectFromCluster()
{
    dropAdmin();
    stopSandbox();
    m_bootstrap.clear();
    m_config = {};
    m_schemaRegistryUrl.clear();
    m_lastRefresh = {};
    setState(State::Disconnected);
}

QString ClusterMonitor::connectionKey() const
{
    QString key;
    const QMap<QString, QString> &props = m_config.properties();
    for (auto it = props.cbegin(); it != props.cend(); ++it)
        key += it.key() + QLatin1Char('=') + it.value() + QLatin1Char('\n');
    return key;
}

bool ClusterMonitor::isSandboxRunning() const
{
    return m_sandboxThread != nullptr;
}

kafka::EmbeddedBroker *ClusterMonitor::sandbox() const
{
    return m_node ? m_node->embeddedBroker() : nullptr;
}

runtime::Node *ClusterMonitor::sandboxDaemon() const
{
    return m_daemonReady ? m_node : nullptr;
}

void ClusterMonitor::setRefreshInterval(int ms)
{
    m_timer.setInterval(qMax(500, ms));
}

void ClusterMonitor::setAutoRefresh(bool enabled)
{
    m_autoRefresh = enabled;
    if (enabled && m_admin)
        m_timer.start();
    else
        m_timer.stop();
}

void ClusterMonitor::refresh()
{
    if (!m_admin || isRefreshing())
        return;
    m_metadataRequest = m_admin->fetchMetadata(m_requestTimeoutMs);
}

void ClusterMonitor::onMetadata(quint64 id, const ClusterMetadata &metadata, const KafkaError &error)
{
    if (sender() != m_admin || id != m_metadataRequest)
        return;
    m_metadataRequest = 0;

    if (error.isError() || metadata.brokers.isEmpty()) {
        const QString reason = error.isError() ? error.toString() : QStringLiteral("no brokers in metadata");
        // The full text goes to the log; the window gets a few words, the advice is ours.
        const QString shortReason = error.isError() ? describeFailure(error) : tr("the cluster listed no brokers");
        qCWarning(lcConsole) << "metadata from" << m_bootstrap << "failed:" << reason;
        m_hadProblem = true;
        const QString protocol = m_config.value(QStringLiteral("security.protocol"), QStringLiteral("plaintext"));
        if (ConnectionTester::isHttpAnswer(m_clientError)) {
            emit problem(tr("Cannot connect: %1").arg(ConnectionTester::httpAnswerAdvice(m_bootstrap)));
        } else if (ConnectionTester::isSecurityError(m_clientError) ||
                   (!m_lastRefresh.isValid() &&
                    protocol.compare(QLatin1String("plaintext"), Qt::CaseInsensitive) != 0)) {
            // Refused credentials or TLS: the advice is about the profile, not the network.
            emit problem(tr("Cannot connect to %1: %2")
                             .arg(m_bootstrap, ConnectionTester::describeFailure(
                                                   error, m_clientError, m_requestTimeoutMs,
                                                   m_config.value(QStringLiteral("security.protocol")))));
        } else if (m_state == State::Connected || (m_state == State::Unreachable && m_lastRefresh.isValid())) {
            emit problem(
                tr("Lost the connection to %1 (%2); showing data from %3. Retrying on every refresh.")
                    .arg(m_bootstrap, shortReason, QLocale().toString(m_lastRefresh.time(), QLocale::ShortFormat)));
        } else {
            emit problem(tr("Cannot reach Kafka at %1 (%2). Check that the brokers are running and the address "
                            "is right, or start the embedded sandbox.")
                             .arg(m_bootstrap, shortReason));
        }
        setState(State::Unreachable);
        return;
    }

    m_clientError = {};
    if (m_hadProblem) {
        m_hadProblem = false;
        emit problemCleared();
    }
    setState(State::Connected);
    emit metadataUpdated(metadata);

    kafka::TopicPartitionList partitions;
    for (const kafka::TopicInfo &topic : metadata.topics) {
        for (const kafka::PartitionInfo &p : topic.partitions)
            partitions.append({topic.name, p.id, kafka::OffsetInvalid});
    }
    if (partitions.isEmpty()) {
        m_lastRefresh = QDateTime::currentDateTime();
        emit refreshed();
        return;
    }
    m_watermarkRequest = m_admin->fetchWatermarks(partitions, m_requestTimeoutMs);
}

void ClusterMonitor::onWatermarks(quint64 id, const QList<PartitionWatermarks> &watermarks, const KafkaError &error)
{
    if (sender() != m_admin || id != m_watermarkRequest)
        return;
    m_watermarkRequest = 0;
    if (error.isError()) {
        qCWarning(lcConsole) << "watermarks from" << m_bootstrap << "failed:" << error.toString();
        m_hadProblem = true;
        emit problem(tr("Watermarks could not be read (%1); message counts may be out of date. They are "
                        "read again on the next refresh.")
                         .arg(error.toString()));
    }
    emit watermarksUpdated(watermarks);
    m_lastRefresh = QDateTime::currentDateTime();
    emit refreshed();
}

QString ClusterMonitor::describeFailure(const KafkaError &error) const
{
    const QString code = error.codeName();
    if (code == QLatin1String("_TRANSPORT") || code == QLatin1String("_ALL_BROKERS_DOWN"))
        return tr("connection refused or broken");
    if (code == QLatin1String("_TIMED_OUT") || error.code() == KafkaError::TimedOut)
        return tr("no answer within %n second(s)", nullptr, qMax(1, m_requestTimeoutMs / 1000));
    if (code == QLatin1String("_RESOLVE"))
        return tr("host name not found");
    if (code.startsWith(QLatin1String("_SSL")) || code.startsWith(QLatin1String("_AUTHENTICATION")) ||
        code.contains(QLatin1String("SASL")))
        return tr("security settings rejected: %1").arg(code);
    return code;
}

void ClusterMonitor::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ClusterMonitor::dropAdmin()
{
    m_timer.stop();
    m_metadataRequest = 0;
    m_watermarkRequest = 0;
    if (m_admin) {
        m_admin->disconnect(this);
        // Results still under way land on a deleted watcher; the handle lives on in those jobs.
        m_admin->deleteLater();
        m_admin = nullptr;
    }
}

void ClusterMonitor::stopSandbox()
{
    if (!m_sandboxThread)
        return;
    ObjectThread *thread = m_sandboxThread;
    runtime::Node *node = m_node;
    m_sandboxThread = nullptr;
    m_node = nullptr;
    m_daemonReady = false;
    m_sandboxBootstrap.clear();
    // In the background: the node stops its API, workers and relay before its broker, on its
    // thread; then the thread ends, and the folder with its database goes last.
    std::shared_ptr<QTemporaryDir> dir(m_sandboxDir.release());
    connect(thread, &ObjectThread::stopped, thread, [thread, dir] { thread->deleteLater(); });
    if (node) {
        connect(node, &runtime::Node::stopped, thread, &ObjectThread::stop);
        QMetaObject::invokeMethod(node, &runtime::Node::stop, Qt::QueuedConnection);
    } else {
        thread->stop(); // not hosted yet: the node is torn down as it is destroyed
    }
    emit sandboxStopped();
}

} // namespace console
} // namespace taskstream

#include "ConnectionTester.h"

#include "kafka/KafkaAdmin.h"

#include <QLoggingCategory>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcConnections, "taskstream.console.connections")

using kafka::KafkaError;

ConnectionTester::ConnectionTester(QObject *parent) : QObject(parent) {}

ConnectionTester::~ConnectionTester()
{
    cancel();
}

void ConnectionTester::start(const kafka::KafkaConfig &config, int timeoutMs)
{
    cancel();
    m_timeoutMs = timeoutMs;
    m_clientError = {};
    m_securityProtocol = config.value(QStringLiteral("security.protocol"), QStringLiteral("plaintext"));
    m_servers = config.value(QStringLiteral("bootstrap.servers"));
    kafka::KafkaConfig cfg = config;
    cfg.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-test"));
    auto *admin = new kafka::KafkaAdmin(this);
    KafkaError error;
    if (!admin->open(cfg, &error)) {
        delete admin;
        qCWarning(lcConnections) << "test connection: the client refused the settings:" << error.toString();
        const QString message = tr("The Kafka client refused the settings (%1). Check the security protocol, "
                                   "mechanism and files.")
                                    .arg(error.message());
        // Reported from the event loop, like every other outcome.
        QMetaObject::invokeMethod(
            this, [this, message] { emit finished(false, 0, message); }, Qt::QueuedConnection);
        return;
    }
    m_admin = admin;
    connect(admin, &kafka::KafkaAdmin::metadataReady, this, &ConnectionTester::onMetadata);
    connect(admin, &kafka::KafkaAdmin::errorOccurred, this, &ConnectionTester::onClientError);
    m_request = admin->fetchMetadata(timeoutMs);
}

void ConnectionTester::cancel()
{
    if (!m_admin)
        return;
    m_admin->disconnect(this);
    // The metadata job in flight holds its own reference to the handle; it ends within its bound.
    m_admin->deleteLater();
    m_admin = nullptr;
    m_request = 0;
}

void ConnectionTester::finish(bool ok, int brokers, const QString &message)
{
    cancel();
    emit finished(ok, brokers, message);
}

void ConnectionTester::onMetadata(quint64 id, const kafka::ClusterMetadata &metadata, const KafkaError &error)
{
    if (sender() != m_admin || id != m_request)
        return;
    if (!error.isError() && !metadata.brokers.isEmpty()) {
        const int n = int(metadata.brokers.size());
        finish(true, n, tr("Connected: %n broker(s) found.", nullptr, n));
        return;
    }
    qCWarning(lcConnections) << "test connection failed:" << error.toString() << m_clientError.toString();
    finish(false, 0,
           error.isError() ? describeFailure(error, m_clientError, m_timeoutMs, m_securityProtocol)
                           : tr("The cluster answered but listed no brokers."));
}

void ConnectionTester::onClientError(const KafkaError &error)
{
    if (sender() != m_admin)
        return;
    qCInfo(lcConnections) << "test connection: client error" << error.toString();
    m_clientError = error;
    // Refused credentials, a failed handshake or an HTTP server do not get better by waiting.
    if (isHttpAnswer(error))
        finish(false, 0, httpAnswerAdvice(m_servers));
    else if (isSecurityError(error))
        finish(false, 0, describeFailure(error, error, m_timeoutMs, m_securityProtocol));
}

bool ConnectionTester::isHttpAnswer(const KafkaError &error)
{
    return error.message().contains(QLatin1String("1213486160"));
}

QString ConnectionTester::httpAnswerAdvice(const QString &servers)
{
    return tr("%1 answers HTTP, not the Kafka protocol: it is a web server or an HTTP API (perhaps the daemon's), "
              "not a broker. Give the brokers' Kafka port (often 9092) as the bootstrap servers, and the daemon's "
              "URL as its API.")
        .arg(servers);
}

bool ConnectionTester::isSecurityError(const KafkaError &error)
{
    const QString code = error.codeName();
    return code == QLatin1String("_AUTHENTICATION") || code == QLatin1String("_SSL") ||
           code.startsWith(QLatin1String("SASL_")) || code == QLatin1String("ILLEGAL_SASL_STATE") ||
           code == QLatin1String("UNSUPPORTED_SASL_MECHANISM") || code == QLatin1String("SASL_AUTHENTICATION_FAILED");
}

QString ConnectionTester::describeFailure(const KafkaError &error, const KafkaError &clientError, int timeoutMs,
                                          const QString &securityProtocol)
{
    // The request's own error is often only "timed out"; the client's error says why.
    const KafkaError &e = isSecurityError(clientError) ? clientError : error;
    const QString code = e.codeName();
    const QString text = e.message();
    if (code == QLatin1String("_AUTHENTICATION") || code.contains(QLatin1String("SASL")))
        return tr("Authentication failed (%1). Check the user name, password and SASL mechanism of the "
                  "profile.")
            .arg(text);
    if (code == QLatin1String("_SSL") || text.contains(QLatin1String("SSL"), Qt::CaseInsensitive))
        return tr("The TLS handshake failed (%1). Check the CA file, the client certificate and key, "
                  "hostname "
                  "verification, and that the brokers listen with TLS on that port.")
            .arg(text);
    if (code == QLatin1String("_RESOLVE"))
        return tr("A broker's host name was not found. Check the bootstrap servers.");
    const bool silent = code == QLatin1String("_TRANSPORT") || code == QLatin1String("_ALL_BROKERS_DOWN") ||
                        code == QLatin1String("_TIMED_OUT") || e.code() == KafkaError::TimedOut;
    const bool refused = clientError.message().contains(QLatin1String("refused"), Qt::CaseInsensitive);
    const QString protocol = securityProtocol.toUpper();
    if (silent && !refused && !protocol.isEmpty() && protocol != QLatin1String("PLAINTEXT"))
        // Brokers that accept the connection but never finish the handshake mostly listen with
        // another protocol on that port (or refuse the mechanism without saying so).
        return tr("The brokers accepted the connection but did not complete the %1 handshake within %n "
                  "second(s). Check that they listen with the security protocol %1 on that port, and the "
                  "SASL mechanism, user name and password.",
                  nullptr, qMax(1, timeoutMs / 1000))
            .arg(protocol);
    if (silent && refused)
        return tr("The brokers refused the connection. Check the bootstrap servers and that the brokers are "
                  "running.");
    if (silent)
        return tr("No answer from the brokers within %n second(s). Check the bootstrap servers, that the "
                  "brokers are running and that the security protocol matches their listener.",
                  nullptr, qMax(1, timeoutMs / 1000));
    return tr("The connection failed (%1).").arg(e.toString());
}

} // namespace console
} // namespace taskstream

#pragma once

#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"

#include <QObject>
#include <QPointer>

namespace taskstream {
namespace console {

/// "Test connection": opens a short-lived admin client with a profile's settings, asks for the
/// cluster's metadata once (bounded) and reports the brokers found or why it failed. Asynchronous;
/// finished() comes exactly once per test, at the latest when the bound expires, earlier when the
/// brokers refuse the credentials or the TLS handshake.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    /// Starts a test (cancelling one under way, whose result is then not reported).
    void start(const kafka::KafkaConfig &config, int timeoutMs = 10000);
    void cancel();
    bool isRunning() const { return m_admin; }

    /// One translated line: what went wrong for \a error (a request's result) given the last
    /// client-level error \a clientError (may be empty), and what to do about it.
    /// \a securityProtocol (librdkafka's security.protocol) tailors the advice when the brokers
    /// do not answer: a listener of another protocol often just stays silent.
    static QString describeFailure(const kafka::KafkaError &error, const kafka::KafkaError &clientError, int timeoutMs,
                                   const QString &securityProtocol = {});
    /// Whether \a error means the security settings were refused (SASL or TLS), which waiting
    /// longer does not cure.
    static bool isSecurityError(const kafka::KafkaError &error);
    /// True when the client's error shows that the port answered HTTP, not the Kafka protocol: the
    /// client read "HTTP" (0x48545450 = 1213486160) where a response size belongs.
    static bool isHttpAnswer(const kafka::KafkaError &error);
    /// What to tell someone whose bootstrap address answers HTTP.
    static QString httpAnswerAdvice(const QString &servers);

signals:
    /// \a ok with \a brokerCount brokers found, or not ok with \a message saying why; \a message is
    /// always one translated line for the user.
    void finished(bool ok, int brokerCount, const QString &message);

private:
    void onMetadata(quint64 id, const kafka::ClusterMetadata &metadata, const kafka::KafkaError &error);
    void onClientError(const kafka::KafkaError &error);
    void finish(bool ok, int brokers, const QString &message);

    QPointer<kafka::KafkaAdmin> m_admin;
    quint64 m_request = 0;
    int m_timeoutMs = 10000;
    kafka::KafkaError m_clientError;
    QString m_securityProtocol;
    QString m_servers;
};

} // namespace console
} // namespace taskstream

#pragma once

#include "kafka/KafkaConfig.h"

#include <memory>
#include <optional>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QSettings;

namespace taskstream {
namespace console {

/// One saved way to reach a cluster: where the brokers are, how to authenticate to them, and the
/// daemon and Schema Registry that go with them.
struct ConnectionProfile
{
    enum class SecurityProtocol { Plaintext, Ssl, SaslPlaintext, SaslSsl };
    enum class SaslMechanism { Plain, ScramSha256, ScramSha512 };

    QString name;
    QString bootstrapServers;
    SecurityProtocol securityProtocol = SecurityProtocol::Plaintext;
    SaslMechanism saslMechanism = SaslMechanism::Plain;
    QString username;
    QString password;        ///< SASL password; kept in the settings only with rememberSecrets
    QString caFile;          ///< PEM file of the CA that signed the brokers' certificates (empty: system store)
    QString certificateFile; ///< client certificate (PEM) for mutual TLS, optional
    QString keyFile;         ///< its private key (PEM), optional
    bool verifyHostname = true;
    QString schemaRegistryUrl;
    QString apiUrl;   ///< the daemon's API, http://HOST:PORT
    QString apiToken; ///< kept in the settings only with rememberSecrets
    /// The user agreed to keep the password and the API token in the settings file.
    bool rememberSecrets = false;
    /// Connections with this profile are read-only: the console hides and refuses every action
    /// that changes something (replay, reset, discard, outbox retry, task edits, produce).
    bool readOnly = false;

    bool usesSasl() const;
    bool usesTls() const;
    /// SASL without a password: the console asks for it before connecting.
    bool needsPassword() const { return usesSasl() && password.isEmpty(); }

    /// librdkafka's names: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL; PLAIN, SCRAM-SHA-256, SCRAM-SHA-512.
    static QString protocolName(SecurityProtocol protocol);
    static std::optional<SecurityProtocol> protocolFromName(const QString &name);
    static QString mechanismName(SaslMechanism mechanism);
    static std::optional<SaslMechanism> mechanismFromName(const QString &name);

    /// The librdkafka properties of this profile (bootstrap.servers, security.protocol, sasl.*,
    /// ssl.*); every Kafka client of the console starts from these.
    kafka::KafkaConfig toKafkaConfig() const;

    /// What is wrong with the profile, one translated line each; empty when it can be used. A
    /// missing password is not a problem: it is asked for at connect time.
    QStringList validate() const;

    bool operator==(const ConnectionProfile &other) const;
    bool operator!=(const ConnectionProfile &other) const { return !(*this == other); }

    Q_DECLARE_TR_FUNCTIONS(ConnectionProfile)
};

/// The saved profiles, in the console's QSettings under "connections/". The password and the API
/// token are written only for profiles with rememberSecrets; otherwise they are removed from the
/// file and live only in memory for the session.
class ConnectionProfileStore
{
public:
    /// Uses \a settings (borrowed), or the application's default QSettings when null.
    explicit ConnectionProfileStore(QSettings *settings = nullptr);
    ~ConnectionProfileStore();
    ConnectionProfileStore(const ConnectionProfileStore &) = delete;
    ConnectionProfileStore &operator=(const ConnectionProfileStore &) = delete;

    /// Profile names, sorted case-insensitively.
    QStringList names() const;
    bool contains(const QString &name) const;
    std::optional<ConnectionProfile> profile(const QString &name) const;
    /// Adds or replaces the profile of that name.
    void save(const ConnectionProfile &profile);
    /// False (and why) when \a from does not exist, \a to is empty or taken.
    bool rename(const QString &from, const QString &to, QString *error = nullptr);
    bool remove(const QString &name);

    /// The profile connected to last (empty when none, or when it was deleted since).
    QString lastUsed() const;
    void setLastUsed(const QString &name);

    /// The file the profiles are kept in.
    QString fileName() const;

private:
    QSettings &settings() const;
    static QString groupFor(const QString &name);

    QSettings *m_settings = nullptr;
    std::unique_ptr<QSettings> m_own;
};

} // namespace console
} // namespace taskstream

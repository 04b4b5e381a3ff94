#pragma once

#include "auth/JwtAuth.h"
#include "kafka/KafkaConfig.h"

#include <QString>
#include <QStringList>
#include <QTimeZone>

namespace taskstream::runtime {

/// What a Node runs and how: plain values, no parsing (taskstreamd fills it from its command
/// line, environment and config file; the console's sandbox sets a few fields).
struct NodeConfig
{
    /// Every role, in the order a node starts them (the names of the role table).
    static const QStringList &allRoles();

    QString brokers; ///< empty: start the embedded broker
    int embeddedBrokers = 3;
    QString dataDir;
    taskstream::kafka::KafkaConfig kafka; ///< librdkafka properties for every client (SASL, TLS, tuning)
    int startupTimeoutMs = 15000;
    QString databaseUrl;      ///< empty: SQLite file in the data directory
    QString databasePassword; ///< put into a PostgreSQL databaseUrl that has none
    QString httpAddress = QStringLiteral("127.0.0.1");
    int httpPort = 8080;   ///< 0: pick a free port
    QString jwtSecretFile; ///< empty: <data-dir>/jwt-secret, created once
    QString schemaRegistryUrl;
    QString schemaRegistryUser;     ///< HTTP basic authentication with the registry; empty: none
    QString schemaRegistryPassword; ///< read from --schema-registry-password-file
    QString schemaRegistryCaFile;   ///< PEM CA bundle for an https registry
    QString wireFormat = QStringLiteral("avro");
    int outboxRetentionHours = 24;
    int auditRetentionDays = 90;           ///< 0: audit entries are kept forever
    QStringList roles = allRoles();        ///< in allRoles() order
    QTimeZone timeZone = QTimeZone::utc(); ///< recurring tasks recur in it
    QStringList feedAllowedOrigins;        ///< empty: any origin may open the feed
    int reminderDefaultMinutes = 15;       ///< reminder before the due date of tasks naming none; 0: none
    QString notifyWebhookUrl;              ///< empty: notifications are stored and logged only
    QByteArray notifyWebhookSecret;        ///< HMAC-SHA256 key of the webhook's signature; empty: unsigned
    QString smtpUrl;                       ///< smtp:// or smtps:// relay for notification mail; empty: no mail
    QString smtpFrom;                      ///< sender address of notification mail
    QString smtpUser;                      ///< SMTP AUTH user; empty: none
    QString smtpPassword;                  ///< read from --smtp-password-file
    /// Bound of an orderly stop; half of it goes to answering the HTTP requests in flight.
    int shutdownGraceSeconds = 25;
    /// /healthz fails when the node's event loop or a worker, relay or commit thread has not
    /// answered a heartbeat for this long (a wedged thread: the pod is restarted).
    int livenessTimeoutSeconds = 30;
    bool requireIfMatch = false;                        ///< changes of a task without If-Match are refused (428)
    QString tokenIssuer = QStringLiteral("taskstream"); ///< iss API tokens must carry
    QString tokenAudience;                              ///< non-empty: aud API tokens must name
    int tokenMaxLifetimeHours = 720;                    ///< longest token lifetime accepted (exp - iat)
    /// The idempotency ledger is kept for the longest retention of the consumed topics plus this.
    int ledgerRetentionMarginHours = 24;
    int reminderRetentionDays = 30;     ///< fired or dismissed reminders; 0 keeps them
    int notificationRetentionDays = 30; ///< read notifications; 0 keeps them
    int deletedTaskRetentionDays = 30;  ///< deleted tasks; 0 keeps them
    /// Stable identity of this instance (e.g. a StatefulSet's pod name). Non-empty: every consumer
    /// group joins as a static member with group.instance.id "<instanceId>-<group>", so a
    /// restarted instance gets its partitions back without waiting for the session timeout.
    /// Empty: dynamic membership. Two live instances must never share one (docs/deploy.md).
    QString instanceId;
    int feedMaxConnectionsPerUser = 16;     ///< further feed connections of a user are closed (1008)
    int feedMaxConnectionsPerAddress = 256; ///< further feed handshakes from one address get 429
    bool feedAllowQueryToken = false;       ///< accept ?access_token= on the feed's URL
    int feedResumeReaders = 2;              ///< shared Kafka readers serving feed resumes
    int httpMaxConnectionsPerAddress = 64;  ///< HTTP connections one address may hold
    /// On a real cluster, create the catalog's missing topics at start (and compare existing ones
    /// with the catalog). Off: send no CreateTopics at all, and refuse to start while a topic is
    /// missing (topics managed elsewhere, e.g. Strimzi KafkaTopics, and no create rights).
    bool createTopics = true;

    bool hasRole(const QString &role) const { return roles.contains(role); }
    QString effectiveDatabaseUrl() const;
    QString effectiveJwtSecretFile() const;
    /// What API tokens must say (issuer, audience, maximum lifetime).
    taskstream::auth::JwtOptions jwtOptions() const;
};

} // namespace taskstream::runtime

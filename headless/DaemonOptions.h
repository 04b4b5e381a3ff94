#pragma once

#include "LogOutput.h"

#include "kafka/KafkaConfig.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimeZone>

/// The daemon's command line, validated. parse() never exits; main() decides.
struct DaemonOptions
{
    enum class Outcome { Run, IssueToken, PrintConfig, ShowHelp, ShowVersion, UsageError };

    /// Every role; a process runs the subset given with --roles (default: all).
    static const QStringList &allRoles();

    QString brokers;              ///< empty: start the embedded broker
    int embeddedBrokers = 3;
    QString dataDir;
    LogFormat logFormat = LogFormat::Json;
    taskstream::kafka::KafkaConfig kafka; ///< --kafka-property pass-through (SASL, TLS, tuning)
    int startupTimeoutMs = 15000;
    QString databaseUrl;          ///< empty: SQLite file in the data directory
    QString httpAddress = QStringLiteral("127.0.0.1");
    int httpPort = 8080;          ///< 0: pick a free port (printed as http=...)
    QString jwtSecretFile;        ///< empty: <data-dir>/jwt-secret, created once
    QString schemaRegistryUrl;
    QString wireFormat = QStringLiteral("avro");
    int outboxRetentionHours = 24;
    int auditRetentionDays = 90;  ///< 0: audit entries are kept forever
    QStringList roles;            ///< validated, in allRoles() order
    QString configFile;           ///< --config / TASKSTREAM_CONFIG
    QString kafkaPropertyFile;    ///< librdkafka KEY=VALUE lines (e.g. sasl.password from a Secret)
    QString databasePasswordFile; ///< PostgreSQL password, put into the database URL
    int shutdownGraceSeconds = 25;
    QTimeZone timeZone = QTimeZone::utc(); ///< recurring tasks recur in it
    QStringList feedAllowedOrigins;        ///< empty: any origin may open the feed
    int reminderDefaultMinutes = 15; ///< reminder before the due date of tasks naming none; 0: none
    QString notifyWebhookUrl;        ///< empty: notifications are stored and logged only

    // `taskstreamd token`
    QString tokenUser;
    QString tokenRole = QStringLiteral("user");
    qint64 tokenTtlSeconds = 24 * 3600;

    bool hasRole(const QString &role) const { return roles.contains(role); }
    QString effectiveDatabaseUrl() const;
    /// The effective configuration in config-file syntax, secrets masked (`taskstreamd config`).
    QString printableConfig() const;
    QString effectiveJwtSecretFile() const;

    QString databasePassword;     ///< read from databasePasswordFile
    /// Where each option given came from: "--name", "TASKSTREAM_NAME" or "config file F line N".
    QHash<QString, QString> origins;

    QString error;    ///< for UsageError: one line saying what to fix
    QString helpText; ///< for ShowHelp

    static QString defaultDataDir();
    /// Command line over environment (TASKSTREAM_<OPTION>) over config file over defaults.
    /// \a environment: the process environment unless given (tests).
    Outcome parse(const QStringList &arguments, const QProcessEnvironment *environment = nullptr);

private:
    Outcome parseLayered(const QStringList &args, bool tokenCommand, bool configCommand);
};

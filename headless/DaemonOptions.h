#pragma once

#include "LogOutput.h"

#include "kafka/KafkaConfig.h"

#include <QString>
#include <QStringList>

/// The daemon's command line, validated. parse() never exits; main() decides.
struct DaemonOptions
{
    enum class Outcome { Run, IssueToken, ShowHelp, ShowVersion, UsageError };

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

    // `taskstreamd token`
    QString tokenUser;
    QString tokenRole = QStringLiteral("user");
    qint64 tokenTtlSeconds = 24 * 3600;

    QString effectiveDatabaseUrl() const;
    QString effectiveJwtSecretFile() const;

    QString error;    ///< for UsageError: one line saying what to fix
    QString helpText; ///< for ShowHelp

    static QString defaultDataDir();
    Outcome parse(const QStringList &arguments);
};

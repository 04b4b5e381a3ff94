#pragma once

#include "LogOutput.h"

#include "kafka/KafkaConfig.h"

#include <QString>
#include <QStringList>

/// The daemon's command line, validated. parse() never exits; main() decides.
struct DaemonOptions
{
    enum class Outcome { Run, ShowHelp, ShowVersion, UsageError };

    QString brokers;              ///< empty: start the embedded broker
    int embeddedBrokers = 3;
    QString dataDir;
    LogFormat logFormat = LogFormat::Json;
    taskstream::kafka::KafkaConfig kafka; ///< --kafka-property pass-through (SASL, TLS, tuning)
    int startupTimeoutMs = 15000;

    QString error;    ///< for UsageError: one line saying what to fix
    QString helpText; ///< for ShowHelp

    static QString defaultDataDir();
    Outcome parse(const QStringList &arguments);
};

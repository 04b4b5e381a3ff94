#include "DaemonOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

QString DaemonOptions::defaultDataDir()
{
    const QString env = qEnvironmentVariable("TASKSTREAM_DATA_DIR");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("taskstream"));
}

DaemonOptions::Outcome DaemonOptions::parse(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Taskstream daemon: runs the Taskstream workers against a Kafka cluster.\n"
        "With no --brokers it starts an embedded Kafka-protocol broker on loopback, creates the\n"
        "catalog's topics, and prints one line 'bootstrap.servers=HOST:PORT,...' on stdout.\n\n"
        "Exit codes: 0 clean shutdown, 1 runtime failure (e.g. Kafka unreachable), 2 bad usage."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    const QCommandLineOption brokersOpt(
        QStringLiteral("brokers"),
        QStringLiteral("Kafka bootstrap servers HOST:PORT[,HOST:PORT...]. Missing catalog topics are created; "
                       "existing ones are left alone and differences reported. Default: embedded broker."),
        QStringLiteral("list"));
    const QCommandLineOption embeddedOpt(
        QStringLiteral("embedded-brokers"),
        QStringLiteral("Number of brokers of the embedded cluster (1-9, default 3)."), QStringLiteral("n"),
        QStringLiteral("3"));
    const QCommandLineOption dataDirOpt(
        QStringLiteral("data-dir"),
        QStringLiteral("Directory for everything the daemon stores (database, secrets). Default: "
                       "$TASKSTREAM_DATA_DIR, else %1.")
            .arg(QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                     .filePath(QStringLiteral("taskstream"))),
        QStringLiteral("dir"));
    const QCommandLineOption propOpt(
        QStringLiteral("kafka-property"),
        QStringLiteral("A librdkafka property KEY=VALUE passed to every Kafka client (repeatable), e.g. "
                       "security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512."),
        QStringLiteral("key=value"));
    const QCommandLineOption logOpt(QStringLiteral("log-format"),
                                    QStringLiteral("Log lines on stderr as 'json' (default) or 'text'."),
                                    QStringLiteral("format"), QStringLiteral("json"));
    const QCommandLineOption timeoutOpt(
        QStringLiteral("startup-timeout"),
        QStringLiteral("Seconds to wait for the Kafka cluster at start before giving up (default 15)."),
        QStringLiteral("seconds"), QStringLiteral("15"));
    p.addOptions({help, version, brokersOpt, embeddedOpt, dataDirOpt, propOpt, logOpt, timeoutOpt});
    helpText = p.helpText();

    if (!p.parse(arguments)) {
        error = p.errorText() + QStringLiteral(" (see --help)");
        return Outcome::UsageError;
    }
    if (p.isSet(help))
        return Outcome::ShowHelp;
    if (p.isSet(version))
        return Outcome::ShowVersion;
    if (!p.positionalArguments().isEmpty()) {
        error = QStringLiteral("unexpected argument '%1' (see --help)").arg(p.positionalArguments().first());
        return Outcome::UsageError;
    }
    if (p.isSet(brokersOpt)) {
        brokers = p.value(brokersOpt).trimmed();
        QString why;
        if (!taskstream::kafka::KafkaConfig::validateBootstrapServers(brokers, &why)) {
            error = QStringLiteral("--brokers: ") + why;
            return Outcome::UsageError;
        }
    }
    bool ok = false;
    embeddedBrokers = p.value(embeddedOpt).toInt(&ok);
    if (!ok || embeddedBrokers < 1 || embeddedBrokers > 9) {
        error = QStringLiteral("--embedded-brokers: '%1' is not a number from 1 to 9").arg(p.value(embeddedOpt));
        return Outcome::UsageError;
    }
    const int timeoutSec = p.value(timeoutOpt).toInt(&ok);
    if (!ok || timeoutSec < 1 || timeoutSec > 600) {
        error = QStringLiteral("--startup-timeout: '%1' is not a number of seconds from 1 to 600")
                    .arg(p.value(timeoutOpt));
        return Outcome::UsageError;
    }
    startupTimeoutMs = timeoutSec * 1000;
    dataDir = p.isSet(dataDirOpt) ? p.value(dataDirOpt) : defaultDataDir();
    const QString fmt = p.value(logOpt);
    if (fmt == QLatin1String("json"))
        logFormat = LogFormat::Json;
    else if (fmt == QLatin1String("text"))
        logFormat = LogFormat::Text;
    else {
        error = QStringLiteral("--log-format: '%1' is neither 'json' nor 'text'").arg(fmt);
        return Outcome::UsageError;
    }
    for (const QString &a : p.values(propOpt)) {
        QString k, v, why;
        if (!taskstream::kafka::KafkaConfig::parseProperty(a, &k, &v, &why)) {
            error = QStringLiteral("--kafka-property: ") + why;
            return Outcome::UsageError;
        }
        kafka.set(k, v);
    }
    return Outcome::Run;
}

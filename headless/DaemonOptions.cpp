#include "DaemonOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>

QString DaemonOptions::defaultDataDir()
{
    const QString env = qEnvironmentVariable("TASKSTREAM_DATA_DIR");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("taskstream"));
}

QString DaemonOptions::effectiveDatabaseUrl() const
{
    return databaseUrl.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("taskstream.db")) : databaseUrl;
}

QString DaemonOptions::effectiveJwtSecretFile() const
{
    return jwtSecretFile.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("jwt-secret")) : jwtSecretFile;
}

DaemonOptions::Outcome DaemonOptions::parse(const QStringList &arguments)
{
    // `taskstreamd token ...` prints a bearer token signed with the daemon's secret.
    QStringList args = arguments;
    const bool tokenCommand = args.size() > 1 && args.at(1) == QLatin1String("token");
    if (tokenCommand)
        args.removeAt(1);

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Taskstream daemon: runs the Taskstream workers against a Kafka cluster.\n"
        "With no --brokers it starts an embedded Kafka-protocol broker on loopback, creates the\n"
        "catalog's topics, and prints one line 'bootstrap.servers=HOST:PORT,...' on stdout.\n\n"
        "Exit codes: 0 clean shutdown, 1 runtime failure (e.g. Kafka unreachable), 2 bad usage.\n\n"
        "taskstreamd token --user UUID [--role admin] [--ttl SECONDS] [--data-dir DIR]\n"
        "  prints a bearer token for the API, signed with the daemon's secret."));
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
    const QCommandLineOption dbOpt(
        QStringLiteral("database"),
        QStringLiteral("Database URL: a SQLite file path (default <data-dir>/taskstream.db) or "
                       "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME when several daemons share work."),
        QStringLiteral("url"));
    const QCommandLineOption httpPortOpt(QStringLiteral("http-port"),
                                         QStringLiteral("Port of the HTTP API (default 8080; 0 picks a free port, "
                                                        "printed as http=URL on stdout)."),
                                         QStringLiteral("port"), QStringLiteral("8080"));
    const QCommandLineOption httpAddressOpt(QStringLiteral("http-address"),
                                            QStringLiteral("Address the HTTP API listens on (default 127.0.0.1; "
                                                           "0.0.0.0 in a container)."),
                                            QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption secretOpt(
        QStringLiteral("jwt-secret-file"),
        QStringLiteral("File with the HS256 secret of API tokens (default <data-dir>/jwt-secret, generated once)."),
        QStringLiteral("file"));
    const QCommandLineOption registryOpt(
        QStringLiteral("schema-registry"),
        QStringLiteral("Confluent Schema Registry URL; events are then framed with registered schema ids."),
        QStringLiteral("url"));
    const QCommandLineOption formatOpt(QStringLiteral("wire-format"),
                                       QStringLiteral("Event encoding on Kafka: 'avro' (default) or 'json' "
                                                      "(CloudEvents structured mode)."),
                                       QStringLiteral("format"), QStringLiteral("avro"));
    const QCommandLineOption retentionOpt(QStringLiteral("outbox-retention-hours"),
                                          QStringLiteral("Hours a published outbox record is kept before it is pruned (default 24)."),
                                          QStringLiteral("hours"), QStringLiteral("24"));
    const QCommandLineOption userOpt(QStringLiteral("user"), QStringLiteral("token: the user id (UUID) the token acts for."),
                                     QStringLiteral("uuid"));
    const QCommandLineOption roleOpt(QStringLiteral("role"), QStringLiteral("token: 'user' (default) or 'admin'."),
                                     QStringLiteral("role"), QStringLiteral("user"));
    const QCommandLineOption ttlOpt(QStringLiteral("ttl"), QStringLiteral("token: lifetime in seconds (default 86400)."),
                                    QStringLiteral("seconds"), QStringLiteral("86400"));
    p.addOptions({help, version, brokersOpt, embeddedOpt, dataDirOpt, propOpt, logOpt, timeoutOpt, dbOpt, httpPortOpt,
                  httpAddressOpt, secretOpt, registryOpt, formatOpt, retentionOpt, userOpt, roleOpt, ttlOpt});
    helpText = p.helpText();

    if (!p.parse(args)) {
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
    databaseUrl = p.value(dbOpt);
    jwtSecretFile = p.value(secretOpt);
    httpAddress = p.value(httpAddressOpt);
    if (QHostAddress(httpAddress).isNull()) {
        error = QStringLiteral("--http-address: '%1' is not an IP address").arg(httpAddress);
        return Outcome::UsageError;
    }
    httpPort = p.value(httpPortOpt).toInt(&ok);
    if (!ok || httpPort < 0 || httpPort > 65535) {
        error = QStringLiteral("--http-port: '%1' is not a port from 0 to 65535").arg(p.value(httpPortOpt));
        return Outcome::UsageError;
    }
    schemaRegistryUrl = p.value(registryOpt);
    if (!schemaRegistryUrl.isEmpty()) {
        const QUrl u(schemaRegistryUrl);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty()) {
            error = QStringLiteral("--schema-registry: '%1' is not an http(s) URL").arg(schemaRegistryUrl);
            return Outcome::UsageError;
        }
    }
    outboxRetentionHours = p.value(retentionOpt).toInt(&ok);
    if (!ok || outboxRetentionHours < 1 || outboxRetentionHours > 24 * 365) {
        error = QStringLiteral("--outbox-retention-hours: '%1' is not a number of hours from 1 to 8760")
                    .arg(p.value(retentionOpt));
        return Outcome::UsageError;
    }
    wireFormat = p.value(formatOpt);
    if (wireFormat != QLatin1String("avro") && wireFormat != QLatin1String("json")) {
        error = QStringLiteral("--wire-format: '%1' is neither 'avro' nor 'json'").arg(wireFormat);
        return Outcome::UsageError;
    }
    if (tokenCommand) {
        tokenUser = p.value(userOpt);
        if (QUuid::fromString(tokenUser).isNull()) {
            error = QStringLiteral("token: --user must be a user id (UUID), e.g. --user %1")
                        .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
            return Outcome::UsageError;
        }
        tokenRole = p.value(roleOpt);
        if (tokenRole != QLatin1String("user") && tokenRole != QLatin1String("admin")) {
            error = QStringLiteral("token: --role must be 'user' or 'admin'");
            return Outcome::UsageError;
        }
        tokenTtlSeconds = p.value(ttlOpt).toLongLong(&ok);
        if (!ok || tokenTtlSeconds < 1) {
            error = QStringLiteral("token: --ttl must be a positive number of seconds");
            return Outcome::UsageError;
        }
    } else if (p.isSet(userOpt) || p.isSet(roleOpt) || p.isSet(ttlOpt)) {
        error = QStringLiteral("--user, --role and --ttl belong to 'taskstreamd token'");
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
    return tokenCommand ? Outcome::IssueToken : Outcome::Run;
}

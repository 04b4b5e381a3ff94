#include "DaemonOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QHash>
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

const QStringList &DaemonOptions::allRoles()
{
    static const QStringList roles{QStringLiteral("api"),
                                   QStringLiteral("relay"),
                                   QStringLiteral("recurring"),
                                   QStringLiteral("reminder-scheduler"),
                                   QStringLiteral("reminder-trigger"),
                                   QStringLiteral("broadcaster"),
                                   QStringLiteral("audit"),
                                   QStringLiteral("notifier"),
                                   QStringLiteral("feed")};
    return roles;
}

QString DaemonOptions::effectiveDatabaseUrl() const
{
    if (databaseUrl.isEmpty())
        return QDir(dataDir).filePath(QStringLiteral("taskstream.db"));
    QUrl u(databaseUrl);
    if (!databasePassword.isEmpty() && u.password().isEmpty()) {
        u.setPassword(databasePassword);
        return u.toString();
    }
    return databaseUrl;
}

namespace {
// Options that may also come from the environment and the config file (everything but help,
// version, --config itself and the token subcommand's options).
const QStringList &layeredOptions()
{
    static const QStringList names{
        QStringLiteral("brokers"),          QStringLiteral("embedded-brokers"),     QStringLiteral("data-dir"),
        QStringLiteral("kafka-property"),   QStringLiteral("kafka-property-file"),  QStringLiteral("log-format"),
        QStringLiteral("startup-timeout"),  QStringLiteral("database"),             QStringLiteral("database-password-file"),
        QStringLiteral("http-port"),        QStringLiteral("http-address"),         QStringLiteral("jwt-secret-file"),
        QStringLiteral("schema-registry"),  QStringLiteral("wire-format"),          QStringLiteral("outbox-retention-hours"),
        QStringLiteral("roles"),            QStringLiteral("shutdown-grace-seconds"), QStringLiteral("time-zone"),
        QStringLiteral("feed-allowed-origins"), QStringLiteral("audit-retention-days"),
        QStringLiteral("reminder-default-minutes"), QStringLiteral("notify-webhook-url")};
    return names;
}

QString envName(const QString &option)
{
    return QStringLiteral("TASKSTREAM_") + option.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

bool isSecretKey(const QString &key)
{
    return key.contains(QLatin1String("password")) || key.contains(QLatin1String("secret")) ||
           key.endsWith(QLatin1String(".key.pem")) || key.contains(QLatin1String("sasl.oauthbearer.config"));
}
} // namespace

QString DaemonOptions::printableConfig() const
{
    QStringList out;
    auto line = [&](const QString &key, const QString &value) {
        const QString from = origins.value(key);
        out << QStringLiteral("%1 = %2%3").arg(key, value, from.isEmpty() ? QString() : QStringLiteral("   # from ") + from);
    };
    line(QStringLiteral("roles"), roles.join(QLatin1Char(',')));
    if (brokers.isEmpty())
        out << QStringLiteral("# brokers: none, the embedded broker runs");
    else
        line(QStringLiteral("brokers"), brokers);
    line(QStringLiteral("embedded-brokers"), QString::number(embeddedBrokers));
    line(QStringLiteral("data-dir"), dataDir);
    QUrl db(effectiveDatabaseUrl());
    if (!db.password().isEmpty())
        db.setPassword(QStringLiteral("****"));
    line(QStringLiteral("database"), databaseUrl.isEmpty() ? effectiveDatabaseUrl() : db.toString());
    if (!databasePasswordFile.isEmpty())
        line(QStringLiteral("database-password-file"), databasePasswordFile);
    line(QStringLiteral("http-address"), httpAddress);
    line(QStringLiteral("http-port"), QString::number(httpPort));
    line(QStringLiteral("jwt-secret-file"), effectiveJwtSecretFile());
    if (!schemaRegistryUrl.isEmpty())
        line(QStringLiteral("schema-registry"), schemaRegistryUrl);
    line(QStringLiteral("wire-format"), wireFormat);
    line(QStringLiteral("outbox-retention-hours"), QString::number(outboxRetentionHours));
    line(QStringLiteral("audit-retention-days"), QString::number(auditRetentionDays));
    line(QStringLiteral("shutdown-grace-seconds"), QString::number(shutdownGraceSeconds));
    line(QStringLiteral("time-zone"), QString::fromUtf8(timeZone.id()));
    if (!feedAllowedOrigins.isEmpty())
        line(QStringLiteral("feed-allowed-origins"), feedAllowedOrigins.join(QLatin1Char(',')));
    line(QStringLiteral("reminder-default-minutes"), QString::number(reminderDefaultMinutes));
    if (!notifyWebhookUrl.isEmpty())
        line(QStringLiteral("notify-webhook-url"), notifyWebhookUrl);
    line(QStringLiteral("startup-timeout"), QString::number(startupTimeoutMs / 1000));
    line(QStringLiteral("log-format"), logFormat == LogFormat::Json ? QStringLiteral("json") : QStringLiteral("text"));
    if (!kafkaPropertyFile.isEmpty())
        line(QStringLiteral("kafka-property-file"), kafkaPropertyFile);
    const auto props = kafka.properties();
    for (auto it = props.cbegin(); it != props.cend(); ++it)
        out << QStringLiteral("kafka-property = %1=%2").arg(it.key(), isSecretKey(it.key()) ? QStringLiteral("****") : it.value());
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString DaemonOptions::effectiveJwtSecretFile() const
{
    return jwtSecretFile.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("jwt-secret")) : jwtSecretFile;
}

DaemonOptions::Outcome DaemonOptions::parse(const QStringList &arguments, const QProcessEnvironment *environment)
{
    // `taskstreamd token ...` prints a bearer token signed with the daemon's secret;
    // `taskstreamd config` prints the effective configuration.
    QStringList cli = arguments;
    const bool tokenCommand = cli.size() > 1 && cli.at(1) == QLatin1String("token");
    const bool configCommand = cli.size() > 1 && cli.at(1) == QLatin1String("config");
    if (tokenCommand || configCommand)
        cli.removeAt(1);

    // Layers, lowest first: config file, environment, command line. Single-valued options take
    // the last value given, so the command line wins; --kafka-property values add up.
    const QProcessEnvironment env = environment ? *environment : QProcessEnvironment::systemEnvironment();
    QStringList args{cli.value(0)};
    origins.clear();
    for (int i = 1; i < cli.size(); ++i) {
        if (cli.at(i) == QLatin1String("--config") && i + 1 < cli.size())
            configFile = cli.at(i + 1);
        else if (cli.at(i).startsWith(QLatin1String("--config=")))
            configFile = cli.at(i).mid(9);
    }
    if (configFile.isEmpty())
        configFile = env.value(QStringLiteral("TASKSTREAM_CONFIG"));
    if (!configFile.isEmpty()) {
        QFile f(configFile);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            error = QStringLiteral("--config: cannot read %1: %2").arg(configFile, f.errorString());
            return Outcome::UsageError;
        }
        int lineNo = 0;
        while (!f.atEnd()) {
            ++lineNo;
            const QString t = QString::fromUtf8(f.readLine()).trimmed();
            if (t.isEmpty() || t.startsWith(QLatin1Char('#')))
                continue;
            const int eq = t.indexOf(QLatin1Char('='));
            const QString key = eq > 0 ? t.left(eq).trimmed() : QString();
            if (key.isEmpty()) {
                error = QStringLiteral("config file %1 line %2: expected 'key = value'").arg(configFile).arg(lineNo);
                return Outcome::UsageError;
            }
            if (!layeredOptions().contains(key)) {
                error = QStringLiteral("config file %1 line %2: unknown key '%3' (keys are the long option names, "
                                       "see --help)").arg(configFile).arg(lineNo).arg(key);
                return Outcome::UsageError;
            }
            args << QStringLiteral("--%1=%2").arg(key, t.mid(eq + 1).trimmed());
            origins.insert(key, QStringLiteral("config file %1 line %2").arg(configFile).arg(lineNo));
        }
    }
    // Unknown TASKSTREAM_* variables are left alone: Kubernetes sets some of its own (service links).
    for (const QString &key : layeredOptions()) {
        const QString name = envName(key);
        if (env.contains(name)) {
            args << QStringLiteral("--%1=%2").arg(key, env.value(name));
            origins.insert(key, name);
        }
    }
    for (int i = 1; i < cli.size(); ++i) {
        args << cli.at(i);
        if (cli.at(i).startsWith(QLatin1String("--"))) {
            const QString key = cli.at(i).mid(2).section(QLatin1Char('='), 0, 0);
            if (layeredOptions().contains(key))
                origins.insert(key, QStringLiteral("--") + key);
        }
    }
    const Outcome outcome = parseLayered(args, tokenCommand, configCommand);
    // Say where a bad value came from when it was not the command line.
    if (outcome == Outcome::UsageError && error.startsWith(QLatin1String("--"))) {
        const QString key = error.mid(2).section(QLatin1Char(':'), 0, 0);
        const QString from = origins.value(key);
        if (!from.isEmpty() && !from.startsWith(QLatin1String("--")))
            error = QStringLiteral("%1 (%2)%3").arg(from, key, error.mid(2 + key.size()));
    }
    return outcome;
}

DaemonOptions::Outcome DaemonOptions::parseLayered(const QStringList &args, bool tokenCommand, bool configCommand)
{

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Taskstream daemon: runs the Taskstream workers against a Kafka cluster.\n"
        "With no --brokers it starts an embedded Kafka-protocol broker on loopback, creates the\n"
        "catalog's topics, and prints one line 'bootstrap.servers=HOST:PORT,...' on stdout.\n\n"
        "Exit codes: 0 clean shutdown, 1 runtime failure (e.g. Kafka unreachable), 2 bad usage.\n\n"
        "Every option can also come from the environment as TASKSTREAM_<OPTION> (upper case, '-' as '_',\n"
        "e.g. TASKSTREAM_HTTP_PORT) or from a config file (--config) of 'option = value' lines; the command\n"
        "line wins over the environment, which wins over the file.\n\n"
        "taskstreamd token --user UUID [--role admin] [--ttl SECONDS] [--data-dir DIR]\n"
        "  prints a bearer token for the API, signed with the daemon's secret.\n"
        "taskstreamd config [options]\n"
        "  prints the effective configuration (secrets masked) and where each value came from."));
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
    const QCommandLineOption auditRetentionOpt(
        QStringLiteral("audit-retention-days"),
        QStringLiteral("Days an audit log entry is kept, counted from its event's time (default 90; 0 keeps them forever)."),
        QStringLiteral("days"), QStringLiteral("90"));
    const QCommandLineOption userOpt(QStringLiteral("user"), QStringLiteral("token: the user id (UUID) the token acts for."),
                                     QStringLiteral("uuid"));
    const QCommandLineOption roleOpt(QStringLiteral("role"), QStringLiteral("token: 'user' (default) or 'admin'."),
                                     QStringLiteral("role"), QStringLiteral("user"));
    const QCommandLineOption ttlOpt(QStringLiteral("ttl"), QStringLiteral("token: lifetime in seconds (default 86400)."),
                                    QStringLiteral("seconds"), QStringLiteral("86400"));
    const QCommandLineOption configOpt(
        QStringLiteral("config"),
        QStringLiteral("Config file of 'option = value' lines ('#' comments; kafka-property may repeat). "
                       "Default: $TASKSTREAM_CONFIG."),
        QStringLiteral("file"));
    const QCommandLineOption printOpt(QStringLiteral("print"), QStringLiteral("config: print (the default action)."));
    const QCommandLineOption rolesOpt(
        QStringLiteral("roles"),
        QStringLiteral("Comma-separated roles this process runs (default: all): %1. Processes with the same "
                       "roles share work through consumer groups and PostgreSQL.")
            .arg(allRoles().join(QLatin1Char(','))),
        QStringLiteral("list"), allRoles().join(QLatin1Char(',')));
    const QCommandLineOption propFileOpt(
        QStringLiteral("kafka-property-file"),
        QStringLiteral("File of librdkafka KEY=VALUE lines for every Kafka client, e.g. sasl.password from a "
                       "mounted Secret."),
        QStringLiteral("file"));
    const QCommandLineOption dbPasswordOpt(
        QStringLiteral("database-password-file"),
        QStringLiteral("File holding the PostgreSQL password (e.g. a mounted Secret); the --database URL then "
                       "needs none."),
        QStringLiteral("file"));
    const QCommandLineOption graceOpt(
        QStringLiteral("shutdown-grace-seconds"),
        QStringLiteral("On SIGTERM, seconds to finish in-flight work, flush and commit before exiting "
                       "(default 25, under Kubernetes' 30)."),
        QStringLiteral("seconds"), QStringLiteral("25"));
    const QCommandLineOption zoneOpt(
        QStringLiteral("time-zone"),
        QStringLiteral("IANA time zone recurring tasks recur in, so a daily 09:00 stays 09:00 across daylight-saving "
                       "changes (default UTC)."),
        QStringLiteral("zone"), QStringLiteral("UTC"));
    const QCommandLineOption originsOpt(
        QStringLiteral("feed-allowed-origins"),
        QStringLiteral("Comma-separated origins (scheme://host[:port]) browsers may open the live feed from "
                       "(default: any)."),
        QStringLiteral("list"));
    const QCommandLineOption reminderMinutesOpt(
        QStringLiteral("reminder-default-minutes"),
        QStringLiteral("Minutes before the due date of the reminder a task with a due date but no "
                       "remind_before_minutes gets (default 15; 0: none)."),
        QStringLiteral("minutes"), QStringLiteral("15"));
    const QCommandLineOption webhookOpt(
        QStringLiteral("notify-webhook-url"),
        QStringLiteral("http(s) URL each notification is POSTed to as JSON by the reminder-trigger role "
                       "(retried with backoff; default: none)."),
        QStringLiteral("url"));
    p.addOptions({configOpt, printOpt, rolesOpt, propFileOpt, dbPasswordOpt, graceOpt, zoneOpt, originsOpt,
                  reminderMinutesOpt, webhookOpt});
    p.addOptions({help, version, brokersOpt, embeddedOpt, dataDirOpt, propOpt, logOpt, timeoutOpt, dbOpt, httpPortOpt,
                  httpAddressOpt, secretOpt, registryOpt, formatOpt, retentionOpt, auditRetentionOpt, userOpt, roleOpt, ttlOpt});
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
    auditRetentionDays = p.value(auditRetentionOpt).toInt(&ok);
    if (!ok || auditRetentionDays < 0 || auditRetentionDays > 100 * 365) {
        error = QStringLiteral("--audit-retention-days: '%1' is not a number of days from 0 (keep forever) to 36500")
                    .arg(p.value(auditRetentionOpt));
        return Outcome::UsageError;
    }
    reminderDefaultMinutes = p.value(reminderMinutesOpt).toInt(&ok);
    if (!ok || reminderDefaultMinutes < 0 || reminderDefaultMinutes > 60 * 24 * 365) {
        error = QStringLiteral("--reminder-default-minutes: '%1' is not a number of minutes from 0 to 525600")
                    .arg(p.value(reminderMinutesOpt));
        return Outcome::UsageError;
    }
    notifyWebhookUrl = p.value(webhookOpt).trimmed();
    if (!notifyWebhookUrl.isEmpty()) {
        const QUrl u(notifyWebhookUrl);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty()) {
            error = QStringLiteral("--notify-webhook-url: '%1' is not an http(s) URL").arg(notifyWebhookUrl);
            return Outcome::UsageError;
        }
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
    if (p.isSet(printOpt) && !configCommand) {
        error = QStringLiteral("--print belongs to 'taskstreamd config'");
        return Outcome::UsageError;
    }
    roles.clear();
    const QStringList wanted = p.value(rolesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &r : wanted) {
        if (!allRoles().contains(r.trimmed())) {
            error = QStringLiteral("--roles: unknown role '%1' (roles: %2)").arg(r.trimmed(), allRoles().join(QLatin1Char(',')));
            return Outcome::UsageError;
        }
    }
    for (const QString &r : allRoles())
        for (const QString &w : wanted)
            if (w.trimmed() == r && !roles.contains(r))
                roles << r;
    if (roles.isEmpty()) {
        error = QStringLiteral("--roles: give at least one role (%1)").arg(allRoles().join(QLatin1Char(',')));
        return Outcome::UsageError;
    }
    kafkaPropertyFile = p.value(propFileOpt);
    if (!kafkaPropertyFile.isEmpty()) {
        QFile f(kafkaPropertyFile);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            error = QStringLiteral("--kafka-property-file: cannot read %1: %2").arg(kafkaPropertyFile, f.errorString());
            return Outcome::UsageError;
        }
        int lineNo = 0;
        while (!f.atEnd()) {
            ++lineNo;
            const QString t = QString::fromUtf8(f.readLine()).trimmed();
            if (t.isEmpty() || t.startsWith(QLatin1Char('#')))
                continue;
            QString k, v, why;
            if (!taskstream::kafka::KafkaConfig::parseProperty(t, &k, &v, &why)) {
                // The line may hold a secret: name the line, not its text.
                error = QStringLiteral("--kafka-property-file: %1 line %2 is not KEY=VALUE").arg(kafkaPropertyFile).arg(lineNo);
                return Outcome::UsageError;
            }
            kafka.set(k, v);
        }
    }
    databasePasswordFile = p.value(dbPasswordOpt);
    if (!databasePasswordFile.isEmpty()) {
        if (!databaseUrl.startsWith(QLatin1String("postgresql://")) && !databaseUrl.startsWith(QLatin1String("postgres://"))) {
            error = QStringLiteral("--database-password-file: only a postgresql:// --database takes a password");
            return Outcome::UsageError;
        }
        QFile f(databasePasswordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("--database-password-file: cannot read %1: %2").arg(databasePasswordFile, f.errorString());
            return Outcome::UsageError;
        }
        databasePassword = QString::fromUtf8(f.readAll()).trimmed();
        if (databasePassword.isEmpty()) {
            error = QStringLiteral("--database-password-file: %1 is empty").arg(databasePasswordFile);
            return Outcome::UsageError;
        }
    }
    shutdownGraceSeconds = p.value(graceOpt).toInt(&ok);
    if (!ok || shutdownGraceSeconds < 1 || shutdownGraceSeconds > 3600) {
        error = QStringLiteral("--shutdown-grace-seconds: '%1' is not a number of seconds from 1 to 3600").arg(p.value(graceOpt));
        return Outcome::UsageError;
    }
    const QByteArray zoneId = p.value(zoneOpt).toUtf8();
    timeZone = zoneId == "UTC" ? QTimeZone::utc() : QTimeZone(zoneId);
    if (!timeZone.isValid()) {
        error = QStringLiteral("--time-zone: '%1' is not a time zone this system knows (an IANA name such as "
                               "Europe/Berlin, or UTC)")
                    .arg(p.value(zoneOpt));
        return Outcome::UsageError;
    }
    feedAllowedOrigins.clear();
    for (const QString &o : p.value(originsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString origin = o.trimmed();
        const QUrl u(origin);
        if (!u.isValid() || u.host().isEmpty() || !u.path().isEmpty() ||
            (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))) {
            error = QStringLiteral("--feed-allowed-origins: '%1' is not an origin such as https://app.example.com").arg(origin);
            return Outcome::UsageError;
        }
        feedAllowedOrigins << origin;
    }
    if (configCommand)
        return Outcome::PrintConfig;
    return tokenCommand ? Outcome::IssueToken : Outcome::Run;
}

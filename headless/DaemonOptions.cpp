#include "DaemonOptions.h"

#include "events/SchemaRegistryClient.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>
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

namespace {
const QStringList &layeredOptions()
{
    static const QStringList names = [] {
        QStringList out;
        for (const DaemonOptions::Option &o : DaemonOptions::optionTable())
            if (o.scope == DaemonOptions::Option::Layered)
                out << QLatin1String(o.name);
        return out;
    }();
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
        out << QStringLiteral("%1 = %2%3")
                   .arg(key, value, from.isEmpty() ? QString() : QStringLiteral("   # from ") + from);
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
    if (!schemaRegistryUser.isEmpty())
        line(QStringLiteral("schema-registry-user"), schemaRegistryUser);
    if (!schemaRegistryPasswordFile.isEmpty())
        line(QStringLiteral("schema-registry-password-file"), schemaRegistryPasswordFile);
    if (!schemaRegistryCaFile.isEmpty())
        line(QStringLiteral("schema-registry-ca-file"), schemaRegistryCaFile);
    line(QStringLiteral("wire-format"), wireFormat);
    line(QStringLiteral("outbox-retention-hours"), QString::number(outboxRetentionHours));
    line(QStringLiteral("audit-retention-days"), QString::number(auditRetentionDays));
    line(QStringLiteral("ledger-retention-margin-hours"), QString::number(ledgerRetentionMarginHours));
    line(QStringLiteral("reminder-retention-days"), QString::number(reminderRetentionDays));
    line(QStringLiteral("notification-retention-days"), QString::number(notificationRetentionDays));
    line(QStringLiteral("deleted-task-retention-days"), QString::number(deletedTaskRetentionDays));
    line(QStringLiteral("token-issuer"), tokenIssuer);
    if (!tokenAudience.isEmpty())
        line(QStringLiteral("token-audience"), tokenAudience);
    line(QStringLiteral("token-max-lifetime-hours"), QString::number(tokenMaxLifetimeHours));
    line(QStringLiteral("shutdown-grace-seconds"), QString::number(shutdownGraceSeconds));
    line(QStringLiteral("liveness-timeout"), QString::number(livenessTimeoutSeconds));
    line(QStringLiteral("time-zone"), QString::fromUtf8(timeZone.id()));
    if (!feedAllowedOrigins.isEmpty())
        line(QStringLiteral("feed-allowed-origins"), feedAllowedOrigins.join(QLatin1Char(',')));
    line(QStringLiteral("feed-max-per-user"), QString::number(feedMaxConnectionsPerUser));
    line(QStringLiteral("feed-max-per-address"), QString::number(feedMaxConnectionsPerAddress));
    line(QStringLiteral("feed-allow-query-token"), feedAllowQueryToken ? QStringLiteral("on") : QStringLiteral("off"));
    line(QStringLiteral("feed-resume-readers"), QString::number(feedResumeReaders));
    line(QStringLiteral("http-max-per-address"), QString::number(httpMaxConnectionsPerAddress));
    line(QStringLiteral("reminder-default-minutes"), QString::number(reminderDefaultMinutes));
    line(QStringLiteral("require-if-match"), requireIfMatch ? QStringLiteral("true") : QStringLiteral("false"));
    line(QStringLiteral("create-topics"), createTopics ? QStringLiteral("yes") : QStringLiteral("no"));
    if (!notifyWebhookUrlFile.isEmpty())
        line(QStringLiteral("notify-webhook-url-file"), notifyWebhookUrlFile); // the URL may carry a token
    else if (!notifyWebhookUrl.isEmpty())
        line(QStringLiteral("notify-webhook-url"), notifyWebhookUrl);
    if (!notifyWebhookSecretFile.isEmpty())
        line(QStringLiteral("notify-webhook-secret-file"), notifyWebhookSecretFile);
    if (!smtpUrl.isEmpty()) {
        line(QStringLiteral("smtp-url"), smtpUrl);
        line(QStringLiteral("smtp-from"), smtpFrom);
    }
    if (!smtpUser.isEmpty()) {
        line(QStringLiteral("smtp-user"), smtpUser);
        line(QStringLiteral("smtp-password-file"), smtpPasswordFile);
    }
    if (!instanceId.isEmpty())
        line(QStringLiteral("instance-id"), instanceId);
    line(QStringLiteral("startup-timeout"), QString::number(startupTimeoutMs / 1000));
    line(QStringLiteral("log-format"), logFormat == LogFormat::Json ? QStringLiteral("json") : QStringLiteral("text"));
    if (!kafkaPropertyFile.isEmpty())
        line(QStringLiteral("kafka-property-file"), kafkaPropertyFile);
    const auto props = kafka.properties();
    for (auto it = props.cbegin(); it != props.cend(); ++it)
        out << QStringLiteral("kafka-property = %1=%2")
                   .arg(it.key(), isSecretKey(it.key()) ? QStringLiteral("****") : it.value());
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

DaemonOptions::Outcome DaemonOptions::parse(const QStringList &arguments, const QProcessEnvironment *environment)
{
    // `taskstreamd token ...` prints a bearer token signed with the daemon's secret;
    // `taskstreamd config` prints the effective configuration.
    QStringList cli = arguments;
    const bool tokenCommand = cli.size() > 1 && cli.at(1) == QLatin1String("token");
    const bool configCommand = cli.size() > 1 && cli.at(1) == QLatin1String("config");
    // `taskstreamd backup --to FILE` copies the SQLite database (SqliteBackup.h).
    const bool backupCommand = cli.size() > 1 && cli.at(1) == QLatin1String("backup");
    // `taskstreamd verify` reconciles outbox, topics and ledgers (services/DeliveryVerifier.h).
    const bool verifyCommand = cli.size() > 1 && cli.at(1) == QLatin1String("verify");
    // `taskstreamd migrate` applies the schema migrations and exits (a pre-upgrade Job).
    const bool migrateCommand = cli.size() > 1 && cli.at(1) == QLatin1String("migrate");
    if (tokenCommand || configCommand || backupCommand || verifyCommand || migrateCommand)
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
                                       "see --help)")
                            .arg(configFile)
                            .arg(lineNo)
                            .arg(key);
                return Outcome::UsageError;
            }
            args << QStringLiteral("--%1=%2").arg(key, t.mid(eq + 1).trimmed());
            origins.insert(key, QStringLiteral("config file %1 line %2").arg(configFile).arg(lineNo));
        }
    }
    // Unknown TASKSTREAM_* variables are left alone: Kubernetes sets some of its own (service links).
    for (const QString &key : layeredOptions()) {
        const QString name = ::envName(key);
        if (env.contains(name)) {
            args << QStringLiteral("--%1=%2").arg(key, env.value(name));
            origins.insert(key, name);
        }
    }
    for (int i = 1; i < cli.size(); ++i) {
        // A switch on the command line may stand alone: --require-if-match is --require-if-match=true.
        const bool bareSwitch = cli.at(i) == QLatin1String("--require-if-match") &&
                                (i + 1 == cli.size() || cli.at(i + 1).startsWith(QLatin1Char('-')));
        args << (bareSwitch ? cli.at(i) + QStringLiteral("=true") : cli.at(i));
        if (cli.at(i).startsWith(QLatin1String("--"))) {
            const QString key = cli.at(i).mid(2).section(QLatin1Char('='), 0, 0);
            if (layeredOptions().contains(key))
                origins.insert(key, QStringLiteral("--") + key);
        }
    }
    Outcome outcome = parseLayered(args, tokenCommand, configCommand, backupCommand, verifyCommand);
    if (migrateCommand && outcome == Outcome::Run)
        outcome = Outcome::Migrate;
    // Say where a bad value came from when it was not the command line.
    if (outcome == Outcome::UsageError && error.startsWith(QLatin1String("--"))) {
        const QString key = error.mid(2).section(QLatin1Char(':'), 0, 0);
        const QString from = origins.value(key);
        if (!from.isEmpty() && !from.startsWith(QLatin1String("--")))
            error = QStringLiteral("%1 (%2)%3").arg(from, key, error.mid(2 + key.size()));
    }
    return outcome;
}

namespace {

using Option = DaemonOptions::Option;
using Value = DaemonOptions::OptionValue;

bool number(const Value &v, int low, int high, int *out)
{
    bool ok = false;
    const int n = v.value.toInt(&ok);
    if (!ok || n < low || n > high)
        return false;
    *out = n;
    return true;
}

bool isHttpUrl(const QString &text)
{
    const QUrl u(text);
    return u.isValid() && (u.scheme() == QLatin1String("http") || u.scheme() == QLatin1String("https")) &&
           !u.host().isEmpty();
}

QString defaultDataDirHelp()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("taskstream"));
}

QString roleListHelp()
{
    return DaemonOptions::allRoles().join(QLatin1Char(','));
}

bool readKafkaPropertyFile(DaemonOptions &o, QString *error)
{
    QFile f(o.kafkaPropertyFile);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("--kafka-property-file: cannot read %1: %2").arg(o.kafkaPropertyFile, f.errorString());
        return false;
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
            *error = QStringLiteral("--kafka-property-file: %1 line %2 is not KEY=VALUE")
                         .arg(o.kafkaPropertyFile)
                         .arg(lineNo);
            return false;
        }
        o.kafka.set(k, v);
    }
    return true;
}

/// The trimmed content of a file holding one secret (a mounted Secret's key).
bool readSecretFile(const QString &option, const QString &path, QString *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("--%1: cannot read %2: %3").arg(option, path, f.errorString());
        return false;
    }
    *out = QString::fromUtf8(f.readAll()).trimmed();
    if (out->isEmpty()) {
        *error = QStringLiteral("--%1: %2 is empty").arg(option, path);
        return false;
    }
    return true;
}

bool readDatabasePassword(DaemonOptions &o, QString *error)
{
    if (!o.databaseUrl.startsWith(QLatin1String("postgresql://")) &&
        !o.databaseUrl.startsWith(QLatin1String("postgres://"))) {
        *error = QStringLiteral("--database-password-file: only a postgresql:// --database takes a password");
        return false;
    }
    QFile f(o.databasePasswordFile);
    if (!f.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("--database-password-file: cannot read %1: %2").arg(o.databasePasswordFile, f.errorString());
        return false;
    }
    o.databasePassword = QString::fromUtf8(f.readAll()).trimmed();
    if (o.databasePassword.isEmpty()) {
        *error = QStringLiteral("--database-password-file: %1 is empty").arg(o.databasePasswordFile);
        return false;
    }
    return true;
}

} // namespace

// One row per option, applied in this order (later rows may read what earlier ones set).
const QList<DaemonOptions::Option> &DaemonOptions::optionTable()
{
    static const QList<Option> table{
        {"help", nullptr, nullptr, "Show this help.", nullptr, Option::Command, nullptr},
        {"version", nullptr, nullptr, "Show the version.", nullptr, Option::Command, nullptr},
        {"config", "file", nullptr,
         "Config file of 'option = value' lines ('#' comments; kafka-property may repeat). Default: "
         "$TASKSTREAM_CONFIG.",
         nullptr, Option::Command, nullptr},
        {"brokers", "list", nullptr,
         "Kafka bootstrap servers HOST:PORT[,HOST:PORT...]. Missing catalog topics are created; existing ones are "
         "left alone and differences reported. Default: embedded broker.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (!v.given)
                 return true;
             o.brokers = v.value.trimmed();
             QString why;
             if (!taskstream::kafka::KafkaConfig::validateBootstrapServers(o.brokers, &why)) {
                 *error = QStringLiteral("--brokers: ") + why;
                 return false;
             }
             return true;
         }},
        {"embedded-brokers", "n", "3", "Number of brokers of the embedded cluster (1-9, default 3).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 9, &o.embeddedBrokers))
                 return true;
             *error = QStringLiteral("--embedded-brokers: '%1' is not a number from 1 to 9").arg(v.value);
             return false;
         }},
        {"startup-timeout", "seconds", "15",
         "Seconds to wait for the Kafka cluster at start before giving up (default 15).", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             int seconds = 0;
             if (!number(v, 1, 600, &seconds)) {
                 *error =
                     QStringLiteral("--startup-timeout: '%1' is not a number of seconds from 1 to 600").arg(v.value);
                 return false;
             }
             o.startupTimeoutMs = seconds * 1000;
             return true;
         }},
        {"data-dir", "dir", nullptr,
         "Directory for everything the daemon stores (database, secrets). Default: $TASKSTREAM_DATA_DIR, else %1.",
         &defaultDataDirHelp, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.dataDir = v.given ? v.value : DaemonOptions::defaultDataDir();
             return true;
         }},
        {"log-format", "format", "json", "Log lines on stderr as 'json' (default) or 'text'.", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (v.value == QLatin1String("json"))
                 o.logFormat = LogFormat::Json;
             else if (v.value == QLatin1String("text"))
                 o.logFormat = LogFormat::Text;
             else {
                 *error = QStringLiteral("--log-format: '%1' is neither 'json' nor 'text'").arg(v.value);
                 return false;
             }
             return true;
         }},
        {"database", "url", nullptr,
         "Database URL: a SQLite file path (default <data-dir>/taskstream.db) or "
         "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME when several daemons share work.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.databaseUrl = v.value;
             return true;
         }},
        {"jwt-secret-file", "file", nullptr,
         "File with the HS256 secret of API tokens (default <data-dir>/jwt-secret, generated once).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.jwtSecretFile = v.value;
             return true;
         }},
        {"http-address", "address", "127.0.0.1",
         "Address the HTTP API listens on (default 127.0.0.1; 0.0.0.0 in a container).", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.httpAddress = v.value;
             if (QHostAddress(o.httpAddress).isNull()) {
                 *error = QStringLiteral("--http-address: '%1' is not an IP address").arg(o.httpAddress);
                 return false;
             }
             return true;
         }},
        {"http-port", "port", "8080",
         "Port of the HTTP API (default 8080; 0 picks a free port, printed as http=URL on stdout).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 65535, &o.httpPort))
                 return true;
             *error = QStringLiteral("--http-port: '%1' is not a port from 0 to 65535").arg(v.value);
             return false;
         }},
        {"schema-registry", "url", nullptr,
         "Confluent Schema Registry URL; events are then framed with registered schema ids.", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.schemaRegistryUrl = v.value;
             if (!o.schemaRegistryUrl.isEmpty() && !isHttpUrl(o.schemaRegistryUrl)) {
                 *error = QStringLiteral("--schema-registry: '%1' is not an http(s) URL").arg(o.schemaRegistryUrl);
                 return false;
             }
             return true;
         }},
        {"schema-registry-user", "name", nullptr,
         "User for HTTP basic authentication with the schema registry (default: none); the password comes from "
         "--schema-registry-password-file.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.schemaRegistryUser = v.value.trimmed();
             return true;
         }},
        {"schema-registry-password-file", "file", nullptr,
         "File holding the schema registry password (e.g. a mounted Secret); needs --schema-registry-user.", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.schemaRegistryPasswordFile = v.value;
             if (o.schemaRegistryPasswordFile.isEmpty()) {
                 if (!o.schemaRegistryUser.isEmpty()) {
                     *error = QStringLiteral("--schema-registry-user: needs --schema-registry-password-file");
                     return false;
                 }
                 return true;
             }
             if (o.schemaRegistryUser.isEmpty()) {
                 *error = QStringLiteral("--schema-registry-password-file: needs --schema-registry-user");
                 return false;
             }
             return readSecretFile(QStringLiteral("schema-registry-password-file"), o.schemaRegistryPasswordFile,
                                   &o.schemaRegistryPassword, error);
         }},
        {"schema-registry-ca-file", "file", nullptr,
         "PEM CA bundle trusted for an https schema registry, besides the system's CAs (default: none).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.schemaRegistryCaFile = v.value;
             if (o.schemaRegistryCaFile.isEmpty())
                 return true;
             QString why;
             if (taskstream::events::SchemaRegistryClient::loadCaFile(o.schemaRegistryCaFile, &why).isEmpty()) {
                 *error = QStringLiteral("--schema-registry-ca-file: %1").arg(why);
                 return false;
             }
             return true;
         }},
        {"outbox-retention-hours", "hours", "24",
         "Hours a published outbox record is kept before it is pruned (default 24).", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 24 * 365, &o.outboxRetentionHours))
                 return true;
             *error =
                 QStringLiteral("--outbox-retention-hours: '%1' is not a number of hours from 1 to 8760").arg(v.value);
             return false;
         }},
        {"audit-retention-days", "days", "90",
         "Days an audit log entry is kept, counted from its event's time (default 90; 0 keeps them forever).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 100 * 365, &o.auditRetentionDays))
                 return true;
             *error =
                 QStringLiteral("--audit-retention-days: '%1' is not a number of days from 0 (keep forever) to 36500")
                     .arg(v.value);
             return false;
         }},
        {"token-issuer", "name", "taskstream",
         "The issuer (iss) API tokens must carry and `taskstreamd token` writes (default taskstream).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.tokenIssuer = v.value.trimmed();
             if (o.tokenIssuer.isEmpty()) {
                 *error = QStringLiteral("--token-issuer: give the issuer tokens must name (default taskstream)");
                 return false;
             }
             return true;
         }},
        {"token-audience", "name", nullptr,
         "An audience (aud) API tokens must name; `taskstreamd token` writes it (default: none required).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.tokenAudience = v.value.trimmed();
             return true;
         }},
        {"token-max-lifetime-hours", "hours", "720",
         "Longest lifetime (exp - iat) of an API token that is accepted or issued (default 720, 30 days).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 24 * 366, &o.tokenMaxLifetimeHours))
                 return true;
             *error = QStringLiteral("--token-max-lifetime-hours: '%1' is not a number of hours from 1 to 8784")
                          .arg(v.value);
             return false;
         }},
        {"ledger-retention-margin-hours", "hours", "24",
         "The idempotency ledger keeps a row for the longest retention of the topics consumer groups read plus "
         "this margin (default 24).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 24 * 365, &o.ledgerRetentionMarginHours))
                 return true;
             *error = QStringLiteral("--ledger-retention-margin-hours: '%1' is not a number of hours from 1 to 8760")
                          .arg(v.value);
             return false;
         }},
        {"reminder-retention-days", "days", "30",
         "Days a fired or dismissed reminder is kept after firing or dismissal (default 30; 0 keeps them).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 100 * 365, &o.reminderRetentionDays))
                 return true;
             *error =
                 QStringLiteral("--reminder-retention-days: '%1' is not a number of days from 0 to 36500").arg(v.value);
             return false;
         }},
        {"notification-retention-days", "days", "30",
         "Days a read notification is kept after it was made (default 30; 0 keeps them).", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 100 * 365, &o.notificationRetentionDays))
                 return true;
             *error = QStringLiteral("--notification-retention-days: '%1' is not a number of days from 0 to 36500")
                          .arg(v.value);
             return false;
         }},
        {"deleted-task-retention-days", "days", "30",
         "Days a deleted task is kept after its deletion before it is purged (default 30; 0 keeps them).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 100 * 365, &o.deletedTaskRetentionDays))
                 return true;
             *error = QStringLiteral("--deleted-task-retention-days: '%1' is not a number of days from 0 to 36500")
                          .arg(v.value);
             return false;
         }},
        {"reminder-default-minutes", "minutes", "15",
         "Minutes before the due date of the reminder a task with a due date but no remind_before_minutes gets "
         "(default 15; 0: none).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 0, 60 * 24 * 365, &o.reminderDefaultMinutes))
                 return true;
             *error = QStringLiteral("--reminder-default-minutes: '%1' is not a number of minutes from 0 to 525600")
                          .arg(v.value);
             return false;
         }},
        {"require-if-match", "bool", "false",
         "'true' (or the bare switch): PATCH, DELETE and complete of a task without If-Match are refused with 428, "
         "so no client overwrites a change it has not seen (default false).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             const QString b = v.value.trimmed().toLower();
             if (b == QLatin1String("true") || b == QLatin1String("yes") || b == QLatin1String("1"))
                 o.requireIfMatch = true;
             else if (b == QLatin1String("false") || b == QLatin1String("no") || b == QLatin1String("0"))
                 o.requireIfMatch = false;
             else {
                 *error = QStringLiteral("--require-if-match: '%1' is not true or false").arg(v.value);
                 return false;
             }
             return true;
         }},
        {"notify-webhook-url", "url", nullptr,
         "http(s) URL each notification is POSTed to as JSON by the notifier role (retried with backoff, redirects "
         "never followed; default: none).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.notifyWebhookUrl = v.value.trimmed();
             if (!o.notifyWebhookUrl.isEmpty() && !isHttpUrl(o.notifyWebhookUrl)) {
                 *error = QStringLiteral("--notify-webhook-url: '%1' is not an http(s) URL").arg(o.notifyWebhookUrl);
                 return false;
             }
             return true;
         }},
        {"notify-webhook-url-file", "file", nullptr,
         "File holding the notification webhook URL (e.g. a mounted Secret, when the URL carries a token); "
         "instead of --notify-webhook-url.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.notifyWebhookUrlFile = v.value;
             if (o.notifyWebhookUrlFile.isEmpty())
                 return true;
             if (!o.notifyWebhookUrl.isEmpty()) {
                 *error = QStringLiteral("--notify-webhook-url-file: give it or --notify-webhook-url, not both");
                 return false;
             }
             QString url;
             if (!readSecretFile(QStringLiteral("notify-webhook-url-file"), o.notifyWebhookUrlFile, &url, error))
                 return false;
             if (!isHttpUrl(url)) {
                 *error =
                     QStringLiteral("--notify-webhook-url-file: %1 holds no http(s) URL").arg(o.notifyWebhookUrlFile);
                 return false;
             }
             o.notifyWebhookUrl = url;
             return true;
         }},
        {"notify-webhook-secret-file", "file", nullptr,
         "File holding the key (at least 16 bytes, e.g. a mounted Secret) the webhook signs each request with: "
         "header X-Taskstream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> "
         "(docs/notifications.md). Default: requests are not signed.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.notifyWebhookSecretFile = v.value;
             if (o.notifyWebhookSecretFile.isEmpty())
                 return true;
             if (o.notifyWebhookUrl.isEmpty()) {
                 *error = QStringLiteral("--notify-webhook-secret-file: needs --notify-webhook-url or "
                                         "--notify-webhook-url-file");
                 return false;
             }
             QString secret;
             if (!readSecretFile(QStringLiteral("notify-webhook-secret-file"), o.notifyWebhookSecretFile, &secret,
                                 error))
                 return false;
             o.notifyWebhookSecret = secret.toUtf8();
             if (o.notifyWebhookSecret.size() < 16) {
                 *error = QStringLiteral("--notify-webhook-secret-file: %1 holds %2 bytes; a signing key needs at "
                                         "least 16 (e.g. openssl rand -hex 32)")
                              .arg(o.notifyWebhookSecretFile)
                              .arg(o.notifyWebhookSecret.size());
                 return false;
             }
             return true;
         }},
        {"smtp-url", "url", nullptr,
         "SMTP relay the notifier mails notifications through: smtp://host[:port] (STARTTLS when the relay offers "
         "it; required with --smtp-user) or smtps://host[:port]. Default: no mail.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.smtpUrl = v.value.trimmed();
             if (o.smtpUrl.isEmpty())
                 return true;
             const QUrl u(o.smtpUrl, QUrl::StrictMode);
             if (!u.isValid() || u.host().isEmpty() ||
                 (u.scheme() != QLatin1String("smtp") && u.scheme() != QLatin1String("smtps")) ||
                 !u.userInfo().isEmpty()) {
                 *error = QStringLiteral("--smtp-url: '%1' is not smtp://host[:port] or smtps://host[:port] (give "
                                         "credentials with --smtp-user and --smtp-password-file)")
                              .arg(o.smtpUrl);
                 return false;
             }
             return true;
         }},
        {"smtp-from", "address", nullptr, "Sender address of notification mail (required with --smtp-url).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.smtpFrom = v.value.trimmed();
             if (o.smtpUrl.isEmpty()) {
                 if (!o.smtpFrom.isEmpty()) {
                     *error = QStringLiteral("--smtp-from: needs --smtp-url");
                     return false;
                 }
                 return true;
             }
             static const QRegularExpression address(QStringLiteral("^[^@\\s<>\"]+@[^@\\s<>\"]+$"));
             if (!address.match(o.smtpFrom).hasMatch()) {
                 *error = o.smtpFrom.isEmpty()
                              ? QStringLiteral("--smtp-url: needs --smtp-from, the sender address")
                              : QStringLiteral("--smtp-from: '%1' is not an address like taskstream@example.com")
                                    .arg(o.smtpFrom);
                 return false;
             }
             return true;
         }},
        {"smtp-user", "name", nullptr, "SMTP AUTH user at the relay (default: none); with --smtp-password-file.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.smtpUser = v.value.trimmed();
             return true;
         }},
        {"smtp-password-file", "file", nullptr, "File holding the SMTP AUTH password (e.g. a mounted Secret).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.smtpPasswordFile = v.value;
             if (o.smtpPasswordFile.isEmpty()) {
                 if (!o.smtpUser.isEmpty()) {
                     *error = QStringLiteral("--smtp-user: needs --smtp-password-file");
                     return false;
                 }
                 return true;
             }
             if (o.smtpUser.isEmpty() || o.smtpUrl.isEmpty()) {
                 *error = QStringLiteral("--smtp-password-file: needs --smtp-url and --smtp-user");
                 return false;
             }
             return readSecretFile(QStringLiteral("smtp-password-file"), o.smtpPasswordFile, &o.smtpPassword, error);
         }},
        {"instance-id", "id", nullptr,
         "Stable identity of this instance, e.g. the pod name of a StatefulSet (default: none, dynamic group "
         "membership). Each consumer group joins as static member '<id>-<group>', so a restarted instance gets its "
         "partitions back at once. Two running instances must never share an id (docs/deploy.md).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.instanceId = v.value.trimmed();
             QString why;
             if (!o.instanceId.isEmpty() && !taskstream::kafka::KafkaConfig::validateInstanceId(o.instanceId, &why)) {
                 *error = QStringLiteral("--instance-id: ") + why;
                 return false;
             }
             return true;
         }},
        {"wire-format", "format", "avro",
         "Event encoding on Kafka: 'avro' (default) or 'json' (CloudEvents structured mode).", nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.wireFormat = v.value;
             if (o.wireFormat != QLatin1String("avro") && o.wireFormat != QLatin1String("json")) {
                 *error = QStringLiteral("--wire-format: '%1' is neither 'avro' nor 'json'").arg(o.wireFormat);
                 return false;
             }
             return true;
         }},
        {"user", "uuid", nullptr, "token: the user id (UUID) the token acts for.", nullptr, Option::Token,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.tokenUser = v.value;
             if (QUuid::fromString(o.tokenUser).isNull()) {
                 *error = QStringLiteral("token: --user must be a user id (UUID), e.g. --user %1")
                              .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
                 return false;
             }
             return true;
         }},
        {"role", "role", "user", "token: 'user' (default) or 'admin'.", nullptr, Option::Token,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.tokenRole = v.value;
             if (o.tokenRole != QLatin1String("user") && o.tokenRole != QLatin1String("admin")) {
                 *error = QStringLiteral("token: --role must be 'user' or 'admin'");
                 return false;
             }
             return true;
         }},
        {"ttl", "seconds", "86400", "token: lifetime in seconds (default 86400).", nullptr, Option::Token,
         [](DaemonOptions &o, const Value &v, QString *error) {
             bool ok = false;
             o.tokenTtlSeconds = v.value.toLongLong(&ok);
             if (!ok || o.tokenTtlSeconds < 1) {
                 *error = QStringLiteral("token: --ttl must be a positive number of seconds");
                 return false;
             }
             return true;
         }},
        {"kafka-property", "key=value", nullptr,
         "A librdkafka property KEY=VALUE passed to every Kafka client (repeatable), e.g. security.protocol=SASL_SSL, "
         "sasl.mechanism=SCRAM-SHA-512.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             for (const QString &a : v.values) {
                 QString k, val, why;
                 if (!taskstream::kafka::KafkaConfig::parseProperty(a, &k, &val, &why)) {
                     *error = QStringLiteral("--kafka-property: ") + why;
                     return false;
                 }
                 o.kafka.set(k, val);
             }
             return true;
         }},
        {"print", nullptr, nullptr, "config: print (the default action).", nullptr, Option::ConfigCommand, nullptr},
        {"to", "file", nullptr, "backup: the file the copy of the SQLite database is written to (a new file).", nullptr,
         Option::BackupCommand,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.backupTo = v.value;
             return true;
         }},
        {"since", "time", nullptr,
         "verify: start of the window of commit times, ISO 8601 (2026-12-06T10:00:00Z) or an age (90m, 2h, 1d). "
         "Default: 1h.",
         nullptr, Option::VerifyCommand,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.verifySince = v.value;
             return true;
         }},
        {"until", "time", nullptr, "verify: end of the window, as --since. Default: now.", nullptr,
         Option::VerifyCommand,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.verifyUntil = v.value;
             return true;
         }},
        {"group", "name", nullptr, "verify: a consumer group to report on (repeatable). Default: every catalog group.",
         nullptr, Option::VerifyCommand,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.verifyGroups = v.values;
             return true;
         }},
        {"json", nullptr, nullptr, "verify: print the report as JSON.", nullptr, Option::VerifyCommand,
         [](DaemonOptions &o, const Value &v, QString *) {
             o.verifyJson = v.given;
             return true;
         }},
        {"settle-seconds", "n", nullptr,
         "verify: events younger than this at the window's end are in flight, not lost. Default: 30.", nullptr,
         Option::VerifyCommand,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (!v.given)
                 return true;
             bool ok = false;
             o.verifySettleSeconds = v.value.toInt(&ok);
             if (!ok || o.verifySettleSeconds < 0) {
                 *error = QStringLiteral("--settle-seconds: expected a number of seconds, 0 or more");
                 return false;
             }
             return true;
         }},
        {"roles", "list", nullptr,
         "Comma-separated roles this process runs (default: all): %1. Processes with the same roles share work "
         "through consumer groups and PostgreSQL.",
         &roleListHelp, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             const QString list = v.given ? v.value : DaemonOptions::allRoles().join(QLatin1Char(','));
             const QStringList wanted = list.split(QLatin1Char(','), Qt::SkipEmptyParts);
             for (const QString &r : wanted) {
                 if (!DaemonOptions::allRoles().contains(r.trimmed())) {
                     *error = QStringLiteral("--roles: unknown role '%1' (roles: %2)").arg(r.trimmed(), roleListHelp());
                     return false;
                 }
             }
             o.roles.clear();
             for (const QString &r : DaemonOptions::allRoles())
                 for (const QString &w : wanted)
                     if (w.trimmed() == r && !o.roles.contains(r))
                         o.roles << r;
             if (o.roles.isEmpty()) {
                 *error = QStringLiteral("--roles: give at least one role (%1)").arg(roleListHelp());
                 return false;
             }
             return true;
         }},
        {"kafka-property-file", "file", nullptr,
         "File of librdkafka KEY=VALUE lines for every Kafka client, e.g. sasl.password from a mounted Secret.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.kafkaPropertyFile = v.value;
             return o.kafkaPropertyFile.isEmpty() || readKafkaPropertyFile(o, error);
         }},
        {"database-password-file", "file", nullptr,
         "File holding the PostgreSQL password (e.g. a mounted Secret); the --database URL then needs none.", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.databasePasswordFile = v.value;
             return o.databasePasswordFile.isEmpty() || readDatabasePassword(o, error);
         }},
        {"shutdown-grace-seconds", "seconds", "25",
         "On SIGTERM, seconds to finish in-flight work, flush and commit before exiting (default 25, under "
         "Kubernetes' 30).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 3600, &o.shutdownGraceSeconds))
                 return true;
             *error = QStringLiteral("--shutdown-grace-seconds: '%1' is not a number of seconds from 1 to 3600")
                          .arg(v.value);
             return false;
         }},
        {"liveness-timeout", "seconds", "30",
         "/healthz fails when the event loop or a worker thread has not answered a heartbeat for this many "
         "seconds (a wedged thread; default 30).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 2, 3600, &o.livenessTimeoutSeconds))
                 return true;
             *error = QStringLiteral("--liveness-timeout: '%1' is not a number of seconds from 2 to 3600").arg(v.value);
             return false;
         }},
        {"time-zone", "zone", "UTC",
         "IANA time zone recurring tasks recur in, so a daily 09:00 stays 09:00 across daylight-saving changes "
         "(default UTC).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             const QByteArray zoneId = v.value.toUtf8();
             o.timeZone = zoneId == "UTC" ? QTimeZone::utc() : QTimeZone(zoneId);
             if (!o.timeZone.isValid()) {
                 *error = QStringLiteral("--time-zone: '%1' is not a time zone this system knows (an IANA name such as "
                                         "Europe/Berlin, or UTC)")
                              .arg(v.value);
                 return false;
             }
             return true;
         }},
        {"create-topics", "yes|no", "yes",
         "With --brokers: create the catalog's missing topics at start and compare existing ones with it "
         "(default yes); 'no' sends no CreateTopics and refuses to start while a topic is missing.",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             const QString value = v.value.trimmed().toLower();
             if (value == QLatin1String("yes") || value == QLatin1String("true"))
                 o.createTopics = true;
             else if (value == QLatin1String("no") || value == QLatin1String("false"))
                 o.createTopics = false;
             else {
                 *error = QStringLiteral("--create-topics: '%1' is neither yes nor no").arg(v.value);
                 return false;
             }
             return true;
         }},
        {"feed-allowed-origins", "list", nullptr,
         "Comma-separated origins (scheme://host[:port]) browsers may open the live feed from (default: any).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             o.feedAllowedOrigins.clear();
             for (const QString &item : v.value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                 const QString origin = item.trimmed();
                 const QUrl u(origin);
                 if (!u.isValid() || u.host().isEmpty() || !u.path().isEmpty() ||
                     (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))) {
                     *error =
                         QStringLiteral("--feed-allowed-origins: '%1' is not an origin such as https://app.example.com")
                             .arg(origin);
                     return false;
                 }
                 o.feedAllowedOrigins << origin;
             }
             return true;
         }},
        {"feed-max-per-user", "n", "16",
         "Live-feed connections one user may hold; further ones are closed with 1008 (default 16).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 100000, &o.feedMaxConnectionsPerUser))
                 return true;
             *error = QStringLiteral("--feed-max-per-user: '%1' is not a number from 1 to 100000").arg(v.value);
             return false;
         }},
        {"feed-max-per-address", "n", "256",
         "Live-feed connections one client address may hold; further handshakes get HTTP 429 (default 256).", nullptr,
         Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 1000000, &o.feedMaxConnectionsPerAddress))
                 return true;
             *error = QStringLiteral("--feed-max-per-address: '%1' is not a number from 1 to 1000000").arg(v.value);
             return false;
         }},
        {"feed-allow-query-token", "on|off", "off",
         "Accept the live feed's token as ?access_token= on its URL (default off: URLs end up in access logs; "
         "clients send Authorization: Bearer, the subprotocol bearer.TOKEN or a first auth message).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             const QString value = v.value.trimmed().toLower();
             if (value == QLatin1String("on") || value == QLatin1String("true") || value == QLatin1String("1")) {
                 o.feedAllowQueryToken = true;
                 return true;
             }
             if (value == QLatin1String("off") || value == QLatin1String("false") || value == QLatin1String("0")) {
                 o.feedAllowQueryToken = false;
                 return true;
             }
             *error = QStringLiteral("--feed-allow-query-token: '%1' is not on or off").arg(v.value);
             return false;
         }},
        {"feed-resume-readers", "n", "2",
         "Shared Kafka readers serving live-feed resumes at the same time; each serves every resume waiting when "
         "it starts (default 2).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 16, &o.feedResumeReaders))
                 return true;
             *error = QStringLiteral("--feed-resume-readers: '%1' is not a number from 1 to 16").arg(v.value);
             return false;
         }},
        {"http-max-per-address", "n", "64",
         "HTTP connections one client address may hold; a new one replaces that address's longest-idle one, or "
         "gets 429 when none is idle (default 64).",
         nullptr, Option::Layered,
         [](DaemonOptions &o, const Value &v, QString *error) {
             if (number(v, 1, 100000, &o.httpMaxConnectionsPerAddress))
                 return true;
             *error = QStringLiteral("--http-max-per-address: '%1' is not a number from 1 to 100000").arg(v.value);
             return false;
         }},
    };
    return table;
}

QString DaemonOptions::envName(const Option &option)
{
    return ::envName(QLatin1String(option.name));
}

DaemonOptions::Outcome DaemonOptions::parseLayered(const QStringList &args, bool tokenCommand, bool configCommand,
                                                   bool backupCommand, bool verifyCommand)
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
        "  prints the effective configuration (secrets masked) and where each value came from.\n"
        "taskstreamd backup --to FILE [--data-dir DIR | --database PATH]\n"
        "  copies the SQLite database into FILE, consistently, while the daemon may be running.\n"
        "taskstreamd verify --brokers LIST [--since T] [--until T] [--group G]... [--json] [--database URL]\n"
        "  reconciles the outbox, the topics and each consumer group's ledger (docs/verify.md); exit code 0\n"
        "  when clean, 3 when an event was lost or a key is out of order, 1 when it could not finish.\n"
        "taskstreamd migrate [--database URL | --data-dir DIR] [--startup-timeout SECONDS]\n"
        "  applies the database's schema migrations and exits: 0 the schema is current, 1 a migration\n"
        "  failed or the schema is newer than this build, 3 the database was unreachable within the\n"
        "  startup timeout (worth trying again)."));
    const QList<Option> &table = optionTable();
    QList<QCommandLineOption> options;
    for (const Option &o : table) {
        QStringList names{QLatin1String(o.name)};
        if (qstrcmp(o.name, "help") == 0)
            names.prepend(QStringLiteral("h"));
        else if (qstrcmp(o.name, "version") == 0)
            names.prepend(QStringLiteral("v"));
        QString help = QString::fromUtf8(o.help);
        if (o.helpArgument)
            help = help.arg(o.helpArgument());
        options.append(o.valueName ? QCommandLineOption(names, help, QLatin1String(o.valueName),
                                                        o.defaultValue ? QLatin1String(o.defaultValue) : QString())
                                   : QCommandLineOption(names, help));
        p.addOption(options.last());
    }
    helpText = p.helpText();

    if (!p.parse(args)) {
        error = p.errorText() + QStringLiteral(" (see --help)");
        return Outcome::UsageError;
    }
    if (p.isSet(QStringLiteral("help")))
        return Outcome::ShowHelp;
    if (p.isSet(QStringLiteral("version")))
        return Outcome::ShowVersion;
    if (!p.positionalArguments().isEmpty()) {
        error = QStringLiteral("unexpected argument '%1' (see --help)").arg(p.positionalArguments().first());
        return Outcome::UsageError;
    }
    bool tokenOptionsChecked = false;
    for (qsizetype i = 0; i < table.size(); ++i) {
        const Option &o = table.at(i);
        const QCommandLineOption &opt = options.at(i);
        const OptionValue value{p.value(opt), p.values(opt), p.isSet(opt)};
        switch (o.scope) {
        case Option::Command:
            continue;
        case Option::ConfigCommand:
            if (value.given && !configCommand) {
                error = QStringLiteral("--%1 belongs to 'taskstreamd config'").arg(QLatin1String(o.name));
                return Outcome::UsageError;
            }
            continue;
        case Option::BackupCommand:
            if (!backupCommand) {
                if (value.given) {
                    error = QStringLiteral("--%1 belongs to 'taskstreamd backup'").arg(QLatin1String(o.name));
                    return Outcome::UsageError;
                }
                continue;
            }
            break;
        case Option::VerifyCommand:
            if (!verifyCommand) {
                if (value.given) {
                    error = QStringLiteral("--%1 belongs to 'taskstreamd verify'").arg(QLatin1String(o.name));
                    return Outcome::UsageError;
                }
                continue;
            }
            break;
        case Option::Token:
            if (!tokenCommand) {
                if (!tokenOptionsChecked) {
                    tokenOptionsChecked = true;
                    for (qsizetype j = 0; j < table.size(); ++j)
                        if (table.at(j).scope == Option::Token && p.isSet(options.at(j))) {
                            error = QStringLiteral("--user, --role and --ttl belong to 'taskstreamd token'");
                            return Outcome::UsageError;
                        }
                }
                continue;
            }
            break;
        case Option::Layered:
            break;
        }
        if (o.apply && !o.apply(*this, value, &error))
            return Outcome::UsageError;
    }
    if (configCommand)
        return Outcome::PrintConfig;
    if (backupCommand) {
        if (backupTo.isEmpty()) {
            error = QStringLiteral("backup: --to FILE is required");
            return Outcome::UsageError;
        }
        return Outcome::Backup;
    }
    if (verifyCommand) {
        if (brokers.isEmpty()) {
            error = QStringLiteral("verify: --brokers is required (a running daemon with the embedded broker prints "
                                   "its 'bootstrap.servers=' line)");
            return Outcome::UsageError;
        }
        return Outcome::Verify;
    }
    return tokenCommand ? Outcome::IssueToken : Outcome::Run;
}

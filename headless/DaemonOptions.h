#pragma once

#include "LogOutput.h"
#include "runtime/NodeConfig.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimeZone>

/// The daemon's command line, validated: the node's configuration (the NodeConfig part) and what
/// only the process uses. parse() never exits; main() decides.
struct DaemonOptions : taskstream::runtime::NodeConfig
{
    enum class Outcome { Run, IssueToken, PrintConfig, Backup, Verify, Migrate, ShowHelp, ShowVersion, UsageError };

    LogFormat logFormat = LogFormat::Json;
    QString configFile;                 ///< --config / TASKSTREAM_CONFIG
    QString kafkaPropertyFile;          ///< librdkafka KEY=VALUE lines (e.g. sasl.password from a Secret)
    QString databasePasswordFile;       ///< PostgreSQL password, put into the database URL
    QString schemaRegistryPasswordFile; ///< the schema registry's basic-auth password
    QString notifyWebhookUrlFile;       ///< where notifyWebhookUrl was read from, if a file
    QString notifyWebhookSecretFile;    ///< where notifyWebhookSecret was read from
    QString smtpPasswordFile;           ///< where smtpPassword was read from

    // `taskstreamd backup`
    QString backupTo; ///< --to: the file the SQLite copy is written to

    // `taskstreamd verify` (docs/verify.md)
    QString verifySince;      ///< --since: an ISO 8601 time or an age such as 90m, 2h, 1d (default 1h)
    QString verifyUntil;      ///< --until: the window's end (default now)
    QStringList verifyGroups; ///< --group, repeatable (default: every catalog group)
    bool verifyJson = false;  ///< --json
    int verifySettleSeconds = 30;

    // `taskstreamd token`
    QString tokenUser;
    QString tokenRole = QStringLiteral("user");
    qint64 tokenTtlSeconds = 24 * 3600;

    /// The effective configuration in config-file syntax, secrets masked (`taskstreamd config`).
    QString printableConfig() const;

    /// Where each option given came from: "--name", "TASKSTREAM_NAME" or "config file F line N".
    QHash<QString, QString> origins;

    QString error;    ///< for UsageError: one line saying what to fix
    QString helpText; ///< for ShowHelp

    static QString defaultDataDir();
    /// Command line over environment (TASKSTREAM_<OPTION>) over config file over defaults.
    /// \a environment: the process environment unless given (tests).
    Outcome parse(const QStringList &arguments, const QProcessEnvironment *environment = nullptr);

    /// What an option's row is given: its last value, all its values (repeatable options), and
    /// whether it was given at all (command line, environment or config file).
    struct OptionValue
    {
        QString value;
        QStringList values;
        bool given = false;
    };
    /// One row per option of taskstreamd: its long name (also the config-file key, and
    /// TASKSTREAM_<NAME> in the environment for layered options), help, and how it sets the options.
    struct Option
    {
        enum Scope {
            Layered,       ///< command line, environment or config file
            Command,       ///< command line only, handled before the rows are applied (help, version, config)
            Token,         ///< only with `taskstreamd token`
            ConfigCommand, ///< only with `taskstreamd config`
            BackupCommand, ///< only with `taskstreamd backup`
            VerifyCommand, ///< only with `taskstreamd verify`
        };
        const char *name;
        const char *valueName;    ///< null: a flag
        const char *defaultValue; ///< null: none
        const char *help;         ///< may hold %1, filled by helpArgument
        QString (*helpArgument)();
        Scope scope;
        /// Sets the options from the value; false with *error (one line naming the option).
        bool (*apply)(DaemonOptions &options, const OptionValue &value, QString *error);
    };
    /// Every option, in the order they are applied.
    static const QList<Option> &optionTable();
    /// The environment variable of \a option: TASKSTREAM_ and its name in upper case, '-' as '_'.
    static QString envName(const Option &option);

private:
    Outcome parseLayered(const QStringList &args, bool tokenCommand, bool configCommand, bool backupCommand,
                         bool verifyCommand);
};

// taskstreamd's option table: an option given on the command line, as its TASKSTREAM_ variable or
// as a config-file key sets the same field; the command line wins; unknown options are usage
// errors (exit code 2 in main()).
#include "DaemonOptions.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class TestDaemonOptions : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;

    QString writeConfig(const QByteArray &text)
    {
        const QString path = dir.filePath(QStringLiteral("taskstreamd.conf"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text);
        return path;
    }

private slots:
    void everyLayeredRowHasAnEnvironmentVariable()
    {
        int layered = 0;
        for (const DaemonOptions::Option &o : DaemonOptions::optionTable()) {
            QVERIFY(o.help && *o.help);
            if (o.scope != DaemonOptions::Option::Layered)
                continue;
            ++layered;
            QVERIFY(o.apply);
            QVERIFY(DaemonOptions::envName(o).startsWith(QLatin1String("TASKSTREAM_")));
            QVERIFY(!DaemonOptions::envName(o).contains(QLatin1Char('-')));
        }
        QCOMPARE(layered, 47);
    }

    void tokenAndRetentionOptions()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        env.insert(QStringLiteral("TASKSTREAM_TOKEN_AUDIENCE"), QStringLiteral("tasks-api"));
        DaemonOptions o;
        QCOMPARE(o.parse({QStringLiteral("taskstreamd"), QStringLiteral("--token-issuer"),
                          QStringLiteral("https://id.example"), QStringLiteral("--token-max-lifetime-hours"),
                          QStringLiteral("2"), QStringLiteral("--reminder-retention-days"), QStringLiteral("0"),
                          QStringLiteral("--notification-retention-days"), QStringLiteral("7"),
                          QStringLiteral("--deleted-task-retention-days"), QStringLiteral("5"),
                          QStringLiteral("--ledger-retention-margin-hours"), QStringLiteral("48")},
                         &env),
                 DaemonOptions::Outcome::Run);
        const taskstream::auth::JwtOptions jwt = o.jwtOptions();
        QCOMPARE(jwt.issuer, QStringLiteral("https://id.example"));
        QCOMPARE(jwt.audience, QStringLiteral("tasks-api"));
        QCOMPARE(jwt.maxLifetimeSeconds, qint64(7200));
        QCOMPARE(o.reminderRetentionDays, 0);
        QCOMPARE(o.notificationRetentionDays, 7);
        QCOMPARE(o.deletedTaskRetentionDays, 5);
        QCOMPARE(o.ledgerRetentionMarginHours, 48);
        QVERIFY(o.printableConfig().contains(QLatin1String("token-audience = tasks-api")));

        DaemonOptions defaults;
        QCOMPARE(defaults.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QCOMPARE(defaults.tokenIssuer, QStringLiteral("taskstream"));
        QCOMPARE(defaults.deletedTaskRetentionDays, 30);

        for (const char *bad :
             {"--reminder-retention-days", "--token-max-lifetime-hours", "--ledger-retention-margin-hours"}) {
            DaemonOptions wrong;
            QCOMPARE(wrong.parse({QStringLiteral("taskstreamd"), QLatin1String(bad), QStringLiteral("-1")}, &env),
                     DaemonOptions::Outcome::UsageError);
            QVERIFY2(wrong.error.contains(QLatin1String(bad)), qPrintable(wrong.error));
        }
    }

    void eachSourceSetsTheConfig_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("configLine");
        QTest::newRow("command line") << QStringList{QStringLiteral("--http-port"), QStringLiteral("9191")} << QString()
                                      << QString();
        QTest::newRow("environment") << QStringList() << QStringLiteral("9191") << QString();
        QTest::newRow("config file") << QStringList() << QString() << QStringLiteral("http-port = 9191");
    }

    void eachSourceSetsTheConfig()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, variable);
        QFETCH(QString, configLine);
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        if (!variable.isEmpty())
            env.insert(QStringLiteral("TASKSTREAM_HTTP_PORT"), variable);
        QStringList args{QStringLiteral("taskstreamd")};
        if (!configLine.isEmpty())
            args << QStringLiteral("--config") << writeConfig(configLine.toUtf8() + '\n');
        args << arguments;
        DaemonOptions options;
        QCOMPARE(options.parse(args, &env), DaemonOptions::Outcome::Run);
        QCOMPARE(options.httpPort, 9191);
        QCOMPARE(options.roles, DaemonOptions::allRoles());
        QCOMPARE(options.embeddedBrokers, 3); // the others keep their defaults
    }

    void createTopicsIsOnUnlessSaidNo()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        DaemonOptions defaults;
        QCOMPARE(defaults.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QVERIFY(defaults.createTopics);
        env.insert(QStringLiteral("TASKSTREAM_CREATE_TOPICS"), QStringLiteral("no"));
        DaemonOptions off;
        QCOMPARE(off.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QVERIFY(!off.createTopics);
        QVERIFY(off.printableConfig().contains(QLatin1String("create-topics = no")));
    }

    void commandLineWinsOverEnvironmentOverFile()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_ROLES"), QStringLiteral("api,relay"));
        env.insert(QStringLiteral("TASKSTREAM_WIRE_FORMAT"), QStringLiteral("json"));
        const QString config = writeConfig("roles = audit\nwire-format = avro\nembedded-brokers = 2\n");
        DaemonOptions options;
        QCOMPARE(options.parse({QStringLiteral("taskstreamd"), QStringLiteral("--config"), config,
                                QStringLiteral("--roles=feed,api")},
                               &env),
                 DaemonOptions::Outcome::Run);
        QCOMPARE(options.roles, (QStringList{QStringLiteral("api"), QStringLiteral("feed")})); // in table order
        QCOMPARE(options.wireFormat, QStringLiteral("json"));
        QCOMPARE(options.embeddedBrokers, 2);
        QCOMPARE(options.origins.value(QStringLiteral("roles")), QStringLiteral("--roles"));
        QCOMPARE(options.origins.value(QStringLiteral("wire-format")), QStringLiteral("TASKSTREAM_WIRE_FORMAT"));
    }

    void unknownOptionIsAUsageError()
    {
        QProcessEnvironment env;
        DaemonOptions options;
        QCOMPARE(options.parse({QStringLiteral("taskstreamd"), QStringLiteral("--no-such-option")}, &env),
                 DaemonOptions::Outcome::UsageError);
        QVERIFY2(options.error.contains(QLatin1String("no-such-option")), qPrintable(options.error));

        DaemonOptions fromFile;
        const QString config = writeConfig("no-such-key = 1\n");
        QCOMPARE(fromFile.parse({QStringLiteral("taskstreamd"), QStringLiteral("--config"), config}, &env),
                 DaemonOptions::Outcome::UsageError);
        QVERIFY2(fromFile.error.contains(QLatin1String("unknown key 'no-such-key'")), qPrintable(fromFile.error));
    }

    void requireIfMatchIsOffUnlessTurnedOn()
    {
        QProcessEnvironment env;
        DaemonOptions defaults;
        QCOMPARE(defaults.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QCOMPARE(defaults.requireIfMatch, false);
        env.insert(QStringLiteral("TASKSTREAM_REQUIRE_IF_MATCH"), QStringLiteral("true"));
        DaemonOptions on;
        QCOMPARE(on.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QCOMPARE(on.requireIfMatch, true);
        QProcessEnvironment none;
        DaemonOptions bare;
        QCOMPARE(bare.parse({QStringLiteral("taskstreamd"), QStringLiteral("--require-if-match")}, &none),
                 DaemonOptions::Outcome::Run);
        QCOMPARE(bare.requireIfMatch, true);
        DaemonOptions off;
        QCOMPARE(off.parse({QStringLiteral("taskstreamd"), QStringLiteral("--require-if-match"),
                            QStringLiteral("false"), QStringLiteral("--http-port"), QStringLiteral("9000")},
                           &env),
                 DaemonOptions::Outcome::Run);
        QCOMPARE(off.requireIfMatch, false); // the command line wins over the environment's true
        DaemonOptions bad;
        QCOMPARE(bad.parse({QStringLiteral("taskstreamd"), QStringLiteral("--require-if-match=maybe")}, &env),
                 DaemonOptions::Outcome::UsageError);
        QCOMPARE(bad.error, QStringLiteral("--require-if-match: 'maybe' is not true or false"));
    }

    void badValueNamesWhereItCameFrom()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_HTTP_PORT"), QStringLiteral("70000"));
        DaemonOptions options;
        QCOMPARE(options.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::UsageError);
        QCOMPARE(options.error,
                 QStringLiteral("TASKSTREAM_HTTP_PORT (http-port): '70000' is not a port from 0 to 65535"));
    }

    void instanceIdFromThePodNameOrRefused()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        DaemonOptions none;
        QCOMPARE(none.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QVERIFY(none.instanceId.isEmpty()); // dynamic membership unless given

        env.insert(QStringLiteral("TASKSTREAM_INSTANCE_ID"), QStringLiteral("taskstream-workers-0"));
        DaemonOptions fromEnv;
        QCOMPARE(fromEnv.parse({QStringLiteral("taskstreamd")}, &env), DaemonOptions::Outcome::Run);
        QCOMPARE(fromEnv.instanceId, QStringLiteral("taskstream-workers-0"));
        QVERIFY(fromEnv.printableConfig().contains(QLatin1String("instance-id = taskstream-workers-0")));

        DaemonOptions bad;
        QCOMPARE(
            bad.parse({QStringLiteral("taskstreamd"), QStringLiteral("--instance-id"), QStringLiteral("pod/0")}, &env),
            DaemonOptions::Outcome::UsageError);
        QVERIFY2(bad.error.contains(QLatin1String("instance id 'pod/0' must be 1 to 200 characters")),
                 qPrintable(bad.error));
    }

    QString writeFile(const QString &name, const QByteArray &text)
    {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text);
        return path;
    }

    // Secrets as mounted files: the registry password and the webhook URL are read from them,
    // and the printed configuration names the files, not what they hold.
    void secretsFromFiles()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        const QString password = writeFile(QStringLiteral("registry-password"), "s3cret\n");
        const QString webhook = writeFile(QStringLiteral("webhook"), "https://hooks.example.com/t?token=abc\n");
        const QString signing = writeFile(QStringLiteral("signing"), "0123456789abcdef0123\n");
        const QString smtpPassword = writeFile(QStringLiteral("smtp-password"), "mailpass\n");
        DaemonOptions o;
        QCOMPARE(o.parse({QStringLiteral("taskstreamd"), QStringLiteral("--schema-registry-user"),
                          QStringLiteral("taskstream"), QStringLiteral("--schema-registry-password-file"), password,
                          QStringLiteral("--notify-webhook-url-file"), webhook,
                          QStringLiteral("--notify-webhook-secret-file"), signing, QStringLiteral("--smtp-url"),
                          QStringLiteral("smtp://mail.example.com:587"), QStringLiteral("--smtp-from"),
                          QStringLiteral("taskstream@example.com"), QStringLiteral("--smtp-user"), QStringLiteral("ts"),
                          QStringLiteral("--smtp-password-file"), smtpPassword},
                         &env),
                 DaemonOptions::Outcome::Run);
        QCOMPARE(o.notifyWebhookSecret, QByteArray("0123456789abcdef0123"));
        QCOMPARE(o.smtpUrl, QStringLiteral("smtp://mail.example.com:587"));
        QCOMPARE(o.smtpFrom, QStringLiteral("taskstream@example.com"));
        QCOMPARE(o.smtpPassword, QStringLiteral("mailpass"));
        QCOMPARE(o.schemaRegistryUser, QStringLiteral("taskstream"));
        QCOMPARE(o.schemaRegistryPassword, QStringLiteral("s3cret"));
        QCOMPARE(o.notifyWebhookUrl, QStringLiteral("https://hooks.example.com/t?token=abc"));
        const QString printed = o.printableConfig();
        QVERIFY(!printed.contains(QLatin1String("s3cret")));
        QVERIFY(!printed.contains(QLatin1String("token=abc")));
        QVERIFY(printed.contains(QLatin1String("notify-webhook-url-file = ") + webhook));
        QVERIFY(!printed.contains(QLatin1String("0123456789abcdef")));
        QVERIFY(!printed.contains(QLatin1String("mailpass")));
        QVERIFY(printed.contains(QLatin1String("notify-webhook-secret-file = ") + signing));
        QVERIFY(printed.contains(QLatin1String("smtp-password-file = ") + smtpPassword));
    }

    void badSecretFilesAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const QString empty = writeFile(QStringLiteral("empty"), "\n");
        const QString notPem = writeFile(QStringLiteral("not.pem"), "not a certificate\n");
        const QString notUrl = writeFile(QStringLiteral("not-url"), "hooks.example.com\n");
        const QString url = writeFile(QStringLiteral("url"), "https://hooks.example.com/x\n");
        QTest::newRow("user without password")
            << QStringList{QStringLiteral("--schema-registry-user"), QStringLiteral("u")}
            << QStringLiteral("--schema-registry-user: needs --schema-registry-password-file");
        QTest::newRow("password without user")
            << QStringList{QStringLiteral("--schema-registry-password-file"), empty}
            << QStringLiteral("--schema-registry-password-file: needs --schema-registry-user");
        QTest::newRow("empty password") << QStringList{QStringLiteral("--schema-registry-user"), QStringLiteral("u"),
                                                       QStringLiteral("--schema-registry-password-file"), empty}
                                        << QStringLiteral("--schema-registry-password-file: %1 is empty").arg(empty);
        QTest::newRow("CA file without a certificate")
            << QStringList{QStringLiteral("--schema-registry-ca-file"), notPem}
            << QStringLiteral("--schema-registry-ca-file: %1 holds no PEM certificate").arg(notPem);
        QTest::newRow("webhook file without a URL")
            << QStringList{QStringLiteral("--notify-webhook-url-file"), notUrl}
            << QStringLiteral("--notify-webhook-url-file: %1 holds no http(s) URL").arg(notUrl);
        QTest::newRow("webhook URL twice")
            << QStringList{QStringLiteral("--notify-webhook-url"), QStringLiteral("https://a.example"),
                           QStringLiteral("--notify-webhook-url-file"), url}
            << QStringLiteral("--notify-webhook-url-file: give it or --notify-webhook-url, not both");
        const QString shortKey = writeFile(QStringLiteral("short-key"), "tooshort\n");
        QTest::newRow("signing key too short")
            << QStringList{QStringLiteral("--notify-webhook-url"), QStringLiteral("https://a.example"),
                           QStringLiteral("--notify-webhook-secret-file"), shortKey}
            << QStringLiteral("--notify-webhook-secret-file: %1 holds 8 bytes; a signing key needs at least 16 (e.g. "
                              "openssl rand -hex 32)")
                   .arg(shortKey);
        QTest::newRow("signing key without a webhook")
            << QStringList{QStringLiteral("--notify-webhook-secret-file"), url}
            << QStringLiteral("--notify-webhook-secret-file: needs --notify-webhook-url or --notify-webhook-url-file");
        QTest::newRow("smtp URL of another scheme")
            << QStringList{QStringLiteral("--smtp-url"), QStringLiteral("http://mail.example.com"),
                           QStringLiteral("--smtp-from"), QStringLiteral("a@example.com")}
            << QStringLiteral("--smtp-url: 'http://mail.example.com' is not smtp://host[:port] or smtps://host[:port] "
                              "(give credentials with --smtp-user and --smtp-password-file)");
        QTest::newRow("smtp without a sender")
            << QStringList{QStringLiteral("--smtp-url"), QStringLiteral("smtp://mail.example.com")}
            << QStringLiteral("--smtp-url: needs --smtp-from, the sender address");
        QTest::newRow("smtp user without a password")
            << QStringList{QStringLiteral("--smtp-url"),  QStringLiteral("smtp://mail.example.com"),
                           QStringLiteral("--smtp-from"), QStringLiteral("a@example.com"),
                           QStringLiteral("--smtp-user"), QStringLiteral("u")}
            << QStringLiteral("--smtp-user: needs --smtp-password-file");
    }

    void badSecretFilesAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        DaemonOptions o;
        QCOMPARE(o.parse(QStringList{QStringLiteral("taskstreamd")} + args, &env), DaemonOptions::Outcome::UsageError);
        QCOMPARE(o.error, error);
    }

    void migrateIsACommand()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        DaemonOptions o;
        QCOMPARE(o.parse({QStringLiteral("taskstreamd"), QStringLiteral("migrate"), QStringLiteral("--database"),
                          QStringLiteral("postgresql://u@db:5432/tasks")},
                         &env),
                 DaemonOptions::Outcome::Migrate);
        QCOMPARE(o.databaseUrl, QStringLiteral("postgresql://u@db:5432/tasks"));
    }

    void tokenOptionsBelongToTheTokenCommand()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("TASKSTREAM_DATA_DIR"), dir.path());
        DaemonOptions run;
        QCOMPARE(run.parse({QStringLiteral("taskstreamd"), QStringLiteral("--ttl"), QStringLiteral("60")}, &env),
                 DaemonOptions::Outcome::UsageError);
        QCOMPARE(run.error, QStringLiteral("--user, --role and --ttl belong to 'taskstreamd token'"));
        DaemonOptions token;
        const QString user = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(token.parse({QStringLiteral("taskstreamd"), QStringLiteral("token"), QStringLiteral("--user"), user,
                              QStringLiteral("--ttl"), QStringLiteral("60")},
                             &env),
                 DaemonOptions::Outcome::IssueToken);
        QCOMPARE(token.tokenUser, user);
        QCOMPARE(token.tokenTtlSeconds, qint64(60));
        QCOMPARE(token.tokenRole, QStringLiteral("user"));
    }
};

QTEST_GUILESS_MAIN(TestDaemonOptions)
#include "tst_daemonoptions.moc"

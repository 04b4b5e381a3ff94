#include "ConsoleOptions.h"

#include <QCommandLineParser>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using taskstream::console::ConsoleOptions;
using Outcome = taskstream::console::ConsoleOptions::Outcome;
Q_DECLARE_METATYPE(Outcome)

class TestConsoleOptions : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("bootstrap");
        QTest::addColumn<bool>("sandbox");
        QTest::addColumn<QString>("errorMentions");

        QTest::newRow("no options") << QStringList() << Outcome::Run << QString() << false << QString();
        QTest::newRow("bootstrap list") << QStringList({QStringLiteral("--bootstrap-servers"),
                                                        QStringLiteral("kafka-0:9092,kafka-1:9092")})
                                        << Outcome::Run << QStringLiteral("kafka-0:9092,kafka-1:9092") << false
                                        << QString();
        QTest::newRow("short option, ipv6") << QStringList({QStringLiteral("-b"), QStringLiteral("[::1]:9092")})
                                            << Outcome::Run << QStringLiteral("[::1]:9092") << false << QString();
        QTest::newRow("sandbox") << QStringList({QStringLiteral("--sandbox")}) << Outcome::Run << QString() << true
                                 << QString();
        QTest::newRow("help") << QStringList({QStringLiteral("--help")}) << Outcome::ShowHelp << QString() << false
                              << QString();
        QTest::newRow("missing port") << QStringList(
                                             {QStringLiteral("--bootstrap-servers"), QStringLiteral("localhost")})
                                      << Outcome::Error << QString() << false << QStringLiteral("HOST:PORT");
        QTest::newRow("empty entry") << QStringList({QStringLiteral("--bootstrap-servers=a:1,,b:2")}) << Outcome::Error
                                     << QString() << false << QStringLiteral("HOST:PORT");
        QTest::newRow("missing value") << QStringList({QStringLiteral("--bootstrap-servers")}) << Outcome::Error
                                       << QString() << false << QStringLiteral("bootstrap-servers");
        QTest::newRow("unknown option") << QStringList({QStringLiteral("--frobnicate")}) << Outcome::Error << QString()
                                        << false << QStringLiteral("frobnicate");
        QTest::newRow("both sources") << QStringList(
                                             {QStringLiteral("--sandbox"), QStringLiteral("-b"), QStringLiteral("a:1")})
                                      << Outcome::Error << QString() << false << QStringLiteral("--sandbox");
        QTest::newRow("sandbox with demo load, all tabs")
            << QStringList({QStringLiteral("--sandbox"), QStringLiteral("--demo-load"), QStringLiteral("--screenshot"),
                            QStringLiteral("out"), QStringLiteral("--screenshot-tab"), QStringLiteral("all"),
                            QStringLiteral("--screenshot-delay"), QStringLiteral("100")})
            << Outcome::Run << QString() << true << QString();
        QTest::newRow("audit tab") << QStringList({QStringLiteral("--screenshot"), QStringLiteral("audit.png"),
                                                   QStringLiteral("--screenshot-tab"), QStringLiteral("audit")})
                                   << Outcome::Run << QString() << false << QString();
        QTest::newRow("demo load without sandbox") << QStringList({QStringLiteral("--demo-load")}) << Outcome::Error
                                                   << QString() << false << QStringLiteral("--sandbox");
        QTest::newRow("unknown tab") << QStringList({QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                                                     QStringLiteral("--screenshot-tab"), QStringLiteral("charts")})
                                     << Outcome::Error << QString() << false << QStringLiteral("charts");
        QTest::newRow("tab without screenshot")
            << QStringList({QStringLiteral("--screenshot-tab"), QStringLiteral("live")}) << Outcome::Error << QString()
            << false << QStringLiteral("--screenshot");
        QTest::newRow("negative delay") << QStringList({QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                                                        QStringLiteral("--screenshot-delay=-5")})
                                        << Outcome::Error << QString() << false << QStringLiteral("-5");
        QTest::newRow("profile with sandbox")
            << QStringList({QStringLiteral("--profile"), QStringLiteral("prod"), QStringLiteral("--sandbox")})
            << Outcome::Error << QString() << false << QStringLiteral("--profile");
        QTest::newRow("profile with bootstrap list")
            << QStringList({QStringLiteral("--profile=prod"), QStringLiteral("-b"), QStringLiteral("a:1")})
            << Outcome::Error << QString() << false << QStringLiteral("--profile");
        QTest::newRow("read-only with demo load")
            << QStringList({QStringLiteral("--sandbox"), QStringLiteral("--demo-load"), QStringLiteral("--read-only")})
            << Outcome::Error << QString() << false << QStringLiteral("--read-only");
        QTest::newRow("stray argument") << QStringList({QStringLiteral("localhost:9092")}) << Outcome::Error
                                        << QString() << false << QStringLiteral("--bootstrap-servers");
    }

    void parse()
    {
        QFETCH(QStringList, arguments);
        QFETCH(Outcome, outcome);
        QFETCH(QString, bootstrap);
        QFETCH(bool, sandbox);
        QFETCH(QString, errorMentions);

        QCommandLineParser parser;
        ConsoleOptions options;
        QString error;
        arguments.prepend(QStringLiteral("taskstream-console"));
        QCOMPARE(ConsoleOptions::parse(parser, arguments, &options, &error), outcome);
        if (outcome == Outcome::Error) {
            QVERIFY2(error.contains(errorMentions), qPrintable(error));
            QVERIFY(!error.contains(QLatin1Char('\n')));
        } else if (outcome == Outcome::Run) {
            QCOMPARE(options.bootstrapServers, bootstrap);
            QCOMPARE(options.sandbox, sandbox);
        }
    }

    void profileOption()
    {
        QCommandLineParser parser;
        ConsoleOptions options;
        QString error;
        QCOMPARE(ConsoleOptions::parse(
                     parser,
                     {QStringLiteral("taskstream-console"), QStringLiteral("--profile"), QStringLiteral(" prod eu ")},
                     &options, &error),
                 Outcome::Run);
        QCOMPARE(options.profile, QStringLiteral("prod eu"));
        QVERIFY(options.bootstrapServers.isEmpty());
        QVERIFY(!options.sandbox);
    }

    void readOnlyOption()
    {
        QCommandLineParser parser;
        ConsoleOptions options;
        QString error;
        QCOMPARE(ConsoleOptions::parse(parser,
                                       {QStringLiteral("taskstream-console"), QStringLiteral("--profile"),
                                        QStringLiteral("prod"), QStringLiteral("--read-only")},
                                       &options, &error),
                 Outcome::Run);
        QVERIFY(options.readOnly);
        QCommandLineParser again;
        ConsoleOptions plain;
        QCOMPARE(ConsoleOptions::parse(again, {QStringLiteral("taskstream-console")}, &plain, &error), Outcome::Run);
        QVERIFY(!plain.readOnly);
    }

    void badOptionsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList({QStringLiteral("--frobnicate")});
        QTest::newRow("malformed bootstrap list")
            << QStringList({QStringLiteral("--bootstrap-servers"), QStringLiteral("localhost;9092")});
        QTest::newRow("unknown profile") << QStringList({QStringLiteral("--profile"), QStringLiteral("nowhere")});
    }

    void badOptionsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QProcess console;
        QTemporaryDir runtimeDir; // keeps Qt's own start-up notices off stderr
        QVERIFY(runtimeDir.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), runtimeDir.path()); // no saved profiles
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(TASKSTREAM_CONSOLE_EXE), arguments);
        QVERIFY2(console.waitForFinished(30000), "the console did not exit on a bad option");
        QCOMPARE(console.exitStatus(), QProcess::NormalExit);
        QCOMPARE(console.exitCode(), 2);
        const QString err = QString::fromLocal8Bit(console.readAllStandardError()).trimmed();
        QVERIFY2(err.startsWith(QLatin1String("taskstream-console: ")), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable(err));
    }

    void helpExitsWithZero()
    {
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(TASKSTREAM_CONSOLE_EXE), {QStringLiteral("--help")});
        QVERIFY(console.waitForFinished(30000));
        QCOMPARE(console.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(console.readAllStandardOutput());
        QVERIFY(out.contains(QLatin1String("--bootstrap-servers")));
        QVERIFY(out.contains(QLatin1String("--sandbox")));
    }
};

QTEST_MAIN(TestConsoleOptions)
#include "tst_consoleoptions.moc"

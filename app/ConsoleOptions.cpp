#include "ConsoleOptions.h"

#include "kafka/KafkaConfig.h"

#include <QCommandLineParser>

namespace taskstream {
namespace console {

ConsoleOptions::Outcome ConsoleOptions::parse(QCommandLineParser &parser, const QStringList &arguments,
                                              ConsoleOptions *options, QString *error)
{
    parser.setApplicationDescription(tr("Administration console for the Taskstream event backbone on Apache Kafka."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption bootstrapOption({QStringLiteral("b"), QStringLiteral("bootstrap-servers")},
                                             tr("Connect at start to the Kafka brokers <servers>, given as "
                                                "HOST:PORT, several separated by commas."),
                                             tr("servers"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        tr("Connect at start with the saved connection profile <name> (see Cluster > Connections…)."), tr("name"));
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"), tr("Start the embedded sandbox (an in-memory Kafka cluster) and connect to it."));
    QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        tr("Save a picture of the window to <file> (PNG) after the first refresh, then quit."), tr("file"));
    const QCommandLineOption tabOption(
        QStringLiteral("screenshot-tab"),
        tr("With --screenshot: show the tab <tab> (topics, groups, dlq, messages, live, tasks, audit) "
           "first, or \"all\" to save every tab into the folder given to --screenshot."),
        tr("tab"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"),
                                         tr("With --screenshot: wait <ms> milliseconds after the first refresh."),
                                         tr("ms"));
    const QCommandLineOption demoLoadOption(
        QStringLiteral("demo-load"),
        tr("With --sandbox: create, update and complete demo tasks continuously through the sandbox's API."));
    parser.addOption(bootstrapOption);
    parser.addOption(profileOption);
    parser.addOption(sandboxOption);
    parser.addOption(screenshotOption);
    parser.addOption(tabOption);
    parser.addOption(delayOption);
    const QCommandLineOption readOnlyOption(
        QStringLiteral("read-only"),
        tr("Look only: hide every action that changes something (replay, offset reset, discard, outbox retry, "
           "task edits, produce), whatever the connection profile says."));
    parser.addOption(demoLoadOption);
    parser.addOption(readOnlyOption);

    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return Outcome::Error;
    };

    if (!parser.parse(arguments)) {
        QString why = parser.errorText();
        if (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        return fail(tr("%1; see --help").arg(why));
    }
    if (parser.isSet(helpOption))
        return Outcome::ShowHelp;
    if (parser.isSet(versionOption))
        return Outcome::ShowVersion;
    if (!parser.positionalArguments().isEmpty())
        return fail(tr("unexpected argument '%1'; give the brokers with --bootstrap-servers HOST:PORT")
                        .arg(parser.positionalArguments().constFirst()));

    ConsoleOptions result;
    result.sandbox = parser.isSet(sandboxOption);
    result.screenshotPath = parser.value(screenshotOption);
    result.demoLoad = parser.isSet(demoLoadOption);
    if (result.demoLoad && !result.sandbox)
        return fail(tr("--demo-load needs --sandbox"));
    result.readOnly = parser.isSet(readOnlyOption);
    if (result.demoLoad && result.readOnly)
        return fail(tr("--demo-load changes tasks and --read-only forbids it; give one of them"));
    if (parser.isSet(tabOption)) {
        static const QStringList tabs{
            QStringLiteral("topics"),   QStringLiteral("groups"),    QStringLiteral("dlq"),
            QStringLiteral("messages"), QStringLiteral("live"),      QStringLiteral("tasks"),
            QStringLiteral("audit"),    QStringLiteral("reminders"), QStringLiteral("notifications"),
            QStringLiteral("delivery"), QStringLiteral("all")};
        result.screenshotTab = parser.value(tabOption).trimmed().toLower();
        if (!tabs.contains(result.screenshotTab))
            return fail(tr("--screenshot-tab '%1' is not a tab; give one of %2")
                            .arg(result.screenshotTab, tabs.join(QStringLiteral(", "))));
        if (result.screenshotPath.isEmpty())
            return fail(tr("--screenshot-tab needs --screenshot"));
    }
    if (parser.isSet(delayOption)) {
        bool ok = false;
        result.screenshotDelayMs = parser.value(delayOption).toInt(&ok);
        if (!ok || result.screenshotDelayMs < 0 || result.screenshotDelayMs > 600000)
            return fail(tr("--screenshot-delay '%1' is not a number of milliseconds from 0 to 600000")
                            .arg(parser.value(delayOption)));
    }
    if (parser.isSet(bootstrapOption)) {
        if (result.sandbox)
            return fail(tr("--sandbox and --bootstrap-servers exclude each other; give one of them"));
        result.bootstrapServers = parser.value(bootstrapOption).trimmed();
        QString why;
        if (!kafka::KafkaConfig::validateBootstrapServers(result.bootstrapServers, &why))
            return fail(tr("--bootstrap-servers '%1' is not valid: write HOST:PORT, several separated by "
                           "commas (for example localhost:9092)")
                            .arg(result.bootstrapServers));
    }
    if (parser.isSet(profileOption)) {
        if (result.sandbox || !result.bootstrapServers.isEmpty())
            return fail(tr("--profile excludes --sandbox and --bootstrap-servers; give one of them"));
        result.profile = parser.value(profileOption).trimmed();
        if (result.profile.isEmpty())
            return fail(tr("--profile needs the name of a saved connection profile"));
    }
    if (options)
        *options = result;
    return Outcome::Run;
}

} // namespace console
} // namespace taskstream

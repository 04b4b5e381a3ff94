#include "ConsoleOptions.h"

#include "kafka/KafkaConfig.h"

#include <QCommandLineParser>

namespace taskstream {
namespace console {

ConsoleOptions::Outcome ConsoleOptions::parse(QCommandLineParser &parser, const QStringList &arguments,
                                              ConsoleOptions *options, QString *error)
{
    parser.setApplicationDescription(
        tr("Administration console for the Taskstream event backbone on Apache Kafka."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption bootstrapOption({QStringLiteral("b"), QStringLiteral("bootstrap-servers")},
                                             tr("Connect at start to the Kafka brokers <servers>, given as "
                                                "HOST:PORT, several separated by commas."),
                                             tr("servers"));
    const QCommandLineOption sandboxOption(
        QStringLiteral("sandbox"),
        tr("Start the embedded sandbox (an in-memory Kafka cluster) and connect to it."));
    QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        tr("Save a picture of the window to <file> (PNG) after the first refresh, then quit."), tr("file"));
    parser.addOption(bootstrapOption);
    parser.addOption(sandboxOption);
    parser.addOption(screenshotOption);

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
    if (options)
        *options = result;
    return Outcome::Run;
}

} // namespace console
} // namespace taskstream

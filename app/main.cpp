#include "ConsoleOptions.h"
#include "MainWindow.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

using taskstream::console::ConsoleOptions;
using taskstream::console::MainWindow;

namespace {

void installTranslators(QApplication &app)
{
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    // English carries the plural forms, so it is the fallback for languages without a translation.
    if (translator->load(QLocale(), QStringLiteral("taskstream"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")) ||
        translator->load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);
}

/// Saves the window to \a path once it has shown a refresh or a problem (or after a bound), then quits.
void scheduleScreenshot(MainWindow &window, const QString &path)
{
    auto shoot = [&window, path] {
        static bool done = false;
        if (done)
            return;
        done = true;
        const bool saved = window.grab().save(path, "PNG");
        if (!saved)
            std::fprintf(stderr, "taskstream-console: cannot write the screenshot to %s\n", qPrintable(path));
        QCoreApplication::exit(saved ? 0 : 1);
    };
    QObject::connect(
        window.monitor(), &taskstream::console::ClusterMonitor::refreshed, &window,
        [shoot] { QTimer::singleShot(300, shoot); }, Qt::SingleShotConnection);
    QObject::connect(
        window.monitor(), &taskstream::console::ClusterMonitor::problem, &window,
        [shoot] { QTimer::singleShot(300, shoot); }, Qt::SingleShotConnection);
    QTimer::singleShot(20000, &window, shoot);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Taskstream"));
    QApplication::setApplicationName(QStringLiteral("taskstream-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Taskstream Console"));
    QApplication::setApplicationVersion(QStringLiteral(TASKSTREAM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("taskstream-console"));
    installTranslators(app);

    QCommandLineParser parser;
    ConsoleOptions options;
    QString error;
    switch (ConsoleOptions::parse(parser, QApplication::arguments(), &options, &error)) {
    case ConsoleOptions::Outcome::Error:
        std::fprintf(stderr, "taskstream-console: %s\n", qPrintable(error));
        return 2;
    case ConsoleOptions::Outcome::ShowHelp:
        parser.showHelp(0);
    case ConsoleOptions::Outcome::ShowVersion:
        parser.showVersion();
    case ConsoleOptions::Outcome::Run:
        break;
    }

    MainWindow window;
    window.show();
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(window, options.screenshotPath);
    // After show(), so the window is up while the first request runs.
    if (options.sandbox)
        window.startSandbox();
    else if (!options.bootstrapServers.isEmpty())
        window.connectToCluster(options.bootstrapServers);
    return QApplication::exec();
}

#include "AuditPanel.h"
#include "ConnectionProfile.h"
#include "ConsoleOptions.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "MessagesPanel.h"

#include <cstdio>
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTableView>
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
    if (translator->load(QLocale(), QStringLiteral("taskstream"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        translator->load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);
}

/// Saves \a window to \a path; false (and a line on stderr) when the file cannot be written.
bool saveWindow(MainWindow &window, const QString &path)
{
    const bool saved = window.grab().save(path, "PNG");
    if (!saved)
        std::fprintf(stderr, "taskstream-console: cannot write the screenshot to %s\n", qPrintable(path));
    return saved;
}

/// Shows the tab \a keys[index], lets it fill (the messages tab reads its topic first), saves it,
/// then goes on with the next; quits after the last.
void shootTabs(MainWindow *window, QStringList keys, int index, QString folderOrFile, bool folder, bool ok)
{
    if (index >= keys.size()) {
        QCoreApplication::exit(ok ? 0 : 1);
        return;
    }
    const QString key = keys.at(index);
    window->showTab(key);
    auto shoot = [=] {
        const QString path =
            folder ? QDir(folderOrFile).filePath(QStringLiteral("console-%1.png").arg(key)) : folderOrFile;
        const bool saved = saveWindow(*window, path);
        shootTabs(window, keys, index + 1, folderOrFile, folder, ok && saved);
    };
    if (key == QLatin1String("messages")) {
        taskstream::console::MessagesPanel *messages = window->messagesPanel();
        messages->selectTopic(QStringLiteral("todo.tasks.events"));
        messages->setFrom(taskstream::console::MessagesPanel::From::Latest);
        auto fired = std::make_shared<bool>(false);
        auto once = [shoot, fired, messages] {
            if (!*fired) {
                *fired = true;
                messages->view()->selectRow(0); // the decoded record shows below the table
                QTimer::singleShot(300, shoot);
            }
        };
        QObject::connect(messages, &taskstream::console::MessagesPanel::readFinished, window, once,
                         Qt::SingleShotConnection);
        QTimer::singleShot(10000, window, once);
        messages->read();
        return;
    }
    if (key == QLatin1String("audit")) {
        // The newest entries of every user (the sandbox's admin token), the first one opened below.
        taskstream::console::AuditPanel *audit = window->auditPanel();
        auto fired = std::make_shared<bool>(false);
        auto once = [shoot, fired, audit] {
            if (!*fired) {
                *fired = true;
                audit->view()->selectRow(0);
                QTimer::singleShot(300, shoot);
            }
        };
        QObject::connect(audit, &taskstream::console::AuditPanel::searchFinished, window, once,
                         Qt::SingleShotConnection);
        QTimer::singleShot(10000, window, once);
        audit->search();
        return;
    }
    if (key == QLatin1String("groups"))
        window->groupsPanel()->selectGroup(QStringLiteral("task-broadcaster-cg")); // shows its lag chart
    QTimer::singleShot(500, window, shoot);
}

/// Takes the pictures asked for once the window has shown a refresh or a problem (or after a
/// bound), then quits.
void scheduleScreenshot(MainWindow &window, const ConsoleOptions &options)
{
    auto start = [&window, options] {
        static bool done = false;
        if (done)
            return;
        done = true;
        QTimer::singleShot(options.screenshotDelayMs, &window, [&window, options] {
            if (options.screenshotTab.isEmpty()) {
                QCoreApplication::exit(saveWindow(window, options.screenshotPath) ? 0 : 1);
            } else if (options.screenshotTab == QLatin1String("all")) {
                QDir().mkpath(options.screenshotPath);
                shootTabs(&window, MainWindow::tabKeys(), 0, options.screenshotPath, true, true);
            } else {
                shootTabs(&window, {options.screenshotTab}, 0, options.screenshotPath, false, true);
            }
        });
    };
    QObject::connect(
        window.monitor(), &taskstream::console::ClusterMonitor::refreshed, &window,
        [start] { QTimer::singleShot(300, start); }, Qt::SingleShotConnection);
    QObject::connect(
        window.monitor(), &taskstream::console::ClusterMonitor::problem, &window,
        [start] { QTimer::singleShot(300, start); }, Qt::SingleShotConnection);
    QTimer::singleShot(20000, &window, start);
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

    if (!options.profile.isEmpty() && !taskstream::console::ConnectionProfileStore().contains(options.profile)) {
        const QStringList known = taskstream::console::ConnectionProfileStore().names();
        std::fprintf(
            stderr, "taskstream-console: %s\n",
            qPrintable(
                known.isEmpty()
                    ? ConsoleOptions::tr("there is no connection profile '%1'; none is saved yet").arg(options.profile)
                    : ConsoleOptions::tr("there is no connection profile '%1'; saved are: %2")
                          .arg(options.profile, known.join(QStringLiteral(", ")))));
        return 2;
    }

    MainWindow window;
    window.show();
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(window, options);
    window.setForcedReadOnly(options.readOnly);
    if (options.demoLoad)
        QObject::connect(window.monitor(), &taskstream::console::ClusterMonitor::sandboxReady, &window,
                         [&window] { window.demoLoadAction()->setChecked(true); });
    // After show(), so the window is up while the first request runs.
    if (options.sandbox)
        window.startSandbox();
    else if (!options.profile.isEmpty())
        window.connectToProfile(options.profile);
    else if (!options.bootstrapServers.isEmpty())
        window.connectToCluster(options.bootstrapServers);
    return QApplication::exec();
}

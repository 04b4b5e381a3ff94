#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace taskstream {
namespace console {

/// What the console was asked to do on its command line.
struct ConsoleOptions
{
    QString bootstrapServers; ///< connect at start when set
    QString profile;          ///< connect at start with this saved connection profile
    bool sandbox = false;     ///< start the embedded sandbox at start
    QString screenshotPath;   ///< save a picture of the window after the first refresh, then quit
    /// With screenshotPath: the tab to show (MainWindow::tabKeys()), or "all": then screenshotPath
    /// is a folder and every tab is saved there as console-<tab>.png.
    QString screenshotTab;
    int screenshotDelayMs = 0; ///< wait this long after the first refresh before taking pictures
    bool demoLoad = false;     ///< run the sandbox's demo load generator once its API is ready
    bool readOnly = false;     ///< hide and refuse every action that changes something

    enum class Outcome { Run, ShowHelp, ShowVersion, Error };

    /// Sets up \a parser with the console's options and parses \a arguments (argv, program name
    /// first). On Error, *error is one translated line saying what to fix.
    static Outcome parse(QCommandLineParser &parser, const QStringList &arguments, ConsoleOptions *options,
                         QString *error);

    Q_DECLARE_TR_FUNCTIONS(ConsoleOptions)
};

} // namespace console
} // namespace taskstream

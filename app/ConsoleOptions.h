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
    bool sandbox = false;     ///< start the embedded sandbox at start
    QString screenshotPath;   ///< save a picture of the window after the first refresh, then quit

    enum class Outcome { Run, ShowHelp, ShowVersion, Error };

    /// Sets up \a parser with the console's options and parses \a arguments (argv, program name
    /// first). On Error, *error is one translated line saying what to fix.
    static Outcome parse(QCommandLineParser &parser, const QStringList &arguments, ConsoleOptions *options,
                         QString *error);

    Q_DECLARE_TR_FUNCTIONS(ConsoleOptions)
};

} // namespace console
} // namespace taskstream

#include "LogOutput.h"

#include <cstdio>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
LogFormat g_format = LogFormat::Json;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void handler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const char *category = ctx.category ? ctx.category : "default";
    QByteArray line;
    if (g_format == LogFormat::Json) {
        QJsonObject o{{QStringLiteral("time"), time},
                      {QStringLiteral("level"), QString::fromLatin1(levelName(type))},
                      {QStringLiteral("category"), QString::fromUtf8(category)},
                      {QStringLiteral("message"), msg}};
        line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    } else {
        line = QStringLiteral("%1 %2 [%3] %4")
                   .arg(time, QString::fromLatin1(levelName(type)), QString::fromUtf8(category), msg)
                   .toUtf8();
    }
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
} // namespace

void installLogOutput(LogFormat format)
{
    g_format = format;
    qInstallMessageHandler(handler);
}

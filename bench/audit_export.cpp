// Audit log export: GET /api/v1/audit/export streamed over real HTTP from a filled audit_events
// table (SQLite by default), as CSV and as JSON lines, to a client that reads as fast as it can
// and to one that stops reading for two seconds half-way. Prints the time, the rate, the bytes and
// the process's resident memory above what it was before the request (sampled every 10 ms).
//
//   bench_audit_export [rows=200000] [database-url]

#include "api/AuditApi.h"
#include "auth/JwtAuth.h"
#include "http/HttpServer.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <cstdio>
#include <functional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

using namespace taskstream;

namespace {
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

struct Run
{
    qint64 bytes = 0;
    qint64 ms = 0;
    qint64 peakKiB = 0;
    bool complete = false;
};

/// Downloads \a target, discarding the body as it arrives; with \a pauseAfter > 0 the client stops
/// reading for two seconds once it has that many bytes (its socket buffer bounded to 64 KiB).
Run download(quint16 port, const QByteArray &target, const QByteArray &token, qint64 pauseAfter)
{
    Run run;
    const qint64 base = residentKiB();
    QTcpSocket socket;
    socket.setReadBufferSize(64 * 1024);
    QEventLoop loop;
    QElapsedTimer clock;
    QTimer sampler;
    sampler.setInterval(10);
    QObject::connect(&sampler, &QTimer::timeout, [&] { run.peakKiB = std::max(run.peakKiB, residentKiB() - base); });
    bool paused = false, pausedOnce = false;
    QByteArray tail;
    std::function<void()> drain = [&] {
        if (paused)
            return;
        const QByteArray got = socket.readAll();
        run.bytes += got.size();
        tail = (tail + got).right(16);
        if (tail.endsWith("0\r\n\r\n"))
            run.complete = true;
        if (pauseAfter > 0 && !pausedOnce && run.bytes >= pauseAfter) {
            paused = pausedOnce = true;
            QTimer::singleShot(2000, &socket, [&] {
                paused = false;
                drain();
            });
        }
        if (run.complete)
            loop.quit();
    };
    QObject::connect(&socket, &QTcpSocket::readyRead, drain);
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::connected, [&] {
        socket.write("GET " + target + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    });
    clock.start();
    sampler.start();
    socket.connectToHost(QHostAddress::LocalHost, port);
    loop.exec();
    run.ms = clock.elapsed();
    sampler.stop();
    return run;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.*.info=false"));
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 200000;
    QTemporaryDir dir;
    const QString url = argc > 2 ? QString::fromLocal8Bit(argv[2]) : dir.filePath(QStringLiteral("audit.db"));
    QString why;
    auto db = store::Database::open(url, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    store::AuditStore audit(db.get());
    QElapsedTimer fill;
    fill.start();
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(rows) * 1000;
    const QUuid user = QUuid::createUuid();
    for (int i = int(audit.count().valueOr(0)); i < rows; ++i) {
        if (i % 10000 == 0 && !db->begin())
            qFatal("cannot begin");
        store::AuditEntry e;
        e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        e.eventType = QStringLiteral("com.todo.events.TaskCreated");
        e.topic = QStringLiteral("todo.tasks.events");
        e.partition = i % 6;
        e.offset = i / 6;
        e.userId = user;
        e.taskId = QUuid::createUuid();
        e.actor = user.toString(QUuid::WithoutBraces);
        e.actorSource = QStringLiteral("api");
        e.occurredAt = e.recordedAt = QDateTime::fromMSecsSinceEpoch(start + qint64(i) * 1000, Qt::UTC);
        e.payload =
            QJsonObject{{QStringLiteral("id"), e.taskId.toString(QUuid::WithoutBraces)},
                        {QStringLiteral("title"), QStringLiteral("Task %1, with \"quotes\" and a comma").arg(i)},
                        {QStringLiteral("description"), QString(120, QLatin1Char('d'))},
                        {QStringLiteral("tags"), QJsonArray{QStringLiteral("bench"), QStringLiteral("export")}}};
        if (!audit.insert(e))
            qFatal("insert failed");
        if (i % 10000 == 9999 || i == rows - 1)
            if (!db->commit())
                qFatal("cannot commit");
    }
    std::printf("%d entries in %s (filled in %.1f s)\n", rows, qPrintable(db->displayUrl()), fill.elapsed() / 1000.0);

    auth::JwtAuth jwt(QByteArray(48, 'k'));
    const QByteArray token = jwt.issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why).toUtf8();
    http::HttpServer server;
    api::AuditApi exportApi(db.get(), &jwt);
    exportApi.registerRoutes(server);
    if (!server.listen(QHostAddress::LocalHost, 0, &why))
        qFatal("%s", qPrintable(why));
    for (const char *format : {"csv", "jsonl"}) {
        for (const bool slow : {false, true}) {
            const Run r = download(server.port(), QByteArray("/api/v1/audit/export?format=") + format, token,
                                   slow ? 4 * 1024 * 1024 : 0);
            std::printf("%-5s %-28s %8.1f MB in %6.2f s  %8.0f entries/s  %6.1f MB/s  resident +%6.1f MB%s\n", format,
                        slow ? "client pauses 2 s at 4 MB" : "client reads at once", r.bytes / 1e6, r.ms / 1000.0,
                        rows / (r.ms / 1000.0), r.bytes / 1e6 / (r.ms / 1000.0), r.peakKiB / 1024.0,
                        r.complete ? "" : "  INCOMPLETE");
            std::fflush(stdout);
        }
    }
    return 0;
}

// Feed fan-out: taskstreamd (embedded broker, every role) as a separate process; this process
// holds many WebSocket clients across users and creates tasks through the HTTP API at a fixed
// rate. Prints the latency from the task's commit (its created_at) to each client's receipt of
// the TaskChanged, how many messages arrived of those expected, and the daemon's CPU time.
//
//   bench_feed_fanout [clients=1000] [users=100] [creates_per_s=1000] [seconds=20] [roles=all] [taskstreamd options...]

#include "EventLoopWait.h"
#include "auth/JwtAuth.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>
#include <QWebSocket>

#include <unistd.h>

using namespace taskstream;

namespace {
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    if (fields.size() < 15)
        return 0;
    return double(fields[13].toLongLong() + fields[14].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

/// CPU seconds of a process's threads by thread name (the node names its threads: task-commits,
/// outbox-relay, one per worker role; librdkafka's are rdk:main, rdk:brokerN, rdk:mock).
std::map<QByteArray, double> cpuByThread(qint64 pid)
{
    std::map<QByteArray, double> out;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const qsizetype open = stat.indexOf('('), close = stat.lastIndexOf(')');
        if (open < 0 || close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() < 13)
            continue;
        QByteArray name = stat.mid(open + 1, close - open - 1);
        // One entry per kind of librdkafka thread, not one per broker connection.
        if (name.startsWith("rdk:broker"))
            name = "rdk:broker*";
        out[name] += double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
    }
    return out;
}

double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size())));
    std::nth_element(v.begin(), v.begin() + long(i), v.end());
    return v[i];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    const int clients = a.value(1, QStringLiteral("1000")).toInt();
    const int users = a.value(2, QStringLiteral("100")).toInt();
    const int rate = a.value(3, QStringLiteral("1000")).toInt();
    const int seconds = a.value(4, QStringLiteral("20")).toInt();
    const QString roles = a.value(5); // empty or "all": every role

    QElapsedTimer startClock;
    startClock.start();
    QTemporaryDir dir;
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::SeparateChannels);
    daemon.setStandardErrorFile(dir.filePath(QStringLiteral("taskstreamd.log")));
    QStringList daemonArgs{QStringLiteral("--data-dir"),   dir.path(),
                           QStringLiteral("--http-port"),  QStringLiteral("0"),
                           QStringLiteral("--log-format"), QStringLiteral("text")};
    if (!roles.isEmpty() && roles != QLatin1String("all"))
        daemonArgs << QStringLiteral("--roles") << roles;
    // Every client of this benchmark comes from one address.
    daemonArgs << QStringLiteral("--feed-max-per-address") << QStringLiteral("1000000")
               << QStringLiteral("--http-max-per-address") << QStringLiteral("100000");
    daemonArgs << a.mid(6); // anything further goes to taskstreamd
    daemon.start(QStringLiteral(TASKSTREAM_BINARY_DIR "/bin/taskstreamd"), daemonArgs);
    QByteArray out;
    if (!bench::waitUntil(
            [&] {
                out += daemon.readAllStandardOutput();
                return out.contains("http=") && out.endsWith('\n');
            },
            30000))
        qFatal("taskstreamd did not start (see its log)");
    QString http;
    for (const QByteArray &line : out.split('\n'))
        if (line.startsWith("http="))
            http = QString::fromUtf8(line.mid(5));

    QString why;
    const QByteArray secret = auth::JwtAuth::loadSecret(dir.filePath(QStringLiteral("jwt-secret")), &why);
    if (secret.isEmpty())
        qFatal("%s", qPrintable(why));
    const auth::JwtAuth jwt(secret);
    QList<QUuid> userIds;
    QList<QByteArray> tokens;
    for (int u = 0; u < users; ++u) {
        userIds << QUuid::createUuid();
        tokens << jwt.issue(userIds.last(), QStringLiteral("user"), 3600, &why).toUtf8();
    }

    // Steady state is measured: clients connect and the load starts once /readyz says the feed's
    // reader runs and every consumer group has joined (before that, the first events wait for
    // the broadcaster's group to form).
    QNetworkAccessManager probe;
    bool ready = false;
    if (!bench::waitUntil(
            [&] {
                QNetworkReply *r = probe.get(QNetworkRequest(QUrl(http + QStringLiteral("/readyz"))));
                bench::waitUntil([r] { return r->isFinished(); }, 5000);
                ready = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
                r->deleteLater();
                if (!ready) { // ask again in a moment
                    QElapsedTimer pause;
                    pause.start();
                    bench::waitUntil([&pause] { return pause.elapsed() >= 200; });
                }
                return ready;
            },
            60000))
        qFatal("taskstreamd did not become ready");
    std::printf("ready after %.1f s\n", startClock.elapsed() / 1000.0);

    // Clients.
    std::vector<double> latencyMs;
    latencyMs.reserve(size_t(clients) * size_t(rate) * size_t(seconds) / size_t(users) + 1000);
    std::map<qint64, std::vector<double>> bySecond; // second of the commit since the load started -> latencies
    qint64 loadStartMs = 0;
    bool measuring = false;
    qint64 warmUpReceived = 0;
    int welcomed = 0, closed = 0;
    qint64 received = 0;
    QList<QWebSocket *> sockets;
    QUrl ws(http + QStringLiteral("/ws/v1/tasks"));
    ws.setScheme(QStringLiteral("ws"));
    for (int c = 0; c < clients; ++c) {
        auto *s = new QWebSocket;
        sockets << s;
        QObject::connect(s, &QWebSocket::textMessageReceived, s, [&](const QString &m) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
            const QString type = o.value(QLatin1String("type")).toString();
            if (type == QLatin1String("welcome")) {
                ++welcomed;
                return;
            }
            if (type != QLatin1String("task_changed"))
                return;
            const QJsonObject data = o.value(QLatin1String("event")).toObject().value(QLatin1String("data")).toObject();
            if (data.value(QLatin1String("change_type")).toString() != QLatin1String("Created"))
                return;
            const QJsonObject task = data.value(QLatin1String("task")).toObject();
            if (!measuring) {
                ++warmUpReceived;
                return;
            }
            const QDateTime created =
                QDateTime::fromString(task.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs);
            ++received;
            latencyMs.push_back(double(now - created.toMSecsSinceEpoch()));
            bySecond[(created.toMSecsSinceEpoch() - loadStartMs) / 1000].push_back(latencyMs.back());
        });
        QObject::connect(s, &QWebSocket::disconnected, s, [&] { ++closed; });
        QNetworkRequest req(ws);
        req.setRawHeader("Authorization", "Bearer " + tokens[c % users]);
        s->open(req);
    }
    if (!bench::waitUntil([&] { return welcomed == clients; }, 60000))
        qFatal("only %d of %d clients connected", welcomed, clients);
    std::printf("%d clients connected across %d users\n", clients, users);

    // Load: creates through the API at a fixed rate, over several connection pools (one
    // QNetworkAccessManager keeps at most six connections to a host, too few for the rate).
    std::vector<std::unique_ptr<QNetworkAccessManager>> pools;
    for (int i = 0; i < 4; ++i)
        pools.push_back(std::make_unique<QNetworkAccessManager>());
    int sent = 0, acknowledged = 0, failed = 0;
    auto create = [&](int n, const QString &title) {
        QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/tasks")));
        req.setRawHeader("Authorization", "Bearer " + tokens[n % users]);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *r = pools[size_t(n) % pools.size()]->post(
            req, QJsonDocument(QJsonObject{{QStringLiteral("title"), title}}).toJson(QJsonDocument::Compact));
        QObject::connect(r, &QNetworkReply::finished, r, [&, r] {
            r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201 ? ++acknowledged : ++failed;
            r->deleteLater();
        });
    };

    // Warm-up, not measured: every user gets a few tasks, and everything is delivered before the
    // measured load starts (the first events after start wait for connections and statements).
    const int warmUp = users * 5;
    for (int n = 0; n < warmUp; ++n)
        create(n, QStringLiteral("warm-up %1").arg(n));
    if (!bench::waitUntil(
            [&] { return acknowledged + failed == warmUp && warmUpReceived >= qint64(warmUp) * (clients / users); },
            60000))
        qFatal("warm-up did not finish: %d of %d acknowledged, %lld feed messages", acknowledged, warmUp,
               warmUpReceived);
    sent = acknowledged = failed = 0;

    const int total = rate * seconds;
    const double cpu0 = cpuSeconds(daemon.processId());
    const std::map<QByteArray, double> threads0 = cpuByThread(daemon.processId());
    QElapsedTimer clock;
    clock.start();
    loadStartMs = QDateTime::currentMSecsSinceEpoch();
    measuring = true;
    QTimer load;
    load.setInterval(5); // each tick sends what is due: fewer wake-ups of a loop with many sockets
    QObject::connect(&load, &QTimer::timeout, &load, [&] {
        const qint64 due = qMin<qint64>(total, clock.elapsed() * rate / 1000);
        for (; sent < due; ++sent)
            create(sent, QStringLiteral("bench %1").arg(sent));
    });
    load.start();
    bench::waitUntil([&] { return sent == total && acknowledged + failed == total; }, (seconds + 60) * 1000);
    load.stop();
    const double loadSeconds = clock.elapsed() / 1000.0;
    const qint64 expected = qint64(acknowledged) * (clients / users);
    bench::waitUntil([&] { return received >= expected; }, 30000);
    const double cpu1 = cpuSeconds(daemon.processId());
    const std::map<QByteArray, double> threads1 = cpuByThread(daemon.processId());
    const double wall = clock.elapsed() / 1000.0;

    std::printf("creates: %d sent, %d acknowledged (201), %d failed, in %.1f s (%.0f/s)\n", sent, acknowledged, failed,
                loadSeconds, acknowledged / loadSeconds);
    std::printf("feed messages: %lld of %lld expected received (%.2f%%), %d connections closed\n", received, expected,
                expected ? 100.0 * double(received) / double(expected) : 0.0, closed);
    std::printf("commit -> client latency: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", percentile(latencyMs, 0.50),
                percentile(latencyMs, 0.99), percentile(latencyMs, 1.0));
    std::printf("p99 per second of load (ms):");
    for (auto &[second, values] : bySecond)
        std::printf(" %.0f", percentile(values, 0.99));
    std::printf("\n");
    std::printf("taskstreamd CPU: %.1f s over %.1f s (%.0f%% of one core); this process (clients + load): %.1f s\n",
                cpu1 - cpu0, wall, 100.0 * (cpu1 - cpu0) / wall, cpuSeconds(QCoreApplication::applicationPid()));
    // Threads that exit during the load (none should) are left out.
    std::printf("taskstreamd CPU per acknowledged create by thread (us):");
    for (const auto &[name, cpu] : threads1) {
        const auto it = threads0.find(name);
        const double d = cpu - (it == threads0.end() ? 0 : it->second);
        if (d > 0.005 && acknowledged > 0)
            std::printf(" %s %.0f", name.constData(), d * 1e6 / acknowledged);
    }
    std::printf("\n");
    std::fflush(stdout);

    for (QWebSocket *s : sockets)
        s->abort();
    qDeleteAll(sockets);
    daemon.terminate();
    daemon.waitForFinished(30000);
    return 0;
}

// Feed resumes: taskstreamd (embedded broker) as a separate process; one user misses a backlog of
// task changes, then many connections of that user resume from the same cursor at once while
// this process keeps asking the API for the user's tasks. Prints the daemon's threads and RSS
// before and at their peak, how the connections ended (live, or closed with a code), the API's
// latency while the resumes run, and how long until every connection was live or closed.
//
//   bench_feed_resume [sockets=500] [backlog=200] [per_user_cap=16] [roles=api,relay,broadcaster,feed] [taskstreamd
//   options...]

#include "EventLoopWait.h"
#include "auth/JwtAuth.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <vector>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>
#include <QWebSocket>

using namespace taskstream;

namespace {
/// Threads and resident set (KiB) of a process, from /proc.
std::pair<int, qint64> threadsAndRss(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {0, 0};
    int threads = 0;
    qint64 rss = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            threads = line.mid(8).trimmed().toInt();
        else if (line.startsWith("VmRSS:"))
            rss = line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return {threads, rss};
}

double percentile(std::vector<double> v, double p)
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
    const int sockets = a.value(1, QStringLiteral("500")).toInt();
    const int backlog = a.value(2, QStringLiteral("200")).toInt();
    const QString perUserCap = a.value(3, QStringLiteral("16"));
    const QString roles = a.value(4, QStringLiteral("api,relay,broadcaster,feed"));

    QTemporaryDir dir;
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::SeparateChannels);
    daemon.setStandardErrorFile(dir.filePath(QStringLiteral("taskstreamd.log")));
    QStringList daemonArgs{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--http-port"), QStringLiteral("0"),
                           QStringLiteral("--log-format"), QStringLiteral("text"),
                           QStringLiteral("--feed-max-per-user"), perUserCap,
                           // Every connection of this benchmark comes from one address.
                           QStringLiteral("--feed-max-per-address"), QStringLiteral("1000000"),
                           QStringLiteral("--http-max-per-address"), QStringLiteral("100000")};
    if (roles != QLatin1String("all"))
        daemonArgs << QStringLiteral("--roles") << roles;
    daemonArgs << a.mid(5);
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
    const QUuid user = QUuid::createUuid();
    const QByteArray token = jwt.issue(user, QStringLiteral("user"), 3600, &why).toUtf8();

    QNetworkAccessManager nam;
    auto request = [&](const QString &path) {
        QNetworkRequest r(QUrl(http + path));
        r.setRawHeader("Authorization", "Bearer " + token);
        return r;
    };
    auto status = [](QNetworkReply *r) { return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); };
    if (!bench::waitUntil(
            [&] {
                QNetworkReply *r = nam.get(QNetworkRequest(QUrl(http + QStringLiteral("/readyz"))));
                bench::waitUntil([r] { return r->isFinished(); }, 5000);
                const bool ready = status(r) == 200;
                r->deleteLater();
                if (!ready) {
                    QElapsedTimer pause;
                    pause.start();
                    bench::waitUntil([&pause] { return pause.elapsed() >= 200; });
                }
                return ready;
            },
            60000))
        qFatal("taskstreamd did not become ready");

    QUrl ws(http + QStringLiteral("/ws/v1/tasks"));
    ws.setScheme(QStringLiteral("ws"));
    // One connection takes the cursor, stays while the backlog is created, and leaves.
    QString cursor;
    int seen = 0;
    {
        QWebSocket first;
        QObject::connect(&first, &QWebSocket::textMessageReceived, &first, [&](const QString &m) {
            const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
            if (o.value(QLatin1String("type")).toString() == QLatin1String("welcome"))
                cursor = o.value(QLatin1String("cursor")).toString();
            else if (o.value(QLatin1String("type")).toString() == QLatin1String("task_changed"))
                ++seen;
        });
        QNetworkRequest r(ws);
        r.setRawHeader("Authorization", "Bearer " + token);
        first.open(r);
        if (!bench::waitUntil([&] { return !cursor.isEmpty(); }, 30000))
            qFatal("no welcome from the feed");
        int created = 0;
        for (int i = 0; i < backlog; ++i) {
            QNetworkRequest post = request(QStringLiteral("/api/v1/tasks"));
            post.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply *reply =
                nam.post(post, QJsonDocument(QJsonObject{{QStringLiteral("title"), QStringLiteral("missed %1").arg(i)}})
                                   .toJson(QJsonDocument::Compact));
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
                created += status(reply) == 201 ? 1 : 0;
                reply->deleteLater();
            });
        }
        if (!bench::waitUntil([&] { return seen >= backlog; }, 120000))
            qFatal("the backlog did not reach the feed (%d of %d, %d created)", seen, backlog, created);
        first.close();
        bench::waitUntil([&] { return first.state() == QAbstractSocket::UnconnectedState; }, 5000);
    }
    const auto [threads0, rss0] = threadsAndRss(daemon.processId());
    std::printf("taskstreamd before the resumes: %d threads, %.0f MiB RSS; backlog %d changes\n", threads0,
                rss0 / 1024.0, backlog);

    // The resumes, all at once, while the API is asked one request after another.
    int live = 0, messages = 0, ended = 0;
    std::map<int, int> closeCodes;
    std::map<QString, int> closeReasons;
    std::vector<std::unique_ptr<QWebSocket>> resuming;
    QUrl resumeUrl = ws;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("cursor"), QString::fromUtf8(QUrl::toPercentEncoding(cursor)));
    resumeUrl.setQuery(q);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < sockets; ++i) {
        auto s = std::make_unique<QWebSocket>();
        QWebSocket *raw = s.get();
        auto *done = new bool(false);
        QObject::connect(raw, &QObject::destroyed, [done] { delete done; });
        QObject::connect(raw, &QWebSocket::textMessageReceived, raw, [&, done](const QString &m) {
            const QString type = QJsonDocument::fromJson(m.toUtf8()).object().value(QLatin1String("type")).toString();
            if (type == QLatin1String("task_changed"))
                ++messages;
            else if (type == QLatin1String("live") && !*done) {
                *done = true;
                ++live;
                ++ended;
            }
        });
        QObject::connect(raw, &QWebSocket::disconnected, raw, [&, raw, done] {
            ++closeCodes[int(raw->closeCode())];
            ++closeReasons[raw->closeReason()];
            if (!*done) {
                *done = true;
                ++ended;
            }
        });
        QNetworkRequest r(resumeUrl);
        r.setRawHeader("Authorization", "Bearer " + token);
        raw->open(r);
        resuming.push_back(std::move(s));
    }
    std::vector<double> apiMs;
    int apiErrors = 0;
    int peakThreads = threads0;
    qint64 peakRss = rss0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &sampler, [&] {
        const auto [t, r] = threadsAndRss(daemon.processId());
        peakThreads = std::max(peakThreads, t);
        peakRss = std::max(peakRss, r);
    });
    sampler.start(50);
    // The API is asked from a thread of its own, so the latency is the daemon's and not this
    // process's, whose main thread is busy receiving the resumed messages.
    std::atomic<bool> stopAsking{false};
    QThread *asker = QThread::create([&] {
        QNetworkAccessManager api;
        while (!stopAsking) {
            QElapsedTimer t;
            t.start();
            QNetworkReply *r = api.get(request(QStringLiteral("/api/v1/tasks?limit=20")));
            QEventLoop wait;
            QObject::connect(r, &QNetworkReply::finished, &wait, &QEventLoop::quit);
            wait.exec();
            apiMs.push_back(double(t.nsecsElapsed()) / 1e6);
            apiErrors += status(r) == 200 ? 0 : 1;
            delete r;
        }
    });
    asker->start();
    const bool finished = bench::waitUntil([&] { return ended == sockets; }, 180000);
    const double seconds = clock.elapsed() / 1000.0;
    sampler.stop();
    stopAsking = true;
    asker->wait();
    delete asker;
    const auto [threads1, rss1] = threadsAndRss(daemon.processId());

    std::printf("%d connections resuming at once: %d live, %d closed%s, in %.1f s\n", sockets, live, ended - live,
                finished ? "" : " (timed out waiting for the rest)", seconds);
    for (const auto &[code, n] : closeCodes)
        std::printf("  closed with %d: %d\n", code, n);
    for (const auto &[reason, n] : closeReasons)
        if (!reason.isEmpty())
            std::printf("  reason \"%s\": %d\n", qPrintable(reason), n);
    std::printf("resumed messages received: %d (%d live connections x %d missed = %lld expected)\n", messages, live,
                backlog, qint64(live) * backlog);
    std::printf("taskstreamd: peak %d threads, peak %.0f MiB RSS (after: %d threads, %.0f MiB)\n", peakThreads,
                peakRss / 1024.0, threads1, rss1 / 1024.0);
    std::printf("API GET /api/v1/tasks during the resumes: %zu requests, %d errors, p50 %.1f ms, p99 %.1f ms, max "
                "%.1f ms\n",
                apiMs.size(), apiErrors, percentile(apiMs, 0.5), percentile(apiMs, 0.99), percentile(apiMs, 1.0));
    resuming.clear();
    daemon.terminate();
    daemon.waitForFinished(30000);
    return 0;
}

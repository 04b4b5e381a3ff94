// Request throughput and latency of core's HttpServer on keep-alive connections.
//
//   bench_http_throughput [connections=16] [requests-per-connection=5000]
//   bench_http_throughput --serve [port=8089]     (server only, for an external load generator)
//
// The server runs on the main thread's event loop, as in the daemon; the load comes from one
// client thread with its own event loop driving all connections (each sends its next request
// when the previous answer has arrived). Both share the machine, so the figures are a floor.
// With Debian's wrk the equivalent external run is:
//   bench_http_throughput --serve 8089 &
//   wrk -t2 -c16 -d10s --latency http://127.0.0.1:8089/api/v1/bench

#include "http/HttpServer.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QThread>

using namespace taskstream::http;

namespace {

const QByteArray kRequest = "GET /api/v1/bench HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n\r\n";

// Drives `connections` keep-alive connections, `requests` sequential requests each.
class LoadClient : public QObject
{
    Q_OBJECT
public:
    LoadClient(quint16 port, int connections, int requests)
        : m_port(port), m_connections(connections), m_requests(requests)
    {
    }

    void run()
    {
        m_latenciesUs.reserve(size_t(m_connections) * size_t(m_requests));
        m_wall.start();
        for (int i = 0; i < m_connections; ++i) {
            auto *c = new Conn{new QTcpSocket(this), {}, {}, 0};
            connect(c->socket, &QTcpSocket::connected, this, [this, c] { send(c); });
            connect(c->socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
            connect(c->socket, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError) {
                if (c->done < m_requests) {
                    std::fprintf(stderr, "connection error: %s\n", qPrintable(c->socket->errorString()));
                    ++m_errors;
                    c->done = m_requests;
                    connectionDone();
                }
            });
            m_conns.push_back(c);
            c->socket->connectToHost(QHostAddress::LocalHost, m_port);
        }
    }

signals:
    void finished(double seconds, const std::vector<qint64> &latenciesUs, int errors);

private:
    struct Conn
    {
        QTcpSocket *socket;
        QElapsedTimer sent;
        QByteArray buffer;
        int done;
    };

    void send(Conn *c)
    {
        c->sent.start();
        c->socket->write(kRequest);
    }

    void onReadyRead(Conn *c)
    {
        c->buffer += c->socket->readAll();
        for (;;) {
            const qsizetype end = c->buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const qsizetype at = c->buffer.indexOf("Content-Length: ");
            const qsizetype eol = c->buffer.indexOf("\r\n", at);
            const qsizetype length = c->buffer.mid(at + 16, eol - at - 16).toLongLong();
            if (c->buffer.size() < end + 4 + length)
                return;
            if (!c->buffer.startsWith("HTTP/1.1 200"))
                ++m_errors;
            c->buffer.remove(0, end + 4 + length);
            m_latenciesUs.push_back(c->sent.nsecsElapsed() / 1000);
            if (++c->done < m_requests) {
                send(c);
            } else {
                c->socket->disconnectFromHost();
                connectionDone();
                return;
            }
        }
    }

    void connectionDone()
    {
        if (++m_finishedConnections == m_connections)
            emit finished(m_wall.nsecsElapsed() / 1e9, m_latenciesUs, m_errors);
    }

    quint16 m_port;
    int m_connections;
    int m_requests;
    std::vector<Conn *> m_conns;
    std::vector<qint64> m_latenciesUs;
    QElapsedTimer m_wall;
    int m_finishedConnections = 0;
    int m_errors = 0;
};

qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t index = std::min(sorted.size() - 1, size_t(p * double(sorted.size())));
    return sorted[index];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.http.info=false"));
    const QStringList args = app.arguments().mid(1);
    const bool serveOnly = args.value(0) == QLatin1String("--serve");

    HttpLimits limits;
    limits.maxConnections = 4096;
    limits.maxConnectionsPerAddress = limits.maxConnections; // every client connection comes from here
    HttpServer server(limits);
    server.route("GET", QStringLiteral("/api/v1/bench"), [](const HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("id"), QStringLiteral("t-1")},
                                                   {QStringLiteral("title"), QStringLiteral("water the plants")},
                                                   {QStringLiteral("done"), false}});
    });
    QString error;
    const quint16 port = serveOnly ? quint16(args.value(1, QStringLiteral("8089")).toUInt()) : 0;
    if (!server.listen(QHostAddress::LocalHost, port, &error)) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(error));
        return 1;
    }
    if (serveOnly) {
        std::printf("serving http://127.0.0.1:%u/api/v1/bench\n", unsigned(server.port()));
        std::fflush(stdout);
        return app.exec();
    }

    const int connections = std::max(1, args.value(0, QStringLiteral("16")).toInt());
    const int requests = std::max(1, args.value(1, QStringLiteral("5000")).toInt());

    QThread clientThread;
    auto *client = new LoadClient(server.port(), connections, requests);
    client->moveToThread(&clientThread);
    QObject::connect(&clientThread, &QThread::finished, client, &QObject::deleteLater);
    int exitCode = 0;
    QObject::connect(
        client, &LoadClient::finished, &app, [&](double seconds, const std::vector<qint64> &latencies, int errors) {
            std::vector<qint64> sorted = latencies;
            std::sort(sorted.begin(), sorted.end());
            std::printf("connections %d, requests per connection %d, errors %d\n", connections, requests, errors);
            std::printf("%zu requests in %.2f s: %.0f requests/s\n", sorted.size(), seconds,
                        double(sorted.size()) / seconds);
            std::printf("latency p50 %lld us, p99 %lld us, max %lld us\n",
                        static_cast<long long>(percentile(sorted, 0.50)),
                        static_cast<long long>(percentile(sorted, 0.99)),
                        static_cast<long long>(sorted.empty() ? 0 : sorted.back()));
            exitCode = errors == 0 ? 0 : 1;
            app.quit();
        });
    clientThread.start();
    QMetaObject::invokeMethod(client, &LoadClient::run, Qt::QueuedConnection);
    app.exec();
    clientThread.quit();
    clientThread.wait();
    return exitCode;
}

#include "http_throughput.moc"

#include "http/HttpServer.h"

#include "http/HttpConnection_p.h"
#include "http/HttpRouter.h"

#include <exception>
#include <utility>

#include <QTcpServer>
#include <QTcpSocket>

namespace taskstream::http {

Q_LOGGING_CATEGORY(lcHttp, "taskstream.http", QtInfoMsg)

HttpServer::HttpServer(HttpLimits limits, QObject *parent)
    : QObject(parent), m_limits(limits), m_tcp(new QTcpServer(this)), m_router(std::make_unique<HttpRouter>())
{
    connect(m_tcp, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer()
{
    close();
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_stopping = false;
    if (!m_tcp->listen(address, port)) {
        if (error)
            *error = m_tcp->errorString();
        qCWarning(lcHttp) << "cannot listen on" << address << port << ":" << m_tcp->errorString()
                          << "- choose another port or stop the process holding it";
        return false;
    }
    m_port = m_tcp->serverPort();
    qCInfo(lcHttp) << "listening on" << address << m_port;
    return true;
}

quint16 HttpServer::port() const
{
    return m_port;
}

void HttpServer::close()
{
    m_tcp->close();
    const auto connections = m_connections + m_refused;
    for (HttpConnection *c : connections)
        c->abort();
    m_connections.clear();
    m_refused.clear();
    m_perAddress.clear();
    const auto pending = std::exchange(m_upgradesPending, {});
    for (QTcpSocket *socket : pending) {
        socket->abort();
        delete socket;
    }
}

void HttpServer::handOverLater(QTcpSocket *socket, UpgradeHandler handler, HttpRequest request, const QString &pattern)
{
    // The upgrade is recognised inside the socket's readyRead; a handler that moves the socket to
    // another thread must not do so while that emission is still on the stack.
    m_upgradesPending.insert(socket);
    QMetaObject::invokeMethod(
        this,
        [this, socket, handler = std::move(handler), request = std::move(request), pattern] {
            if (!m_upgradesPending.remove(socket))
                return; // closed meanwhile: aborted and deleted by close()
            try {
                handler(socket, request);
            } catch (const std::exception &e) {
                qCWarning(lcHttp) << "upgrade handler for" << pattern << "threw:" << e.what() << "- connection dropped";
                socket->abort();
            } catch (...) {
                qCWarning(lcHttp) << "upgrade handler for" << pattern
                                  << "threw a non-standard exception; connection dropped";
                socket->abort();
            }
        },
        Qt::QueuedConnection);
}

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_router->add(method, pattern, [handler = std::move(handler)](const HttpRequest &request, Responder respond) {
        respond(handler(request));
    });
}

void HttpServer::routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler)
{
    m_router->add(method, pattern, std::move(handler));
}

void HttpServer::routeUpgrade(const QString &path, UpgradeHandler handler)
{
    m_router->addUpgrade(path, std::move(handler));
}

int HttpServer::connectionCount() const
{
    return int(m_connections.size());
}

void HttpServer::stopAccepting()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_tcp->close();
    const auto connections = m_connections;
    for (HttpConnection *c : connections)
        c->closeAfterCurrentResponse();
    if (m_connections.isEmpty())
        emit drained();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        if (m_stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const QHostAddress peer = socket->peerAddress();
        // One address's connections replace its own idle ones: a client that opens many and sends
        // nothing on them holds at most maxConnectionsPerAddress, and never the whole server.
        bool overAddressCap = m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress;
        if (overAddressCap && evictIdle(&peer))
            overAddressCap = false;
        // Near the cap, idle keep-alive connections make room before anyone is refused.
        const qsizetype evictFrom =
            qMax<qsizetype>(1, qsizetype(m_limits.maxConnections) * qBound(1, m_limits.idleEvictionPercent, 100) / 100);
        if (!overAddressCap && m_connections.size() >= evictFrom)
            evictIdle(nullptr);
        const bool refuse = overAddressCap || m_connections.size() >= m_limits.maxConnections;
        if (refuse && m_refused.size() >= m_limits.maxConnections) {
            // Even the 503 answers are bounded: past that, new connections are reset at once.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const HttpConnection::Mode mode = overAddressCap ? HttpConnection::Mode::RefuseAddress
                                          : refuse       ? HttpConnection::Mode::Refuse
                                                         : HttpConnection::Mode::Serve;
        auto *connection = new HttpConnection(socket, this, mode);
        if (refuse) {
            if (!overAddressCap && !std::exchange(m_refusing, true)) {
                qCWarning(lcHttp) << "connection limit" << m_limits.maxConnections
                                  << "reached with no idle connection to close; answering 503 until connections "
                                     "close (raise HttpLimits::maxConnections if this is normal load)";
            }
            m_refused.insert(connection);
        } else {
            m_connections.insert(connection);
            ++m_perAddress[peer];
        }
        connection->start();
    }
}

bool HttpServer::evictIdle(const QHostAddress *peer)
{
    HttpConnection *oldest = nullptr;
    const qint64 now = HttpConnection::nowMs();
    for (HttpConnection *c : std::as_const(m_connections)) {
        if ((peer && c->peer() != *peer) || !c->isEvictable(now))
            continue;
        if (!oldest || c->idleSinceMs() < oldest->idleSinceMs())
            oldest = c;
    }
    if (!oldest)
        return false;
    forget(oldest);
    m_refused.insert(oldest);
    oldest->evict();
    return true;
}

void HttpServer::forget(HttpConnection *connection)
{
    if (!m_connections.remove(connection))
        return;
    const auto it = m_perAddress.find(connection->peer());
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
}

void HttpServer::onConnectionClosed(HttpConnection *connection)
{
    m_refused.remove(connection);
    const bool served = m_connections.contains(connection);
    forget(connection);
    if (m_connections.size() < m_limits.maxConnections)
        m_refusing = false;
    if (served && m_stopping && m_connections.isEmpty())
        emit drained();
}

void HttpServer::dispatch(HttpRequest &request, const QByteArray &rawPath, QString *routePattern, Responder respond)
{
    HttpRouter::Match match = m_router->match(request.method, rawPath);
    if (!match.handler) {
        if (match.pathKnown) {
            respond(
                HttpResponse::problem(
                    405, QStringLiteral("Method Not Allowed"),
                    QStringLiteral("%1 is not allowed on %2.").arg(QString::fromLatin1(request.method), request.path))
                    .withHeader("Allow", match.allowedMethods.join(", ")));
            return;
        }
        respond(HttpResponse::problem(404, QStringLiteral("Not Found"),
                                      QStringLiteral("No resource at %1.").arg(request.path)));
        return;
    }
    *routePattern = match.pattern;
    request.pathParams = std::move(match.params);

    // Exactly once, whatever the handler does with the responder; invalid statuses become 500.
    auto answered = std::make_shared<bool>(false);
    const QString pattern = match.pattern;
    const QByteArray method = request.method;
    Responder once = [answered, respond, pattern, method](const HttpResponse &response) {
        if (std::exchange(*answered, true))
            return;
        if (response.status < 200 || response.status > 599) {
            qCWarning(lcHttp) << "handler for" << method << pattern << "returned status" << response.status
                              << "- answered 500; return a status from 200 to 599";
            respond(HttpResponse::problem(500, QStringLiteral("Internal Server Error"),
                                          QStringLiteral("The server could not complete the request.")));
            return;
        }
        respond(response);
    };
    try {
        (*match.handler)(request, once);
    } catch (const std::exception &e) {
        qCWarning(lcHttp) << "handler for" << request.method << match.pattern << "threw:" << e.what()
                          << "- answered 500; fix the handler";
        once(HttpResponse::problem(500, QStringLiteral("Internal Server Error"),
                                   QStringLiteral("The server could not complete the request.")));
    } catch (...) {
        qCWarning(lcHttp) << "handler for" << request.method << match.pattern
                          << "threw a non-standard exception - answered 500; fix the handler";
        once(HttpResponse::problem(500, QStringLiteral("Internal Server Error"),
                                   QStringLiteral("The server could not complete the request.")));
    }
}

const HttpServer::UpgradeHandler *HttpServer::findUpgrade(HttpRequest &request, const QByteArray &rawPath,
                                                          QString *routePattern) const
{
    return m_router->matchUpgrade(rawPath, routePattern, &request.pathParams);
}

} // namespace taskstream::http

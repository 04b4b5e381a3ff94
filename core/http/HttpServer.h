#pragma once

#include "http/HttpLimits.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <functional>
#include <memory>

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

class QTcpServer;
class QTcpSocket;

namespace taskstream::http {

class HttpConnection;
class HttpRouter;

// HTTP/1.1 server on the Qt event loop: keep-alive, pipelining (answers in order), Content-Length
// and chunked request bodies, limits and timeouts from HttpLimits. Every error is answered with
// application/problem+json; see docs/http.md for the statuses.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // Answers a request later, exactly once (later calls are ignored). Safe to call after the
    // client went away: the answer is then dropped.
    using Responder = std::function<void(const HttpResponse &)>;
    // A handler that answers when its work is done (e.g. after a group commit). Requests pipelined
    // behind it on the same connection wait, so answers stay in order.
    using AsyncHandler = std::function<void(const HttpRequest &, Responder)>;
    // Receives the socket of a WebSocket upgrade request with the request's bytes still unread in it
    // (e.g. for QWebSocketServer::handleConnection). The socket has no parent; the handler owns it.
    // It is called from the event loop, never inside one of the socket's own signals, so it may
    // move the socket to another thread. Sockets not yet handed over when the server closes are
    // aborted and deleted here.
    using UpgradeHandler = std::function<void(QTcpSocket *socket, const HttpRequest &request)>;

    explicit HttpServer(HttpLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // Starts listening; on failure returns false and puts the reason into *error (if given).
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // The port listened on (also after stopAccepting()); 0 before listen().
    quint16 port() const;
    // Stops listening and drops every connection at once.
    void close();

    // Registers a handler for a method and a path pattern such as "/api/v1/tasks/{id}/complete";
    // {name} matches one non-empty path segment (percent-decoded into HttpRequest::pathParams).
    // HEAD is served by the GET handler without a body unless a HEAD route exists.
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    // Like route(), for a handler that answers through the Responder when it is ready.
    void routeAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler);
    // Registers a WebSocket endpoint (same pattern syntax); only GET with Connection: Upgrade and
    // Upgrade: websocket is handed over, other requests to it get 426 or 400.
    void routeUpgrade(const QString &path, UpgradeHandler handler);

    // Open HTTP connections (handed-over sockets and refused connections are not counted).
    int connectionCount() const;
    const HttpLimits &limits() const { return m_limits; }

    // Stops accepting, lets in-flight requests finish (their responses carry Connection: close) and
    // closes idle keep-alive connections. drained() follows once no connection is left.
    void stopAccepting();

signals:
    // One per answered request, for metrics. routePattern is the matched pattern, empty when none
    // matched (404, or errors before routing); durationUs runs from the request's first byte.
    void requestFinished(const QByteArray &method, const QString &routePattern, int status, qint64 durationUs);
    // After stopAccepting(), when the last connection has closed.
    void drained();

private:
    friend class HttpConnection;

    void onNewConnection();
    void onConnectionClosed(HttpConnection *connection);
    // HttpConnection's upgrade: the socket is handed to \a handler once control is back in the
    // event loop (posted), unless the server closes first.
    void handOverLater(QTcpSocket *socket, UpgradeHandler handler, HttpRequest request, const QString &pattern);
    // Closes the longest-idle served connection (of \a peer only, when given): it leaves the
    // served count at once and finishes closing among the refused. False when none is idle.
    bool evictIdle(const QHostAddress *peer);
    void forget(HttpConnection *connection);
    // Routing and the handler boundary: never throws, answers \a respond exactly once with a valid
    // response (at once for synchronous handlers and routing errors).
    void dispatch(HttpRequest &request, const QByteArray &rawPath, QString *routePattern, Responder respond);
    // The routeUpgrade() endpoint this path belongs to, or null; fills request.pathParams.
    const UpgradeHandler *findUpgrade(HttpRequest &request, const QByteArray &rawPath, QString *routePattern) const;

    HttpLimits m_limits;
    QTcpServer *m_tcp = nullptr;
    std::unique_ptr<HttpRouter> m_router;
    QSet<HttpConnection *> m_connections;
    QSet<HttpConnection *> m_refused;      // answered 503/429, or evicted; closing
    QHash<QHostAddress, int> m_perAddress; // served connections per peer address
    quint16 m_port = 0;
    bool m_stopping = false;
    QSet<QTcpSocket *> m_upgradesPending; // parentless, owned here until handOverLater() delivers
    bool m_refusing = false;              // at the connection cap; logged once per episode
};

} // namespace taskstream::http

#include "feed/TaskFeed.h"

#include "auth/JwtAuth.h"
#include "common/Clock.h"
#include "events/AsyncEventCodec.h"
#include "events/TaskEvents.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "processing/EventRecords.h"

#include <algorithm>
#include <limits>
#include <optional>

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

Q_LOGGING_CATEGORY(lcFeed, "taskstream.feed", QtInfoMsg)

namespace taskstream::feed {

using kafka::KafkaMessage;
using Key = QPair<QString, int>;

namespace {
// Close codes in the private range (RFC 6455 section 7.4.2), documented in docs/feed.md.
constexpr auto CloseUnauthorized = QWebSocketProtocol::CloseCode(4401);
/// RFC 6455's "try again later" (1013), which Qt has no name for.
constexpr auto CloseTryAgainLater = QWebSocketProtocol::CloseCode(1013);
/// The subprotocol the feed speaks; a client may offer "bearer.TOKEN" next to it.
constexpr char Subprotocol[] = "taskstream.v1";

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Refuses an upgrade with a plain HTTP answer (the handshake has not been answered yet).
void refuse(QTcpSocket *socket, int status, const QString &title, const QString &detail, int retryAfterSeconds = 0)
{
    const QByteArray body = compact({{QStringLiteral("type"), QStringLiteral("about:blank")},
                                     {QStringLiteral("title"), title},
                                     {QStringLiteral("status"), status},
                                     {QStringLiteral("detail"), detail}});
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + title.toUtf8() + "\r\n";
    if (retryAfterSeconds > 0)
        out += "Retry-After: " + QByteArray::number(retryAfterSeconds) + "\r\n";
    out += "Content-Type: application/problem+json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(out);
    socket->disconnectFromHost();
    // A peer that never reads must not keep the socket.
    QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
}

QByteArray tokenOf(const QByteArray &authorization)
{
    if (authorization.size() > 7 && authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return authorization.mid(7).trimmed();
    return {};
}

/// The token of a "bearer.TOKEN" item of a Sec-WebSocket-Protocol header (browsers can set no
/// other header on a WebSocket handshake).
QByteArray tokenOfSubprotocols(const QByteArray &protocols)
{
    for (const QByteArray &item : protocols.split(',')) {
        const QByteArray p = item.trimmed();
        if (p.startsWith("bearer."))
            return p.mid(7);
    }
    return {};
}

/// The exp claim (seconds since the epoch) of a token JwtAuth has verified; 0 if it has none.
qint64 expiryOf(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return 0;
    const QByteArray payload = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding);
    return qint64(QJsonDocument::fromJson(payload).object().value(QLatin1String("exp")).toDouble());
}
} // namespace

/// One WebSocket connection. The feed creates and deletes it (drop(), then deleteLater); the socket
/// and the connection's timers are its children, and every signal handler of the socket has it as
/// context, so nothing of a connection outlives it or runs after it is gone.
struct TaskFeed::Client : QObject
{
    using QObject::QObject;
    QWebSocket *socket = nullptr;
    QHostAddress peer;
    QUuid user;
    bool authenticated = false;
    bool closing = false;
    bool gone = false; ///< dropped; deleted on the next event-loop pass
    qint64 lastSeenMs = 0;
    QTimer *authTimer = nullptr;
    ClockTimer *expiryTimer = nullptr;
    qint64 expiresAtMs = 0;
    qint64 accounted = 0; ///< this client's share of m_unsentBytes
    // Resume: the catch-up reads [from, target) per partition while live messages queue.
    bool catchingUp = false;
    ResumeRead *read = nullptr; ///< null while waiting in the resume queue
    QHash<Key, qint64> from, target, caught;
    QString incomplete;
    QList<QPair<Outgoing, QString>> queued;
    qint64 queuedBytes = 0;
    /// Live records below these offsets reached the client already (a cursor from a feed
    /// instance whose reader was ahead of this one's).
    QHash<Key, qint64> skipBelow;
};

/// One pass of a shared resume reader: from the lowest cursor of its clients to the highest
/// live position they need.
struct TaskFeed::ResumeRead : QObject
{
    using QObject::QObject;
    kafka::KafkaConsumer *consumer = nullptr; ///< child
    QTimer *timeout = nullptr;                ///< child
    QTimer *next = nullptr;                   ///< child: the next slice of pending records
    QList<Client *> clients;
    QList<kafka::KafkaMessage> pending; ///< read, not yet handed out
    bool paused = false;
    bool ended = false;
};

TaskFeed::TaskFeed(const auth::JwtAuth *auth, const kafka::KafkaConfig &kafka, FeedOptions options, QObject *parent)
    : QObject(parent), m_auth(auth), m_kafka(kafka), m_options(std::move(options)),
      m_clock(m_options.clock ? m_options.clock : Clock::system())
{
    m_codec = std::make_unique<events::AsyncEventCodec>(m_options.codec);
    m_server = new QWebSocketServer(QStringLiteral("taskstreamd"), QWebSocketServer::NonSecureMode, this);
    // Offered next to a "bearer.TOKEN" subprotocol; the feed answers with this one, never the token.
    m_server->setSupportedSubprotocols({QString::fromLatin1(Subprotocol)});
    connect(m_server, &QWebSocketServer::newConnection, this, &TaskFeed::onNewConnection);
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(m_options.heartbeatIntervalMs);
    connect(m_heartbeat, &QTimer::timeout, this, &TaskFeed::heartbeat);
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    m_retry->setInterval(500);
    connect(m_retry, &QTimer::timeout, this, &TaskFeed::processPending);
    m_continue = new QTimer(this);
    m_continue->setSingleShot(true);
    m_continue->setInterval(0);
    connect(m_continue, &QTimer::timeout, this, &TaskFeed::processPending);
}

TaskFeed::~TaskFeed()
{
    const QList<Client *> clients = m_clients.values();
    for (Client *c : clients)
        drop(c);
    for (ResumeRead *r : std::as_const(m_resumeReads))
        if (r->consumer)
            r->consumer->close();
    if (m_live)
        m_live->close();
}

FeedStats TaskFeed::stats() const
{
    FeedStats s;
    s.accepted = m_stats.accepted.load(std::memory_order_relaxed);
    s.refused = m_stats.refused.load(std::memory_order_relaxed);
    s.messagesSent = m_stats.messagesSent.load(std::memory_order_relaxed);
    s.slowClientsClosed = m_stats.slowClientsClosed.load(std::memory_order_relaxed);
    s.heartbeatTimeouts = m_stats.heartbeatTimeouts.load(std::memory_order_relaxed);
    s.resumes = m_stats.resumes.load(std::memory_order_relaxed);
    s.incompleteResumes = m_stats.incompleteResumes.load(std::memory_order_relaxed);
    s.resumesRefused = m_stats.resumesRefused.load(std::memory_order_relaxed);
    s.resumeReads = m_stats.resumeReads.load(std::memory_order_relaxed);
    s.tokensExpired = m_stats.tokensExpired.load(std::memory_order_relaxed);
    s.overCapacity = m_stats.overCapacity.load(std::memory_order_relaxed);
    return s;
}

int TaskFeed::resumesInProgress() const
{
    int n = int(m_resumeQueue.size());
    for (const ResumeRead *r : m_resumeReads)
        n += int(r->clients.size());
    return n;
}

kafka::TopicPartitionList TaskFeed::allPartitions(qint64 offset) const
{
    kafka::TopicPartitionList out;
    for (int p = 0; p < m_options.broadcastPartitions; ++p)
        out.append({m_options.broadcastTopic, p, offset});
    for (int p = 0; p < m_options.remindersPartitions; ++p)
        out.append({m_options.remindersTopic, p, offset});
    return out;
}

bool TaskFeed::start(kafka::KafkaError *error)
{
    m_admin = std::make_unique<kafka::KafkaAdmin>();
    if (!m_admin->open(m_kafka, error))
        return false;
    // The live reader starts at the current end, at numeric offsets, so that every cursor (and
    // every resume's target) is a position in every partition from the first message on.
    connect(m_admin.get(), &kafka::KafkaAdmin::watermarksReady, this,
            [this](quint64, const QList<kafka::PartitionWatermarks> &marks, const kafka::KafkaError &e) {
                bool complete = !e.isError() && marks.size() == allPartitions(0).size();
                for (const kafka::PartitionWatermarks &w : marks)
                    complete = complete && !w.error.isError() && w.high >= 0;
                if (!complete) {
                    qCWarning(lcFeed, "cannot read the feed topics' positions yet (%s); trying again",
                              qPrintable(e.isError() ? e.message() : QStringLiteral("partition error")));
                    QTimer::singleShot(2000, this, [this] { m_admin->fetchWatermarks(allPartitions(0), 5000); });
                    return;
                }
                kafka::TopicPartitionList assignment;
                for (const kafka::PartitionWatermarks &w : marks) {
                    m_positions.insert({w.topic, w.partition}, w.high);
                    assignment.append({w.topic, w.partition, w.high});
                }
                m_live = new kafka::KafkaConsumer(this);
                kafka::KafkaConfig cfg = m_kafka;
                cfg.merge(m_options.consumer);
                cfg.set(QStringLiteral("group.id"),
                        QStringLiteral("taskstream-feed-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
                cfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
                kafka::KafkaError err;
                if (!m_live->open(cfg, &err) || (err = m_live->assign(assignment)).isError()) {
                    qCCritical(lcFeed, "feed reader: %s", qPrintable(err.message()));
                    emit failed(err);
                    return;
                }
                connect(m_live, &kafka::KafkaConsumer::messagesReceived, this, &TaskFeed::onLiveMessages);
                m_heartbeat->start();
                m_ready = true;
                qCInfo(lcFeed, "live feed reading %s and %s from %s", qPrintable(m_options.broadcastTopic),
                       qPrintable(m_options.remindersTopic), qPrintable(currentCursor()));
                emit ready();
            });
    m_admin->fetchWatermarks(allPartitions(0), 5000);
    return true;
}

void TaskFeed::registerRoutes(http::HttpServer &server)
{
    server.routeUpgrade(QStringLiteral("/ws/v1/tasks"), [this](QTcpSocket *socket, const http::HttpRequest &request) {
        if (thread() == QThread::currentThread()) {
            onUpgrade(socket, request);
            return;
        }
        // The feed lives on a thread of its own: the socket (parentless, with the handshake still
        // unread in it) moves there with everything it has buffered, and the feed takes it over
        // there. Nothing on this thread touches it afterwards. (The server calls this from its
        // event loop, outside the socket's own signals, so the socket may change threads.)
        socket->moveToThread(thread());
        QMetaObject::invokeMethod(
            this, [this, socket, request] { onUpgrade(socket, request); }, Qt::QueuedConnection);
    });
    server.route("GET", QStringLiteral("/feed"), [](const http::HttpRequest &) {
        QFile page(QStringLiteral(":/taskstream/feed/feed.html"));
        if (!page.open(QIODevice::ReadOnly))
            return http::HttpResponse::problem(500, QStringLiteral("Internal Server Error"),
                                               QStringLiteral("the feed page is missing from this build"));
        http::HttpResponse r = http::HttpResponse::text(200, page.readAll(), "text/html; charset=utf-8");
        r.headers.append(qMakePair(QByteArray("Content-Security-Policy"),
                                   QByteArray("default-src 'self'; connect-src 'self' ws: wss:; "
                                              "style-src 'unsafe-inline'; script-src 'unsafe-inline'")));
        return r;
    });
}

void TaskFeed::onUpgrade(QTcpSocket *socket, const http::HttpRequest &request)
{
    if (!m_ready) {
        ++m_stats.refused;
        refuse(socket, 503, QStringLiteral("Service Unavailable"),
               QStringLiteral("the feed is starting; connect again shortly"));
        return;
    }
    const QString origin = QString::fromUtf8(request.header("origin"));
    if (!origin.isEmpty() && !m_options.allowedOrigins.isEmpty() && !m_options.allowedOrigins.contains(origin)) {
        ++m_stats.refused;
        refuse(socket, 403, QStringLiteral("Forbidden"),
               QStringLiteral("origin %1 may not open the feed (see --feed-allowed-origins)").arg(origin));
        return;
    }
    if (m_clients.size() >= m_options.maxConnections) {
        ++m_stats.refused;
        refuse(socket, 503, QStringLiteral("Service Unavailable"),
               QStringLiteral("this instance holds its maximum of %1 feed connections").arg(m_options.maxConnections));
        return;
    }
    if (m_byAddress.value(request.peer) >= m_options.maxConnectionsPerAddress) {
        ++m_stats.refused;
        ++m_stats.overCapacity;
        refuse(socket, 429, QStringLiteral("Too Many Requests"),
               QStringLiteral("your address holds its maximum of %1 feed connections (see --feed-max-per-address)")
                   .arg(m_options.maxConnectionsPerAddress),
               5);
        return;
    }
    const bool queryToken = request.query.hasQueryItem(QStringLiteral("access_token"));
    if (queryToken && !m_options.allowQueryToken) {
        ++m_stats.refused;
        refuse(socket, 400, QStringLiteral("Bad Request"),
               QStringLiteral("access_token in the URL is off on this server (URLs end up in logs): send the token "
                              "as Authorization: Bearer, as the subprotocol bearer.TOKEN next to taskstream.v1, "
                              "or in a first {\"type\":\"auth\"} message"));
        return;
    }
    // A token given with the handshake is checked before it is answered, so a client learns
    // about a bad token from an HTTP 401, as from the rest of the API.
    QByteArray token = tokenOf(request.header("authorization"));
    if (token.isEmpty())
        token = tokenOfSubprotocols(request.header("sec-websocket-protocol"));
    if (token.isEmpty() && queryToken)
        token = request.query.queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded).toUtf8();
    if (!token.isEmpty()) {
        QString why;
        if (!m_auth->verify(token, &why)) {
            ++m_stats.refused;
            refuse(socket, 401, QStringLiteral("Unauthorized"), why);
            return;
        }
    }
    m_server->handleConnection(socket);
}

void TaskFeed::onNewConnection()
{
    while (QWebSocket *ws = m_server->nextPendingConnection()) {
        auto *c = new Client(this);
        ws->setParent(c);
        ws->setMaxAllowedIncomingFrameSize(quint64(m_options.maxIncomingFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(m_options.maxIncomingMessageBytes));
        c->socket = ws;
        c->peer = ws->peerAddress();
        c->lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        m_clients.insert(ws, c);
        m_connectionCount.store(int(m_clients.size()), std::memory_order_relaxed);
        ++m_byAddress[c->peer];
        connect(ws, &QWebSocket::textMessageReceived, c, [this, c](const QString &m) { onTextMessage(c, m); });
        connect(ws, &QWebSocket::binaryMessageReceived, c, [this, c](const QByteArray &) {
            deliver(c, compact({{QStringLiteral("type"), QStringLiteral("error")},
                                {QStringLiteral("error"), QStringLiteral("bad_message")},
                                {QStringLiteral("detail"), QStringLiteral("the feed takes JSON text messages only")}}));
        });
        connect(ws, &QWebSocket::pong, c,
                [c](quint64, const QByteArray &) { c->lastSeenMs = QDateTime::currentMSecsSinceEpoch(); });
        connect(ws, &QWebSocket::bytesWritten, c, [this, c](qint64) { account(c); });
        connect(ws, &QWebSocket::disconnected, c, [this, c] { drop(c); });

        const QUrlQuery query(ws->requestUrl());
        const QString cursor = query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
        QByteArray token = tokenOf(ws->request().rawHeader("Authorization"));
        if (token.isEmpty())
            token = tokenOfSubprotocols(ws->request().rawHeader("Sec-WebSocket-Protocol"));
        if (token.isEmpty() && m_options.allowQueryToken)
            token = query.queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded).toUtf8();
        if (!token.isEmpty()) {
            authenticate(c, token, cursor);
            continue;
        }
        // Browsers cannot set headers on a WebSocket: they send {"type":"auth"} first.
        c->authTimer = new QTimer(c);
        c->authTimer->setSingleShot(true);
        connect(c->authTimer, &QTimer::timeout, c, [this, c] {
            ++m_stats.refused;
            closeClient(c, CloseUnauthorized,
                        QStringLiteral("no auth message within %1 ms").arg(m_options.authTimeoutMs));
        });
        c->authTimer->start(m_options.authTimeoutMs);
    }
}

void TaskFeed::onTextMessage(Client *c, const QString &text)
{
    if (c->gone || c->closing)
        return;
    c->lastSeenMs = QDateTime::currentMSecsSinceEpoch();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
    auto error = [&](const QString &code, const QString &detail) {
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("error")},
                            {QStringLiteral("error"), code},
                            {QStringLiteral("detail"), detail}}));
    };
    if (!doc.isObject()) {
        error(QStringLiteral("bad_message"),
              pe.error != QJsonParseError::NoError
                  ? QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)
                  : QStringLiteral("expected a JSON object"));
        return;
    }
    const QJsonObject m = doc.object();
    const QString type = m.value(QLatin1String("type")).toString();
    if (type == QLatin1String("auth")) {
        const QByteArray token = m.value(QLatin1String("token")).toString().toUtf8();
        if (c->authenticated)
            renewToken(c, token);
        else
            authenticate(c, token, m.value(QLatin1String("cursor")).toString());
    } else if (type == QLatin1String("ping")) {
        // For clients that cannot send WebSocket pings (browsers).
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("pong")}}));
    } else {
        error(QStringLiteral("bad_message"),
              QStringLiteral("unknown message type '%1' (expected auth or ping)").arg(type));
    }
}

void TaskFeed::authenticate(Client *c, const QByteArray &token, const QString &cursor)
{
    QString why;
    const std::optional<auth::Principal> p = token.isEmpty() ? std::nullopt : m_auth->verify(token, &why);
    if (!p) {
        ++m_stats.refused;
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("error")},
                            {QStringLiteral("error"), QStringLiteral("unauthorized")},
                            {QStringLiteral("detail"), token.isEmpty() ? QStringLiteral("no token") : why}}));
        closeClient(c, CloseUnauthorized, QStringLiteral("unauthorized"));
        return;
    }
    if (c->authTimer)
        c->authTimer->stop();
    if (m_byUser.count(p->userId) >= m_options.maxConnectionsPerUser) {
        ++m_stats.refused;
        ++m_stats.overCapacity;
        closeClient(c, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("this user holds the maximum of %1 feed connections; close one first")
                        .arg(m_options.maxConnectionsPerUser));
        return;
    }
    c->user = p->userId;
    c->authenticated = true;
    m_byUser.insert(c->user, c);
    ++m_stats.accepted;
    armExpiry(c, token);
    if (c->closing)
        return;
    deliver(c, compact({{QStringLiteral("type"), QStringLiteral("welcome")},
                        {QStringLiteral("user_id"), c->user.toString(QUuid::WithoutBraces)},
                        {QStringLiteral("cursor"), cursor.isEmpty() ? currentCursor() : cursor},
                        {QStringLiteral("resuming"), !cursor.isEmpty()},
                        {QStringLiteral("expires_at"),
                         QDateTime::fromMSecsSinceEpoch(c->expiresAtMs, Qt::UTC).toString(Qt::ISODate)}}));
    if (!cursor.isEmpty() && !c->gone && !c->closing)
        startCatchUp(c, cursor);
}

void TaskFeed::renewToken(Client *c, const QByteArray &token)
{
    QString why;
    const std::optional<auth::Principal> p = token.isEmpty() ? std::nullopt : m_auth->verify(token, &why);
    if (!p || p->userId != c->user) {
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("error")},
                            {QStringLiteral("error"), QStringLiteral("unauthorized")},
                            {QStringLiteral("detail"),
                             !p ? (token.isEmpty() ? QStringLiteral("no token") : why)
                                : QStringLiteral("a connection keeps the user it authenticated as")}}));
        return; // the connection goes on until its current token expires
    }
    armExpiry(c, token);
    deliver(c, compact({{QStringLiteral("type"), QStringLiteral("token_renewed")},
                        {QStringLiteral("expires_at"),
                         QDateTime::fromMSecsSinceEpoch(c->expiresAtMs, Qt::UTC).toString(Qt::ISODate)}}));
}

void TaskFeed::armExpiry(Client *c, const QByteArray &token)
{
    // verify() accepted the token, so its exp is present and signed.
    c->expiresAtMs = expiryOf(token) * 1000;
    if (!c->expiryTimer) {
        c->expiryTimer = m_clock->createTimer(Qt::CoarseTimer, c);
        connect(c->expiryTimer, &ClockTimer::timeout, c, [this, c] {
            const qint64 left = c->expiresAtMs - m_clock->nowMs();
            if (left > 0) { // beyond one timer period
                c->expiryTimer->start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
                return;
            }
            ++m_stats.tokensExpired;
            closeClient(c, CloseUnauthorized, QStringLiteral("token expired: reconnect with a fresh token"));
        });
    }
    const qint64 left = qMax<qint64>(0, c->expiresAtMs - m_clock->nowMs());
    c->expiryTimer->start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
}

bool TaskFeed::toOutgoing(const KafkaMessage &m, Outgoing *out, bool *retry)
{
    *retry = false;
    out->topic = m.topic;
    out->partition = m.partition;
    out->offset = m.offset;
    const events::DecodeResult d = processing::tryDecode(*m_codec, m);
    if (!d.ok()) {
        if (d.error.isRetriable()) {
            *retry = true;
            return false;
        }
        qCWarning(lcFeed, "%s/%d@%lld is not an event the feed can read (%s); skipped", qPrintable(m.topic),
                  m.partition, m.offset, qPrintable(d.error.message));
        return false;
    }
    const events::Event &e = d.decoded.event;
    QJsonObject msg;
    if (const auto tc = e.as<events::TaskChanged>()) {
        out->user = tc->userId;
        msg.insert(QStringLiteral("type"), QStringLiteral("task_changed"));
    } else if (const auto nc = e.as<events::NotificationCreated>()) {
        // The stored notification, as GET /api/v1/notifications lists it (its id marks it read).
        out->user = nc->userId;
        msg.insert(QStringLiteral("type"), QStringLiteral("notification"));
        msg.insert(QStringLiteral("kind"), nc->kind);
        msg.insert(
            QStringLiteral("notification"),
            QJsonObject{{QStringLiteral("id"), nc->notificationId.toString(QUuid::WithoutBraces)},
                        {QStringLiteral("kind"), nc->kind},
                        {QStringLiteral("reminder_id"),
                         nc->reminderId ? QJsonValue(nc->reminderId->toString(QUuid::WithoutBraces)) : QJsonValue()},
                        {QStringLiteral("task_id"),
                         nc->taskId ? QJsonValue(nc->taskId->toString(QUuid::WithoutBraces)) : QJsonValue()},
                        {QStringLiteral("title"), nc->title},
                        {QStringLiteral("body"), QJsonDocument::fromJson(nc->body.toUtf8()).object()},
                        {QStringLiteral("created_at"), nc->header.occurredAt.toString(Qt::ISODateWithMs)},
                        {QStringLiteral("read"), false},
                        {QStringLiteral("read_at"), QJsonValue()}});
    } else {
        // Reminder events are not for front ends: a fired reminder reaches them as the
        // NotificationCreated the notifier makes of it.
        return false;
    }
    msg.insert(QStringLiteral("event"), m_codec->serializer().toCloudEventJson(e));
    out->json = compact(msg);
    return !out->user.isNull();
}

void TaskFeed::onLiveMessages(const QList<KafkaMessage> &batch)
{
    const bool idle = m_pending.isEmpty();
    m_pending += batch;
    if (idle)
        processPending(); // otherwise a retry or a continuation is scheduled already
}

void TaskFeed::processPending()
{
    // Sends in slices and returns to the event loop between them, so sockets flush while a
    // burst is delivered: a client is judged by how it keeps up, not by the size of one burst.
    qint64 budget = 256 * 1024;
    while (!m_pending.isEmpty()) {
        if (budget <= 0) {
            m_continue->start();
            break;
        }
        const KafkaMessage &m = m_pending.first();
        Outgoing o;
        bool retry = false;
        const bool forUser = toOutgoing(m, &o, &retry);
        if (retry) {
            // The registry is fetching the writer schema: keep the order, wait, go on.
            if (!m_livePaused) {
                m_live->pause(m_live->assignment());
                m_livePaused = true;
            }
            m_retry->start();
            return;
        }
        const Key key(m.topic, m.partition);
        m_positions.insert(key, m.offset + 1);
        m_pending.removeFirst();
        if (!forUser)
            continue;
        const QString cursor = currentCursor();
        // A copy: a send may drop a client (its peer is gone); dropped clients stay allocated
        // until the next event-loop pass and say so with `gone`.
        const QList<Client *> clients = m_byUser.values(o.user);
        budget -= o.json.size() * qMax<qsizetype>(1, clients.size());
        for (Client *c : clients) {
            if (c->closing || c->gone)
                continue;
            if (c->catchingUp) {
                c->queued.append({o, cursor});
                c->queuedBytes += o.json.size();
                account(c);
                if (c->queuedBytes > m_options.maxSendBufferBytes) {
                    ++m_stats.slowClientsClosed;
                    closeClient(c, QWebSocketProtocol::CloseCodePolicyViolated,
                                QStringLiteral("resume too large: reconnect without a cursor"));
                } else if (m_unsentBytes > m_options.maxTotalSendBufferBytes) {
                    shedSlowest();
                }
                continue;
            }
            if (o.offset >= c->skipBelow.value(key, 0))
                send(c, o, cursor);
        }
    }
    // Memory stays bounded when the feed falls behind: the reader waits while much is pending.
    const bool behind = m_pending.size() > 5000;
    if (behind && !m_livePaused) {
        m_live->pause(m_live->assignment());
        m_livePaused = true;
    } else if (!behind && m_livePaused && !m_retry->isActive()) {
        m_live->resume(m_live->assignment());
        m_livePaused = false;
    }
}

void TaskFeed::send(Client *c, const Outgoing &o, const QString &cursor)
{
    // The cursor goes in front of the encoded message: {"cursor":"...",<the rest>}.
    QByteArray json = o.json;
    json.insert(1, "\"cursor\":\"" + cursor.toUtf8() + "\",");
    deliver(c, json);
}

void TaskFeed::deliver(Client *c, const QByteArray &json)
{
    if (c->closing || c->gone)
        return;
    c->socket->sendTextMessage(QString::fromUtf8(json));
    // Hand the data to the kernel now: a socket left to its write notifier passes on one buffered
    // block per event-loop pass, so even a fast reader would look slow in a burst.
    c->socket->flush();
    // The write may have found the peer gone: the socket then reported disconnected at once and
    // drop() ran. The client is still allocated (deleted later) but no longer served.
    if (c->gone)
        return;
    ++m_stats.messagesSent;
    account(c);
    const qint64 unsent = c->socket->bytesToWrite();
    if (unsent > m_options.maxSendBufferBytes) {
        ++m_stats.slowClientsClosed;
        qCInfo(lcFeed, "closing a feed connection of user %s: %lld bytes unsent (reads too slowly)",
               qPrintable(c->user.toString(QUuid::WithoutBraces)), unsent);
        closeClient(c, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("send buffer full: client reads too slowly"));
    } else if (m_unsentBytes > m_options.maxTotalSendBufferBytes) {
        shedSlowest();
    }
}

void TaskFeed::account(Client *c)
{
    const qint64 now = c->gone ? 0 : c->socket->bytesToWrite() + c->queuedBytes;
    m_unsentBytes += now - c->accounted;
    c->accounted = now;
}

void TaskFeed::shedSlowest()
{
    // Closes the clients that hold the most unsent data until the others fit. Their bytes stay
    // counted until their sockets are gone; the ones already closing do not count as fitting.
    QList<Client *> open;
    qint64 openBytes = 0;
    for (Client *c : std::as_const(m_clients)) {
        if (!c->closing && !c->gone) {
            open << c;
            openBytes += c->accounted;
        }
    }
    std::sort(open.begin(), open.end(), [](const Client *a, const Client *b) { return a->accounted > b->accounted; });
    for (Client *c : std::as_const(open)) {
        if (openBytes <= m_options.maxTotalSendBufferBytes || c->accounted == 0)
            break;
        openBytes -= c->accounted;
        ++m_stats.slowClientsClosed;
        qCInfo(lcFeed, "closing a feed connection of user %s: the feed's send buffers are full (%lld bytes)",
               qPrintable(c->user.toString(QUuid::WithoutBraces)), m_unsentBytes);
        closeClient(c, QWebSocketProtocol::CloseCodePolicyViolated,
                    QStringLiteral("server send buffers full: client reads too slowly"));
    }
}

void TaskFeed::closeClient(Client *c, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (c->closing || c->gone)
        return;
    c->closing = true;
    if (c->authTimer)
        c->authTimer->stop();
    if (c->expiryTimer)
        c->expiryTimer->stop();
    // The close may find the peer gone and drop the client at once; the abort is its timer's
    // job, and the timer belongs to the client.
    QTimer::singleShot(2000, c, [c] {
        if (!c->gone)
            c->socket->abort();
    });
    c->socket->close(code, reason);
}

QString TaskFeed::cursorFrom(const QHash<Key, qint64> &positions) const
{
    QStringList b, r;
    for (int p = 0; p < m_options.broadcastPartitions; ++p)
        b << QString::number(positions.value({m_options.broadcastTopic, p}, 0));
    for (int p = 0; p < m_options.remindersPartitions; ++p)
        r << QString::number(positions.value({m_options.remindersTopic, p}, 0));
    return QStringLiteral("v1:") + b.join(QLatin1Char(',')) + QLatin1Char(':') + r.join(QLatin1Char(','));
}

QString TaskFeed::currentCursor() const
{
    return cursorFrom(m_positions);
}

bool TaskFeed::parseCursor(const QString &cursor, QHash<Key, qint64> *positions) const
{
    const QStringList parts = cursor.split(QLatin1Char(':'));
    if (parts.size() != 3 || parts[0] != QLatin1String("v1"))
        return false;
    const QStringList b = parts[1].split(QLatin1Char(',')), r = parts[2].split(QLatin1Char(','));
    if (b.size() != m_options.broadcastPartitions || r.size() != m_options.remindersPartitions)
        return false;
    auto read = [positions](const QStringList &values, const QString &topic) {
        for (int p = 0; p < values.size(); ++p) {
            bool ok = false;
            const qint64 v = values[p].toLongLong(&ok);
            if (!ok || v < 0)
                return false;
            positions->insert({topic, p}, v);
        }
        return true;
    };
    return read(b, m_options.broadcastTopic) && read(r, m_options.remindersTopic);
}

void TaskFeed::startCatchUp(Client *c, const QString &cursor)
{
    ++m_stats.resumes;
    if (!parseCursor(cursor, &c->from)) {
        c->from.clear();
        finishCatchUp(c, QStringLiteral("the cursor is not one this feed issued; live messages follow"));
        return;
    }
    c->skipBelow = c->from;
    c->target = m_positions;
    c->caught = c->from;
    bool behind = false;
    for (auto it = c->from.cbegin(); it != c->from.cend(); ++it)
        behind = behind || it.value() < c->target.value(it.key());
    if (!behind) {
        finishCatchUp(c, {});
        return;
    }
    if (m_resumeQueue.size() >= m_options.maxQueuedResumes) {
        ++m_stats.resumesRefused;
        closeClient(c, CloseTryAgainLater,
                    QStringLiteral("too many resumes in progress: reconnect with your cursor in a few seconds"));
        return;
    }
    // Live messages queue from now on; a shared reader delivers what was missed first.
    c->catchingUp = true;
    m_resumeQueue.append(c);
    startResumeReads();
}

void TaskFeed::startResumeReads()
{
    while (m_resumeReads.size() < m_options.resumeReaders && !m_resumeQueue.isEmpty()) {
        auto *read = new ResumeRead(this);
        read->clients = std::exchange(m_resumeQueue, {});
        // From the lowest cursor to the highest target, per partition.
        QHash<Key, qint64> start;
        for (Client *c : std::as_const(read->clients)) {
            c->read = read;
            for (auto it = c->from.cbegin(); it != c->from.cend(); ++it) {
                if (it.value() >= c->target.value(it.key()))
                    continue;
                const auto s = start.constFind(it.key());
                if (s == start.cend() || it.value() < s.value())
                    start.insert(it.key(), it.value());
            }
        }
        kafka::TopicPartitionList assignment;
        for (auto it = start.cbegin(); it != start.cend(); ++it)
            assignment.append({it.key().first, it.key().second, it.value()});
        m_resumeReads.append(read);
        m_resumeReadersOpen.store(int(m_resumeReads.size()), std::memory_order_relaxed);
        ++m_stats.resumeReads;
        read->consumer = new kafka::KafkaConsumer(read);
        kafka::KafkaConfig cfg = m_kafka;
        cfg.merge(m_options.consumer);
        cfg.set(QStringLiteral("group.id"),
                QStringLiteral("taskstream-feed-resume-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
        cfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
        cfg.set(QStringLiteral("auto.offset.reset"), QStringLiteral("earliest"));
        kafka::KafkaError err;
        if (!read->consumer->open(cfg, &err) || (err = read->consumer->assign(assignment)).isError()) {
            endResumeRead(read, QStringLiteral("cannot read what was missed: %1").arg(err.message()));
            continue;
        }
        qCDebug(lcFeed, "a shared reader resumes %d connection(s)", int(read->clients.size()));
        connect(read->consumer, &kafka::KafkaConsumer::messagesReceived, read,
                [this, read](const QList<KafkaMessage> &batch) { onResumeMessages(read, batch); });
        read->next = new QTimer(read);
        read->next->setSingleShot(true);
        read->next->setInterval(0);
        connect(read->next, &QTimer::timeout, read, [this, read] { serveResumes(read); });
        read->timeout = new QTimer(read);
        read->timeout->setSingleShot(true);
        connect(read->timeout, &QTimer::timeout, read, [this, read] {
            endResumeRead(read,
                          QStringLiteral("what was missed could not be read within %1 ms (past the topics' retention?)")
                              .arg(m_options.catchUpTimeoutMs));
        });
        read->timeout->start(m_options.catchUpTimeoutMs);
    }
}

void TaskFeed::onResumeMessages(ResumeRead *read, const QList<KafkaMessage> &batch)
{
    if (read->ended)
        return;
    read->pending += batch;
    if (!read->next->isActive())
        serveResumes(read);
}

void TaskFeed::serveResumes(ResumeRead *read)
{
    // In slices, as the live reader does: a pass for hundreds of connections hands out many
    // messages, and the API on this thread must not wait for all of them.
    qint64 budget = 256 * 1024;
    while (!read->pending.isEmpty() && budget > 0 && !read->ended) {
        const KafkaMessage m = read->pending.takeFirst();
        budget -= 64; // records for other users cost too
        const Key key(m.topic, m.partition);
        // Decoded once, for every client of this pass that needs the record.
        std::optional<Outgoing> decoded;
        bool retry = false;
        const QList<Client *> clients = read->clients; // a send may drop a client
        for (Client *c : clients) {
            if (c->gone || !c->catchingUp || c->read != read)
                continue;
            if (m.offset < c->from.value(key) || m.offset >= c->target.value(key))
                continue; // below its cursor, or the live reader has it queued
            if (m.offset > c->caught.value(key) && c->incomplete.isEmpty())
                c->incomplete = QStringLiteral("records of %1/%2 before offset %3 are past the topic's retention")
                                    .arg(m.topic)
                                    .arg(m.partition)
                                    .arg(m.offset);
            c->caught.insert(key, m.offset + 1);
            if (!decoded) {
                Outgoing o;
                decoded = toOutgoing(m, &o, &retry) ? std::optional<Outgoing>(o) : std::optional<Outgoing>(Outgoing{});
            }
            if (!decoded->json.isEmpty() && decoded->user == c->user) {
                send(c, *decoded, cursorFrom(c->caught));
                budget -= decoded->json.size();
            } else if (retry && c->incomplete.isEmpty()) {
                c->incomplete = QStringLiteral("the schema registry did not answer for %1/%2@%3")
                                    .arg(m.topic)
                                    .arg(m.partition)
                                    .arg(m.offset);
            }
        }
    }
    if (read->ended)
        return;
    const QList<Client *> clients = read->clients;
    for (Client *c : clients) {
        if (c->gone || c->read != read)
            continue;
        bool done = true;
        for (auto it = c->target.cbegin(); it != c->target.cend() && done; ++it)
            done = c->caught.value(it.key()) >= it.value();
        if (done) {
            read->clients.removeOne(c);
            c->read = nullptr;
            finishCatchUp(c, c->incomplete);
        }
    }
    if (read->clients.isEmpty()) {
        endResumeRead(read, {});
        return;
    }
    if (!read->pending.isEmpty())
        read->next->start();
    // Memory stays bounded: the reader waits while much is read but not handed out.
    const bool behind = read->pending.size() > 2000;
    if (behind != read->paused) {
        read->paused = behind;
        behind ? read->consumer->pause(read->consumer->assignment())
               : read->consumer->resume(read->consumer->assignment());
    }
}

void TaskFeed::endResumeRead(ResumeRead *read, const QString &incompleteReason)
{
    if (read->ended)
        return;
    read->ended = true;
    m_resumeReads.removeOne(read);
    m_resumeReadersOpen.store(int(m_resumeReads.size()), std::memory_order_relaxed);
    if (read->timeout)
        read->timeout->stop();
    if (read->next)
        read->next->stop();
    if (read->consumer) {
        read->consumer->disconnect(read);
        read->consumer->close();
    }
    const QList<Client *> clients = std::exchange(read->clients, {});
    for (Client *c : clients) {
        if (c->gone || c->read != read)
            continue;
        c->read = nullptr;
        finishCatchUp(c, incompleteReason.isEmpty() ? c->incomplete : incompleteReason);
    }
    read->deleteLater(); // its consumer may be in the middle of emitting
    startResumeReads();
}

void TaskFeed::finishCatchUp(Client *c, const QString &incompleteReason)
{
    c->catchingUp = false;
    c->read = nullptr;
    m_resumeQueue.removeOne(c);
    if (c->gone)
        return;
    if (!incompleteReason.isEmpty()) {
        ++m_stats.incompleteResumes;
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("resume_incomplete")},
                            {QStringLiteral("reason"), incompleteReason}}));
    }
    const QList<QPair<Outgoing, QString>> queued = std::exchange(c->queued, {});
    c->queuedBytes = 0;
    account(c);
    for (const auto &[o, cursor] : queued)
        if (o.offset >= c->skipBelow.value({o.topic, o.partition}, 0))
            send(c, o, cursor); // stops by itself once the client is closing or gone
    deliver(c, compact({{QStringLiteral("type"), QStringLiteral("live")}}));
}

void TaskFeed::heartbeat()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<Client *> clients = m_clients.values();
    for (Client *c : clients) {
        if (c->closing || c->gone)
            continue;
        if (now - c->lastSeenMs > 2 * qint64(m_options.heartbeatIntervalMs) + 1000) {
            ++m_stats.heartbeatTimeouts;
            c->closing = true;
            c->socket->abort(); // the peer is gone; a close handshake would wait for it too
            continue;
        }
        c->socket->ping();
    }
}

void TaskFeed::drop(Client *c)
{
    if (c->gone)
        return;
    c->gone = true;
    m_clients.remove(c->socket);
    m_connectionCount.store(int(m_clients.size()), std::memory_order_relaxed);
    if (c->authenticated)
        m_byUser.remove(c->user, c);
    if (--m_byAddress[c->peer] <= 0)
        m_byAddress.remove(c->peer);
    m_unsentBytes -= c->accounted;
    c->accounted = 0;
    m_resumeQueue.removeOne(c);
    if (c->read) {
        c->read->clients.removeOne(c);
        ResumeRead *read = std::exchange(c->read, nullptr);
        if (read->clients.isEmpty())
            QTimer::singleShot(0, read, [this, read] { endResumeRead(read, {}); });
    }
    // Nothing of this client may call back into the feed once it is gone: its handlers have the
    // client as context, and it is deleted (with its socket and timers) on the next pass.
    c->socket->disconnect(c);
    if (c->authTimer)
        c->authTimer->stop();
    if (c->expiryTimer)
        c->expiryTimer->stop();
    c->deleteLater();
}

void TaskFeed::closeAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (thread() != QThread::currentThread()) {
        QMetaObject::invokeMethod(
            this, [this, code, reason] { closeAll(code, reason); }, Qt::QueuedConnection);
        return;
    }
    const QList<Client *> clients = m_clients.values();
    for (Client *c : clients)
        closeClient(c, code, reason);
}

} // namespace taskstream::feed

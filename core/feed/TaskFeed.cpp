#include "feed/TaskFeed.h"

#include "auth/JwtAuth.h"
#include "events/AsyncEventCodec.h"
#include "events/TaskEvents.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "processing/EventRecords.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
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

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Refuses an upgrade with a plain HTTP answer (the handshake has not been answered yet).
void refuse(QTcpSocket *socket, int status, const QString &title, const QString &detail)
{
    const QByteArray body = compact({{QStringLiteral("type"), QStringLiteral("about:blank")},
                                     {QStringLiteral("title"), title},
                                     {QStringLiteral("status"), status},
                                     {QStringLiteral("detail"), detail}});
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + title.toUtf8() + "\r\n";
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
} // namespace

struct TaskFeed::Client
{
    QWebSocket *socket = nullptr;
    QUuid user;
    bool authenticated = false;
    bool closing = false;
    qint64 lastSeenMs = 0;
    QTimer *authTimer = nullptr;
    // Resume: the catch-up reads [from, target) per partition while live messages queue.
    bool catchingUp = false;
    kafka::KafkaConsumer *catchUp = nullptr;
    QTimer *catchUpTimer = nullptr;
    QHash<Key, qint64> from, target, caught;
    QString incomplete;
    QList<QPair<Outgoing, QString>> queued;
    qint64 queuedBytes = 0;
    /// Live records below these offsets reached the client already (a cursor from a feed
    /// instance whose reader was ahead of this one's).
    QHash<Key, qint64> skipBelow;
};

TaskFeed::TaskFeed(const auth::JwtAuth *auth, const kafka::KafkaConfig &kafka, FeedOptions options, QObject *parent)
    : QObject(parent), m_auth(auth), m_kafka(kafka), m_options(std::move(options))
{
    m_codec = std::make_unique<events::AsyncEventCodec>(m_options.codec);
    m_server = new QWebSocketServer(QStringLiteral("taskstreamd"), QWebSocketServer::NonSecureMode, this);
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
    if (m_live)
        m_live->close();
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
    server.routeUpgrade(QStringLiteral("/ws/v1/tasks"),
                        [this](QTcpSocket *socket, const http::HttpRequest &request) { onUpgrade(socket, request); });
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
    // A token given with the handshake is checked before it is answered, so a client learns
    // about a bad token from an HTTP 401, as from the rest of the API.
    QByteArray token = tokenOf(request.header("authorization"));
    if (token.isEmpty())
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
        ws->setParent(this);
        ws->setMaxAllowedIncomingFrameSize(quint64(m_options.maxIncomingFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(m_options.maxIncomingMessageBytes));
        auto *c = new Client;
        c->socket = ws;
        c->lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        m_clients.insert(ws, c);
        connect(ws, &QWebSocket::textMessageReceived, this, [this, c](const QString &m) { onTextMessage(c, m); });
        connect(ws, &QWebSocket::binaryMessageReceived, this, [this, c](const QByteArray &) {
            deliver(c, compact({{QStringLiteral("type"), QStringLiteral("error")},
                                {QStringLiteral("error"), QStringLiteral("bad_message")},
                                {QStringLiteral("detail"), QStringLiteral("the feed takes JSON text messages only")}}));
        });
        connect(ws, &QWebSocket::pong, this,
                [c](quint64, const QByteArray &) { c->lastSeenMs = QDateTime::currentMSecsSinceEpoch(); });
        connect(ws, &QWebSocket::disconnected, this, [this, ws] {
            if (Client *gone = m_clients.value(ws))
                drop(gone);
        });

        const QUrlQuery query(ws->requestUrl());
        const QString cursor = query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
        QByteArray token = tokenOf(ws->request().rawHeader("Authorization"));
        if (token.isEmpty())
            token = query.queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded).toUtf8();
        if (!token.isEmpty()) {
            authenticate(c, token, cursor);
            continue;
        }
        // Browsers cannot set headers on a WebSocket: they send {"type":"auth"} first.
        c->authTimer = new QTimer(ws);
        c->authTimer->setSingleShot(true);
        connect(c->authTimer, &QTimer::timeout, this, [this, c] {
            ++m_stats.refused;
            c->closing = true;
            c->socket->close(CloseUnauthorized,
                             QStringLiteral("no auth message within %1 ms").arg(m_options.authTimeoutMs));
        });
        c->authTimer->start(m_options.authTimeoutMs);
    }
}

void TaskFeed::onTextMessage(Client *c, const QString &text)
{
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
        if (c->authenticated) {
            error(QStringLiteral("bad_message"), QStringLiteral("already authenticated"));
            return;
        }
        authenticate(c, m.value(QLatin1String("token")).toString().toUtf8(),
                     m.value(QLatin1String("cursor")).toString());
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
        c->closing = true;
        c->socket->close(CloseUnauthorized, QStringLiteral("unauthorized"));
        return;
    }
    if (c->authTimer)
        c->authTimer->stop();
    c->user = p->userId;
    c->authenticated = true;
    m_byUser.insert(c->user, c);
    ++m_stats.accepted;
    deliver(c, compact({{QStringLiteral("type"), QStringLiteral("welcome")},
                        {QStringLiteral("user_id"), c->user.toString(QUuid::WithoutBraces)},
                        {QStringLiteral("cursor"), cursor.isEmpty() ? currentCursor() : cursor},
                        {QStringLiteral("resuming"), !cursor.isEmpty()}}));
    if (!cursor.isEmpty())
        startCatchUp(c, cursor);
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
    } else if (const auto rt = e.as<events::ReminderTriggered>()) {
        out->user = rt->reminder.userId;
        msg.insert(QStringLiteral("type"), QStringLiteral("notification"));
        msg.insert(QStringLiteral("kind"), QStringLiteral("reminder"));
    } else {
        return false; // scheduled/dismissed reminders are not for front ends
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
        const QList<Client *> clients = m_byUser.values(o.user);
        budget -= o.json.size() * qMax<qsizetype>(1, clients.size());
        for (Client *c : clients) {
            if (c->closing)
                continue;
            if (c->catchingUp) {
                c->queued.append({o, cursor});
                c->queuedBytes += o.json.size();
                if (c->queuedBytes > m_options.maxSendBufferBytes) {
                    ++m_stats.slowClientsClosed;
                    c->closing = true;
                    c->socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                     QStringLiteral("resume too large: reconnect without a cursor"));
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
    if (c->closing)
        return;
    c->socket->sendTextMessage(QString::fromUtf8(json));
    // Hand the data to the kernel now: a socket left to its write notifier passes on one buffered
    // block per event-loop pass, so even a fast reader would look slow in a burst.
    c->socket->flush();
    ++m_stats.messagesSent;
    if (c->socket->bytesToWrite() > m_options.maxSendBufferBytes) {
        ++m_stats.slowClientsClosed;
        qCInfo(lcFeed, "closing a feed connection of user %s: %lld bytes unsent (reads too slowly)",
               qPrintable(c->user.toString(QUuid::WithoutBraces)), c->socket->bytesToWrite());
        c->closing = true;
        QWebSocket *ws = c->socket;
        ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                  QStringLiteral("send buffer full: client reads too slowly"));
        QTimer::singleShot(2000, ws, [ws] { ws->abort(); });
    }
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
    kafka::TopicPartitionList assignment;
    for (auto it = c->from.cbegin(); it != c->from.cend(); ++it)
        if (it.value() < c->target.value(it.key()))
            assignment.append({it.key().first, it.key().second, it.value()});
    if (assignment.isEmpty()) {
        finishCatchUp(c, {});
        return;
    }
    c->catchingUp = true;
    c->catchUp = new kafka::KafkaConsumer(c->socket);
    kafka::KafkaConfig cfg = m_kafka;
    cfg.merge(m_options.consumer);
    cfg.set(QStringLiteral("group.id"),
            QStringLiteral("taskstream-feed-resume-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    cfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
    cfg.set(QStringLiteral("auto.offset.reset"), QStringLiteral("earliest"));
    kafka::KafkaError err;
    if (!c->catchUp->open(cfg, &err) || (err = c->catchUp->assign(assignment)).isError()) {
        finishCatchUp(c, QStringLiteral("cannot read what was missed: %1").arg(err.message()));
        return;
    }
    connect(c->catchUp, &kafka::KafkaConsumer::messagesReceived, this,
            [this, c](const QList<KafkaMessage> &batch) { onCatchUpMessages(c, batch); });
    c->catchUpTimer = new QTimer(c->socket);
    c->catchUpTimer->setSingleShot(true);
    connect(c->catchUpTimer, &QTimer::timeout, this, [this, c] {
        finishCatchUp(c, QStringLiteral("what was missed could not be read within %1 ms (past the topics' retention?)")
                             .arg(m_options.catchUpTimeoutMs));
    });
    c->catchUpTimer->start(m_options.catchUpTimeoutMs);
}

void TaskFeed::onCatchUpMessages(Client *c, const QList<KafkaMessage> &batch)
{
    if (!c->catchingUp)
        return;
    for (const KafkaMessage &m : batch) {
        const Key key(m.topic, m.partition);
        const qint64 target = c->target.value(key);
        if (m.offset >= target)
            continue; // the live reader has it queued
        if (m.offset > c->caught.value(key) && c->incomplete.isEmpty())
            c->incomplete = QStringLiteral("records of %1/%2 before offset %3 are past the topic's retention")
                                .arg(m.topic)
                                .arg(m.partition)
                                .arg(m.offset);
        c->caught.insert(key, m.offset + 1);
        Outgoing o;
        bool retry = false;
        if (toOutgoing(m, &o, &retry) && o.user == c->user)
            send(c, o, cursorFrom(c->caught));
        else if (retry && c->incomplete.isEmpty())
            c->incomplete = QStringLiteral("the schema registry did not answer for %1/%2@%3")
                                .arg(m.topic)
                                .arg(m.partition)
                                .arg(m.offset);
    }
    for (auto it = c->target.cbegin(); it != c->target.cend(); ++it)
        if (c->caught.value(it.key()) < it.value())
            return;
    finishCatchUp(c, c->incomplete);
}

void TaskFeed::finishCatchUp(Client *c, const QString &incompleteReason)
{
    if (c->catchUp) {
        c->catchUp->close();
        c->catchUp->deleteLater();
        c->catchUp = nullptr;
    }
    if (c->catchUpTimer) {
        c->catchUpTimer->stop();
        c->catchUpTimer->deleteLater();
        c->catchUpTimer = nullptr;
    }
    c->catchingUp = false;
    if (!incompleteReason.isEmpty()) {
        ++m_stats.incompleteResumes;
        deliver(c, compact({{QStringLiteral("type"), QStringLiteral("resume_incomplete")},
                            {QStringLiteral("reason"), incompleteReason}}));
    }
    const QList<QPair<Outgoing, QString>> queued = std::move(c->queued);
    c->queued.clear();
    c->queuedBytes = 0;
    for (const auto &[o, cursor] : queued)
        if (o.offset >= c->skipBelow.value({o.topic, o.partition}, 0))
            send(c, o, cursor);
    deliver(c, compact({{QStringLiteral("type"), QStringLiteral("live")}}));
}

void TaskFeed::heartbeat()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<Client *> clients = m_clients.values();
    for (Client *c : clients) {
        if (c->closing)
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
    if (!m_clients.remove(c->socket))
        return;
    if (c->authenticated)
        m_byUser.remove(c->user, c);
    // Nothing of this client may call back into the feed once it is gone.
    c->socket->disconnect(this);
    for (QTimer *t : {c->authTimer, c->catchUpTimer}) {
        if (t) {
            t->stop();
            t->disconnect(this);
        }
    }
    if (c->catchUp) {
        c->catchUp->disconnect(this);
        c->catchUp->close();
    }
    c->socket->deleteLater();
    delete c;
}

void TaskFeed::closeAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const QList<Client *> clients = m_clients.values();
    for (Client *c : clients) {
        c->closing = true;
        c->socket->close(code, reason);
    }
}

} // namespace taskstream::feed

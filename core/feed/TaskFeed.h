#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "kafka/KafkaTypes.h"

#include <atomic>
#include <memory>

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUuid>
#include <QWebSocketProtocol>

class QTcpSocket;
class QTimer;
class QWebSocket;
class QWebSocketServer;

namespace taskstream {
class Clock;
}
namespace taskstream::auth {
class JwtAuth;
}
namespace taskstream::events {
class AsyncEventCodec;
}
namespace taskstream::http {
class HttpServer;
struct HttpRequest;
} // namespace taskstream::http
namespace taskstream::kafka {
class KafkaAdmin;
class KafkaConsumer;
} // namespace taskstream::kafka

namespace taskstream::feed {

struct FeedOptions
{
    QString broadcastTopic = QStringLiteral("todo.task_updates.broadcast"); ///< TaskChanged, key user_id
    QString remindersTopic = QStringLiteral("todo.reminders.events");       ///< ReminderTriggered -> notifications
    int broadcastPartitions = 3;                                            ///< from the topic catalog
    int remindersPartitions = 3;
    /// Largest frame and message a client may send (Qt's defaults are hundreds of MiB).
    int maxIncomingFrameBytes = 16 * 1024;
    int maxIncomingMessageBytes = 16 * 1024;
    /// A client whose unsent data exceeds this is closed (1008): a slow client never slows others.
    qint64 maxSendBufferBytes = 1024 * 1024;
    /// Unsent data of all connections together; past it the clients holding the most are closed
    /// (1008) until the rest fits, so many slow readers cannot grow memory either.
    qint64 maxTotalSendBufferBytes = 256LL * 1024 * 1024;
    int heartbeatIntervalMs = 20000; ///< ping period; two periods without a pong close the connection
    int authTimeoutMs = 10000;       ///< for browsers that authenticate with a first message
    /// Origins (scheme://host[:port]) browsers may connect from; empty: any. Clients that send no
    /// Origin (non-browsers) are not affected.
    QStringList allowedOrigins;
    int maxConnections = 10000;
    int maxConnectionsPerUser = 16;     ///< further connections of a user are closed (1008)
    int maxConnectionsPerAddress = 256; ///< further handshakes from one address get HTTP 429
    /// Accept the token as an access_token query parameter (off: URLs end up in access logs).
    bool allowQueryToken = false;
    int catchUpTimeoutMs = 30000; ///< a resume that cannot finish by then goes live and says so
    /// Shared readers serving resumes at the same time; each serves every resume waiting when it
    /// starts, whatever their number.
    int resumeReaders = 2;
    /// Resumes waiting for a reader; past that a resume is closed with 1013 (try again later).
    int maxQueuedResumes = 2000;
    /// Token expiry timers run on this clock; null: the system clock.
    Clock *clock = nullptr;
    kafka::KafkaConfig consumer; ///< consumer-only properties (e.g. the embedded broker's tuning)
    events::CodecConfig codec;
};

/// What the feed counts, for /metrics.
struct FeedStats
{
    quint64 accepted = 0; ///< connections authenticated
    quint64 refused = 0;  ///< upgrades refused (token, origin, capacity)
    quint64 messagesSent = 0;
    quint64 slowClientsClosed = 0;
    quint64 heartbeatTimeouts = 0;
    quint64 resumes = 0;
    quint64 incompleteResumes = 0; ///< a cursor older than the topic's retention, or a resume that timed out
    quint64 resumesRefused = 0;    ///< more resumes waiting than maxQueuedResumes
    quint64 resumeReads = 0;       ///< shared reader passes started
    quint64 tokensExpired = 0;     ///< connections closed at their token's exp
    quint64 overCapacity = 0;      ///< refused by the per-user or per-address cap
};

/// The live WebSocket feed: GET /ws/v1/tasks upgraded on the API's port.
///
/// Threads: the feed may live on a thread of its own while the HttpServer it is registered on
/// runs on another (the daemon hosts it on an ObjectThread named "feed"). An upgrade request is
/// then handed over: its socket is moved to the feed's thread and the feed takes it from there,
/// so every WebSocket, the readers and the rendering of each record run on the feed's thread and
/// the HTTP thread polls none of the feed's descriptors. isReady(), connectionCount(),
/// resumeReadersOpen(), stats() and closeAll() may be called from any thread; the rest belongs to
/// the feed's thread. Whoever hosts the feed on another thread stops the HTTP server's upgrades
/// (closes it) before destroying the feed.
///
/// One live reader per process reads every partition of the broadcast topic (TaskChanged, keyed
/// by user) and of the reminders topic (ReminderTriggered becomes a notification) from the end,
/// and sends each user's messages to that user's connections as JSON. Every message carries a
/// cursor: the reader's position in every partition after that message. A client that reconnects
/// with its last cursor first gets what it missed (read from Kafka between the cursor and the
/// live position, within the topics' retention), then the live messages that arrived meanwhile:
/// no gap, no duplicate.
///
/// Authentication: the API's JWT, as an Authorization: Bearer header, as a WebSocket subprotocol
/// "bearer.TOKEN" (next to "taskstream.v1", which the feed answers), or (browsers) a first message
/// {"type":"auth","token":...}; an access_token query parameter only when allowed. A connection is
/// closed (4401) when its token expires unless the client sends a fresh one first. The cursor comes
/// as a cursor query parameter or in the auth message. See docs/feed.md.
///
/// Resumes are served by a few shared readers (FeedOptions::resumeReaders): each reads once from
/// the lowest cursor of the resumes waiting when it starts up to the highest live position they
/// need, decodes every record once and hands each connection its user's records.
///
/// Connections are owned by the feed alone: one is removed in one place (drop()) and deleted on
/// the next event-loop pass, so a connection that goes away in the middle of a send (a peer that
/// vanished) is never used after it is gone.
class TaskFeed : public QObject
{
    Q_OBJECT
public:
    TaskFeed(const auth::JwtAuth *auth, const kafka::KafkaConfig &kafka, FeedOptions options = {},
             QObject *parent = nullptr);
    ~TaskFeed() override;

    /// Opens the live reader at the current end of both topics (asynchronously; ready() follows).
    bool start(kafka::KafkaError *error);
    bool isReady() const { return m_ready.load(); }
    /// GET /ws/v1/tasks (WebSocket) and GET /feed (a page showing a user's live feed).
    void registerRoutes(http::HttpServer &server);
    /// Closes every connection with \a code (graceful shutdown: 1001 going away). From another
    /// thread the closing is posted to the feed's thread and happens there.
    void closeAll(QWebSocketProtocol::CloseCode code, const QString &reason);
    /// Connections open now (any thread).
    int connectionCount() const { return m_connectionCount.load(std::memory_order_relaxed); }
    /// Resumes reading or waiting for a shared reader (the feed's thread).
    int resumesInProgress() const;
    /// Shared resume readers open now (at most FeedOptions::resumeReaders; any thread).
    int resumeReadersOpen() const { return m_resumeReadersOpen.load(std::memory_order_relaxed); }
    /// A copy of the counters (any thread).
    FeedStats stats() const;
    /// The reader's current position as a cursor (what a client connected now would resume from;
    /// the feed's thread).
    QString currentCursor() const;

signals:
    void ready();
    void failed(const taskstream::kafka::KafkaError &error);

private:
    struct Client;
    struct ResumeRead;
    struct Outgoing
    {
        QUuid user;
        QByteArray json; ///< without the cursor
        QString topic;
        int partition = -1;
        qint64 offset = -1;
    };

    void onUpgrade(QTcpSocket *socket, const http::HttpRequest &request);
    void onNewConnection();
    void onTextMessage(Client *client, const QString &message);
    void authenticate(Client *client, const QByteArray &token, const QString &cursor);
    void renewToken(Client *client, const QByteArray &token);
    void armExpiry(Client *client, const QByteArray &token);
    /// Closes with a code and reason once; the peer gets a few seconds for the close handshake.
    void closeClient(Client *client, QWebSocketProtocol::CloseCode code, const QString &reason);
    /// Brings the client's share of the unsent-bytes total up to date.
    void account(Client *client);
    void shedSlowest();
    void onLiveMessages(const QList<kafka::KafkaMessage> &batch);
    void processPending();
    /// Decodes a record into the message its user gets; false when it is not for the feed
    /// (\a retry: the schema is being fetched, try again).
    bool toOutgoing(const kafka::KafkaMessage &m, Outgoing *out, bool *retry);
    void deliver(Client *client, const QByteArray &json);
    void send(Client *client, const Outgoing &message, const QString &cursor);
    void startCatchUp(Client *client, const QString &cursor);
    void startResumeReads();
    void onResumeMessages(ResumeRead *read, const QList<kafka::KafkaMessage> &batch);
    void serveResumes(ResumeRead *read);
    void endResumeRead(ResumeRead *read, const QString &incompleteReason);
    void finishCatchUp(Client *client, const QString &incompleteReason);
    void heartbeat();
    void drop(Client *client);
    QString cursorFrom(const QHash<QPair<QString, int>, qint64> &positions) const;
    bool parseCursor(const QString &cursor, QHash<QPair<QString, int>, qint64> *positions) const;
    kafka::TopicPartitionList allPartitions(qint64 offset) const;

    const auth::JwtAuth *m_auth;
    kafka::KafkaConfig m_kafka;
    FeedOptions m_options;
    std::unique_ptr<events::AsyncEventCodec> m_codec;
    std::unique_ptr<kafka::KafkaAdmin> m_admin;
    kafka::KafkaConsumer *m_live = nullptr;
    QWebSocketServer *m_server = nullptr;
    QTimer *m_heartbeat = nullptr;
    QTimer *m_retry = nullptr;
    QTimer *m_continue = nullptr;
    QList<kafka::KafkaMessage> m_pending;           ///< live records waiting for a schema (kept in order)
    QHash<QPair<QString, int>, qint64> m_positions; ///< next offset the live reader hands out
    Clock *m_clock;
    QHash<QWebSocket *, Client *> m_clients;
    QMultiHash<QUuid, Client *> m_byUser;
    QHash<QHostAddress, int> m_byAddress;
    qint64 m_unsentBytes = 0; ///< sum of the clients' accounted unsent bytes
    QList<Client *> m_resumeQueue;
    QList<ResumeRead *> m_resumeReads;
    /// FeedStats' counters, readable from any thread.
    struct Counters
    {
        std::atomic<quint64> accepted{0}, refused{0}, messagesSent{0}, slowClientsClosed{0}, heartbeatTimeouts{0},
            resumes{0}, incompleteResumes{0}, resumesRefused{0}, resumeReads{0}, tokensExpired{0}, overCapacity{0};
    };
    Counters m_stats;
    std::atomic<int> m_connectionCount{0};
    std::atomic<int> m_resumeReadersOpen{0};
    std::atomic<bool> m_ready{false};
    bool m_livePaused = false;
};

} // namespace taskstream::feed

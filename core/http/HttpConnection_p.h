#pragma once

// Private to core/http: one accepted socket, its http-parser state and its timers.

#include "http/HttpServer.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>

#include <http_parser.h>

class QTcpSocket;

namespace taskstream::http {

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Serve, Refuse, RefuseAddress };

    HttpConnection(QTcpSocket *socket, HttpServer *server, Mode mode);
    ~HttpConnection() override;

    // Serve: start reading. Refuse: answer 503 with Retry-After and close.
    void start();
    // For HttpServer::stopAccepting(): close now when idle, otherwise after the current response.
    void closeAfterCurrentResponse();
    // For HttpServer::close(): drop the connection at once.
    void abort();
    // Between requests, with nothing unread or unsent, and not a new connection whose first request
    // may still be on the way (HttpLimits::evictionGraceMs): closing it loses no work.
    bool isEvictable(qint64 nowMs) const;
    // Since when the connection has been idle (monotonic ms; the accept time until a first request).
    qint64 idleSinceMs() const { return m_idleSinceMs; }
    const QHostAddress &peer() const { return m_peer; }
    static qint64 nowMs();
    // For admission: close an idle keep-alive connection now (as its idle timeout would).
    void evict();

private:
    enum class State { Active, Closing, Closed };
    enum class ParserEvent { None, HeadersComplete, MessageComplete };
    enum class TimerPurpose { Idle, Request, Write, Linger };

    static int onMessageBegin(http_parser *parser);
    static int onUrl(http_parser *parser, const char *at, size_t length);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);
    static const http_parser_settings s_settings;

    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    void processInput();
    bool headersDone(); // false when the connection stops reading (error or hand-over)
    void messageDone();
    void answer(const HttpResponse &response, bool keepAlive, bool head, const QByteArray &method,
                const QString &pattern);
    void handOver(const HttpServer::UpgradeHandler &handler, const QString &pattern);
    void consumeParsed();
    void resetRequest();
    int callbackError(int status, const QString &title, const QString &detail);
    void failFromParser(http_errno error, const QByteArray &unread);
    void fail(int status, const QString &title, const QString &detail,
              const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void writeResponse(const HttpResponse &response, bool keepAlive, bool headRequest);
    // Writes pieces of the streamed body while the socket's buffer is low; ends the response at
    // the source's end, drops the connection on its error.
    void pumpStream();
    void streamDone();
    void beginClose();
    void shutdownWrite();
    void finish();
    void armTimer();
    qint64 elapsedUs() const;

    QTcpSocket *m_socket;
    HttpServer *m_server;
    QHostAddress m_peer;
    qint64 m_idleSinceMs = 0;
    qint64 m_acceptedMs = 0;
    bool m_servedOne = false;
    const HttpLimits m_limits;
    const Mode m_mode;
    http_parser m_parser;
    State m_state = State::Active;
    QTimer m_timer;
    TimerPurpose m_timerPurpose = TimerPurpose::Idle;

    bool m_processing = false;
    bool m_awaitingResponse = false; // an async handler has the current request
    bool m_waitingForWrite = false;
    bool m_closeAfterResponse = false;
    bool m_writeShutDown = false;
    std::shared_ptr<BodySource> m_stream; // the streamed body being sent; requests behind it wait
    bool m_streamChunked = false;
    bool m_streamKeepAlive = false;
    // Bytes of the socket's read buffer the parser has seen but that are not yet consumed. Until a
    // request's header block is complete nothing is consumed, so an upgrade request can be handed
    // over with all its bytes unread.
    qint64 m_parsed = 0;
    bool m_keepUnread = true;
    ParserEvent m_event = ParserEvent::None;

    bool m_requestActive = false; // the first byte of a request has arrived
    QElapsedTimer m_requestClock;
    HttpRequest m_request;
    QByteArray m_url;
    QByteArray m_rawPath;
    qint64 m_headerBytes = 0;
    bool m_lastWasValue = false;
    bool m_http10 = false;

    int m_errorStatus = 0; // set by a parser callback that refused the request
    QString m_errorTitle;
    QString m_errorDetail;
};

} // namespace taskstream::http

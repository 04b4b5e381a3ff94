#include "http/HttpConnection_p.h"

#include <limits>
#include <utility>

#include <QPointer>
#include <QTcpSocket>
#include <QUrl>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace taskstream::http {

namespace {

// Parse in slices so that peeking (which copies from the start of the read buffer) stays cheap.
constexpr qint64 kParseSliceBytes = 16 * 1024;
// A client that pipelines but does not read its answers is not served further until it does.
constexpr qint64 kMaxPendingWriteBytes = 1024 * 1024;
// A streamed body gets its next piece only while less than this waits in the socket's buffer.
constexpr qint64 kStreamLowWaterBytes = 256 * 1024;
// After an error response: how long to read and discard what the client still sends, so that the
// close does not turn into a reset that could destroy the response before the client reads it.
constexpr int kLingerMs = 2000;

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

HttpConnection *connectionOf(http_parser *parser)
{
    return static_cast<HttpConnection *>(parser->data);
}

bool isFramingHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "content-length" || lower == "transfer-encoding" || lower == "connection";
}

// http-parser reports any method it does not know as HPE_INVALID_METHOD; a well-formed token is an
// unsupported method (501), anything else is garbage (400).
bool looksLikeMethodToken(const QByteArray &unread)
{
    qsizetype i = 0;
    while (i < unread.size() && (unread.at(i) == '\r' || unread.at(i) == '\n'))
        ++i;
    const qsizetype start = i;
    while (i < unread.size() && i - start <= 32) {
        const char c = unread.at(i);
        if (c == ' ')
            break;
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
        ++i;
    }
    return i > start && i - start <= 32;
}

} // namespace

const http_parser_settings HttpConnection::s_settings = [] {
    http_parser_settings s;
    http_parser_settings_init(&s);
    s.on_message_begin = &HttpConnection::onMessageBegin;
    s.on_url = &HttpConnection::onUrl;
    s.on_header_field = &HttpConnection::onHeaderField;
    s.on_header_value = &HttpConnection::onHeaderValue;
    s.on_headers_complete = &HttpConnection::onHeadersComplete;
    s.on_body = &HttpConnection::onBody;
    s.on_message_complete = &HttpConnection::onMessageComplete;
    return s;
}();

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, Mode mode)
    : QObject(server), m_socket(socket), m_server(server), m_peer(socket->peerAddress()), m_idleSinceMs(monotonicMs()),
      m_acceptedMs(m_idleSinceMs), m_limits(server->limits()), m_mode(mode)
{
    m_socket->setParent(this);
    // Bounded: Qt stops reading from the kernel when this is full, so TCP flow control applies.
    m_socket->setReadBufferSize(qMax<qint64>(64 * 1024, qint64(m_limits.maxUrlBytes) + m_limits.maxHeaderBytes +
                                                            8LL * m_limits.maxHeaderCount + 8192));
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::start()
{
    if (m_mode == Mode::RefuseAddress) {
        fail(429, QStringLiteral("Too Many Requests"),
             QStringLiteral("Your address holds the server's maximum of %1 connections; reuse one or retry later.")
                 .arg(m_limits.maxConnectionsPerAddress),
             {{"Retry-After", QByteArray::number(m_limits.retryAfterSeconds)}});
        return;
    }
    if (m_mode == Mode::Refuse) {
        fail(503, QStringLiteral("Service Unavailable"),
             QStringLiteral("The server has reached its connection limit (%1); retry later.")
                 .arg(m_limits.maxConnections),
             {{"Retry-After", QByteArray::number(m_limits.retryAfterSeconds)}});
        return;
    }
    armTimer();
    if (m_socket->bytesAvailable() > 0)
        processInput();
}

void HttpConnection::closeAfterCurrentResponse()
{
    m_closeAfterResponse = true;
    if (m_state == State::Active && !m_requestActive && !m_stream && m_socket->bytesAvailable() == 0)
        beginClose();
}

void HttpConnection::abort()
{
    if (m_state == State::Closed)
        return;
    m_socket->abort();
    finish();
}

qint64 HttpConnection::nowMs()
{
    return monotonicMs();
}

bool HttpConnection::isEvictable(qint64 now) const
{
    if (!m_servedOne && now - m_acceptedMs < m_limits.evictionGraceMs)
        return false;
    return m_state == State::Active && m_mode == Mode::Serve && !m_requestActive && !m_awaitingResponse && !m_stream &&
           m_socket->bytesAvailable() == 0 && m_socket->bytesToWrite() == 0;
}

void HttpConnection::evict()
{
    qCDebug(lcHttp) << "closing idle connection from" << m_peer << "to make room for a new one";
    beginClose();
}

// --- http-parser callbacks: collect the request, enforce the limits, pause at the two decision points.

int HttpConnection::onMessageBegin(http_parser *parser)
{
    connectionOf(parser)->resetRequest();
    return 0;
}

int HttpConnection::onUrl(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = connectionOf(parser);
    if (c->m_url.size() + qint64(length) > c->m_limits.maxUrlBytes) {
        return c->callbackError(
            414, QStringLiteral("URI Too Long"),
            QStringLiteral("The request target is longer than %1 bytes.").arg(c->m_limits.maxUrlBytes));
    }
    c->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = connectionOf(parser);
    auto &headers = c->m_request.headers;
    if (headers.isEmpty() || c->m_lastWasValue) {
        if (headers.size() >= c->m_limits.maxHeaderCount) {
            return c->callbackError(
                431, QStringLiteral("Request Header Fields Too Large"),
                QStringLiteral("The request has more than %1 header fields.").arg(c->m_limits.maxHeaderCount));
        }
        headers.append(QPair<QByteArray, QByteArray>());
        c->m_lastWasValue = false;
    }
    c->m_headerBytes += qint64(length);
    if (c->m_headerBytes > c->m_limits.maxHeaderBytes) {
        return c->callbackError(
            431, QStringLiteral("Request Header Fields Too Large"),
            QStringLiteral("The request's header fields exceed %1 bytes.").arg(c->m_limits.maxHeaderBytes));
    }
    headers.last().first.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = connectionOf(parser);
    c->m_lastWasValue = true;
    c->m_headerBytes += qint64(length);
    if (c->m_headerBytes > c->m_limits.maxHeaderBytes) {
        return c->callbackError(
            431, QStringLiteral("Request Header Fields Too Large"),
            QStringLiteral("The request's header fields exceed %1 bytes.").arg(c->m_limits.maxHeaderBytes));
    }
    if (!c->m_request.headers.isEmpty())
        c->m_request.headers.last().second.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *parser)
{
    HttpConnection *c = connectionOf(parser);
    const bool chunked = (parser->flags & F_CHUNKED) != 0;
    if (!chunked && parser->content_length != std::numeric_limits<uint64_t>::max() &&
        parser->content_length > quint64(c->m_limits.maxBodyBytes)) {
        // Decided from the header alone: nothing of the body is read.
        c->callbackError(413, QStringLiteral("Content Too Large"),
                         QStringLiteral("The request body (%1 bytes) exceeds the limit of %2 bytes.")
                             .arg(parser->content_length)
                             .arg(c->m_limits.maxBodyBytes));
        return -1;
    }
    c->m_event = ParserEvent::HeadersComplete;
    http_parser_pause(parser, 1);
    return 0;
}

int HttpConnection::onBody(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = connectionOf(parser);
    if (c->m_request.body.size() + qint64(length) > c->m_limits.maxBodyBytes) {
        return c->callbackError(
            413, QStringLiteral("Content Too Large"),
            QStringLiteral("The request body exceeds the limit of %1 bytes.").arg(c->m_limits.maxBodyBytes));
    }
    c->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *parser)
{
    HttpConnection *c = connectionOf(parser);
    c->m_event = ParserEvent::MessageComplete;
    http_parser_pause(parser, 1);
    return 0;
}

int HttpConnection::callbackError(int status, const QString &title, const QString &detail)
{
    m_errorStatus = status;
    m_errorTitle = title;
    m_errorDetail = detail;
    return 1;
}

// --- socket events

void HttpConnection::onReadyRead()
{
    if (m_state == State::Closing) {
        // Read and drop whatever the client still sends until it closes or the linger time is up.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    processInput();
}

void HttpConnection::onBytesWritten()
{
    if (m_state == State::Closing) {
        if (m_writeShutDown)
            return;
        if (m_socket->bytesToWrite() == 0)
            shutdownWrite();
        else
            m_timer.start(m_limits.idleTimeoutMs); // progress on the last response
        return;
    }
    if (m_state == State::Active && m_stream) {
        m_timer.start(m_limits.idleTimeoutMs); // progress on the streamed body
        pumpStream();
        return;
    }
    if (m_state == State::Active && m_waitingForWrite) {
        m_timer.stop(); // progress: the client reads again
        processInput();
    }
}

void HttpConnection::onTimeout()
{
    switch (m_timerPurpose) {
    case TimerPurpose::Idle:
        qCDebug(lcHttp) << "closing idle connection from" << m_socket->peerAddress();
        beginClose();
        break;
    case TimerPurpose::Request:
        qCInfo(lcHttp) << "request from" << m_socket->peerAddress() << "not complete within"
                       << m_limits.requestTimeoutMs << "ms; answering 408";
        fail(408, QStringLiteral("Request Timeout"),
             QStringLiteral("The request did not arrive completely within %1 ms.").arg(m_limits.requestTimeoutMs));
        break;
    case TimerPurpose::Write:
        qCInfo(lcHttp) << "client" << m_socket->peerAddress() << "stopped reading responses; dropping it";
        abort();
        break;
    case TimerPurpose::Linger:
        abort();
        break;
    }
}

void HttpConnection::armTimer()
{
    if (m_state != State::Active)
        return;
    if (m_awaitingResponse) {
        // The request is complete; the server's own work is not the client's delay.
        m_timer.stop();
        return;
    }
    if (m_stream) {
        // Sending a streamed body: the client must keep reading (restarted on progress).
        if (m_timerPurpose != TimerPurpose::Write || !m_timer.isActive()) {
            m_timerPurpose = TimerPurpose::Write;
            m_timer.start(m_limits.idleTimeoutMs);
        }
        return;
    }
    if (m_waitingForWrite) {
        // Restarted only on progress (onBytesWritten), not by more input from a client that does not read.
        if (m_timerPurpose != TimerPurpose::Write || !m_timer.isActive()) {
            m_timerPurpose = TimerPurpose::Write;
            m_timer.start(m_limits.idleTimeoutMs);
        }
    } else if (m_requestActive) {
        m_timerPurpose = TimerPurpose::Request;
        const qint64 left = m_limits.requestTimeoutMs - m_requestClock.elapsed();
        m_timer.start(int(qMax<qint64>(0, left)));
    } else if (m_timerPurpose != TimerPurpose::Idle || !m_timer.isActive()) {
        m_timerPurpose = TimerPurpose::Idle;
        m_timer.start(m_limits.idleTimeoutMs);
    }
}

qint64 HttpConnection::elapsedUs() const
{
    return m_requestActive ? m_requestClock.nsecsElapsed() / 1000 : 0;
}

// --- parsing loop

void HttpConnection::processInput()
{
    if (m_processing || m_state != State::Active)
        return;
    m_processing = true;
    while (m_state == State::Active && !m_awaitingResponse && !m_stream) {
        if (m_socket->bytesToWrite() > kMaxPendingWriteBytes) {
            m_waitingForWrite = true;
            break;
        }
        m_waitingForWrite = false;
        const qint64 available = m_socket->bytesAvailable();
        if (available <= m_parsed) {
            if (m_keepUnread && m_socket->readBufferSize() > 0 && available >= m_socket->readBufferSize()) {
                // Only possible with header bytes the limits do not count (e.g. huge whitespace).
                fail(431, QStringLiteral("Request Header Fields Too Large"),
                     QStringLiteral("The request's header block is too large."));
            }
            break;
        }
        if (!m_requestActive) {
            m_requestActive = true;
            m_requestClock.start();
        }
        const QByteArray data = m_socket->peek(qMin(available, m_parsed + kParseSliceBytes));
        const size_t parsed =
            http_parser_execute(&m_parser, &s_settings, data.constData() + m_parsed, size_t(data.size() - m_parsed));
        m_parsed += qint64(parsed);
        const auto error = http_errno(HTTP_PARSER_ERRNO(&m_parser));
        if (error == HPE_PAUSED) {
            http_parser_pause(&m_parser, 0);
            const ParserEvent event = std::exchange(m_event, ParserEvent::None);
            if (event == ParserEvent::HeadersComplete) {
                if (!headersDone())
                    break;
            } else if (event == ParserEvent::MessageComplete) {
                consumeParsed();
                messageDone();
            }
            continue;
        }
        if (error != HPE_OK) {
            failFromParser(error, m_keepUnread ? data : QByteArray());
            break;
        }
        if (!m_keepUnread)
            consumeParsed();
    }
    m_processing = false;
    armTimer();
}

void HttpConnection::consumeParsed()
{
    if (m_parsed > 0) {
        m_socket->skip(m_parsed);
        m_parsed = 0;
    }
}

void HttpConnection::resetRequest()
{
    m_request = HttpRequest();
    m_url.clear();
    m_rawPath.clear();
    m_headerBytes = 0;
    m_lastWasValue = false;
    m_errorStatus = 0;
}

bool HttpConnection::headersDone()
{
    m_request.method = http_method_str(http_method(m_parser.method));
    m_http10 = m_parser.http_major == 1 && m_parser.http_minor == 0;
    for (auto &h : m_request.headers)
        h.first = h.first.toLower();
    m_request.peer = m_socket->peerAddress();

    http_parser_url url;
    http_parser_url_init(&url);
    if (http_parser_parse_url(m_url.constData(), size_t(m_url.size()), m_parser.method == HTTP_CONNECT, &url) != 0) {
        fail(400, QStringLiteral("Bad Request"), QStringLiteral("The request target is not a valid URL."));
        return false;
    }
    if (url.field_set & (1 << UF_PATH))
        m_rawPath = m_url.mid(url.field_data[UF_PATH].off, url.field_data[UF_PATH].len);
    else
        m_rawPath = "/";
    m_request.path = QUrl::fromPercentEncoding(m_rawPath);
    if (url.field_set & (1 << UF_QUERY)) {
        m_request.query =
            QUrlQuery(QString::fromUtf8(m_url.mid(url.field_data[UF_QUERY].off, url.field_data[UF_QUERY].len)));
    }

    if (m_parser.http_major == 1 && m_parser.http_minor >= 1 && !m_request.hasHeader("host")) {
        fail(400, QStringLiteral("Bad Request"), QStringLiteral("An HTTP/1.1 request needs a Host header."));
        return false;
    }

    QString pattern;
    if (const HttpServer::UpgradeHandler *upgrade = m_server->findUpgrade(m_request, m_rawPath, &pattern)) {
        const bool websocket = m_parser.upgrade && m_request.method == "GET" &&
                               m_request.header("upgrade").toLower().contains("websocket");
        if (websocket) {
            handOver(*upgrade, pattern);
        } else if (!m_parser.upgrade && m_request.method == "GET") {
            fail(426, QStringLiteral("Upgrade Required"),
                 QStringLiteral("%1 is a WebSocket endpoint.").arg(m_request.path), {{"Upgrade", "websocket"}});
        } else {
            fail(400, QStringLiteral("Bad Request"),
                 QStringLiteral("%1 is a WebSocket endpoint: send GET with Connection: Upgrade and "
                                "Upgrade: websocket.")
                     .arg(m_request.path));
        }
        return false;
    }

    const bool bodyFollows =
        (m_parser.flags & F_CHUNKED) ||
        (m_parser.content_length > 0 && m_parser.content_length != std::numeric_limits<uint64_t>::max());
    if (bodyFollows && !m_http10 && m_request.header("expect").toLower() == "100-continue")
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");

    m_keepUnread = false;
    consumeParsed();
    return true;
}

void HttpConnection::handOver(const HttpServer::UpgradeHandler &handler, const QString &pattern)
{
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->setParent(nullptr);
    socket->setReadBufferSize(0); // the WebSocket layer sets its own frame and message limits
    HttpRequest request = std::move(m_request);
    const qint64 us = elapsedUs();
    m_state = State::Closed;
    m_timer.stop();
    m_server->onConnectionClosed(this);
    deleteLater();

    qCDebug(lcHttp) << "handing over upgrade request for" << request.path << "from" << request.peer;
    const QByteArray method = request.method;
    m_server->handOverLater(socket, handler, std::move(request), pattern);
    emit m_server->requestFinished(method, pattern, 101, us); // may close the server (and the socket)
}

void HttpConnection::messageDone()
{
    const bool keepAlive =
        http_should_keep_alive(&m_parser) && !m_parser.upgrade && !m_closeAfterResponse && !m_server->m_stopping;
    const bool head = m_request.method == "HEAD";
    const QByteArray method = m_request.method;
    auto pattern = std::make_shared<QString>();
    m_awaitingResponse = true;
    QPointer<HttpConnection> self(this);
    m_server->dispatch(m_request, m_rawPath, pattern.get(),
                       [self, keepAlive, head, method, pattern](const HttpResponse &response) {
                           if (self)
                               self->answer(response, keepAlive, head, method, *pattern);
                       });
}

void HttpConnection::answer(const HttpResponse &response, bool keepAlive, bool head, const QByteArray &method,
                            const QString &pattern)
{
    if (!m_awaitingResponse)
        return;
    m_awaitingResponse = false;
    if (m_state != State::Active)
        return; // the handler closed the server, or the client went away meanwhile
    const qint64 us = elapsedUs();
    writeResponse(response, keepAlive && !m_closeAfterResponse, head);
    m_requestActive = false;
    m_keepUnread = true;
    m_idleSinceMs = monotonicMs();
    m_servedOne = true;
    resetRequest();
    emit m_server->requestFinished(method, pattern, response.status, us);
    if (m_stream) {
        // The body follows as the client reads; closing or the next request waits for its end.
        m_streamKeepAlive = keepAlive;
        pumpStream();
        return;
    }
    if ((!keepAlive || m_closeAfterResponse) && m_state == State::Active) {
        beginClose();
        return;
    }
    // Requests pipelined behind an asynchronous answer continue now.
    if (!m_processing)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::failFromParser(http_errno error, const QByteArray &unread)
{
    if (m_errorStatus != 0) {
        fail(m_errorStatus, m_errorTitle, m_errorDetail);
        return;
    }
    const QString parserSays =
        QStringLiteral("%1 (http-parser: %2)")
            .arg(QString::fromLatin1(http_errno_description(error)), QString::fromLatin1(http_errno_name(error)));
    switch (error) {
    case HPE_HEADER_OVERFLOW:
        fail(431, QStringLiteral("Request Header Fields Too Large"), parserSays);
        break;
    case HPE_INVALID_METHOD:
        if (looksLikeMethodToken(unread)) {
            fail(501, QStringLiteral("Not Implemented"),
                 QStringLiteral("The request method is not supported: %1").arg(parserSays));
        } else {
            fail(400, QStringLiteral("Bad Request"),
                 QStringLiteral("The request line is malformed: %1").arg(parserSays));
        }
        break;
    default:
        fail(400, QStringLiteral("Bad Request"), QStringLiteral("Malformed request: %1").arg(parserSays));
        break;
    }
}

void HttpConnection::fail(int status, const QString &title, const QString &detail,
                          const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (m_state != State::Active)
        return;
    qCDebug(lcHttp) << "answering" << status << "to" << m_socket->peerAddress() << "and closing:" << detail;
    HttpResponse response = HttpResponse::problem(status, title, detail);
    response.headers = extraHeaders;
    writeResponse(response, false, false);
    const qint64 us = elapsedUs();
    const QByteArray method = m_request.method;
    beginClose();
    emit m_server->requestFinished(method, QString(), status, us);
}

void HttpConnection::writeResponse(const HttpResponse &response, bool keepAlive, bool headRequest)
{
    const int status = response.status;
    const bool bodyless = status < 200 || status == 204 || status == 304;
    const bool streamed = response.stream && !bodyless;
    // HTTP/1.0 knows no chunked encoding: the body ends where the connection does.
    if (streamed && m_http10)
        keepAlive = false;
    QByteArray out;
    out.reserve(128 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status) + "\r\n";
    if (!bodyless) {
        if (!response.contentType.isEmpty())
            out += "Content-Type: " + response.contentType + "\r\n";
        if (!streamed)
            out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        else if (!m_http10)
            out += "Transfer-Encoding: chunked\r\n";
    }
    if (!keepAlive)
        out += "Connection: close\r\n";
    else if (m_http10)
        out += "Connection: keep-alive\r\n";
    for (const auto &h : response.headers) {
        if (isFramingHeader(h.first))
            continue;
        if (h.first.isEmpty() || h.first.contains('\r') || h.first.contains('\n') || h.first.contains(':') ||
            h.second.contains('\r') || h.second.contains('\n')) {
            qCWarning(lcHttp) << "dropping response header with a forbidden character:" << h.first;
            continue;
        }
        out += h.first + ": " + h.second + "\r\n";
    }
    out += "\r\n";
    if (!bodyless && !headRequest && !streamed)
        out += response.body;
    m_socket->write(out);
    if (streamed && !headRequest) {
        m_stream = response.stream;
        m_streamChunked = !m_http10;
    }
}

void HttpConnection::pumpStream()
{
    while (m_stream && m_state == State::Active && m_socket->bytesToWrite() < kStreamLowWaterBytes) {
        const Result<QByteArray> piece = m_stream->next();
        if (!piece) {
            qCWarning(lcHttp) << "streamed response to" << m_peer << "failed:" << piece.error().message
                              << "- connection closed without the body's end, the client sees it incomplete";
            // What was written goes out; the missing final chunk (or, for HTTP/1.0, nothing at all
            // to tell) is the client's sign. Closing after the data, not resetting, keeps it.
            m_stream.reset();
            beginClose();
            return;
        }
        if (piece->isEmpty()) {
            if (m_streamChunked)
                m_socket->write("0\r\n\r\n");
            streamDone();
            return;
        }
        if (m_streamChunked)
            m_socket->write(QByteArray::number(piece->size(), 16) + "\r\n" + *piece + "\r\n");
        else
            m_socket->write(*piece);
    }
    armTimer();
}

void HttpConnection::streamDone()
{
    m_stream.reset();
    m_idleSinceMs = monotonicMs();
    m_timer.stop();
    if (!m_streamKeepAlive || m_closeAfterResponse || !m_streamChunked) {
        beginClose();
        return;
    }
    armTimer();
    if (!m_processing)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

// --- closing

void HttpConnection::beginClose()
{
    if (m_state != State::Active)
        return;
    m_state = State::Closing;
    if (m_socket->bytesToWrite() == 0) {
        shutdownWrite();
    } else {
        // The last response may be large and the client slow: allow it as long as it makes progress.
        m_timerPurpose = TimerPurpose::Write;
        m_timer.start(m_limits.idleTimeoutMs);
    }
    if (m_socket->bytesAvailable() > 0)
        m_socket->skip(m_socket->bytesAvailable());
}

void HttpConnection::shutdownWrite()
{
    m_writeShutDown = true;
    m_timerPurpose = TimerPurpose::Linger;
    m_timer.start(qMin(kLingerMs, qMax(100, m_limits.requestTimeoutMs)));
#ifdef Q_OS_UNIX
    // Half-close: the client sees the end of our data while we keep draining its input.
    if (m_socket->socketDescriptor() >= 0 && ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0)
        return;
#endif
    m_socket->disconnectFromHost();
}

void HttpConnection::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_stream.reset();
    m_timer.stop();
    m_server->onConnectionClosed(this);
    deleteLater();
}

} // namespace taskstream::http

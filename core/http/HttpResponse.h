#pragma once

#include "common/Result.h"

#include <memory>

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace taskstream::http {

// A response body produced piece by piece, for answers too large to hold in memory (an export).
// The connection asks for the next piece only while the client keeps up (little is buffered), so
// memory stays bounded whatever the body's size.
class BodySource
{
public:
    virtual ~BodySource() = default;
    // The next piece of the body; empty at the end. An error ends the connection without the
    // body's terminating chunk, so the client sees the body is incomplete.
    virtual Result<QByteArray> next() = 0;
};

// What a handler answers. The server adds Content-Length and Connection itself; framing headers a
// handler puts in `headers` (Content-Length, Transfer-Encoding, Connection) are dropped.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    // When set, the body comes from here instead of `body`: sent with Transfer-Encoding: chunked
    // (to an HTTP/1.0 client: until the connection closes).
    std::shared_ptr<BodySource> stream;

    static HttpResponse json(int status, const QJsonDocument &document);
    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse text(int status, const QByteArray &body,
                             const QByteArray &contentType = "text/plain; charset=utf-8");
    // RFC 7807 application/problem+json with type (default "about:blank"), title, status, detail.
    static HttpResponse problem(int status, const QString &title, const QString &detail, const QString &type = {});

    // Adds a header (no check for duplicates); returns *this for chaining.
    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);

    // Standard reason phrase for a status code ("Not Found"), or "Unknown".
    static QByteArray reasonPhrase(int status);
};

} // namespace taskstream::http

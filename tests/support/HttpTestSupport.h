#pragma once

// Raw TCP client for driving the HTTP server byte by byte in tests. Everything runs on the test's
// event loop (the server lives in the same thread), so waiting always spins the loop.

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTest>

namespace httptest {

constexpr int kWaitMs = 15000;

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class RawClient
{
public:
    explicit RawClient(quint16 port) { socket.connectToHost(QHostAddress::LocalHost, port); }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, kWaitMs);
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }

    // Next complete response (a "100 Continue" is skipped), or status 0 when none arrived in time.
    RawResponse readResponse(int timeoutMs = kWaitMs)
    {
        RawResponse r;
        (void)QTest::qWaitFor(
            [&] {
                buffer += socket.readAll();
                return takeResponse(&r);
            },
            timeoutMs);
        return r;
    }

    // True once the server closed the connection (all data it sent stays readable in `buffer`).
    bool waitClosed(int timeoutMs = kWaitMs)
    {
        return QTest::qWaitFor(
            [this] {
                buffer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

    QTcpSocket socket;
    QByteArray buffer;

private:
    bool takeResponse(RawResponse *r)
    {
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            RawResponse candidate;
            const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
            if (statusLine.size() < 2)
                return false;
            candidate.status = statusLine.at(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    candidate.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            const qsizetype length = candidate.header("Content-Length").toLongLong();
            if (buffer.size() < end + 4 + length)
                return false;
            candidate.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            if (candidate.status == 100)
                continue;
            *r = candidate;
            return true;
        }
    }
};

inline QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

} // namespace httptest

#pragma once
// A local HTTP server that answers like the documented Confluent Schema Registry API (register,
// get by id, subject versions, compatibility), with switches for error responses. Shared by the
// registry client tests and the outbox relay tests.

#include "events/AvroSchema.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace testsupport {

using taskstream::events::AvroSchema;

class FakeRegistry : public QObject
{
    Q_OBJECT
public:
    enum Mode { Normal, Incompatible, Backend500 };
    Mode mode = Normal;
    bool compatible = true;
    QStringList requests;
    QList<QByteArray> authorizations; ///< the Authorization header of each request ("" if none)
    /// Set: every request without exactly this Authorization header is answered 401, as a
    /// registry behind basic authentication does.
    QByteArray requiredAuthorization;
    QHash<QString, int> ids;     // schema text -> id
    QHash<int, QString> schemas; // id -> schema text
    QHash<QString, QList<int>> subjects;

    bool listen(quint16 port = 0) { return m_server->listen(QHostAddress::LocalHost, port); }
    /// Serves https with \a tls (its local certificate and private key) instead of http.
    bool listenTls(const QSslConfiguration &tls)
    {
        m_tls.setSslConfiguration(tls);
        m_server = &m_tls;
        return m_tls.listen(QHostAddress::LocalHost);
    }
    void close() { m_server->close(); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2")
                        .arg(m_server == &m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                        .arg(m_server->serverPort()));
    }
    quint16 port() const { return m_server->serverPort(); }

    FakeRegistry()
    {
        auto accept = [this](QTcpServer *server) {
            while (QTcpSocket *s = server->nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                if (s->bytesAvailable() > 0) // TLS: the request may have come with the handshake
                    serve(s);
            }
        };
        connect(&m_plain, &QTcpServer::newConnection, this, [this, accept] { accept(&m_plain); });
        // QSslServer queues a connection once its handshake is done, without newConnection().
        connect(&m_tls, &QTcpServer::pendingConnectionAvailable, this, [this, accept] { accept(&m_tls); });
    }

private:
    void reply(QTcpSocket *s, int status, const QJsonObject &body)
    {
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        s->write("HTTP/1.1 " + QByteArray::number(status) +
                 " X\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\n"
                 "Content-Length: " +
                 QByteArray::number(json.size()) + "\r\n\r\n" + json);
    }
    static QJsonObject error(int code, const QString &message)
    {
        return {{QStringLiteral("error_code"), code}, {QStringLiteral("message"), message}};
    }

    void serve(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const int end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        qsizetype length = 0;
        QByteArray authorization;
        for (const QByteArray &l : lines) {
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            if (l.toLower().startsWith("authorization:"))
                authorization = l.mid(14).trimmed();
        }
        if (buf.size() < end + 4 + length)
            return;
        const QByteArray body = buf.mid(end + 4, length);
        buf.remove(0, end + 4 + length);
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        const QString method = QString::fromLatin1(requestLine.value(0));
        const QString path = QUrl::fromPercentEncoding(requestLine.value(1));
        requests << method + u' ' + path;
        authorizations << authorization;
        if (!requiredAuthorization.isEmpty() && authorization != requiredAuthorization)
            return reply(s, 401, error(401, QStringLiteral("Unauthorized")));

        if (mode == Backend500)
            return reply(s, 500, error(50001, QStringLiteral("Error in the backend datastore")));
        const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
        const QString schema = QJsonDocument::fromJson(body).object().value(QStringLiteral("schema")).toString();
        if (method == QLatin1String("POST") && parts.size() == 3 && parts[0] == QLatin1String("subjects")) {
            if (mode == Incompatible)
                return reply(s, 409,
                             error(409, QStringLiteral("Schema being registered is incompatible with an "
                                                       "earlier schema for subject \"%1\"")
                                            .arg(parts[1])));
            if (!AvroSchema::parse(schema.toUtf8()).isValid())
                return reply(s, 422, error(42201, QStringLiteral("Invalid schema")));
            int id = ids.value(schema, -1);
            if (id < 0) {
                id = ids.size() + 1;
                ids.insert(schema, id);
                schemas.insert(id, schema);
            }
            subjects[parts[1]] << id;
            return reply(s, 200, {{QStringLiteral("id"), id}});
        }
        if (method == QLatin1String("GET") && parts.size() == 3 && parts[0] == QLatin1String("schemas")) {
            const int id = parts[2].toInt();
            if (!schemas.contains(id))
                return reply(s, 404, error(40403, QStringLiteral("Schema %1 not found").arg(id)));
            return reply(s, 200, {{QStringLiteral("schema"), schemas.value(id)}});
        }
        if (method == QLatin1String("POST") && parts.size() == 5 && parts[0] == QLatin1String("compatibility")) {
            if (!subjects.contains(parts[2]))
                return reply(s, 404, error(40401, QStringLiteral("Subject '%1' not found.").arg(parts[2])));
            return reply(s, 200, {{QStringLiteral("is_compatible"), compatible}});
        }
        reply(s, 404, error(404, QStringLiteral("HTTP 404 Not Found")));
    }

    QTcpServer m_plain;
    QSslServer m_tls;
    QTcpServer *m_server = &m_plain;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace testsupport

#pragma once

#include <QObject>

namespace taskstream::auth {
class JwtAuth;
struct Principal;
} // namespace taskstream::auth
namespace taskstream::http {
class HttpServer;
struct HttpRequest;
struct HttpResponse;
} // namespace taskstream::http
namespace taskstream::store {
class Database;
}

namespace taskstream::api {

/// Administration of the outbox under /api/v1/outbox (admin tokens only): the records that could
/// never be delivered, with their reason, and putting them back in line once the cause is fixed.
class OutboxApi : public QObject
{
    Q_OBJECT
public:
    OutboxApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

signals:
    /// Failed records were put back to pending: the relay can publish them.
    void retried();

private:
    http::HttpResponse listFailed(const http::HttpRequest &request, const auth::Principal &admin);
    http::HttpResponse retry(const http::HttpRequest &request, const auth::Principal &admin);

    store::Database *m_db;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

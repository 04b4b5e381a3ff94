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
namespace taskstream::services {
class OutboxAdmin;
}

namespace taskstream::api {

/// Administration of the outbox under /api/v1/outbox (admin tokens only): the records that could
/// never be delivered, with their reason, and putting them back in line once the cause is fixed.
/// Routes and handlers only: the work is OutboxAdmin's.
class OutboxApi : public QObject
{
    Q_OBJECT
public:
    OutboxApi(services::OutboxAdmin *outbox, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

private:
    http::HttpResponse listFailed(const http::HttpRequest &request, const auth::Principal &admin);
    http::HttpResponse retry(const http::HttpRequest &request, const auth::Principal &admin);

    services::OutboxAdmin *m_outbox;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

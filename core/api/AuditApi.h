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

/// Search of the audit log: GET /api/v1/audit?user=&task=&type=&from=&to=&q=&limit=&cursor=,
/// newest first with an opaque keyset cursor (see docs/audit.md). A user token sees only its own
/// entries (user= naming someone else is 403); an admin token sees all and may filter by user.
class AuditApi : public QObject
{
    Q_OBJECT
public:
    AuditApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

    static constexpr int DefaultLimit = 50;
    static constexpr int MaxLimit = 500;

private:
    http::HttpResponse search(const http::HttpRequest &request, const auth::Principal &who);

    store::Database *m_db;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

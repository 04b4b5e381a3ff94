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

/// Administration of people's data: POST /api/v1/admin/users/{id}/erase with the body
/// {"confirm": "<the same user id>"} erases the user's tasks, reminders, notifications and audit
/// entries (services::eraseUserData) and records the erasure in the audit log. Admin tokens only;
/// a missing or different confirmation is 422 and erases nothing.
class AdminApi : public QObject
{
    Q_OBJECT
public:
    /// \a auditDb: where the audit log is (null: in \a db).
    AdminApi(store::Database *db, const auth::JwtAuth *auth, store::Database *auditDb = nullptr,
             QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

private:
    http::HttpResponse eraseUser(const http::HttpRequest &request, const auth::Principal &who);

    store::Database *m_db;
    store::Database *m_auditDb;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

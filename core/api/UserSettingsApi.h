#pragma once

#include <QObject>
#include <QTimeZone>

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

/// The caller's own settings: GET and PUT /api/v1/users/me/settings (the user is the token's
/// subject). Today one setting: time_zone, an IANA name (validated with QTimeZone) that recurrence
/// and reminders use for the user's tasks; null means the daemon's zone (NodeConfig timeZone),
/// which the answer names as effective_time_zone. Routes and handlers only.
class UserSettingsApi : public QObject
{
    Q_OBJECT
public:
    UserSettingsApi(store::Database *db, const auth::JwtAuth *auth, const QTimeZone &defaultZone,
                    QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

private:
    http::HttpResponse get(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse put(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse answer(const auth::Principal &who);

    store::Database *m_db;
    const auth::JwtAuth *m_auth;
    QTimeZone m_defaultZone;
};

} // namespace taskstream::api

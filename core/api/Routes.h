#pragma once

#include "http/HttpServer.h"

#include <functional>
#include <optional>

#include <QJsonObject>

namespace taskstream::auth {
class JwtAuth;
struct Principal;
} // namespace taskstream::auth

namespace taskstream::api {

/// Registers REST routes with who may call them. The bearer token is verified here, once, before
/// the handler runs, and the handler receives the verified principal: no token or a bad one is
/// 401, a user token on an admin route 403, both as problem+json. The handler runs in an
/// events::ActorScope of the token's subject (source "api", or "console" for a request with
/// X-Taskstream-Client: console), so the events it causes say who made them.
class Routes
{
public:
    using Handler = std::function<http::HttpResponse(const http::HttpRequest &, const auth::Principal &)>;
    using AsyncHandler =
        std::function<void(const http::HttpRequest &, const auth::Principal &, http::HttpServer::Responder)>;

    Routes(http::HttpServer &server, const auth::JwtAuth *auth) : m_server(server), m_auth(auth) {}

    /// Any valid token (user or admin).
    void requireUser(const QByteArray &method, const QString &pattern, Handler handler);
    /// Like requireUser(), for a handler that answers through the Responder when it is ready.
    void requireUserAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler);
    /// An admin token; a user token is refused with \a forbidden as the 403 detail.
    void requireAdmin(const QByteArray &method, const QString &pattern, const QString &forbidden, Handler handler);
    /// Like requireAdmin(), for a handler that answers through the Responder when it is ready.
    void requireAdminAsync(const QByteArray &method, const QString &pattern, const QString &forbidden,
                           AsyncHandler handler);

private:
    http::HttpServer &m_server;
    const auth::JwtAuth *m_auth;
};

/// A JSON object request body, or the problem to answer: 415 for another content type, 400 for
/// malformed JSON or for text that is never stored (a NUL, a lone surrogate, bytes that are not
/// UTF-8: text::checkJson), 422 for JSON that is not an object. Every JSON body goes through here.
std::optional<QJsonObject> jsonObjectBody(const http::HttpRequest &request, http::HttpResponse *problem);

} // namespace taskstream::api

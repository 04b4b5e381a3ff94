#include "api/Routes.h"

#include "api/Problem.h"
#include "auth/JwtAuth.h"
#include "common/TextCheck.h"
#include "events/Actor.h"

#include <QJsonDocument>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
/// The principal of \a request's bearer token, or the 401 answer in *\a refusal.
std::optional<auth::Principal> authenticate(const auth::JwtAuth *auth, const HttpRequest &request,
                                            HttpResponse *refusal)
{
    QString why;
    std::optional<auth::Principal> who = auth->verifyBearer(request.header("authorization"), &why);
    if (!who)
        *refusal = problem::unauthorized(why);
    return who;
}

/// The actor of an authenticated request: the token's subject, and "console" when the console sent
/// it (it says so in X-Taskstream-Client; informational, the subject is what is verified).
events::Actor actorOf(const HttpRequest &request, const auth::Principal &who)
{
    const bool console = request.header("x-taskstream-client").trimmed().toLower() == "console";
    return {who.userId.toString(QUuid::WithoutBraces),
            QLatin1String(console ? events::Actor::SourceConsole : events::Actor::SourceApi)};
}
} // namespace

void Routes::requireUser(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_server.route(method, pattern, [auth = m_auth, handler = std::move(handler)](const HttpRequest &request) {
        HttpResponse refusal;
        const std::optional<auth::Principal> who = authenticate(auth, request, &refusal);
        if (!who)
            return refusal;
        const events::ActorScope actor(actorOf(request, *who));
        return handler(request, *who);
    });
}

void Routes::requireUserAsync(const QByteArray &method, const QString &pattern, AsyncHandler handler)
{
    m_server.routeAsync(
        method, pattern,
        [auth = m_auth, handler = std::move(handler)](const HttpRequest &request, http::HttpServer::Responder respond) {
            HttpResponse refusal;
            const std::optional<auth::Principal> who = authenticate(auth, request, &refusal);
            if (!who) {
                respond(refusal);
                return;
            }
            const events::ActorScope actor(actorOf(request, *who));
            handler(request, *who, std::move(respond));
        });
}

void Routes::requireAdmin(const QByteArray &method, const QString &pattern, const QString &forbidden, Handler handler)
{
    m_server.route(method, pattern,
                   [auth = m_auth, forbidden, handler = std::move(handler)](const HttpRequest &request) {
                       HttpResponse refusal;
                       const std::optional<auth::Principal> who = authenticate(auth, request, &refusal);
                       if (!who)
                           return refusal;
                       if (!who->isAdmin())
                           return problem::forbidden(forbidden);
                       const events::ActorScope actor(actorOf(request, *who));
                       return handler(request, *who);
                   });
}

void Routes::requireAdminAsync(const QByteArray &method, const QString &pattern, const QString &forbidden,
                               AsyncHandler handler)
{
    m_server.routeAsync(method, pattern,
                        [auth = m_auth, forbidden, handler = std::move(handler)](const HttpRequest &request,
                                                                                 http::HttpServer::Responder respond) {
                            HttpResponse refusal;
                            const std::optional<auth::Principal> who = authenticate(auth, request, &refusal);
                            if (!who)
                                respond(refusal);
                            else if (!who->isAdmin())
                                respond(problem::forbidden(forbidden));
                            else {
                                const events::ActorScope actor(actorOf(request, *who));
                                handler(request, *who, std::move(respond));
                            }
                        });
}

std::optional<QJsonObject> jsonObjectBody(const HttpRequest &request, HttpResponse *problem)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json" && !type.endsWith("+json")) {
        *problem =
            problem::make(415, QStringLiteral("unsupported-media-type"),
                          QStringLiteral("send the body as application/json (got '%1')")
                              .arg(type.isEmpty() ? QStringLiteral("no Content-Type") : QString::fromLatin1(type)));
        return std::nullopt;
    }
    // Before Qt's parser, which reads "\ud800x" as U+10078 (swallowing the "x") and keeps "\u0000".
    if (const QString bad = text::checkJson(request.body); !bad.isEmpty()) {
        *problem = problem::make(400, QStringLiteral("invalid-text"),
                                 QStringLiteral("the body holds text that cannot be stored: %1").arg(bad));
        return std::nullopt;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &err);
    if (doc.isNull()) {
        *problem = problem::make(
            400, QStringLiteral("malformed-json"),
            QStringLiteral("the body is not valid JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *problem = problem::validation(QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

} // namespace taskstream::api

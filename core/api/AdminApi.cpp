#include "api/AdminApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/Retention.h"

#include <QJsonObject>
#include <QUuid>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

AdminApi::AdminApi(store::Database *db, const auth::JwtAuth *auth, store::Database *auditDb, QObject *parent)
    : QObject(parent), m_db(db), m_auditDb(auditDb ? auditDb : db), m_auth(auth)
{
}

void AdminApi::registerRoutes(http::HttpServer &server)
{
    Routes routes(server, m_auth);
    routes.requireAdmin("POST", QStringLiteral("/api/v1/admin/users/{id}/erase"),
                        QStringLiteral("only an admin token may erase a user's data"),
                        [this](const HttpRequest &r, const auth::Principal &who) { return eraseUser(r, who); });
}

HttpResponse AdminApi::eraseUser(const HttpRequest &request, const auth::Principal &who)
{
    const QString idText = request.pathParam(QStringLiteral("id"));
    const QUuid user = QUuid::fromString(idText);
    if (user.isNull())
        return problem::notFound(QStringLiteral("'%1' is not a user id (UUID)").arg(idText.left(60)));
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    // Erasing cannot be undone: the request repeats the id, so a wrong path erases nothing.
    const QUuid confirm = QUuid::fromString(body->value(QLatin1String("confirm")).toString());
    if (confirm != user)
        return problem::validation(
            QStringLiteral("erasing a user's data cannot be undone; confirm it by sending the same user id"),
            {{QStringLiteral("confirm"), QStringLiteral("must be %1").arg(user.toString(QUuid::WithoutBraces))}});
    const Result<services::ErasedUserData> erased = services::eraseUserData(m_db, user, who.userId, m_auditDb);
    if (!erased)
        return problem::fromError(erased.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("user_id"), user.toString(QUuid::WithoutBraces)},
                                               {QStringLiteral("tasks"), erased->tasks},
                                               {QStringLiteral("reminders"), erased->reminders},
                                               {QStringLiteral("notifications"), erased->notifications},
                                               {QStringLiteral("audit_entries"), erased->auditEntries}});
}

} // namespace taskstream::api

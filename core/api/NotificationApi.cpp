#include "api/NotificationApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/NotificationService.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
using problem::badQuery;

/// The listing of \a user per the query (unread, limit, after), or the problem to answer.
HttpResponse listing(services::NotificationService *service, const QUuid &user, const HttpRequest &request)
{
    bool unreadOnly = false;
    if (request.query.hasQueryItem(QStringLiteral("unread"))) {
        const QString u = request.query.queryItemValue(QStringLiteral("unread"));
        if (u != QLatin1String("true") && u != QLatin1String("false"))
            return badQuery(QStringLiteral("unread must be true or false (got '%1')").arg(u));
        unreadOnly = u == QLatin1String("true");
    }
    int limit = 50;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    }
    std::optional<store::NotificationCursor> after;
    if (request.query.hasQueryItem(QStringLiteral("after"))) {
        store::NotificationCursor c;
        if (!store::NotificationCursor::parse(request.query.queryItemValue(QStringLiteral("after")), &c))
            return badQuery(QStringLiteral("after must be the next_cursor of a previous page"));
        after = c;
    }
    const Result<services::NotificationService::Listing> found = service->list(user, unreadOnly, after, limit);
    if (!found)
        return problem::fromError(found.error());
    QJsonArray items;
    for (const store::Notification &n : found->page.items)
        items.append(n.toJson());
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("items"), items},
                         {QStringLiteral("unread_count"), found->unread},
                         {QStringLiteral("next_cursor"),
                          found->page.next ? QJsonValue(found->page.next->toString()) : QJsonValue()}});
}
} // namespace

NotificationApi::NotificationApi(services::NotificationService *notifications, const auth::JwtAuth *auth,
                                 QObject *parent)
    : QObject(parent), m_notifications(notifications), m_auth(auth)
{
}

void NotificationApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    routes.requireUser("GET", QStringLiteral("/api/v1/notifications"), std::bind(&NotificationApi::list, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/notifications/{id}/read"),
                       std::bind(&NotificationApi::markRead, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/notifications/read-all"),
                       std::bind(&NotificationApi::markAllRead, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/notifications/preferences"),
                       std::bind(&NotificationApi::preferences, this, _1, _2));
    routes.requireUser("PATCH", QStringLiteral("/api/v1/notifications/preferences"),
                       std::bind(&NotificationApi::updatePreferences, this, _1, _2));
    routes.requireAdmin("GET", QStringLiteral("/api/v1/admin/notifications"),
                        QStringLiteral("listing another user's notifications needs an admin token"),
                        std::bind(&NotificationApi::listForAdmin, this, _1, _2));
}

HttpResponse NotificationApi::list(const HttpRequest &request, const auth::Principal &who)
{
    return listing(m_notifications, who.userId, request);
}

HttpResponse NotificationApi::listForAdmin(const HttpRequest &request, const auth::Principal &)
{
    const QUuid user = QUuid::fromString(request.query.queryItemValue(QStringLiteral("user")));
    if (user.isNull())
        return badQuery(QStringLiteral("user must be the UUID of the user whose notifications to list"));
    return listing(m_notifications, user, request);
}

HttpResponse NotificationApi::markRead(const HttpRequest &request, const auth::Principal &who)
{
    const QString idText = request.pathParam(QStringLiteral("id"));
    const QUuid id = QUuid::fromString(idText);
    if (id.isNull())
        return problem::notFound(QStringLiteral("notification %1 not found").arg(idText));
    const Result<store::Notification> n = m_notifications->markRead(who.userId, id);
    if (!n)
        return problem::fromError(n.error());
    return HttpResponse::json(200, n->toJson());
}

HttpResponse NotificationApi::markAllRead(const HttpRequest &, const auth::Principal &who)
{
    const Result<int> changed = m_notifications->markAllRead(who.userId);
    if (!changed)
        return problem::fromError(changed.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("marked_read"), *changed}});
}

HttpResponse NotificationApi::preferences(const HttpRequest &, const auth::Principal &who)
{
    const Result<store::NotificationPreferences> p = m_notifications->preferences(who.userId);
    if (!p)
        return problem::fromError(p.error());
    return HttpResponse::json(200, p->toJson());
}

HttpResponse NotificationApi::updatePreferences(const HttpRequest &request, const auth::Principal &who)
{
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    const Result<store::NotificationPreferences> p = m_notifications->updatePreferences(who.userId, *body);
    if (!p)
        return problem::fromError(p.error());
    return HttpResponse::json(200, p->toJson());
}

} // namespace taskstream::api

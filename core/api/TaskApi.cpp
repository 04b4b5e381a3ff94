#include "api/TaskApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/TaskService.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
std::optional<QUuid> taskId(const HttpRequest &request)
{
    const QUuid id = QUuid::fromString(request.pathParam(QStringLiteral("id")));
    if (id.isNull())
        return std::nullopt;
    return id;
}

HttpResponse noSuchTask(const HttpRequest &request)
{
    return problem::notFound(QStringLiteral("task %1 not found").arg(request.pathParam(QStringLiteral("id"))));
}

/// A task as a command's answer, or the command's problem.
HttpResponse taskOr(const Result<store::Task> &r)
{
    return r.ok() ? HttpResponse::json(200, r->toJson()) : problem::fromError(r.error());
}
} // namespace

TaskApi::TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
                 QObject *parent)
    : QObject(parent), m_tasks(tasks), m_auth(auth), m_info(std::move(info))
{
}

void TaskApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    // Creates are group-committed: answered once the transaction holding them is durable.
    routes.requireUserAsync("POST", QStringLiteral("/api/v1/tasks"), std::bind(&TaskApi::createTask, this, _1, _2, _3));
    routes.requireUser("GET", QStringLiteral("/api/v1/tasks"), std::bind(&TaskApi::listTasks, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::getTask, this, _1, _2));
    routes.requireUser("PATCH", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::updateTask, this, _1, _2));
    routes.requireUser("DELETE", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::deleteTask, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/tasks/{id}/complete"),
                       std::bind(&TaskApi::completeTask, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/info"), std::bind(&TaskApi::info, this, _1, _2));
}

void TaskApi::createTask(const HttpRequest &request, const auth::Principal &who, http::HttpServer::Responder respond)
{
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body) {
        respond(refusal);
        return;
    }
    m_tasks->createAsync(who.userId, *body, [respond](const Result<store::Task> &r) {
        if (!r.ok()) {
            respond(problem::fromError(r.error()));
            return;
        }
        respond(HttpResponse::json(201, r->toJson())
                    .withHeader("Location", "/api/v1/tasks/" + r->id.toString(QUuid::WithoutBraces).toUtf8()));
    });
}

HttpResponse TaskApi::listTasks(const HttpRequest &request, const auth::Principal &who)
{
    store::TaskQuery q;
    q.userId = who.userId;
    const auto bad = &problem::badQuery;
    const QUrlQuery &p = request.query;
    if (p.hasQueryItem(QStringLiteral("user_id"))) {
        const QUuid other = QUuid::fromString(p.queryItemValue(QStringLiteral("user_id")));
        if (other.isNull())
            return bad(QStringLiteral("user_id must be a UUID"));
        if (other != who.userId && !who.isAdmin())
            return problem::forbidden(QStringLiteral("only an admin token may list another user's tasks"));
        q.userId = other;
    }
    q.status = p.queryItemValue(QStringLiteral("status"));
    if (!q.status.isEmpty() && q.status != QLatin1String("pending") && q.status != QLatin1String("completed"))
        return bad(QStringLiteral("status must be pending or completed"));
    q.priority = p.queryItemValue(QStringLiteral("priority"));
    if (!q.priority.isEmpty() &&
        !QStringList{QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")}.contains(q.priority))
        return bad(QStringLiteral("priority must be Low, Medium or High"));
    q.tag = p.queryItemValue(QStringLiteral("tag"), QUrl::FullyDecoded);
    for (const char *name : {"due_from", "due_to"}) {
        const QString v = p.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
        if (v.isEmpty())
            continue;
        const QDateTime d = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!d.isValid() || d.timeSpec() == Qt::LocalTime)
            return bad(QStringLiteral("%1 must be an ISO 8601 date-time with a time zone").arg(QLatin1String(name)));
        (qstrcmp(name, "due_from") == 0 ? q.dueFrom : q.dueTo) = d.toUTC();
    }
    bool ok = true;
    if (p.hasQueryItem(QStringLiteral("limit"))) {
        q.limit = p.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > 500)
            return bad(QStringLiteral("limit must be a number from 1 to 500"));
    }
    if (p.hasQueryItem(QStringLiteral("offset"))) {
        q.offset = p.queryItemValue(QStringLiteral("offset")).toInt(&ok);
        if (!ok || q.offset < 0)
            return bad(QStringLiteral("offset must be a number from 0"));
    }
    const Result<services::TaskPage> r = m_tasks->list(q);
    if (!r.ok())
        return problem::fromError(r.error());
    QJsonArray items;
    for (const store::Task &t : r->tasks)
        items.append(t.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items},
                                               {QStringLiteral("total"), r->total},
                                               {QStringLiteral("limit"), r->limit},
                                               {QStringLiteral("offset"), r->offset}});
}

HttpResponse TaskApi::getTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    return id ? taskOr(m_tasks->get(who.userId, *id)) : noSuchTask(request);
}

HttpResponse TaskApi::updateTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    return taskOr(m_tasks->update(who.userId, *id, *body));
}

HttpResponse TaskApi::completeTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    return id ? taskOr(m_tasks->complete(who.userId, *id)) : noSuchTask(request);
}

HttpResponse TaskApi::deleteTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    if (const Result<void> removed = m_tasks->remove(who.userId, *id); !removed)
        return problem::fromError(removed.error());
    HttpResponse empty;
    empty.status = 204;
    return empty;
}

HttpResponse TaskApi::info(const HttpRequest &, const auth::Principal &who)
{
    // Users learn the version only; the operational fields (brokers, database, outbox) are for admins.
    QJsonObject o = who.isAdmin() && m_info ? m_info() : QJsonObject();
    o.insert(QStringLiteral("version"), QStringLiteral(TASKSTREAM_VERSION));
    return HttpResponse::json(200, o);
}

} // namespace taskstream::api

#include "api/TaskApi.h"

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
using services::ServiceError;

namespace {
const QString kProblemBase = QStringLiteral("urn:taskstream:problem:");

HttpResponse problemWith(int status, const QString &title, const QString &detail, const QString &type,
                         const QJsonObject &extra = {})
{
    QJsonObject o{{QStringLiteral("type"), kProblemBase + type},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("detail"), detail}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    HttpResponse r = HttpResponse::json(status, o);
    r.contentType = "application/problem+json";
    return r;
}

std::optional<QUuid> taskId(const HttpRequest &request)
{
    const QUuid id = QUuid::fromString(request.pathParam(QStringLiteral("id")));
    if (id.isNull())
        return std::nullopt;
    return id;
}

HttpResponse noSuchTask(const HttpRequest &request)
{
    return problemWith(404, QStringLiteral("Not Found"),
                       QStringLiteral("task %1 not found").arg(request.pathParam(QStringLiteral("id"))),
                       QStringLiteral("not-found"));
}
} // namespace

TaskApi::TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
                 QObject *parent)
    : QObject(parent), m_tasks(tasks), m_auth(auth), m_info(std::move(info))
{
}

void TaskApi::registerRoutes(http::HttpServer &server)
{
    // Creates are group-committed: answered once the transaction holding them is durable.
    server.routeAsync("POST", QStringLiteral("/api/v1/tasks"),
                      [this](const HttpRequest &r, http::HttpServer::Responder respond) { createTask(r, std::move(respond)); });
    server.route("GET", QStringLiteral("/api/v1/tasks"), [this](const HttpRequest &r) { return listTasks(r); });
    server.route("GET", QStringLiteral("/api/v1/tasks/{id}"), [this](const HttpRequest &r) { return getTask(r); });
    server.route("PATCH", QStringLiteral("/api/v1/tasks/{id}"), [this](const HttpRequest &r) { return updateTask(r); });
    server.route("DELETE", QStringLiteral("/api/v1/tasks/{id}"), [this](const HttpRequest &r) { return deleteTask(r); });
    server.route("POST", QStringLiteral("/api/v1/tasks/{id}/complete"),
                 [this](const HttpRequest &r) { return completeTask(r); });
    server.route("GET", QStringLiteral("/api/v1/info"), [this](const HttpRequest &r) { return info(r); });
}

HttpResponse TaskApi::unauthorized(const QString &why)
{
    return problemWith(401, QStringLiteral("Unauthorized"), why, QStringLiteral("unauthorized"))
        .withHeader("WWW-Authenticate", "Bearer realm=\"taskstream\"");
}

HttpResponse TaskApi::fromServiceError(const ServiceError &e)
{
    switch (e.kind) {
    case ServiceError::Invalid: {
        QJsonArray errors;
        for (const ServiceError::Field &f : e.fields)
            errors.append(QJsonObject{{QStringLiteral("field"), f.name}, {QStringLiteral("message"), f.message}});
        return problemWith(422, QStringLiteral("Unprocessable Entity"), e.message, QStringLiteral("validation"),
                           {{QStringLiteral("errors"), errors}});
    }
    case ServiceError::NotFound:
        return problemWith(404, QStringLiteral("Not Found"), e.message, QStringLiteral("not-found"));
    case ServiceError::Conflict:
        return problemWith(409, QStringLiteral("Conflict"), e.message, QStringLiteral("conflict"));
    case ServiceError::Storage:
    case ServiceError::None:
        break;
    }
    return problemWith(503, QStringLiteral("Service Unavailable"), e.message, QStringLiteral("storage"))
        .withHeader("Retry-After", "1");
}

HttpResponse TaskApi::authenticated(const HttpRequest &request,
                                    const std::function<HttpResponse(const auth::Principal &)> &handler) const
{
    QString why;
    const auto principal = m_auth->verifyBearer(request.header("authorization"), &why);
    if (!principal)
        return unauthorized(why);
    return handler(*principal);
}

bool TaskApi::jsonBody(const HttpRequest &request, QJsonObject *object, HttpResponse *problem)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json" && !type.endsWith("+json")) {
        *problem = problemWith(415, QStringLiteral("Unsupported Media Type"),
                               QStringLiteral("send the body as application/json (got '%1')")
                                   .arg(type.isEmpty() ? QStringLiteral("no Content-Type") : QString::fromLatin1(type)),
                               QStringLiteral("unsupported-media-type"));
        return false;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &err);
    if (doc.isNull()) {
        *problem = problemWith(400, QStringLiteral("Bad Request"),
                               QStringLiteral("the body is not valid JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset),
                               QStringLiteral("malformed-json"));
        return false;
    }
    if (!doc.isObject()) {
        *problem = problemWith(422, QStringLiteral("Unprocessable Entity"), QStringLiteral("the body must be a JSON object"),
                               QStringLiteral("validation"));
        return false;
    }
    *object = doc.object();
    return true;
}

void TaskApi::createTask(const HttpRequest &request, http::HttpServer::Responder respond)
{
    QString why;
    const auto who = m_auth->verifyBearer(request.header("authorization"), &why);
    if (!who) {
        respond(unauthorized(why));
        return;
    }
    QJsonObject body;
    HttpResponse problem;
    if (!jsonBody(request, &body, &problem)) {
        respond(problem);
        return;
    }
    m_tasks->createAsync(who->userId, body, [respond](const services::ServiceResult<store::Task> &r) {
        if (!r.ok()) {
            respond(fromServiceError(r.error));
            return;
        }
        respond(HttpResponse::json(201, r.value.toJson())
                    .withHeader("Location", "/api/v1/tasks/" + r.value.id.toString(QUuid::WithoutBraces).toUtf8()));
    });
}

HttpResponse TaskApi::listTasks(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &who) {
        store::TaskQuery q;
        q.userId = who.userId;
        auto bad = [](const QString &detail) {
            return problemWith(400, QStringLiteral("Bad Request"), detail, QStringLiteral("bad-query"));
        };
        const QUrlQuery &p = request.query;
        if (p.hasQueryItem(QStringLiteral("user_id"))) {
            const QUuid other = QUuid::fromString(p.queryItemValue(QStringLiteral("user_id")));
            if (other.isNull())
                return bad(QStringLiteral("user_id must be a UUID"));
            if (other != who.userId && !who.isAdmin())
                return problemWith(403, QStringLiteral("Forbidden"),
                                   QStringLiteral("only an admin token may list another user's tasks"),
                                   QStringLiteral("forbidden"));
            q.userId = other;
        }
        q.status = p.queryItemValue(QStringLiteral("status"));
        if (!q.status.isEmpty() && q.status != QLatin1String("pending") && q.status != QLatin1String("completed"))
            return bad(QStringLiteral("status must be pending or completed"));
        q.priority = p.queryItemValue(QStringLiteral("priority"));
        if (!q.priority.isEmpty() && !QStringList{QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")}.contains(q.priority))
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
        const auto r = m_tasks->list(q);
        if (!r.ok())
            return fromServiceError(r.error);
        QJsonArray items;
        for (const store::Task &t : r.value.tasks)
            items.append(t.toJson());
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items},
                                                   {QStringLiteral("total"), r.value.total},
                                                   {QStringLiteral("limit"), r.value.limit},
                                                   {QStringLiteral("offset"), r.value.offset}});
    });
}

HttpResponse TaskApi::getTask(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &who) {
        const auto id = taskId(request);
        if (!id)
            return noSuchTask(request);
        const auto r = m_tasks->get(who.userId, *id);
        return r.ok() ? HttpResponse::json(200, r.value.toJson()) : fromServiceError(r.error);
    });
}

HttpResponse TaskApi::updateTask(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &who) {
        const auto id = taskId(request);
        if (!id)
            return noSuchTask(request);
        QJsonObject body;
        HttpResponse problem;
        if (!jsonBody(request, &body, &problem))
            return problem;
        const auto r = m_tasks->update(who.userId, *id, body);
        return r.ok() ? HttpResponse::json(200, r.value.toJson()) : fromServiceError(r.error);
    });
}

HttpResponse TaskApi::completeTask(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &who) {
        const auto id = taskId(request);
        if (!id)
            return noSuchTask(request);
        const auto r = m_tasks->complete(who.userId, *id);
        return r.ok() ? HttpResponse::json(200, r.value.toJson()) : fromServiceError(r.error);
    });
}

HttpResponse TaskApi::deleteTask(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &who) {
        const auto id = taskId(request);
        if (!id)
            return noSuchTask(request);
        const auto r = m_tasks->remove(who.userId, *id);
        if (!r.ok())
            return fromServiceError(r.error);
        HttpResponse empty;
        empty.status = 204;
        return empty;
    });
}

HttpResponse TaskApi::info(const HttpRequest &request)
{
    return authenticated(request, [&](const auth::Principal &) {
        QJsonObject o = m_info ? m_info() : QJsonObject();
        o.insert(QStringLiteral("version"), QStringLiteral(TASKSTREAM_VERSION));
        return HttpResponse::json(200, o);
    });
}

} // namespace taskstream::api

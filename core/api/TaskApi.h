#pragma once

#include <functional>
#include <memory>

#include <QJsonObject>
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
class TaskService;
struct IdempotencyTicket;
struct IfMatch;
} // namespace taskstream::services

namespace taskstream::api {

/// What an Idempotency-Key stands for: a hash of the request's method, path and body (JSON
/// bodies compact, as parsed). A retry with the same key must have the same fingerprint.
QString idempotencyFingerprint(const QByteArray &method, const QString &path, const QByteArray &canonicalBody);

/// The task resources under /api/v1 on top of core/http (the transport): routes and handlers only;
/// tokens are checked by Routes, failures answered by api/Problem.h. JSON bodies use the Avro
/// field names; errors are RFC 7807 problem+json (see docs/api.md). Every task answer carries its
/// version as a strong ETag; PATCH, DELETE and complete honour If-Match (412 when it does not
/// hold); POST /tasks and complete honour Idempotency-Key (a retry is answered from the first
/// request's stored answer).
class TaskApi : public QObject
{
    Q_OBJECT
public:
    /// \a info supplies GET /api/v1/info's operational fields (roles, bootstrap servers, outbox depth...),
    /// shown to admin tokens only; a user token gets the version alone.
    TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
            QObject *parent = nullptr);

    void registerRoutes(http::HttpServer &server);
    /// Changes of a task without If-Match are refused with 428 (off by default).
    void setRequireIfMatch(bool require) { m_requireIfMatch = require; }

private:
    void createTask(const http::HttpRequest &request, const auth::Principal &who,
                    std::function<void(const http::HttpResponse &)> respond);
    http::HttpResponse listTasks(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse getTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse updateTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse completeTask(const http::HttpRequest &request, const auth::Principal &who);
    /// POST /api/v1/tasks/{id}/skip: skips this occurrence of a recurring task.
    http::HttpResponse skipTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse deleteTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse info(const http::HttpRequest &request, const auth::Principal &who);
    /// The request's If-Match, or false with the answer (400 malformed, 428 missing but required).
    bool preconditions(const http::HttpRequest &request, services::IfMatch *ifMatch, http::HttpResponse *answer) const;
    /// Claims the request's Idempotency-Key, if it has one (*ticket then set): true to go on,
    /// false with the answer (the replayed one, or 400, 409, 422).
    bool admitKeyed(const http::HttpRequest &request, const auth::Principal &who, const QByteArray &canonicalBody,
                    std::shared_ptr<services::IdempotencyTicket> *ticket, http::HttpResponse *answer);

    services::TaskService *m_tasks;
    const auth::JwtAuth *m_auth;
    std::function<QJsonObject()> m_info;
    bool m_requireIfMatch = false;
};

} // namespace taskstream::api

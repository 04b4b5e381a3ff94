#pragma once

#include <functional>

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
} // namespace taskstream::services

namespace taskstream::api {

/// The task resources under /api/v1 on top of core/http (the transport): routes and handlers only;
/// tokens are checked by Routes, failures answered by api/Problem.h. JSON bodies use the Avro
/// field names; errors are RFC 7807 problem+json (see docs/api.md).
class TaskApi : public QObject
{
    Q_OBJECT
public:
    /// \a info supplies GET /api/v1/info's operational fields (roles, bootstrap servers, outbox depth...),
    /// shown to admin tokens only; a user token gets the version alone.
    TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
            QObject *parent = nullptr);

    void registerRoutes(http::HttpServer &server);

private:
    void createTask(const http::HttpRequest &request, const auth::Principal &who,
                    std::function<void(const http::HttpResponse &)> respond);
    http::HttpResponse listTasks(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse getTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse updateTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse completeTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse deleteTask(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse info(const http::HttpRequest &request, const auth::Principal &who);

    services::TaskService *m_tasks;
    const auth::JwtAuth *m_auth;
    std::function<QJsonObject()> m_info;
};

} // namespace taskstream::api

#pragma once

#include <QJsonObject>
#include <QObject>

#include <functional>

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
struct ServiceError;
} // namespace taskstream::services

namespace taskstream::api {

/// The REST resources under /api/v1 on top of core/http (the transport). JSON bodies use the
/// Avro field names; errors are RFC 7807 problem+json (see docs/api.md).
class TaskApi : public QObject
{
    Q_OBJECT
public:
    /// \a info supplies GET /api/v1/info's operational fields (roles, bootstrap servers, outbox depth...).
    TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
            QObject *parent = nullptr);

    void registerRoutes(http::HttpServer &server);

    /// Problem responses shared by every resource.
    static http::HttpResponse unauthorized(const QString &why);
    static http::HttpResponse fromServiceError(const services::ServiceError &error);

private:
    /// Authenticates, then runs \a handler; 401 with the reason otherwise.
    http::HttpResponse authenticated(const http::HttpRequest &request,
                                     const std::function<http::HttpResponse(const auth::Principal &)> &handler) const;
    /// Parses a JSON object body: 415 for another content type, 400 for malformed JSON.
    static bool jsonBody(const http::HttpRequest &request, QJsonObject *object, http::HttpResponse *problem);

    void createTask(const http::HttpRequest &request, std::function<void(const http::HttpResponse &)> respond);
    http::HttpResponse listTasks(const http::HttpRequest &request);
    http::HttpResponse getTask(const http::HttpRequest &request);
    http::HttpResponse updateTask(const http::HttpRequest &request);
    http::HttpResponse completeTask(const http::HttpRequest &request);
    http::HttpResponse deleteTask(const http::HttpRequest &request);
    http::HttpResponse info(const http::HttpRequest &request);

    services::TaskService *m_tasks;
    const auth::JwtAuth *m_auth;
    std::function<QJsonObject()> m_info;
};

} // namespace taskstream::api

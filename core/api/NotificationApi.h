#pragma once

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
class NotificationService;
}

namespace taskstream::api {

/// A user's notifications and notification preferences under /api/v1 (docs/notifications.md):
/// GET /api/v1/notifications[?unread=true&limit=&after=], POST /api/v1/notifications/{id}/read,
/// POST /api/v1/notifications/read-all, GET and PATCH /api/v1/notifications/preferences. Each user
/// sees only their own; another user's notification is answered like an unknown one (404).
/// Administrators: GET /api/v1/admin/notifications?user=ID[&unread=&limit=&after=] lists one
/// user's notifications (the console's view). Routes and handlers only: the work is
/// NotificationService's.
class NotificationApi : public QObject
{
    Q_OBJECT
public:
    NotificationApi(services::NotificationService *notifications, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

private:
    http::HttpResponse list(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse listForAdmin(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse markRead(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse markAllRead(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse preferences(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse updatePreferences(const http::HttpRequest &request, const auth::Principal &who);

    services::NotificationService *m_notifications;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

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
class ReminderService;
}

namespace taskstream::api {

/// A user's reminders and notifications under /api/v1 (see docs/reminders.md):
/// GET /api/v1/reminders[?status=&limit=], POST /api/v1/reminders/{id}/dismiss,
/// GET /api/v1/notifications[?limit=]. Each user sees only their own; another user's reminder is
/// answered like an unknown one (404). Routes and handlers only: the work is ReminderService's.
class ReminderApi : public QObject
{
    Q_OBJECT
public:
    ReminderApi(services::ReminderService *reminders, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

private:
    http::HttpResponse listReminders(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse dismiss(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse listNotifications(const http::HttpRequest &request, const auth::Principal &who);

    services::ReminderService *m_reminders;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

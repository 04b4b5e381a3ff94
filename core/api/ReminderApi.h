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
class ReminderService;
}

namespace taskstream::api {

/// A user's reminders under /api/v1 (see docs/reminders.md): GET /api/v1/reminders[?status=&limit=],
/// POST /api/v1/reminders/{id}/dismiss (notifications: NotificationApi). Each user sees only their
/// own; another user's reminder is answered like an unknown one (404). Routes and handlers only: the work is
/// ReminderService's. Administrators: GET /api/v1/admin/reminders[?status=&user=&limit=] lists every user's reminders
/// with their partition, lateness and task state, and what this node knows of the reminder trigger
/// (the partitions it owns, the stalled ones), so a console can say why a reminder did not fire.
class ReminderApi : public QObject
{
    Q_OBJECT
public:
    ReminderApi(services::ReminderService *reminders, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);
    /// What this node's reminder trigger holds, for the admin listing's "trigger" object (see
    /// docs/api.md); without a provider the object says the node runs no trigger.
    void setTriggerStateProvider(std::function<QJsonObject()> provider) { m_triggerState = std::move(provider); }

private:
    http::HttpResponse listReminders(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse dismiss(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse listAllReminders(const http::HttpRequest &request, const auth::Principal &who);

    services::ReminderService *m_reminders;
    const auth::JwtAuth *m_auth;
    std::function<QJsonObject()> m_triggerState;
};

} // namespace taskstream::api

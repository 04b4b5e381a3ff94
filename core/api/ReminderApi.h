#pragma once

#include <QObject>

namespace taskstream::auth {
class JwtAuth;
struct Principal;
} // namespace taskstream::auth
namespace taskstream::events {
class EventSerializer;
}
namespace taskstream::http {
class HttpServer;
struct HttpRequest;
struct HttpResponse;
} // namespace taskstream::http
namespace taskstream::store {
class Database;
}

namespace taskstream::api {

/// A user's reminders and notifications under /api/v1 (see docs/reminders.md):
/// GET /api/v1/reminders[?status=&limit=], POST /api/v1/reminders/{id}/dismiss,
/// GET /api/v1/notifications[?limit=]. Each user sees only their own; another user's reminder is
/// answered like an unknown one (404).
class ReminderApi : public QObject
{
    Q_OBJECT
public:
    ReminderApi(store::Database *db, const events::EventSerializer *serializer, const auth::JwtAuth *auth,
                QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

signals:
    /// A dismissal committed its ReminderDismissed to the outbox: the relay can publish it.
    void outboxAppended();

private:
    http::HttpResponse listReminders(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse dismiss(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse listNotifications(const http::HttpRequest &request, const auth::Principal &who);

    store::Database *m_db;
    const events::EventSerializer *m_serializer;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

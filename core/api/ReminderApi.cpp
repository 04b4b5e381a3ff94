#include "api/ReminderApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/ReminderEvents.h"
#include "store/Database.h"
#include "store/ReminderStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
using problem::badQuery;

HttpResponse alreadyFired(const QString &idText)
{
    return problem::make(409, QStringLiteral("conflict"),
                         QStringLiteral("reminder %1 has already fired; it can no longer be dismissed").arg(idText));
}

/// The limit query parameter: 1..1000, \a fallback when absent; false when malformed.
bool readLimit(const HttpRequest &request, int fallback, int *limit)
{
    *limit = fallback;
    if (!request.query.hasQueryItem(QStringLiteral("limit")))
        return true;
    bool ok = false;
    *limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    return ok && *limit >= 1 && *limit <= 1000;
}
} // namespace

ReminderApi::ReminderApi(store::Database *db, const events::EventSerializer *serializer,
                         const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_db(db), m_serializer(serializer), m_auth(auth)
{
}

void ReminderApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    routes.requireUser("GET", QStringLiteral("/api/v1/reminders"), std::bind(&ReminderApi::listReminders, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/reminders/{id}/dismiss"),
                       std::bind(&ReminderApi::dismiss, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/notifications"),
                       std::bind(&ReminderApi::listNotifications, this, _1, _2));
}

HttpResponse ReminderApi::listReminders(const HttpRequest &request, const auth::Principal &who)
{
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("fired"),
                                      QStringLiteral("dismissed")};
    if (!status.isEmpty() && !statuses.contains(status))
        return badQuery(
            QStringLiteral("status must be one of pending, fired, dismissed (got '%1')").arg(status));
    int limit = 0;
    if (!readLimit(request, 100, &limit))
        return badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    store::ReminderStore reminders(m_db);
    const Result<QList<store::Reminder>> found = reminders.listForUser(who.userId, status, limit);
    if (!found)
        return problem::fromError(found.error());
    const QList<store::Reminder> &rows = *found;
    QJsonArray items;
    for (const store::Reminder &r : rows)
        items.append(r.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

HttpResponse ReminderApi::dismiss(const HttpRequest &request, const auth::Principal &who)
{
    const QString idText = request.pathParam(QStringLiteral("id"));
    const QUuid id = QUuid::fromString(idText);
    auto notFound = [&] { return problem::notFound(QStringLiteral("reminder %1 not found").arg(idText)); };
    if (id.isNull())
        return notFound();
    store::ReminderStore reminders(m_db);
    if (const Result<void> begun = m_db->begin(); !begun)
        return problem::fromError(begun.error());
    Result<std::optional<store::Reminder>> found = reminders.find(id);
    if (!found) {
        m_db->rollback();
        return problem::fromError(found.error());
    }
    std::optional<store::Reminder> r = *found;
    // Another user's reminder is reported exactly like a missing one.
    if (!r || r->userId != who.userId) {
        m_db->rollback();
        return notFound();
    }
    if (r->status == QLatin1String("fired")) {
        m_db->rollback();
        return alreadyFired(idText);
    }
    if (r->status == QLatin1String("dismissed")) {
        // Idempotent: dismissing twice answers the same state, and publishes nothing more.
        m_db->rollback();
        return HttpResponse::json(200, r->toJson());
    }
    const QDateTime now = services::utcNowMs();
    const Result<int> changed = reminders.markDismissed(id, now);
    if (!changed) {
        m_db->rollback();
        return problem::fromError(changed.error());
    }
    if (*changed == 0) {
        // Fired (or dismissed) concurrently between the read and the update: answer what it is now.
        m_db->rollback();
        r = reminders.find(id).valueOr(std::nullopt);
        if (r && r->status == QLatin1String("fired"))
            return alreadyFired(idText);
        return r ? HttpResponse::json(200, r->toJson()) : notFound();
    }
    if (const Result<void> appended = services::appendEvent(m_db, *m_serializer, services::reminderDismissedEvent(*r, now));
        !appended) {
        m_db->rollback();
        return problem::fromError(appended.error());
    }
    if (const Result<void> committed = m_db->commit(); !committed)
        return problem::fromError(committed.error());
    emit outboxAppended();
    r->status = QStringLiteral("dismissed");
    r->dismissedAt = now;
    return HttpResponse::json(200, r->toJson());
}

HttpResponse ReminderApi::listNotifications(const HttpRequest &request, const auth::Principal &who)
{
    int limit = 0;
    if (!readLimit(request, 50, &limit))
        return badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    store::ReminderStore reminders(m_db);
    const Result<QList<store::Notification>> found = reminders.notificationsForUser(who.userId, limit);
    if (!found)
        return problem::fromError(found.error());
    const QList<store::Notification> &rows = *found;
    QJsonArray items;
    for (const store::Notification &n : rows)
        items.append(n.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

} // namespace taskstream::api

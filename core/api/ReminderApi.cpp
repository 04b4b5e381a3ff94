#include "api/ReminderApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/ReminderService.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
using problem::badQuery;

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

ReminderApi::ReminderApi(services::ReminderService *reminders, const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_reminders(reminders), m_auth(auth)
{
}

void ReminderApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    routes.requireUser("GET", QStringLiteral("/api/v1/reminders"),
                       std::bind(&ReminderApi::listReminders, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/reminders/{id}/dismiss"),
                       std::bind(&ReminderApi::dismiss, this, _1, _2));
    routes.requireAdmin("GET", QStringLiteral("/api/v1/admin/reminders"),
                        QStringLiteral("listing every user's reminders needs an admin token"),
                        std::bind(&ReminderApi::listAllReminders, this, _1, _2));
}

HttpResponse ReminderApi::listReminders(const HttpRequest &request, const auth::Principal &who)
{
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("fired"), QStringLiteral("dismissed")};
    if (!status.isEmpty() && !statuses.contains(status))
        return badQuery(QStringLiteral("status must be one of pending, fired, dismissed (got '%1')").arg(status));
    int limit = 0;
    if (!readLimit(request, 100, &limit))
        return badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    const Result<QList<store::Reminder>> found = m_reminders->list(who.userId, status, limit);
    if (!found)
        return problem::fromError(found.error());
    const QList<store::Reminder> &rows = *found;
    QJsonArray items;
    for (const store::Reminder &r : rows)
        items.append(r.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

HttpResponse ReminderApi::listAllReminders(const HttpRequest &request, const auth::Principal &)
{
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("fired"), QStringLiteral("dismissed")};
    if (!status.isEmpty() && !statuses.contains(status))
        return badQuery(QStringLiteral("status must be one of pending, fired, dismissed (got '%1')").arg(status));
    QUuid user;
    if (request.query.hasQueryItem(QStringLiteral("user"))) {
        user = QUuid::fromString(request.query.queryItemValue(QStringLiteral("user")));
        if (user.isNull())
            return badQuery(QStringLiteral("user must be a UUID"));
    }
    int limit = 0;
    if (!readLimit(request, 200, &limit))
        return badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    const Result<QList<store::ReminderWithTask>> found = m_reminders->listAll(status, user, limit);
    if (!found)
        return problem::fromError(found.error());
    // Lateness on the daemon's clock: a console with another clock still reads it right.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray items;
    for (const store::ReminderWithTask &row : *found) {
        const store::Reminder &r = row.reminder;
        QJsonObject item = r.toJson();
        item.insert(QStringLiteral("user_id"), r.userId.toString(QUuid::WithoutBraces));
        item.insert(QStringLiteral("partition"), r.kafkaPartition ? QJsonValue(*r.kafkaPartition) : QJsonValue());
        // Fired: how long after its time; pending and overdue: how long it has been waiting; else null.
        QJsonValue lateness;
        if (r.firedAt)
            lateness = qMax<qint64>(0, r.remindAt.msecsTo(*r.firedAt)) / 1000.0;
        else if (r.isPending() && r.remindAt < now)
            lateness = r.remindAt.msecsTo(now) / 1000.0;
        item.insert(QStringLiteral("lateness_seconds"), lateness);
        item.insert(QStringLiteral("overdue"), r.isPending() && r.remindAt < now);
        item.insert(
            QStringLiteral("task"),
            QJsonObject{{QStringLiteral("status"), row.taskStatus},
                        {QStringLiteral("due_date"),
                         row.taskDueDate ? QJsonValue(row.taskDueDate->toString(Qt::ISODateWithMs)) : QJsonValue()}});
        items.append(item);
    }
    QJsonObject trigger = m_triggerState ? m_triggerState() : QJsonObject{{QStringLiteral("runs_here"), false}};
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items},
                                               {QStringLiteral("now"), now.toString(Qt::ISODateWithMs)},
                                               {QStringLiteral("trigger"), trigger}});
}

HttpResponse ReminderApi::dismiss(const HttpRequest &request, const auth::Principal &who)
{
    const QString idText = request.pathParam(QStringLiteral("id"));
    const QUuid id = QUuid::fromString(idText);
    if (id.isNull())
        return problem::notFound(QStringLiteral("reminder %1 not found").arg(idText));
    const Result<store::Reminder> dismissed = m_reminders->dismiss(who.userId, id);
    if (!dismissed)
        return problem::fromError(dismissed.error());
    return HttpResponse::json(200, dismissed->toJson());
}

} // namespace taskstream::api

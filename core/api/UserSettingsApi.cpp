#include "api/UserSettingsApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "store/Task.h"
#include "store/UserSettingsStore.h"

#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

UserSettingsApi::UserSettingsApi(store::Database *db, const auth::JwtAuth *auth, const QTimeZone &defaultZone,
                                 QObject *parent)
    : QObject(parent), m_db(db), m_auth(auth), m_defaultZone(defaultZone)
{
}

void UserSettingsApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    routes.requireUser("GET", QStringLiteral("/api/v1/users/me/settings"),
                       std::bind(&UserSettingsApi::get, this, _1, _2));
    routes.requireUser("PUT", QStringLiteral("/api/v1/users/me/settings"),
                       std::bind(&UserSettingsApi::put, this, _1, _2));
}

HttpResponse UserSettingsApi::answer(const auth::Principal &who)
{
    const Result<store::UserSettings> s = store::UserSettingsStore(m_db).find(who.userId);
    if (!s)
        return problem::fromError(s.error());
    const Result<QTimeZone> zone = store::UserSettingsStore(m_db).zoneFor(who.userId, m_defaultZone);
    if (!zone)
        return problem::fromError(zone.error());
    return HttpResponse::json(
        200,
        QJsonObject{
            {QStringLiteral("time_zone"), s->timeZone ? QJsonValue(*s->timeZone) : QJsonValue()},
            {QStringLiteral("effective_time_zone"), QString::fromUtf8(zone->id())},
            {QStringLiteral("updated_at"), s->updatedAt ? QJsonValue(store::toIsoUtc(*s->updatedAt)) : QJsonValue()},
        });
}

HttpResponse UserSettingsApi::get(const HttpRequest &, const auth::Principal &who)
{
    return answer(who);
}

HttpResponse UserSettingsApi::put(const HttpRequest &request, const auth::Principal &who)
{
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    QList<problem::FieldError> errors;
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("time_zone"))
            errors.append({it.key(), QStringLiteral("is not a user setting (time_zone is)")});
    }
    if (!body->contains(QLatin1String("time_zone")))
        errors.append({QStringLiteral("time_zone"), QStringLiteral("is required (an IANA name, or null for the "
                                                                   "daemon's zone)")});
    store::UserSettings settings;
    const QJsonValue tz = body->value(QLatin1String("time_zone"));
    if (tz.isString()) {
        const QString name = tz.toString();
        // IANA names only: QTimeZone also takes offsets ("UTC+01:00"), which know no daylight saving.
        const QByteArray id = name.toUtf8();
        if (name.isEmpty() || name.size() > 64 || !QTimeZone::isTimeZoneIdAvailable(id) ||
            name.startsWith(QLatin1String("UTC+")) || name.startsWith(QLatin1String("UTC-")))
            errors.append({QStringLiteral("time_zone"),
                           QStringLiteral("'%1' is not an IANA time zone this server knows, such as Europe/Berlin or "
                                          "America/New_York")
                               .arg(name.left(64))});
        else
            settings.timeZone = name;
    } else if (!tz.isNull() && !tz.isUndefined()) {
        errors.append({QStringLiteral("time_zone"), QStringLiteral("must be a string or null")});
    }
    if (!errors.isEmpty())
        return problem::validation(QStringLiteral("the settings are not valid"), errors);
    const Result<void> stored = store::UserSettingsStore(m_db).put(
        who.userId, settings, QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), QTimeZone::utc()));
    if (!stored)
        return problem::fromError(stored.error());
    return answer(who);
}

} // namespace taskstream::api

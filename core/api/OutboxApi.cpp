#include "api/OutboxApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/OutboxAdmin.h"
#include "store/Task.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

OutboxApi::OutboxApi(services::OutboxAdmin *outbox, const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_outbox(outbox), m_auth(auth)
{
}

void OutboxApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    const QString adminsOnly =
        QStringLiteral("the outbox is administered with an admin token (taskstreamd token --role admin)");
    Routes routes(server, m_auth);
    routes.requireAdmin("GET", QStringLiteral("/api/v1/outbox/failed"), adminsOnly,
                        std::bind(&OutboxApi::listFailed, this, _1, _2));
    routes.requireAdmin("POST", QStringLiteral("/api/v1/outbox/{seq}/retry"), adminsOnly,
                        std::bind(&OutboxApi::retry, this, _1, _2));
}

HttpResponse OutboxApi::listFailed(const HttpRequest &request, const auth::Principal &)
{
    bool ok = true;
    int limit = 100;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return problem::badQuery(QStringLiteral("limit must be a number from 1 to 1000"));
    }
    const Result<QList<store::OutboxRecord>> rows = m_outbox->failed(limit);
    if (!rows)
        return problem::fromError(rows.error());
    QJsonArray items;
    for (const store::OutboxRecord &r : *rows) {
        QJsonObject item{{QStringLiteral("seq"), r.seq},
                         {QStringLiteral("event_id"), r.eventId.toString(QUuid::WithoutBraces)},
                         {QStringLiteral("event_type"), r.eventType},
                         {QStringLiteral("topic"), r.topic},
                         {QStringLiteral("key"), QString::fromUtf8(r.key)},
                         {QStringLiteral("payload_bytes"), r.payload.size()},
                         {QStringLiteral("attempts"), r.attempts},
                         {QStringLiteral("error"), r.lastError},
                         {QStringLiteral("created_at"), store::toIsoUtc(r.createdAt)}};
        if (r.failedAt)
            item.insert(QStringLiteral("failed_at"), store::toIsoUtc(*r.failedAt));
        items.append(item);
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

HttpResponse OutboxApi::retry(const HttpRequest &request, const auth::Principal &)
{
    bool ok = false;
    const qint64 seq = request.pathParam(QStringLiteral("seq")).toLongLong(&ok);
    if (!ok)
        return problem::notFound(QStringLiteral("no outbox record %1").arg(request.pathParam(QStringLiteral("seq"))));
    const Result<qint64> requeued = m_outbox->retry(seq);
    if (!requeued)
        return problem::fromError(requeued.error());
    // On SQLite the record is back in line under a new seq (the end of the outbox).
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("seq"), *requeued},
                                               {QStringLiteral("retried_seq"), seq},
                                               {QStringLiteral("status"), QStringLiteral("pending")}});
}

} // namespace taskstream::api

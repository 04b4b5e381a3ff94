#include "api/OutboxApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "store/Task.h"
#include "store/OutboxStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

OutboxApi::OutboxApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_db(db), m_auth(auth)
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
    store::OutboxStore outbox(m_db);
    const Result<QList<store::OutboxRecord>> rows = outbox.failed(limit);
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
    store::OutboxStore outbox(m_db);
    const Result<QList<store::OutboxRecord>> failed = outbox.failed(100000);
    if (!failed)
        return problem::fromError(failed.error());
    const bool known =
        std::any_of(failed->cbegin(), failed->cend(), [seq](const store::OutboxRecord &r) { return r.seq == seq; });
    if (!known)
        return problem::notFound(QStringLiteral("no failed outbox record %1").arg(seq));
    const Result<QList<qint64>> requeued = outbox.retryFailed({seq});
    if (!requeued)
        return problem::fromError(requeued.error());
    const QList<qint64> &now = *requeued;
    if (now.first() < 0) // retried by someone else meanwhile
        return problem::notFound(QStringLiteral("no failed outbox record %1").arg(seq));
    emit retried();
    // On SQLite the record is back in line under a new seq (the end of the outbox).
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("seq"), now.first()},
                                               {QStringLiteral("retried_seq"), seq},
                                               {QStringLiteral("status"), QStringLiteral("pending")}});
}

} // namespace taskstream::api

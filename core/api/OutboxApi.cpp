#include "api/OutboxApi.h"

#include "api/TaskApi.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/TaskService.h"
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
    server.route("GET", QStringLiteral("/api/v1/outbox/failed"), [this](const HttpRequest &r) { return listFailed(r); });
    server.route("POST", QStringLiteral("/api/v1/outbox/{seq}/retry"), [this](const HttpRequest &r) { return retry(r); });
}

HttpResponse OutboxApi::requireAdmin(const HttpRequest &request) const
{
    QString why;
    const auto who = m_auth->verifyBearer(request.header("authorization"), &why);
    if (!who)
        return TaskApi::unauthorized(why);
    if (!who->isAdmin())
        return HttpResponse::problem(403, QStringLiteral("Forbidden"),
                                     QStringLiteral("the outbox is administered with an admin token "
                                                    "(taskstreamd token --role admin)"),
                                     QStringLiteral("urn:taskstream:problem:forbidden"));
    HttpResponse ok;
    ok.status = 0;
    return ok;
}

HttpResponse OutboxApi::listFailed(const HttpRequest &request)
{
    if (HttpResponse denied = requireAdmin(request); denied.status != 0)
        return denied;
    bool ok = true;
    int limit = 100;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return HttpResponse::problem(400, QStringLiteral("Bad Request"), QStringLiteral("limit must be a number from 1 to 1000"),
                                         QStringLiteral("urn:taskstream:problem:bad-query"));
    }
    store::OutboxStore outbox(m_db);
    const Result<QList<store::OutboxRecord>> rows = outbox.failed(limit);
    if (!rows)
        return TaskApi::fromServiceError({services::ServiceError::Storage, rows.error().message, {}});
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

HttpResponse OutboxApi::retry(const HttpRequest &request)
{
    if (HttpResponse denied = requireAdmin(request); denied.status != 0)
        return denied;
    bool ok = false;
    const qint64 seq = request.pathParam(QStringLiteral("seq")).toLongLong(&ok);
    if (!ok)
        return HttpResponse::problem(404, QStringLiteral("Not Found"),
                                     QStringLiteral("no outbox record %1").arg(request.pathParam(QStringLiteral("seq"))),
                                     QStringLiteral("urn:taskstream:problem:not-found"));
    store::OutboxStore outbox(m_db);
    const QList<store::OutboxRecord> failed = outbox.failed(100000).valueOr({});
    const bool known = std::any_of(failed.cbegin(), failed.cend(), [seq](const store::OutboxRecord &r) { return r.seq == seq; });
    if (!known)
        return HttpResponse::problem(404, QStringLiteral("Not Found"),
                                     QStringLiteral("no failed outbox record %1").arg(seq),
                                     QStringLiteral("urn:taskstream:problem:not-found"));
    const Result<QList<qint64>> requeued = outbox.retryFailed({seq});
    if (!requeued)
        return TaskApi::fromServiceError({services::ServiceError::Storage, requeued.error().message, {}});
    const QList<qint64> &now = *requeued;
    if (now.first() < 0) // retried by someone else meanwhile
        return HttpResponse::problem(404, QStringLiteral("Not Found"),
                                     QStringLiteral("no failed outbox record %1").arg(seq),
                                     QStringLiteral("urn:taskstream:problem:not-found"));
    emit retried();
    // On SQLite the record is back in line under a new seq (the end of the outbox).
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("seq"), now.first()},
                                               {QStringLiteral("retried_seq"), seq},
                                               {QStringLiteral("status"), QStringLiteral("pending")}});
}

} // namespace taskstream::api

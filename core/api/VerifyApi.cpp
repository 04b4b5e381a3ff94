#include "api/VerifyApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "config/TopicCatalog.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "services/AuditLog.h"
#include "services/DeliveryVerifier.h"

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

VerifyApi::VerifyApi(store::Database *db, const auth::JwtAuth *auth, kafka::KafkaConfig kafka, store::Database *auditDb,
                     QObject *parent)
    : QObject(parent), m_db(db), m_auditDb(auditDb), m_auth(auth), m_kafka(std::move(kafka))
{
}

void VerifyApi::registerRoutes(http::HttpServer &server)
{
    Routes routes(server, m_auth);
    routes.requireAdminAsync(
        "GET", QStringLiteral("/api/v1/verify"), QStringLiteral("only an admin token may verify delivery"),
        [this](const HttpRequest &request, const auth::Principal &, http::HttpServer::Responder respond) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            services::VerifyOptions o;
            const QString since = request.query.queryItemValue(QStringLiteral("since"), QUrl::FullyDecoded);
            const QString until = request.query.queryItemValue(QStringLiteral("until"), QUrl::FullyDecoded);
            o.since = services::parseVerifyTime(since.isEmpty() ? QStringLiteral("1h") : since, now);
            // The window ends after now: an event committed in this very millisecond is in it.
            o.until = until.isEmpty() ? now.addMSecs(1) : services::parseVerifyTime(until, now);
            if (!o.since.isValid() || !o.until.isValid())
                return respond(problem::badQuery(QStringLiteral(
                    "since and until are ISO 8601 times with an offset (2026-12-06T10:00:00Z) or ages (90m, 2h, 1d)")));
            if (o.since >= o.until)
                return respond(problem::badQuery(QStringLiteral("since must be before until")));
            if (o.since.msecsTo(o.until) > MaxWindowMs)
                return respond(problem::badQuery(QStringLiteral("the window is at most 24 hours; verify a longer "
                                                                "span in several requests")));
            const QString settle = request.query.queryItemValue(QStringLiteral("settle_seconds"));
            if (!settle.isEmpty()) {
                bool ok = false;
                const int s = settle.toInt(&ok);
                if (!ok || s < 0 || s > 3600)
                    return respond(problem::badQuery(QStringLiteral("settle_seconds is 0 to 3600")));
                o.settleMs = qint64(s) * 1000;
            }
            o.groups = request.query.allQueryItemValues(QStringLiteral("group"), QUrl::FullyDecoded);
            for (const QString &g : std::as_const(o.groups))
                if (!TopicCatalog::builtin().consumerGroup(g))
                    return respond(problem::badQuery(QStringLiteral("no consumer group '%1'").arg(g.left(60))));
            if (m_running)
                return respond(problem::make(409, QStringLiteral("verify-running"),
                                             QStringLiteral("a verification is running; ask again when it is done"))
                                   .withHeader("Retry-After", "5"));
            o.kafka = m_kafka;
            if (m_auditDb && m_auditDb != m_db)
                o.ledgerDatabases.insert(QString::fromLatin1(services::AuditLog::Group), m_auditDb);
            m_running = true;
            auto *verifier = new services::DeliveryVerifier(m_db, TopicCatalog::builtin(), o, this);
            connect(verifier, &services::DeliveryVerifier::finished, this,
                    [this, verifier, respond](const Result<services::VerifyReport> &report) {
                        m_running = false;
                        verifier->deleteLater();
                        respond(report ? HttpResponse::json(200, report->toJson())
                                       : problem::fromError(report.error()));
                    });
            verifier->start();
        });
}

} // namespace taskstream::api

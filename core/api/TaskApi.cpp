#include "api/TaskApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "services/TaskService.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
std::optional<QUuid> taskId(const HttpRequest &request)
{
    const QUuid id = QUuid::fromString(request.pathParam(QStringLiteral("id")));
    if (id.isNull())
        return std::nullopt;
    return id;
}

HttpResponse noSuchTask(const HttpRequest &request)
{
    return problem::notFound(QStringLiteral("task %1 not found").arg(request.pathParam(QStringLiteral("id"))));
}

/// The strong entity tag of a task's representation: its version, which every change bumps.
QByteArray etagOf(const store::Task &t)
{
    return '"' + QByteArray::number(t.version) + '"';
}

/// A task as an answer, with its ETag.
HttpResponse taskResponse(int status, const store::Task &t)
{
    return HttpResponse::json(status, t.toJson()).withHeader("ETag", etagOf(t));
}

HttpResponse created(const store::Task &t)
{
    return taskResponse(201, t).withHeader("Location", "/api/v1/tasks/" + t.id.toString(QUuid::WithoutBraces).toUtf8());
}

/// A task as a command's answer, or the command's problem: 412 when the command's If-Match did
/// not hold for the task's version, \a mismatched.
HttpResponse taskOr(const Result<store::Task> &r, const std::optional<store::Task> &mismatched = std::nullopt)
{
    if (r.ok())
        return taskResponse(200, *r);
    if (mismatched) {
        const QByteArray etag = etagOf(*mismatched);
        return problem::make(412, QStringLiteral("precondition-failed"),
                             QStringLiteral("the task is at version %1 (ETag %2), which If-Match does not name; "
                                            "nothing was changed: read the task again and retry with If-Match: %2")
                                 .arg(mismatched->version)
                                 .arg(QString::fromLatin1(etag)),
                             {{QStringLiteral("current_version"), mismatched->version},
                              {QStringLiteral("current_etag"), QString::fromLatin1(etag)}})
            .withHeader("ETag", etag);
    }
    return problem::fromError(r.error());
}

/// If-Match (RFC 9110 section 13.1.1): "*" or a comma-separated list of entity tags, over one or
/// more header lines. Weak tags are parsed but never match (If-Match compares strongly); strong
/// tags that are not a version of ours match nothing. Nullopt for a malformed field.
std::optional<services::IfMatch> parseIfMatch(const HttpRequest &request)
{
    services::IfMatch out;
    const QList<QByteArray> values = request.headerValues("if-match");
    if (values.isEmpty())
        return out;
    out.present = true;
    const QByteArray all = values.join(',');
    if (all.trimmed() == "*") {
        out.any = true;
        return out;
    }
    bool sawTag = false;
    qsizetype i = 0;
    const qsizetype n = all.size();
    auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (i < n) {
        if (isSpace(all[i]) || all[i] == ',') {
            ++i;
            continue;
        }
        bool weak = false;
        if (all.mid(i, 2) == "W/") {
            weak = true;
            i += 2;
        }
        if (i >= n || all[i] != '"')
            return std::nullopt;
        const qsizetype close = all.indexOf('"', i + 1);
        if (close < 0)
            return std::nullopt;
        const QByteArray tag = all.mid(i + 1, close - i - 1);
        for (char c : tag)
            if (uchar(c) < 0x21 || uchar(c) == 0x7f) // etagc: %x21 / %x23-7E / obs-text
                return std::nullopt;
        i = close + 1;
        while (i < n && isSpace(all[i]))
            ++i;
        if (i < n && all[i] != ',')
            return std::nullopt;
        sawTag = true;
        bool ok = false;
        const int version = tag.toInt(&ok);
        if (!weak && ok && tag == QByteArray::number(version))
            out.versions.append(version);
    }
    if (!sawTag)
        return std::nullopt;
    return out;
}

constexpr qsizetype kMaxKeyLength = 255;

/// The Idempotency-Key (the IETF httpapi draft): a Structured Field string ("..."), or, as many
/// clients send it, the bare text; 1 to 255 printable ASCII characters. False when malformed;
/// an empty *key when absent.
bool idempotencyKey(const HttpRequest &request, QString *key)
{
    const QList<QByteArray> values = request.headerValues("idempotency-key");
    key->clear();
    if (values.isEmpty())
        return true;
    if (values.size() > 1)
        return false;
    const QByteArray v = values.first().trimmed();
    QByteArray text;
    if (v.startsWith('"')) {
        if (v.size() < 2 || !v.endsWith('"'))
            return false;
        for (qsizetype i = 1; i < v.size() - 1; ++i) {
            char c = v[i];
            if (c == '\\') {
                if (i + 1 >= v.size() - 1 || (v[i + 1] != '"' && v[i + 1] != '\\'))
                    return false;
                c = v[++i];
            } else if (c == '"' || uchar(c) < 0x20 || uchar(c) > 0x7e) {
                return false;
            }
            text += c;
        }
    } else {
        for (char c : v)
            if (uchar(c) < 0x21 || uchar(c) > 0x7e || c == '"' || c == '\\')
                return false;
        text = v;
    }
    if (text.isEmpty() || text.size() > kMaxKeyLength)
        return false;
    *key = QString::fromLatin1(text);
    return true;
}

store::StoredResponse toStored(const HttpResponse &r)
{
    store::StoredResponse s;
    s.status = r.status;
    if (!r.contentType.isEmpty())
        s.headers.append({QByteArrayLiteral("Content-Type"), r.contentType});
    s.headers += r.headers;
    s.body = r.body;
    return s;
}

HttpResponse replayOf(const store::StoredResponse &s)
{
    HttpResponse r;
    r.status = s.status;
    for (const auto &h : s.headers) {
        if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
            r.contentType = h.second;
        else
            r.headers.append(h);
    }
    r.body = s.body;
    return r.withHeader("Idempotency-Replayed", "true");
}
} // namespace

QString idempotencyFingerprint(const QByteArray &method, const QString &path, const QByteArray &canonicalBody)
{
    // Method, target and body (as parsed, so the spacing of a retry's JSON does not matter).
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(method + ' ' + path.toUtf8() + '\n');
    hash.addData(canonicalBody);
    return QString::fromLatin1(hash.result().toHex());
}

TaskApi::TaskApi(services::TaskService *tasks, const auth::JwtAuth *auth, std::function<QJsonObject()> info,
                 QObject *parent)
    : QObject(parent), m_tasks(tasks), m_auth(auth), m_info(std::move(info))
{
}

void TaskApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes routes(server, m_auth);
    // Creates are group-committed: answered once the transaction holding them is durable.
    routes.requireUserAsync("POST", QStringLiteral("/api/v1/tasks"), std::bind(&TaskApi::createTask, this, _1, _2, _3));
    routes.requireUser("GET", QStringLiteral("/api/v1/tasks"), std::bind(&TaskApi::listTasks, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::getTask, this, _1, _2));
    routes.requireUser("PATCH", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::updateTask, this, _1, _2));
    routes.requireUser("DELETE", QStringLiteral("/api/v1/tasks/{id}"), std::bind(&TaskApi::deleteTask, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/tasks/{id}/complete"),
                       std::bind(&TaskApi::completeTask, this, _1, _2));
    routes.requireUser("POST", QStringLiteral("/api/v1/tasks/{id}/skip"), std::bind(&TaskApi::skipTask, this, _1, _2));
    routes.requireUser("GET", QStringLiteral("/api/v1/info"), std::bind(&TaskApi::info, this, _1, _2));
}

bool TaskApi::preconditions(const HttpRequest &request, services::IfMatch *ifMatch, HttpResponse *answer) const
{
    const std::optional<services::IfMatch> parsed = parseIfMatch(request);
    if (!parsed) {
        *answer = problem::make(400, QStringLiteral("bad-if-match"),
                                QStringLiteral("If-Match must be * or a list of entity tags such as \"3\""));
        return false;
    }
    if (m_requireIfMatch && !parsed->present) {
        *answer = problem::make(428, QStringLiteral("precondition-required"),
                                QStringLiteral("this server changes a task only with If-Match: read the task and "
                                               "send its ETag in If-Match"));
        return false;
    }
    *ifMatch = *parsed;
    return true;
}

bool TaskApi::admitKeyed(const HttpRequest &request, const auth::Principal &who, const QByteArray &canonicalBody,
                         std::shared_ptr<services::IdempotencyTicket> *ticket, HttpResponse *answer)
{
    QString key;
    if (!idempotencyKey(request, &key)) {
        *answer = problem::make(400, QStringLiteral("bad-idempotency-key"),
                                QStringLiteral("Idempotency-Key must be one string of 1 to %1 printable ASCII "
                                               "characters, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\"")
                                    .arg(kMaxKeyLength));
        return false;
    }
    if (key.isEmpty())
        return true;
    const Result<services::IdempotencyClaim> claim = m_tasks->claimIdempotencyKey(
        who.userId, key, idempotencyFingerprint(request.method, request.path, canonicalBody));
    if (!claim) {
        *answer = problem::fromError(claim.error());
        return false;
    }
    switch (claim->outcome) {
    case services::IdempotencyClaim::Outcome::Claimed:
        *ticket = std::make_shared<services::IdempotencyTicket>(claim->ticket);
        return true;
    case services::IdempotencyClaim::Outcome::Replay:
        *answer = replayOf(claim->response);
        return false;
    case services::IdempotencyClaim::Outcome::Mismatch:
        *answer = problem::make(
            422, QStringLiteral("idempotency-key-reused"),
            QStringLiteral("this Idempotency-Key was used for a different request; use a new key for a new request"),
            {{QStringLiteral("errors"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("field"), QStringLiteral("Idempotency-Key")},
                  {QStringLiteral("message"), QStringLiteral("was used for a different method, target or body")}}}}});
        return false;
    case services::IdempotencyClaim::Outcome::InFlight:
        *answer = problem::make(409, QStringLiteral("idempotency-key-in-flight"),
                                QStringLiteral("a request with this Idempotency-Key is still being processed; retry "
                                               "it later to get its answer"))
                      .withHeader("Retry-After", "1");
        return false;
    }
    return false;
}

void TaskApi::createTask(const HttpRequest &request, const auth::Principal &who, http::HttpServer::Responder respond)
{
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body) {
        respond(refusal);
        return;
    }
    std::shared_ptr<services::IdempotencyTicket> ticket;
    if (!admitKeyed(request, who, QJsonDocument(*body).toJson(QJsonDocument::Compact), &ticket, &refusal)) {
        respond(refusal);
        return;
    }
    if (ticket)
        ticket->render = [](const store::Task &t) { return toStored(created(t)); };
    m_tasks->createAsync(
        who.userId, *body,
        [respond, ticket, tasks = m_tasks](const Result<store::Task> &r) {
            if (!r.ok()) {
                // Nothing was created: a retry with the key runs again.
                if (ticket)
                    tasks->releaseIdempotencyKey(*ticket);
                respond(problem::fromError(r.error()));
                return;
            }
            respond(created(*r));
        },
        ticket);
}

HttpResponse TaskApi::listTasks(const HttpRequest &request, const auth::Principal &who)
{
    store::TaskQuery q;
    q.userId = who.userId;
    const auto bad = &problem::badQuery;
    const QUrlQuery &p = request.query;
    if (p.hasQueryItem(QStringLiteral("user_id"))) {
        const QUuid other = QUuid::fromString(p.queryItemValue(QStringLiteral("user_id")));
        if (other.isNull())
            return bad(QStringLiteral("user_id must be a UUID"));
        if (other != who.userId && !who.isAdmin())
            return problem::forbidden(QStringLiteral("only an admin token may list another user's tasks"));
        q.userId = other;
    }
    q.status = p.queryItemValue(QStringLiteral("status"));
    if (!q.status.isEmpty() && q.status != QLatin1String("pending") && q.status != QLatin1String("completed"))
        return bad(QStringLiteral("status must be pending or completed"));
    q.priority = p.queryItemValue(QStringLiteral("priority"));
    if (!q.priority.isEmpty() &&
        !QStringList{QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")}.contains(q.priority))
        return bad(QStringLiteral("priority must be Low, Medium or High"));
    q.tag = p.queryItemValue(QStringLiteral("tag"), QUrl::FullyDecoded);
    for (const char *name : {"due_from", "due_to"}) {
        const QString v = p.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
        if (v.isEmpty())
            continue;
        const QDateTime d = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!d.isValid() || d.timeSpec() == Qt::LocalTime)
            return bad(QStringLiteral("%1 must be an ISO 8601 date-time with a time zone").arg(QLatin1String(name)));
        (qstrcmp(name, "due_from") == 0 ? q.dueFrom : q.dueTo) = d.toUTC();
    }
    bool ok = true;
    if (p.hasQueryItem(QStringLiteral("limit"))) {
        q.limit = p.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > 500)
            return bad(QStringLiteral("limit must be a number from 1 to 500"));
    }
    if (p.hasQueryItem(QStringLiteral("offset"))) {
        q.offset = p.queryItemValue(QStringLiteral("offset")).toInt(&ok);
        if (!ok || q.offset < 0)
            return bad(QStringLiteral("offset must be a number from 0"));
    }
    const Result<services::TaskPage> r = m_tasks->list(q);
    if (!r.ok())
        return problem::fromError(r.error());
    QJsonArray items;
    for (const store::Task &t : r->tasks)
        items.append(t.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items},
                                               {QStringLiteral("total"), r->total},
                                               {QStringLiteral("limit"), r->limit},
                                               {QStringLiteral("offset"), r->offset}});
}

HttpResponse TaskApi::getTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    return id ? taskOr(m_tasks->get(who.userId, *id)) : noSuchTask(request);
}

HttpResponse TaskApi::updateTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    HttpResponse refusal;
    services::IfMatch ifMatch;
    if (!preconditions(request, &ifMatch, &refusal))
        return refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    // scope=series (the default) changes the series from this instance on; scope=this only this
    // occurrence of a recurring task (docs/recurrence.md).
    const QString scope = request.query.queryItemValue(QStringLiteral("scope"));
    if (!scope.isEmpty() && scope != QLatin1String("this") && scope != QLatin1String("series"))
        return problem::badQuery(QStringLiteral("scope must be this or series"));
    std::optional<store::Task> mismatched;
    const Result<store::Task> r = scope == QLatin1String("this")
                                      ? m_tasks->updateOccurrence(who.userId, *id, *body, ifMatch, &mismatched)
                                      : m_tasks->update(who.userId, *id, *body, ifMatch, &mismatched);
    return taskOr(r, mismatched);
}

HttpResponse TaskApi::skipTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    HttpResponse refusal;
    services::IfMatch ifMatch;
    if (!preconditions(request, &ifMatch, &refusal))
        return refusal;
    std::optional<store::Task> mismatched;
    const Result<services::SkipResult> r = m_tasks->skip(who.userId, *id, ifMatch, &mismatched);
    if (!r.ok())
        return taskOr(r.error(), mismatched);
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("skipped"), r->skipped.toJson()},
                         {QStringLiteral("next"), r->next ? QJsonValue(r->next->toJson()) : QJsonValue()}});
}

HttpResponse TaskApi::completeTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    HttpResponse refusal;
    services::IfMatch ifMatch;
    if (!preconditions(request, &ifMatch, &refusal))
        return refusal;
    std::shared_ptr<services::IdempotencyTicket> ticket;
    if (!admitKeyed(request, who, request.body, &ticket, &refusal))
        return refusal;
    if (ticket)
        ticket->render = [](const store::Task &t) { return toStored(taskResponse(200, t)); };
    std::optional<store::Task> mismatched;
    const Result<store::Task> r = m_tasks->complete(who.userId, *id, ifMatch, &mismatched, ticket.get());
    if (!r.ok() && ticket)
        m_tasks->releaseIdempotencyKey(*ticket); // nothing changed: a retry with the key runs again
    return taskOr(r, mismatched);
}

HttpResponse TaskApi::deleteTask(const HttpRequest &request, const auth::Principal &who)
{
    const auto id = taskId(request);
    if (!id)
        return noSuchTask(request);
    HttpResponse refusal;
    services::IfMatch ifMatch;
    if (!preconditions(request, &ifMatch, &refusal))
        return refusal;
    std::optional<store::Task> mismatched;
    if (const Result<void> removed = m_tasks->remove(who.userId, *id, ifMatch, &mismatched); !removed)
        return taskOr(removed.error(), mismatched);
    HttpResponse empty;
    empty.status = 204;
    return empty;
}

HttpResponse TaskApi::info(const HttpRequest &, const auth::Principal &who)
{
    // Users learn the version only; the operational fields (brokers, database, outbox) are for admins.
    QJsonObject o = who.isAdmin() && m_info ? m_info() : QJsonObject();
    o.insert(QStringLiteral("version"), QStringLiteral(TASKSTREAM_VERSION));
    return HttpResponse::json(200, o);
}

} // namespace taskstream::api

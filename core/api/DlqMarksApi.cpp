#include "api/DlqMarksApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "processing/DlqMarks.h"

#include <climits>

#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
/// Kafka's own limit on a topic name.
constexpr int kMaxTopicLength = 249;
constexpr int kMaxNoteLength = 2000;
constexpr int kMaxByLength = 200;

QString topicProblem(const QString &topic)
{
    if (topic.isEmpty())
        return QStringLiteral("is required");
    if (topic.size() > kMaxTopicLength)
        return QStringLiteral("is longer than %1 characters").arg(kMaxTopicLength);
    return {};
}
} // namespace

DlqMarksApi::DlqMarksApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_db(db), m_auth(auth)
{
}

void DlqMarksApi::registerRoutes(http::HttpServer &server)
{
    Routes routes(server, m_auth);
    const QString forbidden = QStringLiteral("only an admin token may read or change DLQ marks");
    routes.requireAdmin("GET", QStringLiteral("/api/v1/dlq/marks"), forbidden,
                        [this](const HttpRequest &r, const auth::Principal &) { return list(r); });
    routes.requireAdmin("POST", QStringLiteral("/api/v1/dlq/marks/discard"), forbidden,
                        [this](const HttpRequest &r, const auth::Principal &who) { return change(r, who, true); });
    routes.requireAdmin("POST", QStringLiteral("/api/v1/dlq/marks/undo"), forbidden,
                        [this](const HttpRequest &r, const auth::Principal &who) { return change(r, who, false); });
}

HttpResponse DlqMarksApi::list(const HttpRequest &request)
{
    const QString topic = request.query.queryItemValue(QStringLiteral("topic"), QUrl::FullyDecoded);
    if (const QString why = topicProblem(topic); !why.isEmpty())
        return problem::badQuery(QStringLiteral("topic %1").arg(why));
    const Result<QList<processing::DlqMarks::Discard>> marks = processing::DlqMarks(m_db).discardedIn(topic);
    if (!marks)
        return problem::fromError(marks.error());
    QJsonArray out;
    for (const processing::DlqMarks::Discard &d : *marks)
        out.append(QJsonObject{{QStringLiteral("partition"), d.record.partition},
                               {QStringLiteral("offset"), d.record.offset},
                               {QStringLiteral("discarded_by"), d.mark.discardedBy},
                               {QStringLiteral("discarded_at"), d.mark.discardedAt.toString(Qt::ISODateWithMs)},
                               {QStringLiteral("note"), d.mark.note}});
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("topic"), topic}, {QStringLiteral("marks"), out}});
}

HttpResponse DlqMarksApi::change(const HttpRequest &request, const auth::Principal &who, bool discard)
{
    HttpResponse refusal;
    const std::optional<QJsonObject> body = jsonObjectBody(request, &refusal);
    if (!body)
        return refusal;
    QList<problem::FieldError> errors;
    const QJsonValue topicValue = body->value(QLatin1String("topic"));
    const QString topic = topicValue.toString();
    if (!topicValue.isString())
        errors.append({QStringLiteral("topic"), QStringLiteral("must be a string")});
    else if (const QString why = topicProblem(topic); !why.isEmpty())
        errors.append({QStringLiteral("topic"), why});
    const QJsonValue recordsValue = body->value(QLatin1String("records"));
    QList<processing::DlqRecordId> records;
    if (!recordsValue.isArray() || recordsValue.toArray().isEmpty()) {
        errors.append({QStringLiteral("records"), QStringLiteral("must be a non-empty array")});
    } else if (recordsValue.toArray().size() > MaxRecords) {
        errors.append({QStringLiteral("records"), QStringLiteral("at most %1 records per request").arg(MaxRecords)});
    } else {
        const QJsonArray array = recordsValue.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonObject o = array.at(i).toObject();
            const QJsonValue p = o.value(QLatin1String("partition"));
            const QJsonValue off = o.value(QLatin1String("offset"));
            // Whole, non-negative numbers only (JSON numbers are doubles).
            const bool ok = p.isDouble() && off.isDouble() && p.toDouble() >= 0 && off.toDouble() >= 0 &&
                            p.toDouble() == double(p.toInteger()) && off.toDouble() == double(off.toInteger()) &&
                            p.toInteger() <= INT_MAX;
            if (!ok) {
                errors.append({QStringLiteral("records[%1]").arg(i),
                               QStringLiteral("must be {\"partition\": n, \"offset\": n} with whole numbers >= 0")});
                break;
            }
            records.append({topic, int(p.toInteger()), off.toInteger()});
        }
    }
    QString note;
    QString by;
    if (discard) {
        const QJsonValue noteValue = body->value(QLatin1String("note"));
        if (!noteValue.isUndefined() && !noteValue.isNull() && !noteValue.isString())
            errors.append({QStringLiteral("note"), QStringLiteral("must be a string")});
        note = noteValue.toString().trimmed();
        if (note.size() > kMaxNoteLength)
            errors.append({QStringLiteral("note"), QStringLiteral("at most %1 characters").arg(kMaxNoteLength)});
        const QJsonValue byValue = body->value(QLatin1String("by"));
        if (!byValue.isUndefined() && !byValue.isNull() && !byValue.isString())
            errors.append({QStringLiteral("by"), QStringLiteral("must be a string")});
        by = byValue.toString().trimmed();
        if (by.size() > kMaxByLength)
            errors.append({QStringLiteral("by"), QStringLiteral("at most %1 characters").arg(kMaxByLength)});
        if (by.isEmpty())
            by = who.userId.toString(QUuid::WithoutBraces);
    }
    if (!errors.isEmpty())
        return problem::validation(QStringLiteral("the request does not name DLQ records to mark"), errors);
    processing::DlqMarks marks(m_db);
    const Result<void> done = discard ? marks.discard(records, by, note) : marks.undoDiscard(records);
    if (!done)
        return problem::fromError(done.error());
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("topic"), topic},
                         {discard ? QStringLiteral("discarded") : QStringLiteral("undone"), int(records.size())}});
}

} // namespace taskstream::api

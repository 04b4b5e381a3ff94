#include "api/AuditApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "events/Actor.h"
#include "events/Event.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "store/AuditStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace taskstream::api {

using http::HttpRequest;
using http::HttpResponse;

namespace {
constexpr int MaxQueryLength = 200;

using problem::badQuery;

// The cursor is opaque to clients: base64url of "OCCURRED_AT_MS:ID" of the last entry of a page.
QString encodeCursor(const store::AuditEntry &last)
{
    const QByteArray raw = QByteArray::number(last.occurredAt.toMSecsSinceEpoch()) + ':' + QByteArray::number(last.id);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QPair<qint64, qint64>> decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(cursor.toLatin1(), QByteArray::Base64UrlEncoding |
                                                                               QByteArray::OmitTrailingEquals |
                                                                               QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 2)
        return std::nullopt;
    bool okTime = false, okId = false;
    const qint64 time = parts[0].toLongLong(&okTime);
    const qint64 id = parts[1].toLongLong(&okId);
    if (!okTime || !okId || id <= 0)
        return std::nullopt;
    return qMakePair(time, id);
}

// "TaskCreated" stands for "com.todo.events.TaskCreated"; other names are taken as they are.
QString fullTypeName(const QString &type)
{
    if (type.contains(QLatin1Char('.')))
        return type;
    for (const events::EventTypeInfo &info : events::EventTypes::all())
        if (info.fullName.endsWith(QLatin1Char('.') + type))
            return info.fullName;
    return type;
}

/// A body whose first piece was made already (to answer errors before the status line).
class PrefixedSource : public http::BodySource
{
public:
    PrefixedSource(QByteArray first, std::shared_ptr<http::BodySource> rest)
        : m_first(std::move(first)), m_rest(std::move(rest))
    {
    }
    Result<QByteArray> next() override
    {
        if (!m_firstSent) {
            m_firstSent = true;
            if (!m_first.isEmpty())
                return std::exchange(m_first, QByteArray());
        }
        return m_rest->next();
    }

private:
    QByteArray m_first;
    bool m_firstSent = false;
    std::shared_ptr<http::BodySource> m_rest;
};
} // namespace

AuditApi::AuditApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent)
    : QObject(parent), m_db(db), m_auth(auth)
{
}

void AuditApi::registerRoutes(http::HttpServer &server)
{
    using namespace std::placeholders;
    Routes(server, m_auth)
        .requireUser("GET", QStringLiteral("/api/v1/audit"), std::bind(&AuditApi::search, this, _1, _2));
    Routes(server, m_auth)
        .requireUser("GET", QStringLiteral("/api/v1/audit/export"), std::bind(&AuditApi::exportEntries, this, _1, _2));
}

std::optional<HttpResponse> AuditApi::parseFilters(const HttpRequest &request, const auth::Principal &who,
                                                   store::AuditQuery *q, const char *from, const char *to)
{
    const QUrlQuery &p = request.query;
    auto param = [&p](const char *name) { return p.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).trimmed(); };
    // A user's token reads only that user's entries; asking for another user's is refused rather
    // than silently narrowed, so a client never mistakes an empty page for "nothing happened".
    if (!who.isAdmin())
        q->userId = who.userId;
    if (const QString user = param("user"); !user.isEmpty()) {
        const QUuid id = QUuid::fromString(user);
        if (id.isNull())
            return badQuery(QStringLiteral("user must be a UUID"));
        if (!who.isAdmin() && id != who.userId)
            return problem::forbidden(QStringLiteral("only an admin token may read another user's audit entries"));
        q->userId = id;
    }
    if (const QString task = param("task"); !task.isEmpty()) {
        const QUuid id = QUuid::fromString(task);
        if (id.isNull())
            return badQuery(QStringLiteral("task must be a UUID"));
        q->taskId = id;
    }
    if (const QString type = param("type"); !type.isEmpty())
        q->eventType = fullTypeName(type);
    if (const QString actor = param("actor"); !actor.isEmpty()) {
        if (actor.toUtf8().size() > events::Actor::MaxLength)
            return badQuery(QStringLiteral("actor must be at most %1 bytes").arg(events::Actor::MaxLength));
        q->actor = actor;
    }
    if (const QString source = param("source"); !source.isEmpty()) {
        static const QRegularExpression valid(QStringLiteral("^(api|console|worker|worker:[A-Za-z0-9._-]{1,200})$"));
        if (!valid.match(source).hasMatch())
            return badQuery(QStringLiteral("source must be api, console, worker or worker:<consumer group>"));
        q->actorSource = source;
    }
    for (const char *name : {from, to}) {
        const QString v = param(name);
        if (v.isEmpty())
            continue;
        const QDateTime d = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!d.isValid() || d.timeSpec() == Qt::LocalTime)
            return badQuery(
                QStringLiteral("%1 must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z")
                    .arg(QLatin1String(name)));
        (name == from ? q->from : q->to) = d.toUTC();
    }
    if (q->from && q->to && *q->from > *q->to)
        return badQuery(QStringLiteral("%1 must not be after %2").arg(QLatin1String(from), QLatin1String(to)));
    return std::nullopt;
}

HttpResponse AuditApi::search(const HttpRequest &request, const auth::Principal &who)
{
    const QUrlQuery &p = request.query;
    auto param = [&p](const char *name) { return p.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).trimmed(); };
    store::AuditQuery q;
    if (std::optional<HttpResponse> refused = parseFilters(request, who, &q, "from", "to"))
        return *refused;
    if (p.hasQueryItem(QStringLiteral("q"))) {
        const QString text = param("q");
        static const QRegularExpression wordChar(QStringLiteral("[\\p{L}\\p{N}]"));
        if (text.size() > MaxQueryLength)
            return badQuery(QStringLiteral("q must be at most %1 characters").arg(MaxQueryLength));
        if (!text.contains(wordChar))
            return badQuery(QStringLiteral("q must contain at least one word (letters or digits)"));
        q.text = text;
    }
    q.limit = DefaultLimit;
    if (p.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        q.limit = param("limit").toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > MaxLimit)
            return badQuery(QStringLiteral("limit must be a number from 1 to %1").arg(MaxLimit));
    }
    if (const QString cursor = param("cursor"); !cursor.isEmpty()) {
        q.after = decodeCursor(cursor);
        if (!q.after)
            return badQuery(QStringLiteral("cursor is not one this API returned; start again without it"));
    }

    bool more = false;
    store::AuditStore audit(m_db);
    const Result<QList<store::AuditEntry>> entries = audit.search(q, &more);
    if (!entries)
        return problem::fromError(entries.error());
    QJsonArray items;
    for (const store::AuditEntry &e : *entries)
        items.append(e.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items},
                                               {QStringLiteral("next_cursor"),
                                                more ? QJsonValue(encodeCursor(entries->last())) : QJsonValue()}});
}

namespace {
/// The export's body: pages of entries oldest first, each rendered as JSON lines or CSV rows. One
/// page in memory at a time, whatever the range.
class AuditExport : public http::BodySource
{
public:
    AuditExport(store::Database *db, store::AuditQuery query, AuditApi::ExportFormat format)
        : m_db(db), m_query(std::move(query)), m_format(format)
    {
        m_query.oldestFirst = true;
        m_query.limit = AuditApi::ExportPageSize;
    }

    Result<QByteArray> next() override
    {
        QByteArray out;
        if (!m_headerSent && m_format == AuditApi::ExportFormat::Csv)
            out = AuditApi::csvHeader();
        m_headerSent = true;
        if (m_done)
            return out;
        bool more = false;
        const Result<QList<store::AuditEntry>> page = store::AuditStore(m_db).search(m_query, &more);
        if (!page)
            return page.error();
        for (const store::AuditEntry &e : *page)
            out += m_format == AuditApi::ExportFormat::Csv
                       ? AuditApi::csvRow(e)
                       : QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
        if (more)
            m_query.after = qMakePair(page->last().occurredAt.toMSecsSinceEpoch(), page->last().id);
        else
            m_done = true;
        return out;
    }

private:
    store::Database *m_db;
    store::AuditQuery m_query;
    AuditApi::ExportFormat m_format;
    bool m_headerSent = false;
    bool m_done = false;
};

QByteArray csvField(const QString &value)
{
    // RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
    QByteArray utf8 = value.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r'))
        return '"' + utf8.replace('"', "\"\"") + '"';
    return utf8;
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

QByteArray AuditApi::csvHeader()
{
    return "id,event_id,type,topic,partition,offset,user_id,task_id,actor,actor_source,occurred_at,recorded_at,"
           "payload\r\n";
}

QByteArray AuditApi::csvRow(const store::AuditEntry &e)
{
    auto uuid = [](const QUuid &u) { return u.isNull() ? QString() : u.toString(QUuid::WithoutBraces); };
    const QStringList fields{QString::number(e.id),
                             e.eventId,
                             e.eventType,
                             e.topic,
                             e.partition < 0 ? QString() : QString::number(e.partition),
                             e.offset < 0 ? QString() : QString::number(e.offset),
                             uuid(e.userId),
                             uuid(e.taskId),
                             e.actor,
                             e.actorSource,
                             isoTime(e.occurredAt),
                             isoTime(e.recordedAt),
                             QString::fromUtf8(QJsonDocument(e.payload).toJson(QJsonDocument::Compact))};
    QByteArray row;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            row += ',';
        row += csvField(fields[i]);
    }
    return row + "\r\n";
}

HttpResponse AuditApi::exportEntries(const HttpRequest &request, const auth::Principal &who)
{
    const QString format = request.query.queryItemValue(QStringLiteral("format"), QUrl::FullyDecoded).trimmed();
    ExportFormat f = ExportFormat::JsonLines;
    if (format == QLatin1String("csv"))
        f = ExportFormat::Csv;
    else if (!format.isEmpty() && format != QLatin1String("jsonl"))
        return badQuery(QStringLiteral("format must be jsonl or csv"));
    store::AuditQuery q;
    if (std::optional<HttpResponse> refused = parseFilters(request, who, &q, "since", "until"))
        return *refused;
    // Without an end, the export ends at the moment it was asked for: it is finite even while
    // entries keep arriving.
    if (!q.to)
        q.to = QDateTime::currentDateTimeUtc();
    // The first page is read now, so a database that does not answer is a 503, not a cut body.
    auto body = std::make_shared<AuditExport>(m_db, q, f);
    Result<QByteArray> first = body->next();
    if (!first)
        return problem::fromError(first.error());
    auto source = std::make_shared<PrefixedSource>(std::move(first).value(), body);
    const QString range =
        (q.from ? q.from->toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")) : QStringLiteral("start")) +
        QLatin1Char('-') + q.to->toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    HttpResponse r;
    r.status = 200;
    r.contentType = f == ExportFormat::Csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson";
    r.stream = source;
    r.withHeader("Content-Disposition",
                 "attachment; filename=\"audit-" + range.toLatin1() + (f == ExportFormat::Csv ? ".csv\"" : ".jsonl\""));
    r.withHeader("Cache-Control", "no-store");
    return r;
}

} // namespace taskstream::api

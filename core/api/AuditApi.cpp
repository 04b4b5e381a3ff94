#include "api/AuditApi.h"

#include "api/Problem.h"
#include "api/Routes.h"
#include "auth/JwtAuth.h"
#include "events/Event.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "store/AuditStore.h"

#include <QJsonArray>
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
}

HttpResponse AuditApi::search(const HttpRequest &request, const auth::Principal &who)
{
    const QUrlQuery &p = request.query;
    auto param = [&p](const char *name) { return p.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).trimmed(); };
    store::AuditQuery q;
    // A user's token reads only that user's entries; asking for another user's is refused rather
    // than silently narrowed, so a client never mistakes an empty page for "nothing happened".
    if (!who.isAdmin())
        q.userId = who.userId;
    if (const QString user = param("user"); !user.isEmpty()) {
        const QUuid id = QUuid::fromString(user);
        if (id.isNull())
            return badQuery(QStringLiteral("user must be a UUID"));
        if (!who.isAdmin() && id != who.userId)
            return problem::forbidden(QStringLiteral("only an admin token may read another user's audit entries"));
        q.userId = id;
    }
    if (const QString task = param("task"); !task.isEmpty()) {
        const QUuid id = QUuid::fromString(task);
        if (id.isNull())
            return badQuery(QStringLiteral("task must be a UUID"));
        q.taskId = id;
    }
    if (const QString type = param("type"); !type.isEmpty())
        q.eventType = fullTypeName(type);
    for (const char *name : {"from", "to"}) {
        const QString v = param(name);
        if (v.isEmpty())
            continue;
        const QDateTime d = QDateTime::fromString(v, Qt::ISODateWithMs);
        if (!d.isValid() || d.timeSpec() == Qt::LocalTime)
            return badQuery(
                QStringLiteral("%1 must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z")
                    .arg(QLatin1String(name)));
        (qstrcmp(name, "from") == 0 ? q.from : q.to) = d.toUTC();
    }
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

} // namespace taskstream::api

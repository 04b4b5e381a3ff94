#include "api/Problem.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcApi, "taskstream.api", QtInfoMsg)

namespace taskstream::api::problem {

using http::HttpResponse;

namespace {
const QString kUnavailable = QStringLiteral("the database is unavailable; nothing was changed, try again");
} // namespace

HttpResponse make(int status, const QString &name, const QString &detail, const QJsonObject &extra)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("urn:taskstream:problem:") + name},
                  {QStringLiteral("title"), QString::fromLatin1(HttpResponse::reasonPhrase(status))},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("detail"), detail}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    HttpResponse r = HttpResponse::json(status, o);
    r.contentType = "application/problem+json";
    return r;
}

HttpResponse unauthorized(const QString &why)
{
    return make(401, QStringLiteral("unauthorized"), why).withHeader("WWW-Authenticate", "Bearer realm=\"taskstream\"");
}

HttpResponse forbidden(const QString &detail)
{
    return make(403, QStringLiteral("forbidden"), detail);
}

HttpResponse badQuery(const QString &detail)
{
    return make(400, QStringLiteral("bad-query"), detail);
}

HttpResponse notFound(const QString &detail)
{
    return make(404, QStringLiteral("not-found"), detail);
}

HttpResponse validation(const QString &detail, const QList<FieldError> &fields)
{
    if (fields.isEmpty())
        return make(422, QStringLiteral("validation"), detail);
    QJsonArray errors;
    for (const FieldError &f : fields)
        errors.append(QJsonObject{{QStringLiteral("field"), f.field}, {QStringLiteral("message"), f.message}});
    return make(422, QStringLiteral("validation"), detail, {{QStringLiteral("errors"), errors}});
}

namespace {
QString newRequestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

HttpResponse fromError(const Error &error)
{
    // The client sees a fixed detail and an id; the log line with the same id has the real text.
    auto withId = [](int status, const QString &name, const QString &detail, const QString &id,
                     QJsonObject extra = {}) {
        extra.insert(QStringLiteral("request_id"), id);
        return make(status, name, detail, extra).withHeader("X-Request-Id", id.toLatin1());
    };
    switch (error.kind) {
    case Error::Kind::Unavailable: {
        const QString id = newRequestId();
        qCWarning(lcApi, "request %s: database unavailable (the client is told to retry): %s", qPrintable(id),
                  qPrintable(error.message));
        return withId(503, QStringLiteral("storage"), kUnavailable, id).withHeader("Retry-After", "1");
    }
    case Error::Kind::Conflict:
        if (error.databaseText) {
            const QString id = newRequestId();
            qCWarning(lcApi, "request %s: the database refused a write as a conflict: %s", qPrintable(id),
                      qPrintable(error.message));
            return withId(409, QStringLiteral("conflict"),
                          QStringLiteral("the change conflicts with stored data; read it again and retry"), id);
        }
        return make(409, QStringLiteral("conflict"), error.message);
    case Error::Kind::Invalid: {
        if (error.databaseText) {
            const QString id = newRequestId();
            qCWarning(lcApi, "request %s: the database refused a value: %s", qPrintable(id), qPrintable(error.message));
            return withId(422, QStringLiteral("validation"), QStringLiteral("the database refused a value"), id,
                          {{QStringLiteral("errors"), QJsonArray()}});
        }
        // Always with the list, even empty: clients read "errors" on every 422.
        QJsonArray errors;
        for (const Error::Field &f : error.fields)
            errors.append(QJsonObject{{QStringLiteral("field"), f.name}, {QStringLiteral("message"), f.message}});
        return make(422, QStringLiteral("validation"), error.message, {{QStringLiteral("errors"), errors}});
    }
    case Error::Kind::NotFound:
        if (error.databaseText)
            break;
        return notFound(error.message);
    case Error::Kind::Internal:
        break;
    }
    const QString id = newRequestId();
    qCCritical(lcApi, "request %s: internal error answered with 500: %s", qPrintable(id), qPrintable(error.message));
    return withId(500, QStringLiteral("internal"),
                  QStringLiteral("the server failed to answer; the error is logged with the request id"), id);
}

} // namespace taskstream::api::problem

#include "api/Problem.h"

#include <QJsonArray>
#include <QLoggingCategory>

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

HttpResponse fromError(const Error &error)
{
    switch (error.kind) {
    case Error::Kind::Unavailable:
        qCWarning(lcApi, "database unavailable (the client is told to retry): %s", qPrintable(error.message));
        return make(503, QStringLiteral("storage"), kUnavailable).withHeader("Retry-After", "1");
    case Error::Kind::Conflict:
        return make(409, QStringLiteral("conflict"), error.message);
    case Error::Kind::Invalid: {
        // Always with the list, even empty: clients read "errors" on every 422.
        QJsonArray errors;
        for (const Error::Field &f : error.fields)
            errors.append(QJsonObject{{QStringLiteral("field"), f.name}, {QStringLiteral("message"), f.message}});
        return make(422, QStringLiteral("validation"), error.message, {{QStringLiteral("errors"), errors}});
    }
    case Error::Kind::NotFound:
        return notFound(error.message);
    case Error::Kind::Internal:
        break;
    }
    qCCritical(lcApi, "internal error answered with 500: %s", qPrintable(error.message));
    return make(500, QStringLiteral("internal"), QStringLiteral("the server failed to answer; the error is logged"));
}

} // namespace taskstream::api::problem

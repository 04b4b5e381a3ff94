#pragma once

#include "common/Result.h"
#include "http/HttpResponse.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace taskstream::api::problem {

/// The one place the REST API turns a failure into an RFC 7807 application/problem+json answer:
/// type "urn:taskstream:problem:<name>", title the status's reason phrase, status, detail, and
/// any \a extra members.
http::HttpResponse make(int status, const QString &name, const QString &detail, const QJsonObject &extra = {});

/// 401 with WWW-Authenticate: Bearer; \a why says what is wrong with the token.
http::HttpResponse unauthorized(const QString &why);
/// 403: the token is valid but may not do this.
http::HttpResponse forbidden(const QString &detail);
/// 400 for a query parameter out of range or malformed.
http::HttpResponse badQuery(const QString &detail);
/// 404.
http::HttpResponse notFound(const QString &detail);

/// One invalid field of a request body.
struct FieldError
{
    QString field;
    QString message;
};
/// 422 with an "errors" list naming each invalid field.
http::HttpResponse validation(const QString &detail, const QList<FieldError> &fields = {});

/// An Error from a store or service: Unavailable is 503 with Retry-After (nothing changed, try
/// again), Conflict 409, Invalid 422 with an "errors" list of the wrong fields, NotFound 404,
/// Internal 500. The database's own text is logged, never sent: clients get a fixed detail for
/// Unavailable and Internal and for any error whose text came from the database
/// (Error::databaseText), with a "request_id" member and an X-Request-Id header naming the log line
/// that holds the real text.
http::HttpResponse fromError(const Error &error);

} // namespace taskstream::api::problem

#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace taskstream::http {

// One parsed HTTP request as a handler sees it: the body is complete and within the limits.
struct HttpRequest
{
    QByteArray method; // as sent, e.g. "GET"
    QString path;      // percent-decoded path, without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, in arrival order
    QByteArray body;
    QHostAddress peer;
    QHash<QString, QString> pathParams; // values of {name} segments of the matched route

    // First value of the header with this (lower-case) name, or an empty array.
    QByteArray header(const QByteArray &lowerName) const;
    // All values of the header with this (lower-case) name, in arrival order.
    QList<QByteArray> headerValues(const QByteArray &lowerName) const;
    bool hasHeader(const QByteArray &lowerName) const;
    QString pathParam(const QString &name) const { return pathParams.value(name); }
};

} // namespace taskstream::http

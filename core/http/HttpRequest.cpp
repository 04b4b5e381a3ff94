#include "http/HttpRequest.h"

namespace taskstream::http {

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

QList<QByteArray> HttpRequest::headerValues(const QByteArray &lowerName) const
{
    QList<QByteArray> values;
    for (const auto &h : headers) {
        if (h.first == lowerName)
            values.append(h.second);
    }
    return values;
}

bool HttpRequest::hasHeader(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return true;
    }
    return false;
}

} // namespace taskstream::http

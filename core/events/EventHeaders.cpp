#include "events/EventHeaders.h"

namespace taskstream::events {

QByteArray headerValue(const Headers &headers, const QString &key)
{
    for (auto it = headers.crbegin(); it != headers.crend(); ++it)
        if (it->key == key)
            return it->value;
    return {};
}

void setHeader(Headers &headers, const QString &key, const QByteArray &value)
{
    headers.removeIf([&key](const Header &h) { return h.key == key; });
    headers.append({key, value});
}

} // namespace taskstream::events

#include "common/RecordHeaders.h"

namespace taskstream {

QByteArray headerValue(const RecordHeaders &headers, const QString &key)
{
    for (auto it = headers.crbegin(); it != headers.crend(); ++it)
        if (it->key == key)
            return it->value;
    return {};
}

void setHeader(RecordHeaders &headers, const QString &key, const QByteArray &value)
{
    headers.removeIf([&key](const RecordHeader &h) { return h.key == key; });
    headers.append({key, value});
}

} // namespace taskstream

#include "processing/ReplayTarget.h"

#include "processing/DeadLetter.h"

namespace taskstream::processing {

bool isReplayForAnotherGroup(const kafka::Headers &headers, const QByteArray &groupUtf8)
{
    // Records without headers are the common case: no lookup, no allocation.
    if (headers.isEmpty())
        return false;
    // The last header of a name counts, as in headerValue().
    for (auto it = headers.crbegin(); it != headers.crend(); ++it)
        if (it->key == dlqheaders::ReplayGroup)
            return it->value != groupUtf8;
    return false;
}

} // namespace taskstream::processing

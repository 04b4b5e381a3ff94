#pragma once

#include "common/RecordHeaders.h"

namespace taskstream::events {

/// An event record's headers (CloudEvents attributes such as ce_id, and content-type), as the
/// codecs read and write them: the plain record headers of core/common, which the Kafka clients
/// use too, so the codecs know no transport and nothing is converted between them.
using Header = RecordHeader;
using Headers = RecordHeaders;
using taskstream::headerValue;
using taskstream::setHeader;

} // namespace taskstream::events

#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaTypes.h"

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream::processing {

/// The Kafka adapter of the event codecs: core/events speaks its own headers
/// (events::Headers), the clients in core/kafka theirs; these convert between the two.
events::Headers toEventHeaders(const kafka::Headers &headers);
/// toEventHeaders() into \a out, reusing its memory (a consumer converts every record's headers).
void toEventHeaders(const kafka::Headers &headers, events::Headers *out);
kafka::Headers toKafkaHeaders(const events::Headers &headers);

/// Decodes a consumed record (its value and headers).
events::DecodeResult decode(const events::EventSerializer &serializer, const kafka::KafkaMessage &message);
/// Decodes a consumed record now when the codec can (see AsyncEventCodec::tryDecode()).
events::DecodeResult tryDecode(events::AsyncEventCodec &codec, const kafka::KafkaMessage &message);

} // namespace taskstream::processing

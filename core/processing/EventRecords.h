#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaTypes.h"

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream::processing {

// The Kafka adapter of the event codecs: core/events knows no Kafka type. Both sides share
// core/common's record headers, so a record's headers pass to the codecs as they are.

/// Decodes a consumed record (its value and headers).
events::DecodeResult decode(const events::EventSerializer &serializer, const kafka::KafkaMessage &message);
/// Decodes a consumed record now when the codec can (see AsyncEventCodec::tryDecode()).
events::DecodeResult tryDecode(events::AsyncEventCodec &codec, const kafka::KafkaMessage &message);

} // namespace taskstream::processing

#include "processing/EventRecords.h"

#include "events/AsyncEventCodec.h"

namespace taskstream::processing {

events::DecodeResult decode(const events::EventSerializer &serializer, const kafka::KafkaMessage &message)
{
    return serializer.decode(message.value, message.headers);
}

events::DecodeResult tryDecode(events::AsyncEventCodec &codec, const kafka::KafkaMessage &message)
{
    return codec.tryDecode(message.value, message.headers);
}

} // namespace taskstream::processing

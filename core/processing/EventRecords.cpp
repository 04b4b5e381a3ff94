#include "processing/EventRecords.h"

#include "events/AsyncEventCodec.h"

namespace taskstream::processing {

events::Headers toEventHeaders(const kafka::Headers &headers)
{
    events::Headers out;
    out.reserve(headers.size());
    for (const kafka::Header &h : headers)
        out.append({h.key, h.value});
    return out;
}

void toEventHeaders(const kafka::Headers &headers, events::Headers *out)
{
    out->clear(); // keeps the capacity of an unshared list
    for (const kafka::Header &h : headers)
        out->append({h.key, h.value});
}

kafka::Headers toKafkaHeaders(const events::Headers &headers)
{
    kafka::Headers out;
    out.reserve(headers.size());
    for (const events::Header &h : headers)
        out.append({h.key, h.value});
    return out;
}

events::DecodeResult decode(const events::EventSerializer &serializer, const kafka::KafkaMessage &message)
{
    return serializer.decode(message.value, toEventHeaders(message.headers));
}

events::DecodeResult tryDecode(events::AsyncEventCodec &codec, const kafka::KafkaMessage &message)
{
    return codec.tryDecode(message.value, toEventHeaders(message.headers));
}

} // namespace taskstream::processing

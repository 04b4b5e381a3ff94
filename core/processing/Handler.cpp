#include "processing/Handler.h"

namespace taskstream::processing {

QString eventIdFor(const kafka::KafkaMessage &message, const events::Event *event)
{
    const QByteArray ceId = kafka::headerValue(message.headers, events::cloudevents::Id);
    if (!ceId.isEmpty())
        return QString::fromUtf8(ceId);
    if (event && !event->eventId().isNull())
        return event->eventId().toString(QUuid::WithoutBraces);
    return QStringLiteral("%1/%2/%3").arg(message.topic).arg(message.partition).arg(message.offset);
}

} // namespace taskstream::processing

#include "processing/Handler.h"

namespace taskstream::processing {

QString eventIdFor(const kafka::KafkaMessage &message, const events::Event *event)
{
    const QByteArray ceId = kafka::headerValue(message.headers, events::cloudevents::Id);
    if (!ceId.isEmpty())
        return QString::fromUtf8(ceId);
    if (event) {
        // Decoding checked it is a UUID's text; written as QUuid writes it (lower case), without
        // parsing it again.
        const QString id = event->data().value(QStringLiteral("event_id")).toString().toLower();
        if (id.size() == 36 && id != QLatin1String("00000000-0000-0000-0000-000000000000"))
            return id;
    }
    return QStringLiteral("%1/%2/%3").arg(message.topic).arg(message.partition).arg(message.offset);
}

} // namespace taskstream::processing

#pragma once

#include "kafka/KafkaTypes.h"

#include <QJsonObject>
#include <QString>

namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream {
namespace console {

/// A Kafka record as the console shows it: coordinates, key, headers and the value decoded into
/// readable JSON where our codecs (Avro single-object, Confluent, CloudEvents JSON) or plain JSON
/// understand it.
struct DecodedRecord
{
    QString topic;
    int partition = -1;
    qint64 offset = -1;
    qint64 timestampMs = -1;
    QByteArray key;
    kafka::Headers headers;
    qsizetype valueSize = 0;
    QString type;        ///< short event type (TaskChanged) or the ce_type header, empty if unknown
    QJsonObject event;   ///< the decoded value (CloudEvents JSON for our events)
    QString decodeError; ///< why the value did not decode; then rawValue keeps it
    QByteArray rawValue;

    /// Everything as one JSON object: topic, partition, offset, timestamp, key, headers, type and
    /// value (the decoded event, or the raw bytes in base64 with the decode error).
    QJsonObject toJson() const;
    /// The key as text when it is UTF-8, else as hex.
    QString keyText() const;
    /// One line of the value for a table cell.
    QString summary() const;
};

/// Decodes \a message with \a codec (which knows the schemas; Confluent ids it has not seen yet
/// answer with a decode error rather than waiting).
DecodedRecord decodeRecord(const kafka::KafkaMessage &message, events::AsyncEventCodec &codec);

} // namespace console
} // namespace taskstream

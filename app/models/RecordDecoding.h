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
    /// value (the decoded event, or the raw bytes in base64 and as text with the decode error).
    QJsonObject toJson() const;
    /// The key as text when it is UTF-8, else as hex.
    QString keyText() const;
    /// One line of the value for a table cell.
    QString summary() const;
};

/// Bytes as a classic hex dump: per 16 bytes the offset, the bytes in hex and the printable ASCII
/// characters ('.' for the rest), at most \a maxBytes of them (a line says how many more there are).
QString hexDump(const QByteArray &bytes, int maxBytes = 4096);
/// Bytes as text for people: UTF-8, with U+FFFD for what is not, and control characters but
/// newline and tab shown as '.'.
QString lossyText(const QByteArray &bytes);

/// Decodes \a message with \a codec (which knows the schemas; Confluent ids it has not seen yet
/// answer with a decode error rather than waiting).
DecodedRecord decodeRecord(const kafka::KafkaMessage &message, events::AsyncEventCodec &codec);

} // namespace console
} // namespace taskstream

#pragma once

#include "events/AvroSchema.h"
#include "events/Event.h"
#include "events/EventErrors.h"
#include "events/EventHeaders.h"

#include <QJsonObject>
#include <QUrl>

namespace taskstream::events {

/// How an event is laid out in a record value.
enum class WireFormat {
    AvroSingleObject, ///< C3 01 + CRC-64-AVRO fingerprint (LE) + Avro binary; CloudEvents binary mode
    AvroConfluent,    ///< 00 + schema id (BE) + Avro binary; CloudEvents binary mode
    CloudEventsJson,  ///< CloudEvents structured mode, application/cloudevents+json
};

/// How Schema Registry subjects are named (Confluent's strategies).
enum class SubjectNameStrategy {
    TopicName,       ///< "<topic>-value": all event types of a topic share one subject
    RecordName,      ///< "<record full name>"
    TopicRecordName, ///< "<topic>-<record full name>"
};

/// Codec settings. With a schema registry URL the default format is AvroConfluent.
struct CodecConfig
{
    WireFormat format = WireFormat::AvroSingleObject;
    QUrl schemaRegistryUrl;                         ///< empty: no registry
    QString source = QStringLiteral("/taskstream"); ///< CloudEvents source of what we publish
    qsizetype maxPayloadBytes = 1024 * 1024;        ///< larger values are refused both ways
    int registryTimeoutMs = 10000;
    QString registryUser;     ///< HTTP basic authentication with the registry; empty: none
    QString registryPassword; ///< with registryUser
    QString registryCaFile;   ///< PEM CA bundle trusted for an https registry, besides the system's
    /// TopicName shares a subject between the event types of a topic, so that subject's
    /// compatibility level must allow it (NONE); TopicRecordName avoids that (see docs/events.md).
    SubjectNameStrategy subjectStrategy = SubjectNameStrategy::TopicName;
    /// Whether decoding also fills DecodedEvent::json (for display). Workers that only need the
    /// event turn it off: rebuilding the JSON costs as much as the decode itself.
    bool decodeToJson = true;

    /// The format to use: AvroConfluent when a registry is configured and format is Avro.
    WireFormat effectiveFormat() const
    {
        return format == WireFormat::AvroSingleObject && schemaRegistryUrl.isValid() && !schemaRegistryUrl.isEmpty()
                   ? WireFormat::AvroConfluent
                   : format;
    }
};

/// Content types and header names of the CloudEvents Kafka protocol binding.
namespace cloudevents {
inline const QString SpecVersion = QStringLiteral("ce_specversion");
inline const QString Id = QStringLiteral("ce_id");
inline const QString Source = QStringLiteral("ce_source");
inline const QString Type = QStringLiteral("ce_type");
inline const QString Time = QStringLiteral("ce_time");
/// Extension attributes of Taskstream (events::Actor): who made the event happen, and from where.
inline const QString Actor = QStringLiteral("ce_actor");
inline const QString ActorSource = QStringLiteral("ce_actorsource");
inline const QString ContentType = QStringLiteral("content-type");
inline const QByteArray AvroSingleObjectContentType = "application/avro; framing=single-object";
inline const QByteArray AvroConfluentContentType = "application/avro; framing=confluent";
inline const QByteArray JsonContentType = "application/cloudevents+json; charset=UTF-8";
} // namespace cloudevents

/// A record ready for a producer: topic, key, value and headers.
struct EncodedRecord
{
    QString topic;
    QByteArray key;
    QByteArray value;
    Headers headers;
};

struct EncodeResult
{
    EncodedRecord record;
    EncodeError error;
    bool ok() const { return !error.isError(); }
};

/// A decoded record: the event, the format it came in and what identified its writer schema.
struct DecodedEvent
{
    Event event;
    WireFormat format = WireFormat::AvroSingleObject;
    QString source;          ///< CloudEvents source, if the record had one
    quint64 fingerprint = 0; ///< single-object: the writer schema's fingerprint
    int schemaId = -1;       ///< Confluent: the writer schema's id
    /// CloudEvents structured JSON of the event (what the console shows); empty when the codec
    /// was configured with decodeToJson = false.
    QJsonObject json;
};

struct DecodeResult
{
    DecodedEvent decoded;
    DecodeError error;
    bool ok() const { return !error.isError(); }
};

/// Synchronous encoder and decoder, no network. For the Confluent format it needs the schema id
/// (encode) or the writer schema (decode) up front; EventCodec adds the registry around it.
/// Not thread-safe: use one per thread.
class EventSerializer
{
public:
    explicit EventSerializer(const CodecConfig &config = {}, const SchemaStore &store = SchemaStore::builtIn());

    const CodecConfig &config() const { return m_config; }
    SchemaStore schemas() const { return m_store; }

    /// Encodes \a event in \a format; AvroConfluent needs \a schemaId.
    EncodeResult encode(const Event &event, WireFormat format, int schemaId = -1) const;
    /// Encodes in the configured format (single-object or JSON; Confluent needs an id: see EventCodec).
    EncodeResult encode(const Event &event) const { return encode(event, m_config.effectiveFormat()); }

    /// Recognises the format from the bytes and headers and decodes. Confluent ids must have been
    /// made known with addSchemaId(); otherwise the result is UnknownSchema.
    DecodeResult decode(const QByteArray &value, const Headers &headers = {}) const;

    /// Makes a Confluent schema id known (fetched from the registry or registered by us).
    void addSchemaId(int id, const AvroSchema &schema);
    AvroSchema schemaForId(int id) const { return m_ids.value(id); }
    /// The Confluent schema id in \a value, or -1 if it is not a Confluent record.
    static int confluentSchemaId(const QByteArray &value);

    /// The JSON view of an event (CloudEvents structured mode), or an empty object for unknown types.
    QJsonObject toCloudEventJson(const Event &event, const QString &source = {}) const;

private:
    DecodeResult decodeAvro(const QByteArray &value, int bodyOffset, const AvroSchema &writer,
                            DecodedEvent decoded) const;
    DecodeResult decodeJson(const QByteArray &value) const;
    DecodeResult finish(DecodedEvent decoded, const Headers &headers) const;

    CodecConfig m_config;
    SchemaStore m_store;
    QHash<int, AvroSchema> m_ids;
};

} // namespace taskstream::events

Q_DECLARE_METATYPE(taskstream::events::EncodeResult)
Q_DECLARE_METATYPE(taskstream::events::DecodeResult)

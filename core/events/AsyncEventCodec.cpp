#include "events/AsyncEventCodec.h"

#include "events/SchemaRegistryClient.h"

#include <QTimer>

namespace taskstream::events {

AsyncEventCodec::AsyncEventCodec(const CodecConfig &config, QObject *parent)
    : AsyncEventCodec(config, SchemaStore::builtIn(), parent)
{
}

AsyncEventCodec::AsyncEventCodec(const CodecConfig &config, const SchemaStore &store, QObject *parent)
    : QObject(parent), m_serializer(config, store)
{
    qRegisterMetaType<taskstream::events::EncodeResult>();
    qRegisterMetaType<taskstream::events::DecodeResult>();
    // Also for JSON producers: consumers may still meet Confluent records and need their schemas.
    if (config.schemaRegistryUrl.isValid() && !config.schemaRegistryUrl.isEmpty()) {
        m_registry = new SchemaRegistryClient(config.schemaRegistryUrl, this);
        m_registry->setTimeout(config.registryTimeoutMs);
        m_registry->setBasicAuth(config.registryUser, config.registryPassword);
        QString why;
        // The daemon checks the file at start (--schema-registry-ca-file); here it can only be
        // reported: requests then fail their TLS handshake and are retried.
        if (!config.registryCaFile.isEmpty() && !m_registry->setCaFile(config.registryCaFile, &why))
            qWarning("schema registry CA file: %s", qPrintable(why));
    }
}

AsyncEventCodec::~AsyncEventCodec() = default;

void AsyncEventCodec::emitEncodedLater(quint64 ticket, const EncodeResult &result)
{
    QTimer::singleShot(0, this, [this, ticket, result] { Q_EMIT encoded(ticket, result); });
}

void AsyncEventCodec::emitDecodedLater(quint64 ticket, const DecodeResult &result)
{
    QTimer::singleShot(0, this, [this, ticket, result] { Q_EMIT decoded(ticket, result); });
}

SchemaRegistryReply *AsyncEventCodec::registration(const Event &event, QString *problem)
{
    const auto type = EventTypes::find(event.type());
    const AvroSchema schema = m_serializer.schemas().current(event.type());
    if (!type || !schema.isValid()) {
        *problem = QStringLiteral("unknown event type '%1'").arg(event.type());
        return nullptr;
    }
    const QString subject = SchemaRegistryClient::subjectFor(config().subjectStrategy, type->topic, event.type());
    // Under TopicNameStrategy several event types share a subject: in-flight registrations are per type.
    const QString inFlightKey = subject + u'#' + event.type();
    if (SchemaRegistryReply *inFlight = m_registering.value(inFlightKey))
        return inFlight;
    SchemaRegistryReply *reply = m_registry->registerSchema(subject, schema);
    m_registering.insert(inFlightKey, reply);
    connect(reply, &SchemaRegistryReply::finished, this, [this, inFlightKey, reply, schema] {
        m_registering.remove(inFlightKey);
        if (!reply->error().isError())
            m_serializer.addSchemaId(reply->schemaId(), schema);
        reply->deleteLater();
    });
    return reply;
}

EncodeResult AsyncEventCodec::tryEncode(const Event &event)
{
    if (m_serializer.config().effectiveFormat() != WireFormat::AvroConfluent || !m_registry)
        return m_serializer.encode(event);
    const auto type = EventTypes::find(event.type());
    const AvroSchema schema = m_serializer.schemas().current(event.type());
    const int id =
        type ? m_registry->cachedId(
                   SchemaRegistryClient::subjectFor(config().subjectStrategy, type->topic, event.type()), schema)
             : -1;
    if (id >= 0)
        return m_serializer.encode(event, WireFormat::AvroConfluent, id);
    QString problem;
    if (!registration(event, &problem)) {
        EncodeResult r;
        r.error = {EncodeError::UnknownType, problem};
        return r;
    }
    EncodeResult r;
    r.error = {EncodeError::RegistryUnavailable,
               QStringLiteral("schema id of %1 not known yet; registering it, try again").arg(event.type())};
    return r;
}

quint64 AsyncEventCodec::encode(const Event &event)
{
    const quint64 ticket = m_nextTicket++;
    const EncodeResult now = tryEncode(event);
    if (now.ok() || now.error.code != EncodeError::RegistryUnavailable || !m_registry) {
        emitEncodedLater(ticket, now);
        return ticket;
    }
    QString problem;
    SchemaRegistryReply *reply = registration(event, &problem);
    connect(reply, &SchemaRegistryReply::finished, this, [this, ticket, event, reply] {
        EncodeResult r;
        const RegistryError e = reply->error();
        if (e.isError()) {
            r.error = {e.isRetriable() ? EncodeError::RegistryUnavailable : EncodeError::RegistryRejected,
                       QStringLiteral("cannot register the schema of %1: %2").arg(event.type(), e.message)};
        } else {
            r = m_serializer.encode(event, WireFormat::AvroConfluent, reply->schemaId());
        }
        Q_EMIT encoded(ticket, r);
    });
    return ticket;
}

SchemaRegistryReply *AsyncEventCodec::fetch(int schemaId)
{
    if (SchemaRegistryReply *inFlight = m_fetching.value(schemaId))
        return inFlight;
    SchemaRegistryReply *reply = m_registry->schemaById(schemaId);
    m_fetching.insert(schemaId, reply);
    connect(reply, &SchemaRegistryReply::finished, this, [this, schemaId, reply] {
        m_fetching.remove(schemaId);
        if (!reply->error().isError())
            m_serializer.addSchemaId(schemaId, reply->schema());
        reply->deleteLater();
    });
    return reply;
}

DecodeResult AsyncEventCodec::tryDecode(const QByteArray &value, const Headers &headers)
{
    const int id = EventSerializer::confluentSchemaId(value);
    if (id < 0 || !m_registry || m_serializer.schemaForId(id).isValid() || value.size() > config().maxPayloadBytes)
        return m_serializer.decode(value, headers);
    fetch(id);
    DecodeResult r;
    r.error = {DecodeError::SchemaUnavailable,
               QStringLiteral("schema id %1 not cached yet; fetching it, try again").arg(id)};
    return r;
}

quint64 AsyncEventCodec::decode(const QByteArray &value, const Headers &headers)
{
    const quint64 ticket = m_nextTicket++;
    const int id = EventSerializer::confluentSchemaId(value);
    if (id < 0 || !m_registry || m_serializer.schemaForId(id).isValid() || value.size() > config().maxPayloadBytes) {
        emitDecodedLater(ticket, m_serializer.decode(value, headers));
        return ticket;
    }
    SchemaRegistryReply *reply = fetch(id);
    connect(reply, &SchemaRegistryReply::finished, this, [this, ticket, value, headers, id, reply] {
        DecodeResult r;
        const RegistryError e = reply->error();
        if (e.code == RegistryError::NotFound)
            r.error = {DecodeError::UnknownSchema, QStringLiteral("unknown schema id %1 (%2)").arg(id).arg(e.message)};
        else if (e.isError())
            r.error = {e.isRetriable() ? DecodeError::SchemaUnavailable : DecodeError::UnknownSchema,
                       QStringLiteral("cannot fetch schema id %1: %2").arg(id).arg(e.message)};
        else
            r = m_serializer.decode(value, headers);
        Q_EMIT decoded(ticket, r);
    });
    return ticket;
}

} // namespace taskstream::events

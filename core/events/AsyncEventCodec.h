#pragma once

#include "events/EventCodec.h"

#include <QObject>

namespace taskstream::events {

class SchemaRegistryClient;
class SchemaRegistryReply;

/// The codec the producer/outbox and consumers use: EventSerializer plus, when a Schema Registry URL
/// is configured, registration of our schemas and lookup of unknown ids. Nothing is ever dropped:
/// when the registry is down, encoding answers RegistryUnavailable (retriable) and decoding answers
/// SchemaUnavailable (retriable); the caller keeps the event or record and tries again later.
class AsyncEventCodec : public QObject
{
    Q_OBJECT
public:
    explicit AsyncEventCodec(const CodecConfig &config, QObject *parent = nullptr);
    AsyncEventCodec(const CodecConfig &config, const SchemaStore &store, QObject *parent = nullptr);
    ~AsyncEventCodec() override;

    const CodecConfig &config() const { return m_serializer.config(); }
    EventSerializer &serializer() { return m_serializer; }
    /// The registry client, or null without a registry URL (used for decoding whatever the format).
    SchemaRegistryClient *registry() const { return m_registry; }

    /// Encodes now when it can (single-object and JSON always; Confluent once the schema id is
    /// known). Otherwise answers RegistryUnavailable and starts registering in the background.
    EncodeResult tryEncode(const Event &event);
    /// Encodes, registering the schema first if needed. Emits encoded() exactly once, never
    /// before this returns. Returns the ticket that encoded() carries.
    quint64 encode(const Event &event);

    /// Decodes now when it can. An uncached Confluent schema id answers SchemaUnavailable and starts
    /// fetching it in the background.
    DecodeResult tryDecode(const QByteArray &value, const Headers &headers = {});
    /// Decodes, fetching an unknown Confluent schema id first. Emits decoded() exactly once.
    quint64 decode(const QByteArray &value, const Headers &headers = {});

Q_SIGNALS:
    void encoded(quint64 ticket, const taskstream::events::EncodeResult &result);
    void decoded(quint64 ticket, const taskstream::events::DecodeResult &result);

private:
    SchemaRegistryReply *registration(const Event &event, QString *problem);
    SchemaRegistryReply *fetch(int schemaId);
    void emitEncodedLater(quint64 ticket, const EncodeResult &result);
    void emitDecodedLater(quint64 ticket, const DecodeResult &result);

    EventSerializer m_serializer;
    SchemaRegistryClient *m_registry = nullptr;
    QHash<QString, SchemaRegistryReply *> m_registering; // subject -> reply in flight
    QHash<int, SchemaRegistryReply *> m_fetching;        // schema id -> reply in flight
    quint64 m_nextTicket = 1;
};

} // namespace taskstream::events

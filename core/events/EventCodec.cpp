#include "events/EventCodec.h"

#include "common/TextCheck.h"
#include "events/AvroDatum_p.h"
#include "events/EventTypes_p.h"
#include "events/SchemaCompatibility.h"

#include <vector>

#include <QJsonDocument>
#include <QtEndian>

#include <simdjson.h>

namespace taskstream::events {

QString DecodeError::codeName(Code code)
{
    static const char *const names[] = {"none",           "too-large",      "bad-magic",           "truncated",
                                        "trailing-bytes", "unknown-schema", "incompatible-schema", "schema-unavailable",
                                        "bad-json",       "missing-field",  "wrong-type",          "invalid-value",
                                        "unknown-type"};
    return QString::fromLatin1(names[code]);
}

QString EncodeError::codeName(Code code)
{
    static const char *const names[] = {"none",      "unknown-type",         "invalid-event",
                                        "too-large", "registry-unavailable", "registry-rejected"};
    return QString::fromLatin1(names[code]);
}

namespace {

constexpr int SingleObjectHeader = 10; // C3 01 + 8 bytes fingerprint
constexpr int ConfluentHeader = 5;     // 00 + 4 bytes schema id

QString shortName(const QString &fullName)
{
    return fullName.mid(fullName.lastIndexOf(u'.') + 1);
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// What is wrong with an actor's subject or source read from a record, or empty: no NUL or lone
// surrogate, no control characters, at most Actor::MaxLength bytes of UTF-8.
QString checkActorField(const QString &value)
{
    if (value.toUtf8().size() > Actor::MaxLength)
        return QStringLiteral("is longer than %1 bytes").arg(Actor::MaxLength);
    if (const QString bad = text::checkText(value); !bad.isEmpty())
        return bad;
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("holds a control character");
    }
    return {};
}

DecodeResult decodeError(DecodeError::Code code, const QString &message)
{
    DecodeResult r;
    r.error = {code, message};
    return r;
}

EncodeResult encodeError(EncodeError::Code code, const QString &message)
{
    EncodeResult r;
    r.error = {code, message};
    return r;
}

// Whether some record in \a r has a field that the matching record in \a w lacks.
bool readerAddsFields(const SchemaNode *r, const SchemaNode *w, int depth = 0)
{
    if (!r || !w || depth > 64)
        return false;
    if (r->kind == SchemaNode::Union || w->kind == SchemaNode::Union) {
        const QList<const SchemaNode *> rs = r->kind == SchemaNode::Union ? r->branches : QList<const SchemaNode *>{r};
        const QList<const SchemaNode *> ws = w->kind == SchemaNode::Union ? w->branches : QList<const SchemaNode *>{w};
        for (const SchemaNode *rb : rs) {
            for (const SchemaNode *wb : ws) {
                if (rb->kind == wb->kind && rb->kind != SchemaNode::Union && readerAddsFields(rb, wb, depth + 1))
                    return true;
            }
        }
        return false;
    }
    if (r->kind == SchemaNode::Array || r->kind == SchemaNode::Map)
        return w->kind == r->kind && readerAddsFields(r->items, w->items, depth + 1);
    if (r->kind != SchemaNode::Record || w->kind != SchemaNode::Record)
        return false;
    for (const SchemaNode::Field &f : r->fields) {
        const int wi = w->fieldIndex(f.name);
        if (wi < 0 || readerAddsFields(f.type, w->fields.at(wi).type, depth + 1))
            return true;
    }
    return false;
}

const AvroSchemaPrivate *priv(const AvroSchema &s)
{
    return AvroSchemaPrivate::get(s);
}

} // namespace

EventSerializer::EventSerializer(const CodecConfig &config, const SchemaStore &store) : m_config(config), m_store(store)
{
}

void EventSerializer::addSchemaId(int id, const AvroSchema &schema)
{
    if (schema.isValid()) {
        m_ids.insert(id, schema);
        m_store.add(schema, false);
    }
}

int EventSerializer::confluentSchemaId(const QByteArray &value)
{
    if (value.size() < ConfluentHeader || value.at(0) != 0)
        return -1;
    return int(qFromBigEndian<quint32>(value.constData() + 1));
}

QJsonObject EventSerializer::toCloudEventJson(const Event &event, const QString &source) const
{
    const AvroSchema schema = m_store.current(event.type());
    if (!schema.isValid())
        return {};
    QJsonObject o;
    o.insert(QStringLiteral("specversion"), QStringLiteral("1.0"));
    o.insert(QStringLiteral("id"), event.data().value(QStringLiteral("event_id")).toString());
    o.insert(QStringLiteral("source"), source.isEmpty() ? m_config.source : source);
    o.insert(QStringLiteral("type"), event.type());
    o.insert(QStringLiteral("time"), isoTime(event.data().value(QStringLiteral("occurred_at")).toLongLong()));
    o.insert(QStringLiteral("datacontenttype"), QStringLiteral("application/json"));
    if (!event.actor().subject.isEmpty())
        o.insert(QStringLiteral("actor"), event.actor().subject);
    if (!event.actor().source.isEmpty())
        o.insert(QStringLiteral("actorsource"), event.actor().source);
    o.insert(QStringLiteral("data"), datum::toJson(schema.root(), event.data()));
    return o;
}

EncodeResult EventSerializer::encode(const Event &event, WireFormat format, int schemaId) const
{
    const auto type = EventTypes::find(event.type());
    if (!type)
        return encodeError(EncodeError::UnknownType, QStringLiteral("unknown event type '%1'").arg(event.type()));
    const AvroSchema schema = m_store.current(event.type());
    if (!schema.isValid())
        return encodeError(EncodeError::UnknownType, QStringLiteral("no schema for event type %1").arg(event.type()));
    if (format == WireFormat::AvroConfluent && schemaId < 0)
        return encodeError(EncodeError::RegistryUnavailable,
                           QStringLiteral("no schema id yet for %1 (registry not reached)").arg(event.type()));

    // Building the avro-c value validates the data against the schema, whatever the format.
    const AvroSchemaPrivate *d = priv(schema);
    AvroValueHolder holder(d->iface);
    if (!holder.ok)
        return encodeError(EncodeError::InvalidEvent, avroLastError());
    const QString invalid = datum::toAvro(&holder.value, d->root, event.data(), shortName(event.type()));
    if (!invalid.isEmpty())
        return encodeError(EncodeError::InvalidEvent,
                           QStringLiteral("%1 does not match its schema: %2").arg(event.type(), invalid));

    EncodeResult result;
    EncodedRecord &rec = result.record;
    rec.topic = type->topic;
    rec.key = event.key();

    if (format == WireFormat::CloudEventsJson) {
        rec.value = QJsonDocument(toCloudEventJson(event)).toJson(QJsonDocument::Compact);
        rec.headers << Header{cloudevents::ContentType, cloudevents::JsonContentType};
    } else {
        size_t size = 0;
        if (avro_value_sizeof(&holder.value, &size) != 0)
            return encodeError(EncodeError::InvalidEvent, avroLastError());
        const int header = format == WireFormat::AvroSingleObject ? SingleObjectHeader : ConfluentHeader;
        if (qsizetype(size) + header > m_config.maxPayloadBytes)
            return encodeError(EncodeError::TooLarge, QStringLiteral("%1 encodes to %2 bytes, above the %3-byte limit")
                                                          .arg(event.type())
                                                          .arg(size + header)
                                                          .arg(m_config.maxPayloadBytes));
        rec.value = QByteArray(header + qsizetype(size), Qt::Uninitialized);
        char *p = rec.value.data();
        if (format == WireFormat::AvroSingleObject) {
            p[0] = char(0xC3);
            p[1] = char(0x01);
            qToLittleEndian<quint64>(schema.fingerprint(), p + 2);
        } else {
            p[0] = 0;
            qToBigEndian<quint32>(quint32(schemaId), p + 1);
        }
        avro_writer_t writer = avro_writer_memory(p + header, int64_t(size));
        const int rc = avro_value_write(writer, &holder.value);
        avro_writer_free(writer);
        if (rc != 0)
            return encodeError(EncodeError::InvalidEvent, avroLastError());
        const QByteArray contentType = format == WireFormat::AvroSingleObject ? cloudevents::AvroSingleObjectContentType
                                                                              : cloudevents::AvroConfluentContentType;
        const QVariantMap data = event.data();
        rec.headers << Header{cloudevents::SpecVersion, "1.0"}
                    << Header{cloudevents::Id, data.value(QStringLiteral("event_id")).toString().toUtf8()}
                    << Header{cloudevents::Source, m_config.source.toUtf8()}
                    << Header{cloudevents::Type, event.type().toUtf8()}
                    << Header{cloudevents::Time,
                              isoTime(data.value(QStringLiteral("occurred_at")).toLongLong()).toUtf8()}
                    << Header{cloudevents::ContentType, contentType};
        if (!event.actor().subject.isEmpty())
            rec.headers << Header{cloudevents::Actor, event.actor().subject.toUtf8()};
        if (!event.actor().source.isEmpty())
            rec.headers << Header{cloudevents::ActorSource, event.actor().source.toUtf8()};
    }
    if (rec.value.size() > m_config.maxPayloadBytes)
        return encodeError(EncodeError::TooLarge, QStringLiteral("%1 encodes to %2 bytes, above the %3-byte limit")
                                                      .arg(event.type())
                                                      .arg(rec.value.size())
                                                      .arg(m_config.maxPayloadBytes));
    return result;
}

DecodeResult EventSerializer::decode(const QByteArray &value, const Headers &headers) const
{
    if (value.size() > m_config.maxPayloadBytes)
        return decodeError(DecodeError::TooLarge, QStringLiteral("payload of %1 bytes exceeds the %2-byte limit")
                                                      .arg(value.size())
                                                      .arg(m_config.maxPayloadBytes));
    if (value.isEmpty())
        return decodeError(DecodeError::BadMagic, QStringLiteral("empty record value (a tombstone is not an event)"));

    const QByteArray contentType = headerValue(headers, cloudevents::ContentType).trimmed();
    const quint8 first = quint8(value.at(0));
    int start = 0;
    while (start < value.size() && QChar::isSpace(uchar(value.at(start))))
        ++start;
    const bool looksJson = start < value.size() && value.at(start) == '{';

    // The content-type, when present, must agree with what the bytes say.
    WireFormat fromBytes = first == 0xC3   ? WireFormat::AvroSingleObject
                           : first == 0x00 ? WireFormat::AvroConfluent
                                           : WireFormat::CloudEventsJson;
    if (!contentType.isEmpty()) {
        const bool saysSingle = contentType.startsWith("application/avro") && contentType.contains("single-object");
        const bool saysConfluent = contentType.startsWith("application/avro") && contentType.contains("confluent");
        const bool saysJson = contentType.startsWith("application/cloudevents+json");
        if ((saysSingle && fromBytes != WireFormat::AvroSingleObject) ||
            (saysConfluent && fromBytes != WireFormat::AvroConfluent) || (saysJson && !looksJson))
            return decodeError(DecodeError::BadMagic,
                               QStringLiteral("content-type '%1' but the payload starts with byte 0x%2")
                                   .arg(QString::fromUtf8(contentType.left(80)))
                                   .arg(first, 2, 16, QLatin1Char('0')));
    }

    DecodedEvent decoded;
    decoded.source = QString::fromUtf8(headerValue(headers, cloudevents::Source));
    if (first == 0xC3) {
        if (value.size() < 2 || quint8(value.at(1)) != 0x01)
            return decodeError(DecodeError::BadMagic,
                               value.size() < 2
                                   ? QStringLiteral("single-object marker truncated after 0xC3")
                                   : QStringLiteral("bad magic 0xC3 0x%1: only single-object version 0x01 is known")
                                         .arg(quint8(value.at(1)), 2, 16, QLatin1Char('0')));
        if (value.size() < SingleObjectHeader)
            return decodeError(DecodeError::Truncated, QStringLiteral("single-object header truncated: %1 of %2 bytes")
                                                           .arg(value.size())
                                                           .arg(SingleObjectHeader));
        decoded.format = WireFormat::AvroSingleObject;
        decoded.fingerprint = qFromLittleEndian<quint64>(value.constData() + 2);
        const AvroSchema writer = m_store.byFingerprint(decoded.fingerprint);
        if (!writer.isValid())
            return decodeError(
                DecodeError::UnknownSchema,
                QStringLiteral("unknown schema fingerprint 0x%1").arg(decoded.fingerprint, 16, 16, QLatin1Char('0')));
        DecodeResult r = decodeAvro(value, SingleObjectHeader, writer, decoded);
        return r.ok() ? finish(r.decoded, headers) : r;
    }
    if (first == 0x00) {
        if (value.size() < ConfluentHeader)
            return decodeError(
                DecodeError::Truncated,
                QStringLiteral("Confluent header truncated: %1 of %2 bytes").arg(value.size()).arg(ConfluentHeader));
        decoded.format = WireFormat::AvroConfluent;
        decoded.schemaId = confluentSchemaId(value);
        const AvroSchema writer = m_ids.value(decoded.schemaId);
        if (!writer.isValid())
            return decodeError(DecodeError::UnknownSchema,
                               QStringLiteral("unknown schema id %1").arg(decoded.schemaId));
        DecodeResult r = decodeAvro(value, ConfluentHeader, writer, decoded);
        return r.ok() ? finish(r.decoded, headers) : r;
    }
    if (looksJson) {
        DecodeResult r = decodeJson(value);
        return r.ok() ? finish(r.decoded, headers) : r;
    }
    return decodeError(DecodeError::BadMagic,
                       QStringLiteral("unrecognised payload: first byte 0x%1 is none of 0xC3 (Avro single-object), "
                                      "0x00 (Confluent) or '{' (CloudEvents JSON)")
                           .arg(first, 2, 16, QLatin1Char('0')));
}

DecodeResult EventSerializer::decodeAvro(const QByteArray &value, int offset, const AvroSchema &writer,
                                         DecodedEvent decoded) const
{
    const QString type = writer.fullName();
    if (!detail::isRegisteredType(type))
        return decodeError(DecodeError::UnknownType,
                           QStringLiteral("schema %1 is not a registered event type").arg(type));
    const AvroSchema reader = m_store.current(type);
    if (!reader.isValid())
        return decodeError(DecodeError::UnknownType, QStringLiteral("no reader schema for %1").arg(type));

    const AvroSchemaPrivate *w = priv(writer);
    AvroAllocationScope allocations; // outlives the value and the reader below
    AvroValueHolder holder(w->iface);
    if (!holder.ok)
        return decodeError(DecodeError::IncompatibleSchema, avroLastError());
    const qsizetype bodySize = value.size() - offset;
    avro_reader_t in = avro_reader_memory(value.constData() + offset, int64_t(bodySize));
    const int rc = avro_value_read(in, &holder.value);
    avro_reader_free(in);
    if (rc != 0) {
        const QString why = avroLastError();
        holder.release();
        allocations.sweep();
        if (why.contains(QLatin1String("Cannot read")) || why.contains(QLatin1String("memory buffer")) ||
            rc == ENOSPC || rc == EILSEQ)
            return decodeError(DecodeError::Truncated,
                               QStringLiteral("truncated Avro payload: %1 does not fit in the %2 body bytes (%3)")
                                   .arg(shortName(type))
                                   .arg(bodySize)
                                   .arg(why));
        return decodeError(DecodeError::InvalidValue,
                           QStringLiteral("malformed Avro payload of %1: %2").arg(shortName(type), why));
    }
    size_t used = 0;
    avro_value_sizeof(&holder.value, &used);
    if (qsizetype(used) < bodySize)
        return decodeError(DecodeError::TrailingBytes,
                           QStringLiteral("%1 unexpected bytes after the %2 datum (%3 of %4 body bytes used)")
                               .arg(bodySize - qsizetype(used))
                               .arg(shortName(type))
                               .arg(used)
                               .arg(bodySize));

    DecodeError error;
    QVariant data;
    const AvroSchemaPrivate *r = priv(reader);
    if (writer.fingerprint() == reader.fingerprint()) {
        data = datum::fromAvro(&holder.value, r->root, shortName(type), &error);
    } else {
        // The static check first: it names the problem, and avro-c's resolver must not see a reader
        // with fields the writer lacks (avro-c 1.11 leaves default values unimplemented there and
        // crashes on that path). Such pairs are matched by name here, the reader's defaults filling
        // the gaps; every other pair is resolved by avro-c.
        const QStringList problems = SchemaCompatibility::canRead(reader, writer);
        if (!problems.isEmpty())
            return decodeError(DecodeError::IncompatibleSchema,
                               QStringLiteral("writer schema 0x%1 cannot be read as %2: %3")
                                   .arg(writer.fingerprint(), 16, 16, QLatin1Char('0'))
                                   .arg(shortName(type), problems.join(QStringLiteral("; "))));
        // Check the writer-shaped value first (enum indexes among others): avro-c's resolver trusts it.
        datum::fromAvro(&holder.value, w->root, shortName(type), &error);
        if (error.isError())
            return decodeError(error.code, error.message);
        avro_value_iface_t *resolved =
            readerAddsFields(r->root, w->root) ? nullptr : avro_resolved_reader_new(w->avro, r->avro);
        if (resolved) {
            avro_value_t rv;
            if (avro_resolved_reader_new_value(resolved, &rv) == 0) {
                avro_resolved_reader_set_source(&rv, &holder.value);
                data = datum::fromAvro(&rv, r->root, shortName(type), &error);
                avro_value_decref(&rv);
            } else {
                error = {DecodeError::IncompatibleSchema, avroLastError()};
            }
            avro_value_iface_decref(resolved);
        } else {
            data = datum::fromAvro(&holder.value, r->root, shortName(type), &error);
        }
    }
    if (error.isError()) {
        error.message = QStringLiteral("%1 (writer schema 0x%2)")
                            .arg(error.message)
                            .arg(writer.fingerprint(), 16, 16, QLatin1Char('0'));
        DecodeResult res;
        res.error = error;
        return res;
    }
    decoded.event = Event(type, data.toMap());
    DecodeResult res;
    res.decoded = decoded;
    return res;
}

namespace {

/// The CloudEvents JSON fast path: simdjson, then fromJsonFast. A JSON consumer runs this for every
/// record, and Qt's parser with the QJsonValue walk took about a third of its time per event.
/// True with \a out filled for a valid event; false for anything else, which decodeJson's Qt path
/// then reads again to name the error.
bool decodeJsonFast(const QByteArray &value, const SchemaStore &store, DecodedEvent *out)
{
    // simdjson reads up to SIMDJSON_PADDING bytes past the text: each thread copies records into
    // one padded buffer.
    thread_local simdjson::dom::parser parser;
    thread_local std::vector<char> padded;
    const size_t size = size_t(value.size());
    if (padded.size() < size + simdjson::SIMDJSON_PADDING)
        padded.resize(size + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded.data(), value.constData(), size);
    simdjson::dom::object o;
    if (parser.parse(padded.data(), size, false).get_object().get(o))
        return false;
    // One pass over the attributes; as in Qt's parser, of a key given twice the last counts.
    const std::string_view names[7] = {"specversion", "id", "source", "type", "data", "actor", "actorsource"};
    simdjson::dom::element attrs[7];
    bool seen[7] = {};
    for (auto field : o) {
        for (int i = 0; i < 7; ++i) {
            if (field.key == names[i]) {
                attrs[i] = field.value;
                seen[i] = true;
            }
        }
    }
    std::string_view text[4];
    for (int i = 0; i < 4; ++i) {
        if (!seen[i] || attrs[i].get_string().get(text[i]))
            return false;
    }
    if (!seen[4])
        return false;
    QString actor[2];
    for (int i = 0; i < 2; ++i) {
        std::string_view v;
        if (!seen[5 + i])
            continue;
        if (attrs[5 + i].get_string().get(v))
            return false;
        actor[i] = QString::fromUtf8(v.data(), qsizetype(v.size()));
        if (!checkActorField(actor[i]).isEmpty())
            return false;
    }
    if (text[0] != "1.0")
        return false;
    const QString type = QString::fromUtf8(text[3].data(), qsizetype(text[3].size()));
    if (!detail::isRegisteredType(type))
        return false;
    const AvroSchema schema = store.current(type);
    QVariant decoded;
    if (!schema.isValid() || !datum::fromJsonFast(schema.root(), attrs[4], &decoded))
        return false;
    QVariantMap map = decoded.toMap();
    decoded.clear(); // the map's only owner now: moving it below copies nothing
    const QString id = QString::fromUtf8(text[1].data(), qsizetype(text[1].size()));
    if (map.value(QStringLiteral("event_id")).toString() != id)
        return false;
    out->format = WireFormat::CloudEventsJson;
    out->source = QString::fromUtf8(text[2].data(), qsizetype(text[2].size()));
    out->event = Event(type, std::move(map));
    out->event.setActor({actor[0], actor[1]});
    return true;
}

} // namespace

DecodeResult EventSerializer::decodeJson(const QByteArray &value) const
{
    // Before either parser: Qt's reads "\ud800x" as U+10078 and keeps "\u0000".
    if (const QString bad = text::checkJson(value); !bad.isEmpty())
        return decodeError(DecodeError::InvalidValue,
                           QStringLiteral("the CloudEvent holds text that is not stored: %1").arg(bad));
    {
        DecodeResult fast;
        if (decodeJsonFast(value, m_store, &fast.decoded))
            return fast;
    }
    // Qt's parser, for an event the fast path did not accept: it names what is wrong.
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(value, &pe);
    if (pe.error != QJsonParseError::NoError)
        return decodeError(DecodeError::BadJson,
                           QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    if (!doc.isObject())
        return decodeError(DecodeError::BadJson, QStringLiteral("a CloudEvent must be a JSON object"));
    const QJsonObject o = doc.object();
    // Each attribute looked up once: this runs for every record a JSON consumer reads.
    QString attrs[4];
    const char *const names[4] = {"specversion", "id", "source", "type"};
    for (int i = 0; i < 4; ++i) {
        const QJsonValue v = o.value(QLatin1String(names[i]));
        if (v.isUndefined())
            return decodeError(DecodeError::MissingField,
                               QStringLiteral("missing CloudEvents attribute '%1'").arg(QLatin1String(names[i])));
        if (!v.isString())
            return decodeError(
                DecodeError::WrongType,
                QStringLiteral("CloudEvents attribute '%1' must be a string").arg(QLatin1String(names[i])));
        attrs[i] = v.toString();
    }
    const QString &specVersion = attrs[0], &id = attrs[1], &source = attrs[2], &type = attrs[3];
    if (specVersion != QLatin1String("1.0"))
        return decodeError(DecodeError::InvalidValue,
                           QStringLiteral("unsupported CloudEvents specversion '%1'").arg(specVersion.left(20)));
    if (!detail::isRegisteredType(type))
        return decodeError(DecodeError::UnknownType, QStringLiteral("unknown ce_type '%1'").arg(type.left(120)));
    const AvroSchema schema = m_store.current(type);
    if (!schema.isValid())
        return decodeError(DecodeError::UnknownType, QStringLiteral("no schema for ce_type %1").arg(type));
    const QJsonValue dataJson = o.value(QLatin1String("data"));
    if (dataJson.isUndefined())
        return decodeError(DecodeError::MissingField, QStringLiteral("missing CloudEvents attribute 'data'"));

    DecodeError error;
    const QVariant data = datum::fromJson(schema.root(), dataJson, shortName(type), &error);
    if (error.isError()) {
        DecodeResult r;
        r.error = error;
        return r;
    }
    QVariantMap map = data.toMap();
    const QString dataId = map.value(QStringLiteral("event_id")).toString();
    if (dataId != id)
        return decodeError(
            DecodeError::InvalidValue,
            QStringLiteral("CloudEvents id '%1' differs from data.event_id '%2'").arg(id.left(40), dataId));
    Actor actor;
    for (const char *name : {"actor", "actorsource"}) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            continue;
        if (!v.isString())
            return decodeError(DecodeError::WrongType,
                               QStringLiteral("CloudEvents attribute '%1' must be a string").arg(QLatin1String(name)));
        if (const QString bad = checkActorField(v.toString()); !bad.isEmpty())
            return decodeError(DecodeError::InvalidValue,
                               QStringLiteral("CloudEvents attribute '%1' %2").arg(QLatin1String(name), bad));
        (qstrcmp(name, "actor") == 0 ? actor.subject : actor.source) = v.toString();
    }
    DecodeResult r;
    r.decoded.format = WireFormat::CloudEventsJson;
    r.decoded.source = source;
    r.decoded.event = Event(type, std::move(map));
    r.decoded.event.setActor(actor);
    return r;
}

DecodeResult EventSerializer::finish(DecodedEvent decoded, const Headers &headers) const
{
    const QByteArray specVersion = headerValue(headers, cloudevents::SpecVersion);
    if (!specVersion.isNull() && specVersion != "1.0" && decoded.format != WireFormat::CloudEventsJson)
        return decodeError(
            DecodeError::InvalidValue,
            QStringLiteral("unsupported ce_specversion '%1'").arg(QString::fromUtf8(specVersion.left(20))));
    const QByteArray ceType = headerValue(headers, cloudevents::Type);
    if (!ceType.isNull() && decoded.format != WireFormat::CloudEventsJson) {
        const QString t = QString::fromUtf8(ceType);
        if (!detail::isRegisteredType(t))
            return decodeError(DecodeError::UnknownType, QStringLiteral("unknown ce_type '%1'").arg(t.left(120)));
        if (t != decoded.event.type())
            return decodeError(
                DecodeError::InvalidValue,
                QStringLiteral("ce_type %1 disagrees with the payload's schema %2").arg(t, decoded.event.type()));
    }
    if (decoded.source.isEmpty())
        decoded.source = QString::fromUtf8(headerValue(headers, cloudevents::Source));
    if (decoded.format != WireFormat::CloudEventsJson) {
        Actor actor;
        for (const QString *name : {&cloudevents::Actor, &cloudevents::ActorSource}) {
            const QByteArray v = headerValue(headers, *name);
            if (v.isNull())
                continue;
            if (const QString bad = text::checkUtf8(v); !bad.isEmpty())
                return decodeError(DecodeError::InvalidValue, QStringLiteral("header %1: %2").arg(*name, bad));
            const QString value = QString::fromUtf8(v);
            if (const QString bad = checkActorField(value); !bad.isEmpty())
                return decodeError(DecodeError::InvalidValue, QStringLiteral("header %1 %2").arg(*name, bad));
            (name == &cloudevents::Actor ? actor.subject : actor.source) = value;
        }
        decoded.event.setActor(actor);
    }
    if (m_config.decodeToJson)
        decoded.json = toCloudEventJson(decoded.event, decoded.source);
    DecodeResult r;
    r.decoded = decoded;
    return r;
}

} // namespace taskstream::events

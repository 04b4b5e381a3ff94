#pragma once

// Private: conversions between the Avro-shaped Qt value tree of Event, avro-c values and plain JSON,
// guided by the schema tree. Only core/events .cpp files include this header.

#include "events/AvroSchema_p.h"
#include "events/EventErrors.h"

#include <QJsonValue>
#include <QVariant>

namespace simdjson::dom {
class element;
}

namespace taskstream::events::datum {

/// Where a value sits in an event ("TaskCreated.task.tags[2]"), for error messages. A chain of
/// links on the stack while a value is walked, turned into text only when an error names it: most
/// values are valid, and joining the text for every field was a large share of decoding time.
/// A link refers to its parent and its name, which must outlive it (a call's arguments do).
class FieldPath
{
public:
    FieldPath(const QString &root) : m_name(&root) {} // NOLINT(google-explicit-constructor): callers pass a name
    FieldPath(const FieldPath &parent, const QString &field) : m_parent(&parent), m_name(&field) {}
    FieldPath(const FieldPath &parent, qsizetype index) : m_parent(&parent), m_index(index) {}
    QString toString() const;

private:
    const FieldPath *m_parent = nullptr;
    const QString *m_name = nullptr;
    qsizetype m_index = -1;
};

/// Fills \a dest (an avro-c value of \a node's schema) from \a value. Returns an error message or "".
QString toAvro(avro_value_t *dest, const SchemaNode *node, const QVariant &value, const FieldPath &path);

/// Reads \a src into the Qt value tree of the reader schema \a reader. \a src is either of the
/// reader's shape (avro-c resolved it) or of the writer's shape (fields looked up by name, reader
/// fields the writer lacks take the reader's default).
QVariant fromAvro(const avro_value_t *src, const SchemaNode *reader, const FieldPath &path, DecodeError *error);

/// The plain JSON view: timestamp-millis as ISO-8601 UTC strings, unions as their bare value.
QJsonValue toJson(const SchemaNode *node, const QVariant &value);

/// Parses the plain JSON view back, naming missing or mistyped fields.
QVariant fromJson(const SchemaNode *node, const QJsonValue &json, const FieldPath &path, DecodeError *error);

/// The fast path of fromJson for a value simdjson parsed: true with \a out set when \a json is a
/// valid value of \a node (the same value fromJson gives), false otherwise. It names no error:
/// when it answers false, the caller runs fromJson on Qt's parse of the same text for the message.
bool fromJsonFast(const SchemaNode *node, const simdjson::dom::element &json, QVariant *out);

/// A field default (Avro JSON default encoding) as a Qt value tree.
QVariant fromDefault(const SchemaNode *node, const QJsonValue &json);

} // namespace taskstream::events::datum

#pragma once

// Private: conversions between the Avro-shaped Qt value tree of Event, avro-c values and plain JSON,
// guided by the schema tree. Only core/events .cpp files include this header.

#include "events/AvroSchema_p.h"
#include "events/EventErrors.h"

#include <QJsonValue>
#include <QVariant>

namespace taskstream::events::datum {

/// Fills \a dest (an avro-c value of \a node's schema) from \a value. Returns an error message or "".
QString toAvro(avro_value_t *dest, const SchemaNode *node, const QVariant &value, const QString &path);

/// Reads \a src into the Qt value tree of the reader schema \a reader. \a src is either of the
/// reader's shape (avro-c resolved it) or of the writer's shape (fields looked up by name, reader
/// fields the writer lacks take the reader's default).
QVariant fromAvro(const avro_value_t *src, const SchemaNode *reader, const QString &path, DecodeError *error);

/// The plain JSON view: timestamp-millis as ISO-8601 UTC strings, unions as their bare value.
QJsonValue toJson(const SchemaNode *node, const QVariant &value);

/// Parses the plain JSON view back, naming missing or mistyped fields.
QVariant fromJson(const SchemaNode *node, const QJsonValue &json, const QString &path, DecodeError *error);

/// A field default (Avro JSON default encoding) as a Qt value tree.
QVariant fromDefault(const SchemaNode *node, const QJsonValue &json);

} // namespace taskstream::events::datum

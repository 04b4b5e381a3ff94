#include "events/AvroDatum_p.h"

#include <map>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUuid>
#include <QVarLengthArray>

#include <simdjson.h>

namespace taskstream::events::datum {

QString FieldPath::toString() const
{
    const QString parent = m_parent ? m_parent->toString() : QString();
    if (m_index >= 0)
        return parent + u'[' + QString::number(m_index) + u']';
    const QString name = m_name ? *m_name : QString();
    return parent.isEmpty() ? name : name.isEmpty() ? parent : parent + u'.' + name;
}

namespace {

QString typeNameOf(const QVariant &v)
{
    return v.isValid() ? QString::fromLatin1(v.typeName()) : QStringLiteral("null");
}

bool isInteger(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short:
        return true;
    default:
        return false;
    }
}

bool isList(const QVariant &v)
{
    return v.typeId() == QMetaType::QVariantList || v.typeId() == QMetaType::QStringList;
}

// Which branch of a union a Qt value belongs to; -1 if none.
int branchFor(const SchemaNode *u, const QVariant &v)
{
    for (int i = 0; i < u->branches.size(); ++i) {
        const SchemaNode *b = u->branches.at(i);
        switch (b->kind) {
        case SchemaNode::Null:
            if (!v.isValid())
                return i;
            break;
        case SchemaNode::Boolean:
            if (v.typeId() == QMetaType::Bool)
                return i;
            break;
        case SchemaNode::Int:
        case SchemaNode::Long:
            if (isInteger(v))
                return i;
            break;
        case SchemaNode::Float:
        case SchemaNode::Double:
            if (isInteger(v) || v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float)
                return i;
            break;
        case SchemaNode::String:
        case SchemaNode::Enum:
            if (v.typeId() == QMetaType::QString)
                return i;
            break;
        case SchemaNode::Bytes:
        case SchemaNode::Fixed:
            if (v.typeId() == QMetaType::QByteArray)
                return i;
            break;
        case SchemaNode::Array:
            if (isList(v))
                return i;
            break;
        case SchemaNode::Map:
        case SchemaNode::Record:
            if (v.typeId() == QMetaType::QVariantMap)
                return i;
            break;
        case SchemaNode::Union:
            break;
        }
    }
    return -1;
}

QString expected(const SchemaNode *node, const QVariant &v, const FieldPath &path)
{
    return QStringLiteral("field %1: expected %2, got %3").arg(path.toString(), node->describe(), typeNameOf(v));
}

} // namespace

QString toAvro(avro_value_t *dest, const SchemaNode *node, const QVariant &v, const FieldPath &path)
{
    switch (node->kind) {
    case SchemaNode::Null:
        if (v.isValid())
            return expected(node, v, path);
        return avro_value_set_null(dest) == 0 ? QString() : avroLastError();
    case SchemaNode::Boolean:
        if (v.typeId() != QMetaType::Bool)
            return expected(node, v, path);
        avro_value_set_boolean(dest, v.toBool() ? 1 : 0);
        return {};
    case SchemaNode::Int:
        if (!isInteger(v))
            return expected(node, v, path);
        avro_value_set_int(dest, int32_t(v.toLongLong()));
        return {};
    case SchemaNode::Long:
        if (!isInteger(v))
            return expected(node, v, path);
        avro_value_set_long(dest, int64_t(v.toLongLong()));
        return {};
    case SchemaNode::Float:
    case SchemaNode::Double:
        if (!isInteger(v) && v.typeId() != QMetaType::Double && v.typeId() != QMetaType::Float)
            return expected(node, v, path);
        if (node->kind == SchemaNode::Float)
            avro_value_set_float(dest, v.toFloat());
        else
            avro_value_set_double(dest, v.toDouble());
        return {};
    case SchemaNode::String: {
        if (v.typeId() != QMetaType::QString)
            return expected(node, v, path);
        const QByteArray utf8 = v.toString().toUtf8();
        // avro-c counts the terminating NUL in string sizes.
        avro_value_set_string_len(dest, utf8.constData(), size_t(utf8.size()) + 1);
        return {};
    }
    case SchemaNode::Bytes:
    case SchemaNode::Fixed: {
        if (v.typeId() != QMetaType::QByteArray)
            return expected(node, v, path);
        QByteArray bytes = v.toByteArray();
        if (node->kind == SchemaNode::Fixed) {
            if (bytes.size() != node->size)
                return QStringLiteral("field %1: fixed %2 needs %3 bytes, got %4")
                    .arg(path.toString(), node->fullName)
                    .arg(node->size)
                    .arg(bytes.size());
            return avro_value_set_fixed(dest, bytes.data(), size_t(bytes.size())) == 0 ? QString() : avroLastError();
        }
        return avro_value_set_bytes(dest, bytes.data(), size_t(bytes.size())) == 0 ? QString() : avroLastError();
    }
    case SchemaNode::Enum: {
        const int index = node->symbols.indexOf(v.toString());
        if (v.typeId() != QMetaType::QString)
            return expected(node, v, path);
        if (index < 0)
            return QStringLiteral("field %1: '%2' is not a symbol of enum %3 (%4)")
                .arg(path.toString(), v.toString(), node->fullName, node->symbols.join(u'/'));
        avro_value_set_enum(dest, index);
        return {};
    }
    case SchemaNode::Array: {
        if (!isList(v))
            return expected(node, v, path);
        const QVariantList list = v.toList();
        for (int i = 0; i < list.size(); ++i) {
            avro_value_t child;
            if (avro_value_append(dest, &child, nullptr) != 0)
                return avroLastError();
            const QString e = toAvro(&child, node->items, list.at(i), FieldPath(path, qsizetype(i)));
            if (!e.isEmpty())
                return e;
        }
        return {};
    }
    case SchemaNode::Map: {
        if (v.typeId() != QMetaType::QVariantMap)
            return expected(node, v, path);
        const QVariantMap map = v.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            avro_value_t child;
            if (avro_value_add(dest, it.key().toUtf8().constData(), &child, nullptr, nullptr) != 0)
                return avroLastError();
            const QString e = toAvro(&child, node->items, it.value(), FieldPath(path, it.key()));
            if (!e.isEmpty())
                return e;
        }
        return {};
    }
    case SchemaNode::Union: {
        const int b = branchFor(node, v);
        if (b < 0)
            return expected(node, v, path);
        avro_value_t branch;
        if (avro_value_set_branch(dest, b, &branch) != 0)
            return avroLastError();
        return toAvro(&branch, node->branches.at(b), v, path);
    }
    case SchemaNode::Record: {
        if (v.typeId() != QMetaType::QVariantMap)
            return expected(node, v, path);
        const QVariantMap map = v.toMap();
        for (int i = 0; i < node->fields.size(); ++i) {
            const SchemaNode::Field &f = node->fields.at(i);
            const FieldPath fp(path, f.name);
            avro_value_t child;
            if (avro_value_get_by_index(dest, size_t(i), &child, nullptr) != 0)
                return avroLastError();
            QVariant fv;
            if (map.contains(f.name))
                fv = map.value(f.name);
            else if (f.hasDefault)
                fv = fromDefault(f.type, f.defaultValue);
            else
                return QStringLiteral("field %1 (%2) is missing and has no default")
                    .arg(fp.toString(), f.type->describe());
            const QString e = toAvro(&child, f.type, fv, fp);
            if (!e.isEmpty())
                return e;
        }
        return {};
    }
    }
    return QStringLiteral("field %1: unsupported schema").arg(path.toString());
}

namespace {

bool kindMatches(const SchemaNode *reader, avro_type_t t, const avro_value_t *src)
{
    switch (reader->kind) {
    case SchemaNode::Null:
        return t == AVRO_NULL;
    case SchemaNode::Boolean:
        return t == AVRO_BOOLEAN;
    case SchemaNode::Int:
        return t == AVRO_INT32;
    case SchemaNode::Long:
        return t == AVRO_INT32 || t == AVRO_INT64;
    case SchemaNode::Float:
        return t == AVRO_INT32 || t == AVRO_INT64 || t == AVRO_FLOAT;
    case SchemaNode::Double:
        return t == AVRO_INT32 || t == AVRO_INT64 || t == AVRO_FLOAT || t == AVRO_DOUBLE;
    case SchemaNode::String:
        return t == AVRO_STRING || t == AVRO_BYTES;
    case SchemaNode::Bytes:
        return t == AVRO_BYTES || t == AVRO_STRING;
    case SchemaNode::Array:
        return t == AVRO_ARRAY;
    case SchemaNode::Map:
        return t == AVRO_MAP;
    case SchemaNode::Union:
        return true;
    case SchemaNode::Enum:
    case SchemaNode::Fixed:
    case SchemaNode::Record: {
        if ((reader->kind == SchemaNode::Enum && t != AVRO_ENUM) ||
            (reader->kind == SchemaNode::Fixed && t != AVRO_FIXED) ||
            (reader->kind == SchemaNode::Record && t != AVRO_RECORD))
            return false;
        avro_schema_t s = avro_value_get_schema(src);
        const char *space = avro_schema_namespace(s);
        const QString name = QString::fromUtf8(avro_schema_name(s));
        const QString full = space && *space ? QString::fromUtf8(space) + u'.' + name : name;
        return full == reader->fullName || reader->aliases.contains(full) || reader->fullName.endsWith(u'.' + name);
    }
    }
    return false;
}

QString describeAvroType(avro_type_t t)
{
    switch (t) {
    case AVRO_STRING:
        return QStringLiteral("string");
    case AVRO_BYTES:
        return QStringLiteral("bytes");
    case AVRO_INT32:
        return QStringLiteral("int");
    case AVRO_INT64:
        return QStringLiteral("long");
    case AVRO_FLOAT:
        return QStringLiteral("float");
    case AVRO_DOUBLE:
        return QStringLiteral("double");
    case AVRO_BOOLEAN:
        return QStringLiteral("boolean");
    case AVRO_NULL:
        return QStringLiteral("null");
    case AVRO_RECORD:
        return QStringLiteral("record");
    case AVRO_ENUM:
        return QStringLiteral("enum");
    case AVRO_FIXED:
        return QStringLiteral("fixed");
    case AVRO_MAP:
        return QStringLiteral("map");
    case AVRO_ARRAY:
        return QStringLiteral("array");
    case AVRO_UNION:
        return QStringLiteral("union");
    default:
        return QStringLiteral("link");
    }
}

QVariant fail(DecodeError *error, DecodeError::Code code, const QString &message)
{
    if (error && !error->isError())
        *error = {code, message};
    return {};
}

bool checkLogical(const SchemaNode *node, const QString &s)
{
    if (node->logicalType == QLatin1String("uuid")) {
        // The canonical 8-4-4-4-12 text form only (what QUuid::fromString reads at 36 characters,
        // checked in place: this runs for every id of every decoded event).
        if (s.size() != 36)
            return false;
        for (int i = 0; i < 36; ++i) {
            const char16_t c = s.at(i).unicode();
            const bool ok = i == 8 || i == 13 || i == 18 || i == 23
                                ? c == u'-'
                                : (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
            if (!ok)
                return false;
        }
    }
    return true;
}

} // namespace

QVariant fromAvro(const avro_value_t *src, const SchemaNode *reader, const FieldPath &path, DecodeError *error)
{
    avro_value_t *v = const_cast<avro_value_t *>(src); // avro-c's getters take non-const values
    const avro_type_t t = avro_value_get_type(v);

    if (t == AVRO_UNION) {
        avro_value_t branch;
        if (avro_value_get_current_branch(v, &branch) != 0)
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: union without a branch").arg(path.toString()));
        return fromAvro(&branch, reader, path, error);
    }
    if (reader->kind == SchemaNode::Union) {
        for (const SchemaNode *b : reader->branches) {
            if (kindMatches(b, t, v))
                return fromAvro(src, b, path, error);
        }
        return fail(error, DecodeError::IncompatibleSchema,
                    QStringLiteral("field %1: writer's %2 is not in reader's %3")
                        .arg(path.toString(), describeAvroType(t), reader->describe()));
    }
    if (!kindMatches(reader, t, v))
        return fail(error, DecodeError::IncompatibleSchema,
                    QStringLiteral("field %1: writer's %2 cannot be read as %3")
                        .arg(path.toString(), describeAvroType(t), reader->describe()));

    switch (t) {
    case AVRO_NULL:
        return {};
    case AVRO_BOOLEAN: {
        int b = 0;
        avro_value_get_boolean(v, &b);
        return bool(b);
    }
    case AVRO_INT32: {
        int32_t i = 0;
        avro_value_get_int(v, &i);
        return reader->kind == SchemaNode::Float || reader->kind == SchemaNode::Double ? QVariant(double(i))
                                                                                       : QVariant(qint64(i));
    }
    case AVRO_INT64: {
        int64_t i = 0;
        avro_value_get_long(v, &i);
        return reader->kind == SchemaNode::Float || reader->kind == SchemaNode::Double ? QVariant(double(i))
                                                                                       : QVariant(qint64(i));
    }
    case AVRO_FLOAT: {
        float f = 0;
        avro_value_get_float(v, &f);
        return double(f);
    }
    case AVRO_DOUBLE: {
        double d = 0;
        avro_value_get_double(v, &d);
        return d;
    }
    case AVRO_STRING:
    case AVRO_BYTES: {
        const char *data = nullptr;
        size_t size = 0;
        if (t == AVRO_STRING) {
            avro_value_get_string(v, &data, &size);
            size = size > 0 ? size - 1 : 0; // drop avro-c's NUL
        } else {
            const void *bytes = nullptr;
            avro_value_get_bytes(v, &bytes, &size);
            data = static_cast<const char *>(bytes);
        }
        if (reader->kind == SchemaNode::Bytes)
            return QByteArray(data, qsizetype(size));
        // Strings Taskstream would not store: not UTF-8 (an encoded lone surrogate among others) or a NUL.
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString s = utf8.decode(QByteArrayView(data, qsizetype(size)));
        if (utf8.hasError())
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: the string is not UTF-8 (an encoded surrogate among others)")
                            .arg(path.toString()));
        if (s.contains(QChar(0)))
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: the string holds a NUL character").arg(path.toString()));
        if (!checkLogical(reader, s))
            return fail(
                error, DecodeError::InvalidValue,
                QStringLiteral("field %1: '%2' is not a %3").arg(path.toString(), s.left(40), reader->logicalType));
        return s;
    }
    case AVRO_FIXED: {
        const void *bytes = nullptr;
        size_t size = 0;
        avro_value_get_fixed(v, &bytes, &size);
        return QByteArray(static_cast<const char *>(bytes), qsizetype(size));
    }
    case AVRO_ENUM: {
        int index = 0;
        avro_value_get_enum(v, &index);
        // avro-c reads any enum index without a bounds check, and looking such an index up reads
        // past its symbol table: check before touching it.
        const int count = avro_schema_enum_number_of_symbols(avro_value_get_schema(v));
        if (index < 0 || index >= count)
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: enum index %2 out of range (%3 symbols)")
                            .arg(path.toString())
                            .arg(index)
                            .arg(count));
        const char *symbol = avro_schema_enum_get(avro_value_get_schema(v), index);
        const QString s = symbol ? QString::fromUtf8(symbol) : QString();
        if (!reader->symbols.contains(s))
            return fail(error, DecodeError::IncompatibleSchema,
                        QStringLiteral("field %1: symbol '%2' is not in reader's enum %3")
                            .arg(path.toString(), s, reader->fullName));
        return s;
    }
    case AVRO_ARRAY:
    case AVRO_MAP: {
        size_t count = 0;
        avro_value_get_size(v, &count);
        QVariantList list;
        QVariantMap map;
        for (size_t i = 0; i < count; ++i) {
            avro_value_t child;
            const char *key = nullptr;
            avro_value_get_by_index(v, i, &child, &key);
            const QString name = t == AVRO_ARRAY ? QString() : QString::fromUtf8(key);
            const QVariant item = t == AVRO_ARRAY
                                      ? fromAvro(&child, reader->items, FieldPath(path, qsizetype(i)), error)
                                      : fromAvro(&child, reader->items, FieldPath(path, name), error);
            if (error && error->isError())
                return {};
            if (t == AVRO_ARRAY)
                list << item;
            else
                map.insert(name, item);
        }
        return t == AVRO_ARRAY ? QVariant(list) : QVariant(map);
    }
    case AVRO_RECORD: {
        // Read in schema order (the first error named is the first field's), then put into the
        // map in key order at its end, where its tree need not search.
        QVarLengthArray<QVariant, 24> values(reader->fields.size());
        for (qsizetype i = 0; i < reader->fields.size(); ++i) {
            const SchemaNode::Field &f = reader->fields.at(i);
            const FieldPath fp(path, f.name);
            avro_value_t child;
            size_t index = 0;
            if (avro_value_get_by_name(v, f.nameUtf8.constData(), &child, &index) == 0) {
                values[i] = fromAvro(&child, f.type, fp, error);
                if (error && error->isError())
                    return {};
            } else if (f.hasDefault) {
                values[i] = fromDefault(f.type, f.defaultValue);
            } else {
                return fail(error, DecodeError::IncompatibleSchema,
                            QStringLiteral("field %1: the writer schema lacks it and the reader has no default")
                                .arg(fp.toString()));
            }
        }
        QVariantMap map;
        for (const int i : reader->fieldsByName)
            map.insert(map.cend(), reader->fields.at(i).name, values[i]);
        return map;
    }
    default:
        return fail(error, DecodeError::IncompatibleSchema,
                    QStringLiteral("field %1: unsupported Avro type").arg(path.toString()));
    }
}

QVariant fromDefault(const SchemaNode *node, const QJsonValue &json)
{
    switch (node->kind) {
    case SchemaNode::Null:
        return {};
    case SchemaNode::Boolean:
        return json.toBool();
    case SchemaNode::Int:
    case SchemaNode::Long:
        return qint64(json.toDouble());
    case SchemaNode::Float:
    case SchemaNode::Double:
        return json.toDouble();
    case SchemaNode::String:
    case SchemaNode::Enum:
        return json.toString();
    case SchemaNode::Bytes:
    case SchemaNode::Fixed:
        return json.toString().toLatin1();
    case SchemaNode::Union:
        return fromDefault(node->branches.first(), json);
    case SchemaNode::Array: {
        QVariantList list;
        for (const QJsonValue &item : json.toArray())
            list << fromDefault(node->items, item);
        return list;
    }
    case SchemaNode::Map: {
        QVariantMap map;
        const QJsonObject obj = json.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it)
            map.insert(it.key(), fromDefault(node->items, it.value()));
        return map;
    }
    case SchemaNode::Record: {
        QVariantMap map;
        const QJsonObject obj = json.toObject();
        for (const SchemaNode::Field &f : node->fields)
            map.insert(f.name, fromDefault(f.type, obj.contains(f.name) ? obj.value(f.name) : f.defaultValue));
        return map;
    }
    }
    return {};
}

namespace {

bool isTimestamp(const SchemaNode *node)
{
    return node->kind == SchemaNode::Long && (node->logicalType == QLatin1String("timestamp-millis") ||
                                              node->logicalType == QLatin1String("local-timestamp-millis"));
}

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("nothing");
    }
}

QVariant wrongType(DecodeError *error, const SchemaNode *node, const QJsonValue &json, const FieldPath &path)
{
    return fail(error, DecodeError::WrongType,
                QStringLiteral("field %1: expected %2%3, got JSON %4")
                    .arg(path.toString(), node->describe(),
                         isTimestamp(node) ? QStringLiteral(" (ISO-8601 timestamp string)") : QString(),
                         jsonTypeName(json)));
}

} // namespace

QJsonValue toJson(const SchemaNode *node, const QVariant &v)
{
    switch (node->kind) {
    case SchemaNode::Null:
        return QJsonValue::Null;
    case SchemaNode::Boolean:
        return v.toBool();
    case SchemaNode::Int:
    case SchemaNode::Long:
        if (isTimestamp(node))
            return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC).toString(Qt::ISODateWithMs);
        return v.toLongLong();
    case SchemaNode::Float:
    case SchemaNode::Double:
        return v.toDouble();
    case SchemaNode::String:
    case SchemaNode::Enum:
        return v.toString();
    case SchemaNode::Bytes:
    case SchemaNode::Fixed:
        return QString::fromLatin1(v.toByteArray().toBase64());
    case SchemaNode::Union: {
        const int b = branchFor(node, v);
        return b < 0 ? QJsonValue(QJsonValue::Null) : toJson(node->branches.at(b), v);
    }
    case SchemaNode::Array: {
        QJsonArray a;
        for (const QVariant &item : v.toList())
            a.append(toJson(node->items, item));
        return a;
    }
    case SchemaNode::Map: {
        QJsonObject o;
        const QVariantMap map = v.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            o.insert(it.key(), toJson(node->items, it.value()));
        return o;
    }
    case SchemaNode::Record: {
        QJsonObject o;
        const QVariantMap map = v.toMap();
        for (const SchemaNode::Field &f : node->fields)
            o.insert(f.name, toJson(f.type, map.value(f.name)));
        return o;
    }
    }
    return {};
}

QVariant fromJson(const SchemaNode *node, const QJsonValue &json, const FieldPath &path, DecodeError *error)
{
    switch (node->kind) {
    case SchemaNode::Null:
        return json.isNull() ? QVariant() : wrongType(error, node, json, path);
    case SchemaNode::Boolean:
        return json.isBool() ? QVariant(json.toBool()) : wrongType(error, node, json, path);
    case SchemaNode::Int:
    case SchemaNode::Long: {
        if (isTimestamp(node)) {
            if (!json.isString())
                return wrongType(error, node, json, path);
            const QDateTime t = QDateTime::fromString(json.toString(), Qt::ISODateWithMs);
            if (!t.isValid())
                return fail(error, DecodeError::InvalidValue,
                            QStringLiteral("field %1: '%2' is not an ISO-8601 timestamp")
                                .arg(path.toString(), json.toString().left(40)));
            return t.toMSecsSinceEpoch();
        }
        const double d = json.toDouble();
        if (!json.isDouble() || d != double(qint64(d)))
            return wrongType(error, node, json, path);
        if (node->kind == SchemaNode::Int && (d < INT32_MIN || d > INT32_MAX))
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: %2 does not fit an int").arg(path.toString()).arg(d));
        return qint64(d);
    }
    case SchemaNode::Float:
    case SchemaNode::Double:
        return json.isDouble() ? QVariant(json.toDouble()) : wrongType(error, node, json, path);
    case SchemaNode::String: {
        if (!json.isString())
            return wrongType(error, node, json, path);
        if (!checkLogical(node, json.toString()))
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: '%2' is not a %3")
                            .arg(path.toString(), json.toString().left(40), node->logicalType));
        return json.toString();
    }
    case SchemaNode::Enum:
        if (!json.isString())
            return wrongType(error, node, json, path);
        if (!node->symbols.contains(json.toString()))
            return fail(error, DecodeError::InvalidValue,
                        QStringLiteral("field %1: '%2' is not a symbol of enum %3 (%4)")
                            .arg(path.toString(), json.toString().left(40), node->fullName, node->symbols.join(u'/')));
        return json.toString();
    case SchemaNode::Bytes:
    case SchemaNode::Fixed:
        return json.isString() ? QVariant(QByteArray::fromBase64(json.toString().toLatin1()))
                               : wrongType(error, node, json, path);
    case SchemaNode::Union: {
        if (json.isNull() || json.isUndefined()) {
            for (const SchemaNode *b : node->branches) {
                if (b->kind == SchemaNode::Null)
                    return {};
            }
            return wrongType(error, node, json, path);
        }
        // The first non-null branch that accepts the value.
        for (const SchemaNode *b : node->branches) {
            if (b->kind == SchemaNode::Null)
                continue;
            DecodeError branchError;
            const QVariant v = fromJson(b, json, path, &branchError);
            if (!branchError.isError())
                return v;
            if (node->branches.size() == 2) { // ["null", X]: X's own error is the useful one
                if (error && !error->isError())
                    *error = branchError;
                return {};
            }
        }
        return wrongType(error, node, json, path);
    }
    case SchemaNode::Array: {
        if (!json.isArray())
            return wrongType(error, node, json, path);
        QVariantList list;
        const QJsonArray a = json.toArray();
        for (int i = 0; i < a.size(); ++i) {
            list << fromJson(node->items, a.at(i), FieldPath(path, qsizetype(i)), error);
            if (error && error->isError())
                return {};
        }
        return list;
    }
    case SchemaNode::Map: {
        if (!json.isObject())
            return wrongType(error, node, json, path);
        QVariantMap map;
        const QJsonObject o = json.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            map.insert(it.key(), fromJson(node->items, it.value(), FieldPath(path, it.key()), error));
            if (error && error->isError())
                return {};
        }
        return map;
    }
    case SchemaNode::Record: {
        if (!json.isObject())
            return wrongType(error, node, json, path);
        QVariantMap map;
        const QJsonObject o = json.toObject();
        for (const SchemaNode::Field &f : node->fields) {
            const FieldPath fp(path, f.name);
            if (!o.contains(f.name)) {
                if (!f.hasDefault)
                    return fail(error, DecodeError::MissingField,
                                QStringLiteral("missing field %1 (%2)").arg(fp.toString(), f.type->describe()));
                map.insert(f.name, fromDefault(f.type, f.defaultValue));
                continue;
            }
            map.insert(f.name, fromJson(f.type, o.value(f.name), fp, error));
            if (error && error->isError())
                return {};
        }
        return map;
    }
    }
    return {};
}

namespace {

/// Reads "2026-11-29T22:45:53.123Z", the form toJson writes (Qt::ISODateWithMs of a UTC time), as
/// milliseconds since the epoch; false for any other form, which QDateTime::fromString then reads.
/// QDateTime::fromString took a tenth of a JSON consumer's decoding time for this one fixed form.
bool utcMillisFromFixedIso(std::string_view s, qint64 *ms)
{
    if (s.size() != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' ||
        s[23] != 'Z')
        return false;
    auto digits = [s](int at, int count, int *value) {
        int v = 0;
        for (int i = at; i < at + count; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            v = v * 10 + (s[i] - '0');
        }
        *value = v;
        return true;
    };
    int year, month, day, hour, minute, second, milli;
    if (!digits(0, 4, &year) || !digits(5, 2, &month) || !digits(8, 2, &day) || !digits(11, 2, &hour) ||
        !digits(14, 2, &minute) || !digits(17, 2, &second) || !digits(20, 3, &milli))
        return false;
    const QDate date(year, month, day); // the calendar rules stay Qt's
    if (!date.isValid() || hour > 23 || minute > 59 || second > 59)
        return false;
    constexpr qint64 UnixEpochJulianDay = 2440588;
    *ms = (date.toJulianDay() - UnixEpochJulianDay) * 86400000 + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    return true;
}

QString utf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

bool fromJsonFast(const SchemaNode *node, const simdjson::dom::element &json, QVariant *out)
{
    using simdjson::dom::element_type;
    switch (node->kind) {
    case SchemaNode::Null:
        if (!json.is_null())
            return false;
        *out = QVariant();
        return true;
    case SchemaNode::Boolean: {
        bool b = false;
        if (json.get_bool().get(b))
            return false;
        *out = b;
        return true;
    }
    case SchemaNode::Int:
    case SchemaNode::Long: {
        qint64 v = 0;
        if (isTimestamp(node)) {
            std::string_view s;
            if (json.get_string().get(s))
                return false;
            if (!utcMillisFromFixedIso(s, &v)) {
                const QDateTime t = QDateTime::fromString(utf8(s), Qt::ISODateWithMs);
                if (!t.isValid())
                    return false;
                v = t.toMSecsSinceEpoch();
            }
            *out = v;
            return true;
        }
        switch (json.type()) {
        case element_type::INT64:
            v = json.get_int64().value_unsafe();
            break;
        case element_type::DOUBLE: { // fromJson takes a whole number written as 5.0 too
            const double d = json.get_double().value_unsafe();
            if (!(d >= -9.2e18 && d <= 9.2e18) || d != double(qint64(d)))
                return false;
            v = qint64(d);
            break;
        }
        default: // UINT64: beyond a long
            return false;
        }
        if (node->kind == SchemaNode::Int && (v < INT32_MIN || v > INT32_MAX))
            return false;
        *out = v;
        return true;
    }
    case SchemaNode::Float:
    case SchemaNode::Double: {
        double d = 0;
        if (json.get_double().get(d))
            return false;
        *out = d;
        return true;
    }
    case SchemaNode::String:
    case SchemaNode::Enum: {
        std::string_view s;
        if (json.get_string().get(s))
            return false;
        QString text = utf8(s);
        if (node->kind == SchemaNode::String ? !checkLogical(node, text) : !node->symbols.contains(text))
            return false;
        *out = std::move(text);
        return true;
    }
    case SchemaNode::Bytes:
    case SchemaNode::Fixed: {
        std::string_view s;
        if (json.get_string().get(s))
            return false;
        *out = QByteArray::fromBase64(utf8(s).toLatin1());
        return true;
    }
    case SchemaNode::Union:
        for (const SchemaNode *b : node->branches) {
            if (json.is_null() ? b->kind == SchemaNode::Null
                               : b->kind != SchemaNode::Null && fromJsonFast(b, json, out)) {
                if (b->kind == SchemaNode::Null)
                    *out = QVariant();
                return true;
            }
        }
        return false;
    case SchemaNode::Array: {
        simdjson::dom::array a;
        if (json.get_array().get(a))
            return false;
        QVariantList list;
        list.reserve(qsizetype(a.size()));
        for (simdjson::dom::element item : a) {
            QVariant v;
            if (!fromJsonFast(node->items, item, &v))
                return false;
            list.append(std::move(v));
        }
        *out = std::move(list);
        return true;
    }
    case SchemaNode::Map: {
        simdjson::dom::object o;
        if (json.get_object().get(o))
            return false;
        QVariantMap map;
        for (auto field : o) {
            QVariant v;
            if (!fromJsonFast(node->items, field.value, &v))
                return false;
            map.insert(utf8(field.key), std::move(v)); // a later duplicate replaces, as in Qt's parser
        }
        *out = std::move(map);
        return true;
    }
    case SchemaNode::Record: {
        simdjson::dom::object o;
        if (json.get_object().get(o))
            return false;
        // One pass over the members, each matched to its field; of a key given twice the last
        // counts, as in Qt's parser. Members no field names are ignored, as fromJson does.
        const qsizetype n = node->fields.size();
        QVarLengthArray<simdjson::dom::element, 24> values(n);
        QVarLengthArray<bool, 24> present(n, false);
        // Writers that sort their keys (Qt's JSON objects, so every CloudEvent this project
        // writes) give the members in the order of fieldsByName: the next field in that order is
        // tried first, and the whole list only when it is not the one.
        auto nameIs = [node](qsizetype i, std::string_view key) {
            const QByteArray &name = node->fields.at(i).nameUtf8;
            return key == std::string_view(name.constData(), size_t(name.size()));
        };
        qsizetype next = 0; // position in fieldsByName
        for (auto member : o) {
            if (next < n && nameIs(node->fieldsByName.at(next), member.key)) {
                const int i = node->fieldsByName.at(next++);
                values[i] = member.value;
                present[i] = true;
                continue;
            }
            for (qsizetype i = 0; i < n; ++i) {
                if (nameIs(i, member.key)) {
                    values[i] = member.value;
                    present[i] = true;
                    break;
                }
            }
        }
        // Inserted in key order at the end: the map's tree then never searches. Built as the
        // std::map a QVariantMap wraps, so each value is moved in, not copied.
        std::map<QString, QVariant> map;
        for (const int i : node->fieldsByName) {
            const SchemaNode::Field &f = node->fields.at(i);
            QVariant v;
            if (!present[i]) {
                if (!f.hasDefault)
                    return false;
                v = fromDefault(f.type, f.defaultValue);
            } else if (!fromJsonFast(f.type, values[i], &v)) {
                return false;
            }
            map.emplace_hint(map.end(), f.name, std::move(v));
        }
        *out = QVariantMap(std::move(map));
        return true;
    }
    }
    return false;
}

} // namespace taskstream::events::datum

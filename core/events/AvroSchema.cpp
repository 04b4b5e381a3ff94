#include "events/AvroSchema_p.h"
#include "events/Event.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSet>

namespace taskstream::events {

QString avroLastError()
{
    return QString::fromUtf8(avro_strerror()).trimmed();
}

namespace {
constexpr size_t MaxAvroAllocation = size_t(256) * 1024 * 1024;
thread_local AvroAllocationScope *t_scope = nullptr;
} // namespace

void *avroAllocate(void *, void *ptr, size_t, size_t nsize)
{
    if (nsize == 0) {
        if (t_scope && ptr)
            t_scope->m_live.remove(ptr);
        free(ptr);
        return nullptr;
    }
    if (nsize > MaxAvroAllocation)
        return nullptr; // avro-c reports ENOMEM, the decoder a named error
    void *p = realloc(ptr, nsize);
    if (p && t_scope) {
        if (ptr)
            t_scope->m_live.remove(ptr);
        t_scope->m_live.insert(p, nsize);
    }
    return p;
}

void installAvroAllocator()
{
    // avro-c's default allocator is realloc/free too, so memory from before the switch is compatible.
    static std::once_flag once;
    std::call_once(once, [] { avro_set_allocator(&avroAllocate, nullptr); });
}

AvroAllocationScope::AvroAllocationScope() : m_previous(t_scope)
{
    t_scope = this;
}

AvroAllocationScope::~AvroAllocationScope()
{
    t_scope = m_previous;
}

void AvroAllocationScope::sweep()
{
    for (auto it = m_live.cbegin(); it != m_live.cend(); ++it)
        free(it.key());
    m_live.clear();
}

AvroSchemaPrivate::~AvroSchemaPrivate()
{
    if (iface)
        avro_value_iface_decref(iface);
    if (avro)
        avro_schema_decref(avro);
}

int SchemaNode::fieldIndex(const QString &name) const
{
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).name == name)
            return i;
    }
    return -1;
}

QString SchemaNode::kindName(Kind kind)
{
    static const char *const names[] = {"null",   "boolean", "int",  "long",  "float", "double", "bytes",
                                        "string", "record",  "enum", "array", "map",   "union",  "fixed"};
    return QString::fromLatin1(names[kind]);
}

QString SchemaNode::describe() const
{
    if (isNamed())
        return kindName(kind) + u' ' + fullName;
    if (kind == Union) {
        QStringList parts;
        for (const SchemaNode *b : branches)
            parts << (b->isNamed() ? b->fullName : b->describe());
        return QStringLiteral("union [%1]").arg(parts.join(QStringLiteral(", ")));
    }
    if (kind == Array)
        return QStringLiteral("array of %1").arg(items->describe());
    if (kind == Map)
        return QStringLiteral("map of %1").arg(items->describe());
    return kindName(kind);
}

namespace {

const QHash<QString, SchemaNode::Kind> &primitiveKinds()
{
    static const QHash<QString, SchemaNode::Kind> kinds = {
        {QStringLiteral("null"), SchemaNode::Null},   {QStringLiteral("boolean"), SchemaNode::Boolean},
        {QStringLiteral("int"), SchemaNode::Int},     {QStringLiteral("long"), SchemaNode::Long},
        {QStringLiteral("float"), SchemaNode::Float}, {QStringLiteral("double"), SchemaNode::Double},
        {QStringLiteral("bytes"), SchemaNode::Bytes}, {QStringLiteral("string"), SchemaNode::String},
    };
    return kinds;
}

// Builds the schema tree from JSON, resolving names against the enclosing namespace as the
// specification describes.
class TreeBuilder
{
public:
    explicit TreeBuilder(AvroSchemaPrivate &d) : m_d(d) {}

    const SchemaNode *parse(const QJsonValue &json, const QString &ns)
    {
        if (++m_depth > 64)
            return fail(QStringLiteral("schema nested deeper than 64 levels"));
        const SchemaNode *node = parseInner(json, ns);
        --m_depth;
        return node;
    }

    QString error;

private:
    const SchemaNode *fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
        return nullptr;
    }

    SchemaNode *make(SchemaNode::Kind kind)
    {
        m_d.nodes.push_back(std::make_unique<SchemaNode>());
        m_d.nodes.back()->kind = kind;
        return m_d.nodes.back().get();
    }

    static QString fullNameOf(const QString &name, const QString &ns)
    {
        if (name.contains(u'.') || ns.isEmpty())
            return name;
        return ns + u'.' + name;
    }

    const SchemaNode *parseInner(const QJsonValue &json, const QString &ns)
    {
        if (json.isString()) {
            const QString name = json.toString();
            const auto prim = primitiveKinds().constFind(name);
            if (prim != primitiveKinds().constEnd())
                return make(*prim);
            const QString full = fullNameOf(name, ns);
            if (const SchemaNode *named = m_named.value(full))
                return named;
            if (const SchemaNode *named = m_named.value(name))
                return named;
            return fail(QStringLiteral("unknown type name '%1'").arg(full));
        }
        if (json.isArray()) {
            SchemaNode *u = make(SchemaNode::Union);
            QSet<QString> seen;
            for (const QJsonValue &b : json.toArray()) {
                const SchemaNode *branch = parse(b, ns);
                if (!branch)
                    return nullptr;
                if (branch->kind == SchemaNode::Union)
                    return fail(QStringLiteral("a union may not directly contain a union"));
                const QString key = branch->isNamed() ? branch->fullName : SchemaNode::kindName(branch->kind);
                if (seen.contains(key))
                    return fail(QStringLiteral("union contains %1 twice").arg(key));
                seen.insert(key);
                u->branches << branch;
            }
            if (u->branches.isEmpty())
                return fail(QStringLiteral("empty union"));
            return u;
        }
        if (!json.isObject())
            return fail(QStringLiteral("a schema must be a string, an array or an object"));

        const QJsonObject obj = json.toObject();
        const QJsonValue typeValue = obj.value(QStringLiteral("type"));
        if (!typeValue.isString())
            return typeValue.isUndefined() ? fail(QStringLiteral("schema object without \"type\""))
                                           : parse(typeValue, ns);
        const QString type = typeValue.toString();
        const auto prim = primitiveKinds().constFind(type);
        if (prim != primitiveKinds().constEnd()) {
            SchemaNode *n = make(*prim);
            n->logicalType = obj.value(QStringLiteral("logicalType")).toString();
            return n;
        }
        if (type == QLatin1String("array") || type == QLatin1String("map")) {
            SchemaNode *n = make(type == QLatin1String("array") ? SchemaNode::Array : SchemaNode::Map);
            const QString key = n->kind == SchemaNode::Array ? QStringLiteral("items") : QStringLiteral("values");
            if (!obj.contains(key))
                return fail(QStringLiteral("%1 without \"%2\"").arg(type, key));
            n->items = parse(obj.value(key), ns);
            return n->items ? n : nullptr;
        }
        if (type == QLatin1String("record") || type == QLatin1String("error") || type == QLatin1String("enum") ||
            type == QLatin1String("fixed"))
            return parseNamed(obj, type, ns);
        // A bare reference written as {"type": "Name"}.
        return parse(typeValue, ns);
    }

    const SchemaNode *parseNamed(const QJsonObject &obj, const QString &type, const QString &ns)
    {
        const QString name = obj.value(QStringLiteral("name")).toString();
        if (name.isEmpty())
            return fail(QStringLiteral("%1 without a name").arg(type));
        QString space =
            obj.contains(QStringLiteral("namespace")) ? obj.value(QStringLiteral("namespace")).toString() : ns;
        const QString full = fullNameOf(name, space);
        if (name.contains(u'.'))
            space = full.left(full.lastIndexOf(u'.'));
        if (m_named.contains(full))
            return fail(QStringLiteral("type %1 defined twice").arg(full));
        SchemaNode *n = make(type == QLatin1String("enum")    ? SchemaNode::Enum
                             : type == QLatin1String("fixed") ? SchemaNode::Fixed
                                                              : SchemaNode::Record);
        n->fullName = full;
        n->logicalType = obj.value(QStringLiteral("logicalType")).toString();
        for (const QJsonValue &a : obj.value(QStringLiteral("aliases")).toArray())
            n->aliases << fullNameOf(a.toString(), space);
        m_named.insert(full, n);

        if (n->kind == SchemaNode::Enum) {
            for (const QJsonValue &s : obj.value(QStringLiteral("symbols")).toArray())
                n->symbols << s.toString();
            if (n->symbols.isEmpty())
                return fail(QStringLiteral("enum %1 without symbols").arg(full));
            return n;
        }
        if (n->kind == SchemaNode::Fixed) {
            n->size = obj.value(QStringLiteral("size")).toInt(-1);
            return n->size >= 0 ? n : fail(QStringLiteral("fixed %1 without a size").arg(full));
        }
        const QJsonValue fields = obj.value(QStringLiteral("fields"));
        if (!fields.isArray())
            return fail(QStringLiteral("record %1 without a fields array").arg(full));
        for (const QJsonValue &fv : fields.toArray()) {
            const QJsonObject fo = fv.toObject();
            SchemaNode::Field f;
            f.name = fo.value(QStringLiteral("name")).toString();
            if (f.name.isEmpty())
                return fail(QStringLiteral("record %1 has a field without a name").arg(full));
            if (n->fieldIndex(f.name) >= 0)
                return fail(QStringLiteral("record %1 has field %2 twice").arg(full, f.name));
            f.nameUtf8 = f.name.toUtf8();
            f.type = parse(fo.value(QStringLiteral("type")), space);
            if (!f.type)
                return fail(QStringLiteral("field %1 of %2").arg(f.name, full));
            f.hasDefault = fo.contains(QStringLiteral("default"));
            f.defaultValue = fo.value(QStringLiteral("default"));
            n->fields << f;
        }
        for (int i = 0; i < n->fields.size(); ++i)
            n->fieldsByName << i;
        std::sort(n->fieldsByName.begin(), n->fieldsByName.end(),
                  [n](int a, int b) { return n->fields.at(a).name < n->fields.at(b).name; });
        return n;
    }

    AvroSchemaPrivate &m_d;
    QHash<QString, const SchemaNode *> m_named;
    int m_depth = 0;
};

// Parsing Canonical Form, written by hand: avro-c 1.11 has neither the canonical form nor the
// fingerprint (both live in the Java, Python and C++ implementations only). The rules are those of
// the specification: primitives in simple form, full names, only the attributes that matter, in
// the order name, type, fields, symbols, items, values, size, no whitespace.
void writeJsonString(QByteArray &out, const QString &s)
{
    out += '"';
    for (const QChar c : s) {
        if (c == u'"' || c == u'\\') {
            out += '\\';
            out += char(c.unicode());
        } else if (c.unicode() < 0x20) {
            out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0')).toLatin1();
        } else {
            out += QString(c).toUtf8();
        }
    }
    out += '"';
}

void writeCanonical(QByteArray &out, const SchemaNode *n, QSet<QString> &written)
{
    if (n->isNamed() && written.contains(n->fullName)) {
        writeJsonString(out, n->fullName);
        return;
    }
    switch (n->kind) {
    case SchemaNode::Union:
        out += '[';
        for (int i = 0; i < n->branches.size(); ++i) {
            if (i)
                out += ',';
            writeCanonical(out, n->branches.at(i), written);
        }
        out += ']';
        return;
    case SchemaNode::Array:
    case SchemaNode::Map:
        out += n->kind == SchemaNode::Array ? R"({"type":"array","items":)" : R"({"type":"map","values":)";
        writeCanonical(out, n->items, written);
        out += '}';
        return;
    case SchemaNode::Record:
    case SchemaNode::Enum:
    case SchemaNode::Fixed: {
        written.insert(n->fullName);
        out += R"({"name":)";
        writeJsonString(out, n->fullName);
        out += R"(,"type":)";
        writeJsonString(out, SchemaNode::kindName(n->kind));
        if (n->kind == SchemaNode::Record) {
            out += R"(,"fields":[)";
            for (int i = 0; i < n->fields.size(); ++i) {
                if (i)
                    out += ',';
                out += R"({"name":)";
                writeJsonString(out, n->fields.at(i).name);
                out += R"(,"type":)";
                writeCanonical(out, n->fields.at(i).type, written);
                out += '}';
            }
            out += ']';
        } else if (n->kind == SchemaNode::Enum) {
            out += R"(,"symbols":[)";
            for (int i = 0; i < n->symbols.size(); ++i) {
                if (i)
                    out += ',';
                writeJsonString(out, n->symbols.at(i));
            }
            out += ']';
        } else {
            out += R"(,"size":)" + QByteArray::number(n->size);
        }
        out += '}';
        return;
    }
    default:
        writeJsonString(out, SchemaNode::kindName(n->kind));
    }
}

} // namespace

AvroSchema::AvroSchema() = default;

AvroSchema AvroSchema::parse(const QByteArray &json, QString *error)
{
    installAvroAllocator();
    auto setError = [error](const QString &e) {
        if (error)
            *error = e;
        return AvroSchema();
    };
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    QJsonValue root;
    if (pe.error != QJsonParseError::NoError) {
        // A bare primitive such as "string" is valid schema JSON but not a JSON document for Qt.
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + json + "]", &pe);
        if (pe.error != QJsonParseError::NoError || wrapped.array().size() != 1)
            return setError(QStringLiteral("schema is not valid JSON: %1").arg(pe.errorString()));
        root = wrapped.array().at(0);
    } else {
        root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

    auto d = std::make_shared<AvroSchemaPrivate>();
    d->text = json;
    TreeBuilder builder(*d);
    d->root = builder.parse(root, QString());
    if (!d->root)
        return setError(QStringLiteral("invalid schema: %1").arg(builder.error));
    d->fullName = d->root->fullName;
    QSet<QString> written;
    writeCanonical(d->canonical, d->root, written);
    d->fingerprint = crc64Avro(d->canonical);

    // avro-c gets the canonical form: it is what defines the binary encoding, and it keeps
    // attributes avro-c does not know (logical types, docs) out of its way.
    if (avro_schema_from_json_length(d->canonical.constData(), size_t(d->canonical.size()), &d->avro) != 0)
        return setError(QStringLiteral("avro-c rejected the schema: %1").arg(avroLastError()));
    d->iface = avro_generic_class_from_schema(d->avro);
    if (!d->iface)
        return setError(QStringLiteral("avro-c cannot build values for the schema: %1").arg(avroLastError()));

    AvroSchema s;
    s.d = std::move(d);
    return s;
}

AvroSchema AvroSchema::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    QString e;
    AvroSchema s = parse(f.readAll(), &e);
    if (!s.isValid() && error)
        *error = QStringLiteral("%1: %2").arg(path, e);
    return s;
}

bool AvroSchema::isValid() const
{
    return d != nullptr;
}
QString AvroSchema::fullName() const
{
    return d ? d->fullName : QString();
}
QByteArray AvroSchema::text() const
{
    return d ? d->text : QByteArray();
}
QByteArray AvroSchema::canonicalForm() const
{
    return d ? d->canonical : QByteArray();
}
quint64 AvroSchema::fingerprint() const
{
    return d ? d->fingerprint : 0;
}
const SchemaNode *AvroSchema::root() const
{
    return d ? d->root : nullptr;
}

quint64 AvroSchema::crc64Avro(const QByteArray &bytes)
{
    constexpr quint64 Empty = 0xc15d213aa4d7a795ULL;
    static const std::array<quint64, 256> table = [] {
        std::array<quint64, 256> t{};
        for (quint64 i = 0; i < 256; ++i) {
            quint64 fp = i;
            for (int j = 0; j < 8; ++j)
                fp = (fp >> 1) ^ (Empty & (0 - (fp & 1)));
            t[i] = fp;
        }
        return t;
    }();
    quint64 fp = Empty;
    for (const char c : bytes)
        fp = (fp >> 8) ^ table[(fp ^ quint64(quint8(c))) & 0xff];
    return fp;
}

struct SchemaStore::Data
{
    QMutex mutex;
    QHash<QString, AvroSchema> current;
    QHash<quint64, AvroSchema> byFingerprint;
};

SchemaStore::SchemaStore() : d(std::make_shared<Data>()) {}

SchemaStore SchemaStore::builtIn()
{
    // Each registered type's schema is parsed once per process; a type registered at run time
    // (EventTypes::registerType()) is parsed by the first store made after it. Every store made
    // from them shares nothing but the schemas.
    static QMutex mutex;
    static QHash<QString, AvroSchema> parsed; // full name -> schema, or invalid when broken
    static QHash<QString, QString> parsedFrom;
    static QHash<QString, AvroSchema> parsedOlder; // resource -> an earlier version's schema
    QList<AvroSchema> list, older;
    {
        QMutexLocker lock(&mutex);
        for (const EventTypeInfo &type : EventTypes::all()) {
            if (parsedFrom.value(type.fullName) != type.schemaResource || !parsed.contains(type.fullName)) {
                QString error;
                const AvroSchema s = AvroSchema::load(type.schemaResource, &error);
                if (!s.isValid())
                    qWarning("taskstream.events: schema of %s is broken (%s); fix the .avsc and rebuild",
                             qPrintable(type.fullName), qPrintable(error));
                parsed.insert(type.fullName, s);
                parsedFrom.insert(type.fullName, type.schemaResource);
            }
            if (const AvroSchema &s = parsed[type.fullName]; s.isValid())
                list << s;
            for (const QString &resource : type.olderSchemaResources) {
                if (!parsedOlder.contains(resource)) {
                    QString error;
                    const AvroSchema s = AvroSchema::load(resource, &error);
                    if (!s.isValid())
                        qWarning("taskstream.events: earlier schema %s of %s is broken (%s)", qPrintable(resource),
                                 qPrintable(type.fullName), qPrintable(error));
                    parsedOlder.insert(resource, s);
                }
                if (const AvroSchema &s = parsedOlder[resource]; s.isValid())
                    older << s;
            }
        }
    }
    SchemaStore store;
    for (const AvroSchema &s : std::as_const(older))
        store.add(s, false);
    for (const AvroSchema &s : std::as_const(list))
        store.add(s);
    return store;
}

void SchemaStore::add(const AvroSchema &schema, bool makeCurrent)
{
    if (!schema.isValid())
        return;
    QMutexLocker lock(&d->mutex);
    d->byFingerprint.insert(schema.fingerprint(), schema);
    if (makeCurrent && !schema.fullName().isEmpty())
        d->current.insert(schema.fullName(), schema);
}

AvroSchema SchemaStore::current(const QString &fullName) const
{
    QMutexLocker lock(&d->mutex);
    return d->current.value(fullName);
}

AvroSchema SchemaStore::byFingerprint(quint64 fingerprint) const
{
    QMutexLocker lock(&d->mutex);
    return d->byFingerprint.value(fingerprint);
}

QList<AvroSchema> SchemaStore::currentSchemas() const
{
    QMutexLocker lock(&d->mutex);
    return d->current.values();
}

} // namespace taskstream::events

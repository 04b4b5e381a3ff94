#pragma once

#include <memory>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace taskstream::events {

class AvroSchemaPrivate;
struct SchemaNode;

/// One parsed Avro schema (JSON text), with its Parsing Canonical Form and CRC-64-AVRO fingerprint.
/// Implicitly shared and immutable; an invalid schema (parse error) has isValid() == false.
class AvroSchema
{
public:
    AvroSchema();
    /// Parses \a json; on failure returns an invalid schema and sets \a error.
    static AvroSchema parse(const QByteArray &json, QString *error = nullptr);
    /// Loads a schema from a file or a Qt resource path.
    static AvroSchema load(const QString &path, QString *error = nullptr);

    bool isValid() const;
    QString fullName() const; ///< e.g. "com.todo.events.TaskCreated" (empty for unnamed schemas)
    QByteArray text() const;  ///< the JSON as given
    QByteArray canonicalForm() const;
    quint64 fingerprint() const; ///< CRC-64-AVRO of canonicalForm()
    /// Root of the parsed schema tree (owned by this schema; valid while a copy lives).
    const SchemaNode *root() const;

    /// CRC-64-AVRO (the Rabin fingerprint of the Avro specification) of \a bytes.
    static quint64 crc64Avro(const QByteArray &bytes);

    friend bool operator==(const AvroSchema &a, const AvroSchema &b)
    {
        return a.fingerprint() == b.fingerprint() && a.isValid() == b.isValid();
    }

private:
    friend class AvroSchemaPrivate;
    std::shared_ptr<const AvroSchemaPrivate> d;
};

/// The parsed schema tree: what the codecs, the JSON mapping and the compatibility check walk.
struct SchemaNode
{
    enum Kind { Null, Boolean, Int, Long, Float, Double, Bytes, String, Record, Enum, Array, Map, Union, Fixed };
    struct Field
    {
        QString name;
        QByteArray nameUtf8; ///< the name as UTF-8, for lookups in JSON text
        const SchemaNode *type = nullptr;
        bool hasDefault = false;
        QJsonValue defaultValue;
    };
    Kind kind = Null;
    QString logicalType;                ///< e.g. "timestamp-millis", "uuid"; empty if none
    QString fullName;                   ///< named types only
    QStringList aliases;                ///< full names, named types only
    QStringList symbols;                ///< enum
    QList<Field> fields;                ///< record
    QList<int> fieldsByName;            ///< record: indexes into fields, in the order of a QVariantMap's keys
    const SchemaNode *items = nullptr;  ///< array items or map values
    QList<const SchemaNode *> branches; ///< union
    int size = 0;                       ///< fixed

    bool isNamed() const { return kind == Record || kind == Enum || kind == Fixed; }
    int fieldIndex(const QString &name) const;
    static QString kindName(Kind kind);
    /// "string", "record com.todo.events.TaskCreated", "union [null, string]" ...
    QString describe() const;
};

/// The schemas a process knows: the current (reader) schema per event type and every schema it may
/// meet as a writer schema, by fingerprint. Implicitly shared; copies see each other's additions.
class SchemaStore
{
public:
    SchemaStore();
    /// The contracts compiled into core: each registered type's current schema, and its earlier
    /// versions as writer schemas (not the evolution samples).
    static SchemaStore builtIn();

    /// Adds \a schema as a known writer schema; with \a makeCurrent also as the reader schema of its type.
    void add(const AvroSchema &schema, bool makeCurrent = true);
    AvroSchema current(const QString &fullName) const;
    AvroSchema byFingerprint(quint64 fingerprint) const;
    QList<AvroSchema> currentSchemas() const;

private:
    struct Data;
    std::shared_ptr<Data> d;
};

} // namespace taskstream::events

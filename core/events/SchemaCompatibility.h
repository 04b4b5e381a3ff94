#pragma once

#include "events/AvroSchema.h"

#include <QStringList>

namespace taskstream::events {

/// Avro schema resolution rules as a static check: can data written with one schema be read with
/// another? Each function returns the problems found, empty when compatible.
class SchemaCompatibility
{
public:
    /// Problems a reader using \a reader has with data written using \a writer.
    static QStringList canRead(const AvroSchema &reader, const AvroSchema &writer);
    /// New readers read old data and old readers read new data (Confluent's FULL).
    static QStringList full(const AvroSchema &newer, const AvroSchema &older);

    /// Checks every .avsc under \a directory: schemas of one full name form a version history
    /// (Name.avsc is version 1, Name.vN.avsc version N, in any subfolder); each version must be
    /// fully compatible with the one before. Unparseable files are problems too.
    static QStringList checkDirectory(const QString &directory);
};

} // namespace taskstream::events

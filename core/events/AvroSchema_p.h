#pragma once

// Private: the avro-c side of AvroSchema. Only core/events .cpp files include this header.

#include "events/AvroSchema.h"

#include <memory>
#include <vector>

#include <avro.h>

namespace taskstream::events {

class AvroSchemaPrivate
{
public:
    AvroSchemaPrivate() = default;
    ~AvroSchemaPrivate();
    AvroSchemaPrivate(const AvroSchemaPrivate &) = delete;
    AvroSchemaPrivate &operator=(const AvroSchemaPrivate &) = delete;

    static const AvroSchemaPrivate *get(const AvroSchema &s) { return s.d.get(); }

    QByteArray text;
    QString fullName;
    QByteArray canonical;
    quint64 fingerprint = 0;
    std::vector<std::unique_ptr<SchemaNode>> nodes; // arena; nodes point at each other
    const SchemaNode *root = nullptr;
    avro_schema_t avro = nullptr;        // owned reference
    avro_value_iface_t *iface = nullptr; // generic value class of avro
};

/// An avro-c generic value that releases itself.
class AvroValueHolder
{
public:
    explicit AvroValueHolder(avro_value_iface_t *iface) { ok = avro_generic_value_new(iface, &value) == 0; }
    ~AvroValueHolder() { release(); }
    void release()
    {
        if (ok)
            avro_value_decref(&value);
        ok = false;
    }
    AvroValueHolder(const AvroValueHolder &) = delete;
    AvroValueHolder &operator=(const AvroValueHolder &) = delete;
    avro_value_t value;
    bool ok = false;
};

/// Installs core's allocator for avro-c (once per process; AvroSchema::parse does it). It refuses
/// single allocations above 256 MiB, so a hostile length prefix cannot make avro-c reserve gigabytes,
/// and it lets AvroAllocationScope see what a decode allocates.
void installAvroAllocator();

/// Records avro-c's allocations on this thread while alive. avro-c 1.11 leaks the string buffer
/// when a read fails half-way through a string; after a failed read, release the value and the
/// reader, then sweep() frees what that decode left behind.
class AvroAllocationScope
{
public:
    AvroAllocationScope();
    ~AvroAllocationScope();
    AvroAllocationScope(const AvroAllocationScope &) = delete;
    AvroAllocationScope &operator=(const AvroAllocationScope &) = delete;
    void sweep();

private:
    friend void *avroAllocate(void *, void *, size_t, size_t);
    QHash<void *, size_t> m_live;
    AvroAllocationScope *m_previous = nullptr;
};

/// avro-c's last error text, trimmed.
QString avroLastError();

} // namespace taskstream::events

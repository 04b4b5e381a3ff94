#pragma once

#include <QMetaType>
#include <QString>

namespace taskstream::events {

/// Why a record could not be decoded. Consumers put codeName() and message into the DLQ headers,
/// so every message names the problem (field, byte offset, schema id, ...).
struct DecodeError
{
    enum Code {
        None,
        TooLarge,           ///< payload above the configured maximum
        BadMagic,           ///< neither single-object (C3 01), Confluent (00) nor JSON
        Truncated,          ///< the Avro body ends before the datum does
        TrailingBytes,      ///< bytes left over after the datum
        UnknownSchema,      ///< fingerprint or schema id nobody knows
        IncompatibleSchema, ///< writer schema cannot be read with the reader schema
        SchemaUnavailable,  ///< schema registry unreachable: retriable, do not DLQ
        BadJson,            ///< not parseable JSON or not a CloudEvent
        MissingField,       ///< required field absent
        WrongType,          ///< field present with the wrong JSON/Avro type
        InvalidValue,       ///< right type, bad value (not a uuid, unknown enum symbol, ...)
        UnknownType,        ///< ce_type / schema name is not a registered event type
    };
    Code code = None;
    QString message;

    bool isError() const { return code != None; }
    /// Only a registry outage is worth retrying; everything else is a property of the bytes.
    bool isRetriable() const { return code == SchemaUnavailable; }
    /// Stable lower-case name for logs and DLQ headers, e.g. "truncated".
    static QString codeName(Code code);
    QString codeName() const { return codeName(code); }
};

/// Why an event could not be encoded.
struct EncodeError
{
    enum Code {
        None,
        UnknownType,         ///< the event's type is not registered
        InvalidEvent,        ///< the event's data does not match its schema
        TooLarge,            ///< encoded payload above the configured maximum
        RegistryUnavailable, ///< schema registry unreachable or failing: retriable, keep the event
        RegistryRejected,    ///< the registry refused the schema (incompatible, invalid): not retriable
    };
    Code code = None;
    QString message;

    bool isError() const { return code != None; }
    bool isRetriable() const { return code == RegistryUnavailable; }
    static QString codeName(Code code);
    QString codeName() const { return codeName(code); }
};

} // namespace taskstream::events

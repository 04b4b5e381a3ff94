#pragma once

#include "events/Actor.h"

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariantMap>

namespace taskstream::events {

/// What the codecs need to know about one event type. Adding an event type = one .avsc in
/// schemas/avro/ + one line in EventTypes.cpp (see docs/events.md).
struct EventTypeInfo
{
    QString fullName;       ///< Avro full name = CloudEvents ce_type, e.g. "com.todo.events.TaskCreated"
    QString schemaResource; ///< e.g. ":/taskstream/schemas/avro/TaskCreated.avsc"
    QString topic;          ///< topic it is published to
    QString keyField;       ///< field of the record whose value is the Kafka key
    /// Earlier versions of the schema: still known as writer schemas, so records written with them
    /// (in the outbox, the topics, a DLQ) decode, the new fields taking their defaults.
    QStringList olderSchemaResources = {};
};

/// The registry of event types.
class EventTypes
{
public:
    static QList<EventTypeInfo> all();
    static std::optional<EventTypeInfo> find(const QString &fullName);
    /// Registers (or replaces) a type at run time, e.g. one a plugin brings along.
    static void registerType(const EventTypeInfo &info);
};

/// Any event: its type (Avro full name) and its data as an Avro-shaped Qt value tree:
/// record -> QVariantMap, string/enum/uuid -> QString, long/timestamp-millis -> qint64,
/// boolean -> bool, array -> QVariantList, null -> invalid QVariant. The typed structs in
/// TaskEvents.h convert to and from it.
class Event
{
public:
    Event() = default;
    Event(const QString &type, const QVariantMap &data) : m_type(type), m_data(data) {}

    bool isNull() const { return m_type.isEmpty(); }
    QString type() const { return m_type; }
    QVariantMap data() const { return m_data; }
    QUuid eventId() const { return QUuid::fromString(m_data.value(QStringLiteral("event_id")).toString()); }
    QDateTime occurredAt() const
    {
        return QDateTime::fromMSecsSinceEpoch(m_data.value(QStringLiteral("occurred_at")).toLongLong(), Qt::UTC);
    }
    /// The Kafka key (UTF-8 of the registered key field), or null for an unknown type.
    QByteArray key() const;
    /// The topic the type is registered for.
    QString topic() const;
    /// Who made it happen (CloudEvents extensions ce_actor / ce_actorsource); empty when unknown.
    /// Metadata beside the data: not part of the Avro payload, nor of ==.
    const Actor &actor() const { return m_actor; }
    void setActor(const Actor &actor) { m_actor = actor; }

    template <class T> static Event from(const T &typed)
    {
        return Event(QString::fromLatin1(T::TypeName), typed.toRecord());
    }
    /// The typed event, if this is a T.
    template <class T> std::optional<T> as() const
    {
        if (m_type != QLatin1String(T::TypeName))
            return std::nullopt;
        return T::fromRecord(m_data);
    }

    friend bool operator==(const Event &a, const Event &b) { return a.m_type == b.m_type && a.m_data == b.m_data; }
    friend bool operator!=(const Event &a, const Event &b) { return !(a == b); }

private:
    QString m_type;
    QVariantMap m_data;
    Actor m_actor;
};

} // namespace taskstream::events

Q_DECLARE_METATYPE(taskstream::events::Event)

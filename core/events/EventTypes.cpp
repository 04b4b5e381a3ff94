#include "events/Event.h"
#include "events/EventTypes_p.h"

#include <QMutex>

namespace taskstream::events {

namespace {

/// A type whose schema is schemas/avro/<name>.avsc.
EventTypeInfo builtIn(const char *name, const char *topic, const char *keyField)
{
    return {QStringLiteral("com.todo.events.") + QLatin1String(name),
            QStringLiteral(":/taskstream/schemas/avro/%1.avsc").arg(QLatin1String(name)), QLatin1String(topic),
            QLatin1String(keyField)};
}

// A type whose schema has versions: \a version is the current one (Name.vN.avsc), the earlier
// ones stay known as writer schemas (Name.avsc is version 1).
EventTypeInfo versioned(const char *name, int version, const char *topic, const char *keyField)
{
    EventTypeInfo info = builtIn(name, topic, keyField);
    const QString base = QStringLiteral(":/taskstream/schemas/avro/%1").arg(QLatin1String(name));
    info.schemaResource = base + QStringLiteral(".v%1.avsc").arg(version);
    info.olderSchemaResources << base + QStringLiteral(".avsc");
    for (int v = 2; v < version; ++v)
        info.olderSchemaResources << base + QStringLiteral(".v%1.avsc").arg(v);
    return info;
}

struct Registry
{
    QMutex mutex;
    QList<EventTypeInfo> types = {
        // One line per event type; the key field follows the topic catalog.
        versioned("TaskCreated", 2, "todo.tasks.events", "id"), // v2: recurrence_anchor
        versioned("TaskUpdated", 2, "todo.tasks.events", "id"), // v2: recurrence_anchor
        builtIn("TaskCompleted", "todo.tasks.events", "id"),
        builtIn("TaskDeleted", "todo.tasks.events", "id"),
        builtIn("ReminderScheduled", "todo.reminders.events", "reminder_id"),
        builtIn("ReminderTriggered", "todo.reminders.events", "reminder_id"),
        versioned("ReminderDismissed", 2, "todo.reminders.events", "reminder_id"), // v2: reason
        builtIn("TaskChanged", "todo.task_updates.broadcast", "user_id"),
        builtIn("NotificationCreated", "todo.task_updates.broadcast", "user_id"),
    };
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

QList<EventTypeInfo> EventTypes::all()
{
    QMutexLocker lock(&registry().mutex);
    return registry().types;
}

std::optional<EventTypeInfo> EventTypes::find(const QString &fullName)
{
    QMutexLocker lock(&registry().mutex);
    for (const EventTypeInfo &t : std::as_const(registry().types)) {
        if (t.fullName == fullName)
            return t;
    }
    return std::nullopt;
}

bool detail::isRegisteredType(const QString &fullName)
{
    QMutexLocker lock(&registry().mutex);
    for (const EventTypeInfo &t : std::as_const(registry().types)) {
        if (t.fullName == fullName)
            return true;
    }
    return false;
}

void EventTypes::registerType(const EventTypeInfo &info)
{
    QMutexLocker lock(&registry().mutex);
    for (EventTypeInfo &t : registry().types) {
        if (t.fullName == info.fullName) {
            t = info;
            return;
        }
    }
    registry().types << info;
}

QByteArray Event::key() const
{
    const auto type = EventTypes::find(m_type);
    if (!type)
        return {};
    return m_data.value(type->keyField).toString().toUtf8();
}

QString Event::topic() const
{
    const auto type = EventTypes::find(m_type);
    return type ? type->topic : QString();
}

} // namespace taskstream::events

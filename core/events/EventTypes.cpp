#include "events/Event.h"

#include <QMutex>

namespace taskstream::events {

namespace {

/// A type whose current schema is schemas/avro/<name>.avsc (version 1) or <name>.v<version>.avsc;
/// SchemaStore::builtIn() knows the earlier versions next to it as writer schemas.
EventTypeInfo builtIn(const char *name, const char *topic, const char *keyField, int version = 1)
{
    const QString file = version > 1 ? QStringLiteral("%1.v%2.avsc").arg(QLatin1String(name)).arg(version)
                                     : QStringLiteral("%1.avsc").arg(QLatin1String(name));
    return {QStringLiteral("com.todo.events.") + QLatin1String(name),
            QStringLiteral(":/taskstream/schemas/avro/") + file, QLatin1String(topic), QLatin1String(keyField)};
}

struct Registry
{
    QMutex mutex;
    QList<EventTypeInfo> types = {
        // One line per event type; the key field follows the topic catalog.
        builtIn("TaskCreated", "todo.tasks.events", "id", 2), // v2: recurrence_anchor
        builtIn("TaskUpdated", "todo.tasks.events", "id", 2), // v2: recurrence_anchor
        builtIn("TaskCompleted", "todo.tasks.events", "id"),
        builtIn("TaskDeleted", "todo.tasks.events", "id"),
        builtIn("ReminderScheduled", "todo.reminders.events", "reminder_id"),
        builtIn("ReminderTriggered", "todo.reminders.events", "reminder_id"),
        builtIn("ReminderDismissed", "todo.reminders.events", "reminder_id"),
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

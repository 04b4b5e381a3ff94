#pragma once

#include "events/Event.h"

#include <optional>

#include <QDateTime>
#include <QStringList>
#include <QUuid>

namespace taskstream::events {

// Typed value types for the eight event contracts in schemas/avro/. Each has TypeName (the Avro full
// name), toRecord() and fromRecord() to and from the Avro-shaped data of Event; use Event::from() and
// Event::as<T>(). Timestamps are UTC with millisecond precision (timestamp-millis).

enum class Priority { Low, Medium, High };
enum class ChangeType { Created, Updated, Completed, Deleted };

/// Fields every event carries.
struct EventHeader
{
    QUuid eventId;
    QDateTime occurredAt;
    friend bool operator==(const EventHeader &a, const EventHeader &b)
    {
        return a.eventId == b.eventId && a.occurredAt == b.occurredAt;
    }
};

/// A task's state (the fields of TaskCreated and TaskChanged's snapshot).
struct TaskFields
{
    QUuid id;
    QUuid userId;
    QString title;
    std::optional<QString> description;
    QDateTime createdAt;
    std::optional<QDateTime> dueDate;
    std::optional<Priority> priority;
    QStringList tags;
    bool isRecurringTemplate = false;
    std::optional<QString> recurrencePattern;
    friend bool operator==(const TaskFields &a, const TaskFields &b);
};

struct TaskCreated
{
    static constexpr const char TypeName[] = "com.todo.events.TaskCreated";
    EventHeader header;
    TaskFields task;
    /// What the series' next occurrence counts from: "due" or "completion" (schema version 2;
    /// events written with version 1 read as "due").
    QString recurrenceAnchor = QStringLiteral("due");
    QVariantMap toRecord() const;
    static TaskCreated fromRecord(const QVariantMap &record);
    friend bool operator==(const TaskCreated &a, const TaskCreated &b)
    {
        return a.header == b.header && a.task == b.task && a.recurrenceAnchor == b.recurrenceAnchor;
    }
};

struct TaskUpdated
{
    static constexpr const char TypeName[] = "com.todo.events.TaskUpdated";
    EventHeader header;
    QUuid id;
    QUuid userId;
    QStringList changedFields; ///< schema field names, e.g. "title", "due_date"
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<QDateTime> dueDate;
    std::optional<Priority> priority;
    std::optional<QStringList> tags;
    std::optional<bool> isRecurringTemplate;
    std::optional<QString> recurrencePattern;
    std::optional<QString> recurrenceAnchor; ///< "due" or "completion" (schema version 2)
    QVariantMap toRecord() const;
    static TaskUpdated fromRecord(const QVariantMap &record);
    friend bool operator==(const TaskUpdated &a, const TaskUpdated &b);
};

struct TaskCompleted
{
    static constexpr const char TypeName[] = "com.todo.events.TaskCompleted";
    EventHeader header;
    QUuid id;
    QUuid userId;
    QDateTime completedAt;
    bool isRecurringTemplate = false;
    std::optional<QString> recurrencePattern;
    std::optional<QDateTime> dueDate;
    QVariantMap toRecord() const;
    static TaskCompleted fromRecord(const QVariantMap &record);
    friend bool operator==(const TaskCompleted &a, const TaskCompleted &b);
};

struct TaskDeleted
{
    static constexpr const char TypeName[] = "com.todo.events.TaskDeleted";
    EventHeader header;
    QUuid id;
    QUuid userId;
    QVariantMap toRecord() const;
    static TaskDeleted fromRecord(const QVariantMap &record);
    friend bool operator==(const TaskDeleted &a, const TaskDeleted &b)
    {
        return a.header == b.header && a.id == b.id && a.userId == b.userId;
    }
};

/// Fields every reminder event carries.
struct ReminderFields
{
    QUuid reminderId;
    QUuid taskId;
    QUuid userId;
    QDateTime remindAt;
    friend bool operator==(const ReminderFields &a, const ReminderFields &b)
    {
        return a.reminderId == b.reminderId && a.taskId == b.taskId && a.userId == b.userId && a.remindAt == b.remindAt;
    }
};

struct ReminderScheduled
{
    static constexpr const char TypeName[] = "com.todo.events.ReminderScheduled";
    EventHeader header;
    ReminderFields reminder;
    std::optional<QString> title;
    QVariantMap toRecord() const;
    static ReminderScheduled fromRecord(const QVariantMap &record);
    friend bool operator==(const ReminderScheduled &a, const ReminderScheduled &b)
    {
        return a.header == b.header && a.reminder == b.reminder && a.title == b.title;
    }
};

struct ReminderTriggered
{
    static constexpr const char TypeName[] = "com.todo.events.ReminderTriggered";
    EventHeader header;
    ReminderFields reminder;
    QDateTime triggeredAt;
    bool late = false;
    QVariantMap toRecord() const;
    static ReminderTriggered fromRecord(const QVariantMap &record);
    friend bool operator==(const ReminderTriggered &a, const ReminderTriggered &b)
    {
        return a.header == b.header && a.reminder == b.reminder && a.triggeredAt == b.triggeredAt && a.late == b.late;
    }
};

struct ReminderDismissed
{
    static constexpr const char TypeName[] = "com.todo.events.ReminderDismissed";
    /// Why a reminder was dismissed (the schema's `reason`, version 2).
    struct Reason
    {
        static constexpr const char User[] = "user"; ///< its user dismissed it (API or console)
        static constexpr const char TaskCompleted[] = "task_completed";
        static constexpr const char TaskDeleted[] = "task_deleted";
        static constexpr const char DueDateChanged[] = "due_date_changed";
        static constexpr const char OffsetsChanged[] = "reminder_offsets_changed";
        /// A version 1 event, written before reasons existed (the field's default).
        static constexpr const char Unknown[] = "unknown";
    };
    EventHeader header;
    ReminderFields reminder;
    QDateTime dismissedAt;
    QString reason = QLatin1String(Reason::Unknown);
    QVariantMap toRecord() const;
    static ReminderDismissed fromRecord(const QVariantMap &record);
    friend bool operator==(const ReminderDismissed &a, const ReminderDismissed &b)
    {
        return a.header == b.header && a.reminder == b.reminder && a.dismissedAt == b.dismissedAt &&
               a.reason == b.reason;
    }
};

struct TaskChanged
{
    static constexpr const char TypeName[] = "com.todo.events.TaskChanged";
    struct Snapshot
    {
        TaskFields task;
        std::optional<QDateTime> completedAt;
        friend bool operator==(const Snapshot &a, const Snapshot &b)
        {
            return a.task == b.task && a.completedAt == b.completedAt;
        }
    };
    EventHeader header;
    QUuid userId;
    QUuid taskId;
    ChangeType changeType = ChangeType::Created;
    std::optional<Snapshot> task; ///< null when deleted
    std::optional<QUuid> sourceEventId;
    QStringList changedFields; ///< schema field names the change set
    QVariantMap toRecord() const;
    static TaskChanged fromRecord(const QVariantMap &record);
    friend bool operator==(const TaskChanged &a, const TaskChanged &b);
};

/// A notification was added to a user's in-app list (todo.task_updates.broadcast, key user_id):
/// the live feed sends it to the user's connections.
struct NotificationCreated
{
    static constexpr const char TypeName[] = "com.todo.events.NotificationCreated";
    EventHeader header;
    QUuid notificationId;
    QUuid userId;
    QString kind; ///< "reminder" or "task_changed"
    std::optional<QUuid> taskId;
    std::optional<QUuid> reminderId;
    QString title;
    QString body; ///< a JSON object's text
    QVariantMap toRecord() const;
    static NotificationCreated fromRecord(const QVariantMap &record);
    friend bool operator==(const NotificationCreated &a, const NotificationCreated &b)
    {
        return a.header == b.header && a.notificationId == b.notificationId && a.userId == b.userId &&
               a.kind == b.kind && a.taskId == b.taskId && a.reminderId == b.reminderId && a.title == b.title &&
               a.body == b.body;
    }
};

} // namespace taskstream::events

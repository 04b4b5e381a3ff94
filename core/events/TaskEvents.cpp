#include "events/TaskEvents.h"

namespace taskstream::events {

namespace {

// Record keys, spelled once.
const QString kEventId = QStringLiteral("event_id");
const QString kOccurredAt = QStringLiteral("occurred_at");
const QString kId = QStringLiteral("id");
const QString kUserId = QStringLiteral("user_id");
const QString kTitle = QStringLiteral("title");
const QString kDescription = QStringLiteral("description");
const QString kCreatedAt = QStringLiteral("created_at");
const QString kDueDate = QStringLiteral("due_date");
const QString kPriority = QStringLiteral("priority");
const QString kTags = QStringLiteral("tags");
const QString kIsRecurringTemplate = QStringLiteral("is_recurring_template");
const QString kRecurrencePattern = QStringLiteral("recurrence_pattern");
const QString kRecurrenceAnchor = QStringLiteral("recurrence_anchor");

QVariant uuid(const QUuid &u)
{
    return u.toString(QUuid::WithoutBraces);
}
QUuid toUuid(const QVariant &v)
{
    return QUuid::fromString(v.toString());
}
QVariant millis(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(qint64(0));
}
QDateTime toTime(const QVariant &v)
{
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

template <class T, class F> QVariant opt(const std::optional<T> &o, F convert)
{
    return o ? convert(*o) : QVariant();
}
QVariant optString(const std::optional<QString> &s)
{
    return opt(s, [](const QString &v) { return QVariant(v); });
}
std::optional<QString> toOptString(const QVariant &v)
{
    return v.isValid() ? std::optional<QString>(v.toString()) : std::nullopt;
}
std::optional<QDateTime> toOptTime(const QVariant &v)
{
    return v.isValid() ? std::optional<QDateTime>(toTime(v)) : std::nullopt;
}

QVariant stringList(const QStringList &l)
{
    QVariantList out;
    for (const QString &s : l)
        out << s;
    return out;
}
QStringList toStringList(const QVariant &v)
{
    QStringList out;
    for (const QVariant &s : v.toList())
        out << s.toString();
    return out;
}

const QStringList &prioritySymbols()
{
    static const QStringList s = {QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")};
    return s;
}
QVariant priorityValue(Priority p)
{
    return prioritySymbols().at(int(p));
}
std::optional<Priority> toPriority(const QVariant &v)
{
    const int i = prioritySymbols().indexOf(v.toString());
    return i < 0 ? std::nullopt : std::optional<Priority>(Priority(i));
}

const QStringList &changeSymbols()
{
    static const QStringList s = {QStringLiteral("Created"), QStringLiteral("Updated"), QStringLiteral("Completed"),
                                  QStringLiteral("Deleted")};
    return s;
}

void writeHeader(QVariantMap &r, const EventHeader &h)
{
    r.insert(kEventId, uuid(h.eventId));
    r.insert(kOccurredAt, millis(h.occurredAt));
}
EventHeader readHeader(const QVariantMap &r)
{
    return {toUuid(r.value(kEventId)), toTime(r.value(kOccurredAt))};
}

void writeTask(QVariantMap &r, const TaskFields &t)
{
    r.insert(kId, uuid(t.id));
    r.insert(kUserId, uuid(t.userId));
    r.insert(kTitle, t.title);
    r.insert(kDescription, optString(t.description));
    r.insert(kCreatedAt, millis(t.createdAt));
    r.insert(kDueDate, opt(t.dueDate, millis));
    r.insert(kPriority, opt(t.priority, priorityValue));
    r.insert(kTags, stringList(t.tags));
    r.insert(kIsRecurringTemplate, t.isRecurringTemplate);
    r.insert(kRecurrencePattern, optString(t.recurrencePattern));
}
TaskFields readTask(const QVariantMap &r)
{
    TaskFields t;
    t.id = toUuid(r.value(kId));
    t.userId = toUuid(r.value(kUserId));
    t.title = r.value(kTitle).toString();
    t.description = toOptString(r.value(kDescription));
    t.createdAt = toTime(r.value(kCreatedAt));
    t.dueDate = toOptTime(r.value(kDueDate));
    t.priority = toPriority(r.value(kPriority));
    t.tags = toStringList(r.value(kTags));
    t.isRecurringTemplate = r.value(kIsRecurringTemplate).toBool();
    t.recurrencePattern = toOptString(r.value(kRecurrencePattern));
    return t;
}

void writeReminder(QVariantMap &r, const ReminderFields &f)
{
    r.insert(QStringLiteral("reminder_id"), uuid(f.reminderId));
    r.insert(QStringLiteral("task_id"), uuid(f.taskId));
    r.insert(kUserId, uuid(f.userId));
    r.insert(QStringLiteral("remind_at"), millis(f.remindAt));
}
ReminderFields readReminder(const QVariantMap &r)
{
    return {toUuid(r.value(QStringLiteral("reminder_id"))), toUuid(r.value(QStringLiteral("task_id"))),
            toUuid(r.value(kUserId)), toTime(r.value(QStringLiteral("remind_at")))};
}

} // namespace

bool operator==(const TaskFields &a, const TaskFields &b)
{
    return a.id == b.id && a.userId == b.userId && a.title == b.title && a.description == b.description &&
           a.createdAt == b.createdAt && a.dueDate == b.dueDate && a.priority == b.priority && a.tags == b.tags &&
           a.isRecurringTemplate == b.isRecurringTemplate && a.recurrencePattern == b.recurrencePattern;
}

QVariantMap TaskCreated::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    writeTask(r, task);
    r.insert(kRecurrenceAnchor, recurrenceAnchor);
    return r;
}

TaskCreated TaskCreated::fromRecord(const QVariantMap &r)
{
    TaskCreated e{readHeader(r), readTask(r)};
    if (const QVariant a = r.value(kRecurrenceAnchor); a.isValid() && !a.isNull())
        e.recurrenceAnchor = a.toString();
    return e;
}

QVariantMap TaskUpdated::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    r.insert(kId, uuid(id));
    r.insert(kUserId, uuid(userId));
    r.insert(QStringLiteral("changed_fields"), stringList(changedFields));
    r.insert(kTitle, optString(title));
    r.insert(kDescription, optString(description));
    r.insert(kDueDate, opt(dueDate, millis));
    r.insert(kPriority, opt(priority, priorityValue));
    r.insert(kTags, opt(tags, stringList));
    r.insert(kIsRecurringTemplate, opt(isRecurringTemplate, [](bool b) { return QVariant(b); }));
    r.insert(kRecurrencePattern, optString(recurrencePattern));
    r.insert(kRecurrenceAnchor, optString(recurrenceAnchor));
    return r;
}

TaskUpdated TaskUpdated::fromRecord(const QVariantMap &r)
{
    TaskUpdated e;
    e.header = readHeader(r);
    e.id = toUuid(r.value(kId));
    e.userId = toUuid(r.value(kUserId));
    e.changedFields = toStringList(r.value(QStringLiteral("changed_fields")));
    e.title = toOptString(r.value(kTitle));
    e.description = toOptString(r.value(kDescription));
    e.dueDate = toOptTime(r.value(kDueDate));
    e.priority = toPriority(r.value(kPriority));
    if (r.value(kTags).isValid())
        e.tags = toStringList(r.value(kTags));
    if (r.value(kIsRecurringTemplate).isValid())
        e.isRecurringTemplate = r.value(kIsRecurringTemplate).toBool();
    e.recurrencePattern = toOptString(r.value(kRecurrencePattern));
    e.recurrenceAnchor = toOptString(r.value(kRecurrenceAnchor));
    return e;
}

bool operator==(const TaskUpdated &a, const TaskUpdated &b)
{
    return a.header == b.header && a.id == b.id && a.userId == b.userId && a.changedFields == b.changedFields &&
           a.title == b.title && a.description == b.description && a.dueDate == b.dueDate && a.priority == b.priority &&
           a.tags == b.tags && a.isRecurringTemplate == b.isRecurringTemplate &&
           a.recurrencePattern == b.recurrencePattern && a.recurrenceAnchor == b.recurrenceAnchor;
}

QVariantMap TaskCompleted::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    r.insert(kId, uuid(id));
    r.insert(kUserId, uuid(userId));
    r.insert(QStringLiteral("completed_at"), millis(completedAt));
    r.insert(kIsRecurringTemplate, isRecurringTemplate);
    r.insert(kRecurrencePattern, optString(recurrencePattern));
    r.insert(kDueDate, opt(dueDate, millis));
    return r;
}

TaskCompleted TaskCompleted::fromRecord(const QVariantMap &r)
{
    TaskCompleted e;
    e.header = readHeader(r);
    e.id = toUuid(r.value(kId));
    e.userId = toUuid(r.value(kUserId));
    e.completedAt = toTime(r.value(QStringLiteral("completed_at")));
    e.isRecurringTemplate = r.value(kIsRecurringTemplate).toBool();
    e.recurrencePattern = toOptString(r.value(kRecurrencePattern));
    e.dueDate = toOptTime(r.value(kDueDate));
    return e;
}

bool operator==(const TaskCompleted &a, const TaskCompleted &b)
{
    return a.header == b.header && a.id == b.id && a.userId == b.userId && a.completedAt == b.completedAt &&
           a.isRecurringTemplate == b.isRecurringTemplate && a.recurrencePattern == b.recurrencePattern &&
           a.dueDate == b.dueDate;
}

QVariantMap TaskDeleted::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    r.insert(kId, uuid(id));
    r.insert(kUserId, uuid(userId));
    return r;
}

TaskDeleted TaskDeleted::fromRecord(const QVariantMap &r)
{
    return {readHeader(r), toUuid(r.value(kId)), toUuid(r.value(kUserId))};
}

QVariantMap ReminderScheduled::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    writeReminder(r, reminder);
    r.insert(kTitle, optString(title));
    return r;
}

ReminderScheduled ReminderScheduled::fromRecord(const QVariantMap &r)
{
    return {readHeader(r), readReminder(r), toOptString(r.value(kTitle))};
}

QVariantMap ReminderTriggered::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    writeReminder(r, reminder);
    r.insert(QStringLiteral("triggered_at"), millis(triggeredAt));
    r.insert(QStringLiteral("late"), late);
    return r;
}

ReminderTriggered ReminderTriggered::fromRecord(const QVariantMap &r)
{
    return {readHeader(r), readReminder(r), toTime(r.value(QStringLiteral("triggered_at"))),
            r.value(QStringLiteral("late")).toBool()};
}

QVariantMap ReminderDismissed::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    writeReminder(r, reminder);
    r.insert(QStringLiteral("dismissed_at"), millis(dismissedAt));
    r.insert(QStringLiteral("reason"), reason);
    return r;
}

ReminderDismissed ReminderDismissed::fromRecord(const QVariantMap &r)
{
    const QString reason = r.value(QStringLiteral("reason")).toString();
    return {readHeader(r), readReminder(r), toTime(r.value(QStringLiteral("dismissed_at"))),
            reason.isEmpty() ? QString::fromLatin1(Reason::Unknown) : reason};
}

QVariantMap TaskChanged::toRecord() const
{
    QVariantMap r;
    writeHeader(r, header);
    r.insert(kUserId, uuid(userId));
    r.insert(QStringLiteral("task_id"), uuid(taskId));
    r.insert(QStringLiteral("change_type"), changeSymbols().at(int(changeType)));
    if (task) {
        QVariantMap snap;
        writeTask(snap, task->task);
        snap.insert(QStringLiteral("completed_at"), opt(task->completedAt, millis));
        r.insert(QStringLiteral("task"), snap);
    } else {
        r.insert(QStringLiteral("task"), QVariant());
    }
    r.insert(QStringLiteral("source_event_id"), opt(sourceEventId, uuid));
    r.insert(QStringLiteral("changed_fields"), stringList(changedFields));
    return r;
}

TaskChanged TaskChanged::fromRecord(const QVariantMap &r)
{
    TaskChanged e;
    e.header = readHeader(r);
    e.userId = toUuid(r.value(kUserId));
    e.taskId = toUuid(r.value(QStringLiteral("task_id")));
    e.changeType = ChangeType(qMax(0, changeSymbols().indexOf(r.value(QStringLiteral("change_type")).toString())));
    const QVariant snap = r.value(QStringLiteral("task"));
    if (snap.isValid()) {
        const QVariantMap m = snap.toMap();
        e.task = Snapshot{readTask(m), toOptTime(m.value(QStringLiteral("completed_at")))};
    }
    const QVariant source = r.value(QStringLiteral("source_event_id"));
    if (source.isValid())
        e.sourceEventId = toUuid(source);
    e.changedFields = toStringList(r.value(QStringLiteral("changed_fields")));
    return e;
}

bool operator==(const TaskChanged &a, const TaskChanged &b)
{
    return a.header == b.header && a.userId == b.userId && a.taskId == b.taskId && a.changeType == b.changeType &&
           a.task == b.task && a.sourceEventId == b.sourceEventId && a.changedFields == b.changedFields;
}

QVariantMap NotificationCreated::toRecord() const
{
    const auto optUuid = [](const std::optional<QUuid> &u) { return u ? uuid(*u) : QVariant(); };
    QVariantMap r;
    writeHeader(r, header);
    r.insert(QStringLiteral("notification_id"), uuid(notificationId));
    r.insert(kUserId, uuid(userId));
    r.insert(QStringLiteral("kind"), kind);
    r.insert(QStringLiteral("task_id"), optUuid(taskId));
    r.insert(QStringLiteral("reminder_id"), optUuid(reminderId));
    r.insert(kTitle, title);
    r.insert(QStringLiteral("body"), body);
    return r;
}

NotificationCreated NotificationCreated::fromRecord(const QVariantMap &r)
{
    const auto optUuid = [](const QVariant &v) { return v.isValid() ? std::optional<QUuid>(toUuid(v)) : std::nullopt; };
    NotificationCreated e;
    e.header = readHeader(r);
    e.notificationId = toUuid(r.value(QStringLiteral("notification_id")));
    e.userId = toUuid(r.value(kUserId));
    e.kind = r.value(QStringLiteral("kind")).toString();
    e.taskId = optUuid(r.value(QStringLiteral("task_id")));
    e.reminderId = optUuid(r.value(QStringLiteral("reminder_id")));
    e.title = r.value(kTitle).toString();
    e.body = r.value(QStringLiteral("body")).toString();
    return e;
}

} // namespace taskstream::events

#pragma once

// Sample events of every type, shared by the event tests.

#include "events/TaskEvents.h"

#include <QList>
#include <QPair>

namespace samples {

using namespace taskstream::events;

inline QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}
inline QUuid uuid(int n)
{
    return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
}
inline EventHeader header(int n)
{
    return {uuid(900 + n), at(1795000000000 + n)};
}

inline TaskFields task(bool full)
{
    TaskFields t;
    t.id = uuid(1);
    t.userId = uuid(2);
    t.title = QStringLiteral("Buy milk \u00e9\u6f22 \"quoted\"");
    t.createdAt = at(1795000000123);
    if (full) {
        t.description = QStringLiteral("two litres");
        t.dueDate = at(1795086400000);
        t.priority = Priority::High;
        t.tags = QStringList{QStringLiteral("home"), QStringLiteral("errand")};
        t.isRecurringTemplate = true;
        t.recurrencePattern = QStringLiteral("FREQ=WEEKLY;BYDAY=MO");
    }
    return t;
}

/// (row name, event) for every type, with optional fields both set and unset.
inline QList<QPair<QString, Event>> all()
{
    QList<QPair<QString, Event>> out;
    out << qMakePair(QStringLiteral("TaskCreated/full"), Event::from(TaskCreated{header(1), task(true)}));
    out << qMakePair(QStringLiteral("TaskCreated/minimal"), Event::from(TaskCreated{header(2), task(false)}));

    TaskUpdated u;
    u.header = header(3);
    u.id = uuid(1);
    u.userId = uuid(2);
    u.changedFields = QStringList{QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("tags")};
    u.title = QStringLiteral("Buy oat milk");
    u.tags = QStringList{};
    out << qMakePair(QStringLiteral("TaskUpdated"), Event::from(u));
    u.changedFields =
        QStringList{QStringLiteral("priority"), QStringLiteral("due_date"), QStringLiteral("is_recurring_template")};
    u.title.reset();
    u.tags.reset();
    u.priority = Priority::Low;
    u.dueDate = at(1);
    u.isRecurringTemplate = false;
    u.recurrencePattern = QStringLiteral("daily");
    out << qMakePair(QStringLiteral("TaskUpdated/other"), Event::from(u));

    out << qMakePair(QStringLiteral("TaskCompleted"),
                     Event::from(TaskCompleted{header(4), uuid(1), uuid(2), at(1795000005000), true,
                                               QStringLiteral("FREQ=DAILY"), at(1795000000000)}));
    out << qMakePair(QStringLiteral("TaskDeleted"), Event::from(TaskDeleted{header(5), uuid(1), uuid(2)}));
    const ReminderFields r{uuid(10), uuid(1), uuid(2), at(1795000600000)};
    out << qMakePair(QStringLiteral("ReminderScheduled"),
                     Event::from(ReminderScheduled{header(6), r, QStringLiteral("Buy milk")}));
    out << qMakePair(QStringLiteral("ReminderTriggered"),
                     Event::from(ReminderTriggered{header(7), r, at(1795000601000), true}));
    out << qMakePair(QStringLiteral("ReminderDismissed"),
                     Event::from(ReminderDismissed{header(8), r, at(1795000700000), QStringLiteral("task_completed")}));

    TaskChanged c;
    c.header = header(9);
    c.userId = uuid(2);
    c.taskId = uuid(1);
    c.changeType = ChangeType::Completed;
    c.task = TaskChanged::Snapshot{task(true), at(1795000005000)};
    c.sourceEventId = uuid(904);
    c.changedFields = QStringList{QStringLiteral("status"), QStringLiteral("completed_at")};
    out << qMakePair(QStringLiteral("TaskChanged/completed"), Event::from(c));
    c.changeType = ChangeType::Deleted;
    c.task.reset();
    c.sourceEventId.reset();
    c.changedFields.clear();
    out << qMakePair(QStringLiteral("TaskChanged/deleted"), Event::from(c));

    NotificationCreated n{header(10),
                          uuid(20),
                          uuid(2),
                          QStringLiteral("reminder"),
                          uuid(1),
                          uuid(10),
                          QStringLiteral("Buy milk"),
                          QStringLiteral(R"({"late":true})")};
    out << qMakePair(QStringLiteral("NotificationCreated/reminder"), Event::from(n));
    n.kind = QStringLiteral("task_changed");
    n.reminderId.reset(); // every notification is about a task; only reminders name a reminder
    out << qMakePair(QStringLiteral("NotificationCreated/task_changed"), Event::from(n));
    return out;
}

} // namespace samples

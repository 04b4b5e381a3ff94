#include "store/Task.h"

#include <QJsonArray>

namespace taskstream::store {

QString toIsoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject Task::toJson() const
{
    QJsonArray jtags;
    for (const QString &t : tags)
        jtags.append(t);
    QJsonArray reminders;
    for (int m : remindBeforeMinutes)
        reminders.append(m);
    QJsonObject o{
        {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("user_id"), userId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("title"), title},
        {QStringLiteral("description"), description ? QJsonValue(*description) : QJsonValue()},
        {QStringLiteral("due_date"), dueDate ? QJsonValue(toIsoUtc(*dueDate)) : QJsonValue()},
        {QStringLiteral("priority"), priority},
        {QStringLiteral("tags"), jtags},
        {QStringLiteral("status"), status},
        {QStringLiteral("recurrence_pattern"), recurrencePattern ? QJsonValue(*recurrencePattern) : QJsonValue()},
        {QStringLiteral("is_recurring_template"), isRecurring()},
        {QStringLiteral("recurrence_anchor"), recurrenceAnchor},
        {QStringLiteral("series_values"), seriesValues},
        {QStringLiteral("remind_before_minutes"), reminders},
        {QStringLiteral("parent_task_id"),
         parentTaskId ? QJsonValue(parentTaskId->toString(QUuid::WithoutBraces)) : QJsonValue()},
        {QStringLiteral("created_at"), toIsoUtc(createdAt)},
        {QStringLiteral("updated_at"), toIsoUtc(updatedAt)},
        {QStringLiteral("completed_at"), completedAt ? QJsonValue(toIsoUtc(*completedAt)) : QJsonValue()},
        {QStringLiteral("version"), version},
    };
    return o;
}

} // namespace taskstream::store

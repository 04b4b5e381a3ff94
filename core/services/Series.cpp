#include "services/Series.h"

#include <QJsonArray>

namespace taskstream::services::series {

namespace {
// Namespace of the next-instance ids (a fixed random UUID; never change it, ids derive from it).
const QUuid kNextInstanceNamespace(QStringLiteral("{5b0c6f4e-2a51-4d1c-9a7e-6f3f1c0d8e21}"));
} // namespace

const QStringList &occurrenceFields()
{
    static const QStringList fields = {QStringLiteral("title"),    QStringLiteral("description"),
                                       QStringLiteral("due_date"), QStringLiteral("priority"),
                                       QStringLiteral("tags"),     QStringLiteral("remind_before_minutes")};
    return fields;
}

std::optional<QDateTime> seriesDue(const store::Task &instance)
{
    const QJsonValue v = instance.seriesValues.value(QLatin1String("due_date"));
    if (v.isString()) {
        const QDateTime d = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (d.isValid())
            return d.toUTC();
    }
    return instance.dueDate;
}

std::optional<Recurrence::Next> searchNext(const store::Task &instance, const QDateTime &closedAt,
                                           const QTimeZone &zone, QString *error)
{
    if (!instance.recurrencePattern)
        return std::nullopt;
    const QDateTime due = seriesDue(instance).value_or(closedAt);
    const Recurrence::Anchor anchor =
        Recurrence::parseAnchor(instance.recurrenceAnchor).value_or(Recurrence::Anchor::Due);
    return Recurrence::following(*instance.recurrencePattern, due, closedAt, anchor, zone, error);
}

QUuid nextInstanceId(const QUuid &parent, const QDateTime &due)
{
    return QUuid::createUuidV5(kNextInstanceNamespace, parent.toString(QUuid::WithoutBraces) + QLatin1Char('@') +
                                                           QString::number(due.toMSecsSinceEpoch()));
}

store::Task nextInstance(const store::Task &parent, const Recurrence::Next &next, const QDateTime &now)
{
    store::Task t;
    t.id = nextInstanceId(parent.id, next.due);
    t.userId = parent.userId;
    t.title = parent.title;
    t.description = parent.description;
    t.priority = parent.priority;
    t.tags = parent.tags;
    t.remindBeforeMinutes = parent.remindBeforeMinutes;
    // Fields edited for the closed occurrence only go back to the series' values.
    const QJsonObject &sv = parent.seriesValues;
    if (sv.contains(QLatin1String("title")))
        t.title = sv.value(QLatin1String("title")).toString();
    if (sv.contains(QLatin1String("description"))) {
        const QJsonValue d = sv.value(QLatin1String("description"));
        t.description = d.isString() ? std::optional<QString>(d.toString()) : std::nullopt;
    }
    if (sv.contains(QLatin1String("priority")))
        t.priority = sv.value(QLatin1String("priority")).toString();
    if (sv.contains(QLatin1String("tags"))) {
        t.tags.clear();
        for (const QJsonValue &v : sv.value(QLatin1String("tags")).toArray())
            t.tags.append(v.toString());
    }
    if (sv.contains(QLatin1String("remind_before_minutes"))) {
        t.remindBeforeMinutes.clear();
        for (const QJsonValue &v : sv.value(QLatin1String("remind_before_minutes")).toArray())
            t.remindBeforeMinutes.append(v.toInt());
    }
    t.recurrencePattern = next.rule;
    t.recurrenceAnchor = parent.recurrenceAnchor;
    t.dueDate = next.due;
    t.parentTaskId = parent.id;
    t.createdAt = t.updatedAt = now;
    return t;
}

} // namespace taskstream::services::series

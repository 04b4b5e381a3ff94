#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace taskstream::store {

/// A task as stored and as the API shows it. JSON field names are the Avro field names.
struct Task
{
    QUuid id;
    QUuid userId;
    QString title;
    std::optional<QString> description;
    std::optional<QDateTime> dueDate;
    QString priority = QStringLiteral("Medium"); ///< Low, Medium or High
    QStringList tags;
    QString status = QStringLiteral("pending"); ///< pending or completed
    std::optional<QString> recurrencePattern;   ///< an RRULE (presets are stored expanded)
    QList<int> remindBeforeMinutes;
    std::optional<QUuid> parentTaskId; ///< the task this one recurs from
    /// What the next occurrence counts from: "due" (the due date, as Todoist's "every") or
    /// "completion" (when this instance is completed or skipped, "every!").
    QString recurrenceAnchor = QStringLiteral("due");
    /// Fields edited for this occurrence only (scope=this), each with the series' value, which
    /// the next instance takes instead of this one's. Empty for most tasks.
    QJsonObject seriesValues;
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<QDateTime> completedAt;
    int version = 1;

    bool isCompleted() const { return status == QLatin1String("completed"); }
    bool isRecurring() const { return recurrencePattern.has_value(); }
    QJsonObject toJson() const;
};

/// ISO 8601 with milliseconds, in UTC ("2026-11-22T14:00:00.000Z").
QString toIsoUtc(const QDateTime &t);

} // namespace taskstream::store

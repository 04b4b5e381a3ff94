#pragma once

#include "services/Recurrence.h"
#include "store/Task.h"

#include <optional>

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>
#include <QUuid>

namespace taskstream::services::series {

/// A recurring series is the chain of task instances linked by parent_task_id: its first task is
/// the one created with a recurrence_pattern, and each instance after it is created from the one
/// before when that one is completed (the recurring worker) or skipped (TaskService::skip). Only
/// the newest instance of a series is pending; the others are completed (or deleted, when skipped).
/// An instance carries the series: its rule, its anchor, and the fields the next instance copies.

/// The fields an edit may scope to one occurrence (scope=this); recurrence_pattern and
/// recurrence_anchor describe the series and change with scope=series only.
const QStringList &occurrenceFields();

/// The series' due date for \a instance: its due date, or the one it had before it was moved for
/// this occurrence only.
std::optional<QDateTime> seriesDue(const store::Task &instance);

/// The occurrence the instance after \a instance is due at, when \a instance is closed (completed
/// or skipped) at \a closedAt, in \a zone; nullopt when the series ended (with *error empty) or the
/// rule has no next occurrence (*error says why). Bounded (Recurrence's search); touches no database.
std::optional<Recurrence::Next> searchNext(const store::Task &instance, const QDateTime &closedAt,
                                           const QTimeZone &zone, QString *error);

/// The id of the instance of \a parent due at \a due (UUID version 5): one instance per occurrence,
/// whoever creates it and however often.
QUuid nextInstanceId(const QUuid &parent, const QDateTime &due);

/// The instance after \a parent, due at \a next: the series' fields (this occurrence's edits
/// replaced by the series' values), the next rule, the anchor. Not stored.
store::Task nextInstance(const store::Task &parent, const Recurrence::Next &next, const QDateTime &now);

} // namespace taskstream::services::series

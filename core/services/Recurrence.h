#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace taskstream::services {

/// Recurrence rules: iCalendar RRULEs evaluated with libical; "daily", "weekly" and "monthly" are
/// presets for FREQ=DAILY, FREQ=WEEKLY and FREQ=MONTHLY.
class Recurrence
{
public:
    /// The RRULE for \a pattern (a preset or an RRULE, with or without the "RRULE:" prefix),
    /// normalised by libical; nullopt with *error when libical refuses it.
    static std::optional<QString> normalize(const QString &pattern, QString *error);
};

} // namespace taskstream::services

#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace taskstream::services {

/// Recurrence rules: iCalendar RRULEs evaluated with libical; "daily", "weekly" and "monthly" are
/// presets for FREQ=DAILY, FREQ=WEEKLY and FREQ=MONTHLY.
class Recurrence
{
public:
    /// The RRULE for \a pattern (a preset or an RRULE, with or without the "RRULE:" prefix),
    /// normalised by libical; nullopt with *error when libical refuses it.
    static std::optional<QString> normalize(const QString &pattern, QString *error);

    struct Next
    {
        QDateTime due; ///< UTC
        QString rule;  ///< the rule the next instance carries (COUNT lowered by one, month-end anchored)
    };
    /// The occurrence after \a due of the series \a rule (an RRULE as normalize() returns it),
    /// evaluated in \a zone so a wall-clock time stays put across daylight-saving changes.
    /// A monthly rule on day 29-31 clamps to the month's last day (Jan 31 -> Feb 28/29 -> Mar 31):
    /// the next instance's rule says so (BYMONTHDAY=31,-1;BYSETPOS=1). nullopt when COUNT or UNTIL
    /// ends the series, or with *error for a rule libical refuses.
    static std::optional<Next> next(const QString &rule, const QDateTime &due, const QTimeZone &zone, QString *error);
};

} // namespace taskstream::services

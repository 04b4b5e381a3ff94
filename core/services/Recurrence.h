#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace taskstream::services {

/// Recurrence rules: iCalendar RRULEs evaluated with libical; "daily", "weekly" and "monthly" are
/// presets for FREQ=DAILY, FREQ=WEEKLY and FREQ=MONTHLY.
///
/// Every search for an occurrence is bounded: libical gets a window of kSearchYears years
/// (kHourlySearchDays days for an hourly rule), times the rule's INTERVAL, so it takes a few
/// thousand steps at most, and stepping through occurrences stops after kSearchBudgetMs. A rule with no occurrence in
/// that window (February 30th, April 31st, an hourly rule on leap days only) is refused by normalize() and reported as
/// an error by next().
class Recurrence
{
public:
    static constexpr int kSearchYears = 10;
    static constexpr int kHourlySearchDays = 366;
    static constexpr int kSearchBudgetMs = 250;

    /// The RRULE for \a pattern (a preset or an RRULE, with or without the "RRULE:" prefix),
    /// normalised by libical; nullopt with *error (naming the pattern) when libical refuses it, when
    /// it repeats more often than hourly (sub-hourly FREQ, several BYMINUTE or BYSECOND values) or
    /// when it has no occurrence within the bounded search.
    static std::optional<QString> normalize(const QString &pattern, QString *error);

    /// What a series' next occurrence counts from (per task, stored as recurrence_anchor).
    enum class Anchor {
        Due,        ///< "due": the due date, as Todoist's "every" (a weekly review stays on Mondays)
        Completion, ///< "completion": when the instance was closed, as Todoist's "every!"
    };
    static std::optional<Anchor> parseAnchor(const QString &name);
    static QString anchorName(Anchor anchor);

    struct Next
    {
        QDateTime due;  ///< UTC
        QString rule;   ///< the rule the next instance carries (COUNT lowered, month-end anchored)
        int passed = 0; ///< occurrences passed over because they lay before the closing time
    };
    /// The occurrence after \a due of the series \a rule (an RRULE as normalize() returns it),
    /// evaluated in \a zone so a wall-clock time stays put across daylight-saving changes.
    /// A monthly rule on day 29-31 clamps to the month's last day (Jan 31 -> Feb 28/29 -> Mar 31):
    /// the next instance's rule says so (BYMONTHDAY=31,-1;BYSETPOS=1). nullopt when COUNT or UNTIL
    /// ends the series, or with *error for a rule libical refuses or whose next occurrence the
    /// bounded search does not find. Touches no database: callers run it outside transactions.
    static std::optional<Next> next(const QString &rule, const QDateTime &due, const QTimeZone &zone, QString *error);

    /// The next instance's occurrence when the instance due at \a due is closed (completed or
    /// skipped) at \a closedAt:
    /// - Anchor::Due: the series' first occurrence after \a due that also lies after \a closedAt.
    ///   Occurrences missed while the instance was overdue are passed over and count against COUNT
    ///   (a series of COUNT occurrences ends on the calendar, whenever its instances are done).
    /// - Anchor::Completion: the series starts over on \a closedAt's day (in \a zone) at the due
    ///   date's time of day, and the next instance is its first occurrence after that start;
    ///   COUNT is lowered by one. The month-end clamp then applies to this search only.
    /// An invalid \a closedAt is next().
    static std::optional<Next> following(const QString &rule, const QDateTime &due, const QDateTime &closedAt,
                                         Anchor anchor, const QTimeZone &zone, QString *error);
};

} // namespace taskstream::services

#include "services/Recurrence.h"

#include <QElapsedTimer>

#include <libical/ical.h>

namespace taskstream::services {

namespace {

/// How many values a BY* list of libical holds.
template <std::size_t N> int listSize(const short (&list)[N])
{
    int n = 0;
    while (n < int(N) && list[n] != ICAL_RECURRENCE_ARRAY_MAX)
        ++n;
    return n;
}

/// The end of the search window after \a start: a fixed number of the rule's periods (times its
/// INTERVAL), so libical takes at most a few thousand steps whatever the rule. Long enough for every
/// rule that occurs at all in the calendar's cycle (February 29th yearly, across 2100 too), except
/// an hourly rule that names only a leap day, which is refused.
QDate horizonEnd(const icalrecurrencetype &r, const QDate &start)
{
    const int interval = qMax<int>(1, r.interval);
    switch (r.freq) {
    case ICAL_HOURLY_RECURRENCE:
        return start.addDays(qint64(Recurrence::kHourlySearchDays) * interval);
    case ICAL_DAILY_RECURRENCE:
    case ICAL_WEEKLY_RECURRENCE:
    case ICAL_MONTHLY_RECURRENCE:
    case ICAL_YEARLY_RECURRENCE:
    default:
        return start.addYears(Recurrence::kSearchYears * interval);
    }
}

icaltimetype toIcal(const QDate &d, const QTime &t)
{
    icaltimetype v = icaltime_null_time();
    v.year = d.year();
    v.month = d.month();
    v.day = d.day();
    v.hour = t.hour();
    v.minute = t.minute();
    v.second = t.second();
    v.is_date = 0;
    return v;
}

/// True when BYMONTH and BYMONTHDAY name no day that exists (February 30th, April 31st). libical
/// would look for one month by month until the year 2582, and its UNTIL does not stop that loop.
bool namesNoDay(const icalrecurrencetype &r)
{
    const int days = listSize(r.by_month_day);
    if (days == 0)
        return false;
    const int months = listSize(r.by_month);
    for (int m = 1; m <= 12; ++m) {
        bool named = months == 0;
        for (int i = 0; i < months && !named; ++i)
            named = r.by_month[i] == m;
        if (!named)
            continue;
        const int length = m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
        for (int i = 0; i < days; ++i) {
            const int d = r.by_month_day[i];
            if (d != 0 && qAbs(d) <= length)
                return false;
        }
    }
    return true;
}

enum class Search { Found, Ended, NotFound, Refused };

/// The first occurrence after \a start (the series' DTSTART) of \a r that also lies after
/// \a after (when not null), within the search window (counted from \a windowFrom) and \a budgetMs
/// of wall-clock time. COUNT is honoured by counting occurrences, so libical gets a bounded UNTIL
/// instead (it takes one or the other); *\a index is the found occurrence's number in the series
/// (DTSTART being the first), so the caller can tell how many it passed over.
Search firstAfter(icalrecurrencetype r, const icaltimetype &start, const QDate &windowFrom, int budgetMs,
                  icaltimetype *found, const icaltimetype &after = icaltime_null_time(), int *index = nullptr)
{
    if (namesNoDay(r))
        return Search::NotFound;
    const int count = r.count;
    r.count = 0;
    const icaltimetype windowEnd = toIcal(horizonEnd(r, windowFrom), QTime(23, 59, 59));
    const bool ruleUntil = !icaltime_is_null_time(r.until);
    const bool untilFirst = ruleUntil && icaltime_compare(r.until, windowEnd) <= 0;
    if (!untilFirst)
        r.until = windowEnd;
    icalerror_clear_errno();
    icalrecur_iterator *it = icalrecur_iterator_new(r, start);
    if (!it) {
        icalerror_clear_errno();
        return Search::Refused;
    }
    const bool hasAfter = !icaltime_is_null_time(after);
    QElapsedTimer clock;
    clock.start();
    Search result = untilFirst ? Search::Ended : Search::NotFound;
    int seen = 0;
    for (icaltimetype o = icalrecur_iterator_next(it); !icaltime_is_null_time(o); o = icalrecur_iterator_next(it)) {
        if (count > 0 && ++seen > count) {
            result = Search::Ended;
            break;
        }
        if (count <= 0)
            ++seen;
        if (icaltime_compare(o, start) > 0 && (!hasAfter || icaltime_compare(o, after) > 0)) {
            *found = o;
            if (index)
                *index = seen;
            result = Search::Found;
            break;
        }
        if (clock.elapsed() > budgetMs) {
            result = Search::NotFound;
            break;
        }
    }
    icalrecur_iterator_free(it);
    return result;
}

/// The instant the wall-clock time \a t of \a d has in \a zone. A time that happens twice (the
/// hour clocks go back) is its first; one that does not exist (the hour clocks skip) takes the
/// offset before the gap, as RFC 5545 says (02:30 on a spring-forward night is 03:30 summer time).
/// *\a inGap says which.
QDateTime fromWallClock(const QDate &d, const QTime &t, const QTimeZone &zone, bool *inGap)
{
    const QDateTime naive(d, t, QTimeZone::utc());
    const int before = zone.offsetFromUtc(naive.addSecs(-86400));
    const int after = zone.offsetFromUtc(naive.addSecs(86400));
    QDateTime best;
    for (const int offset : {before, after}) {
        const QDateTime candidate = naive.addSecs(-offset);
        const QDateTime local = candidate.toTimeZone(zone);
        if (local.date() == d && local.time() == t && (!best.isValid() || candidate < best))
            best = candidate;
    }
    *inGap = !best.isValid();
    return (best.isValid() ? best : naive.addSecs(-before)).toUTC();
}

QString notFoundText(const QString &rule, const icalrecurrencetype &r)
{
    const QString window = r.freq == ICAL_HOURLY_RECURRENCE
                               ? QStringLiteral("%1 days").arg(Recurrence::kHourlySearchDays * qMax<int>(1, r.interval))
                               : QStringLiteral("%1 years").arg(Recurrence::kSearchYears * qMax<int>(1, r.interval));
    return QStringLiteral("recurrence_pattern '%1' has no occurrence within %2 of its start "
                          "(a date that does not exist, such as February 30th or April 31st?)")
        .arg(rule, window);
}

} // namespace

std::optional<QString> Recurrence::normalize(const QString &pattern, QString *error)
{
    QString rule = pattern.trimmed();
    const QString lower = rule.toLower();
    if (lower == QLatin1String("daily"))
        rule = QStringLiteral("FREQ=DAILY");
    else if (lower == QLatin1String("weekly"))
        rule = QStringLiteral("FREQ=WEEKLY");
    else if (lower == QLatin1String("monthly"))
        rule = QStringLiteral("FREQ=MONTHLY");
    if (rule.startsWith(QLatin1String("RRULE:"), Qt::CaseInsensitive))
        rule = rule.mid(6);
    if (rule.isEmpty() || rule.size() > 500) {
        if (error)
            *error = QStringLiteral(
                "recurrence_pattern must be daily, weekly, monthly or an RRULE of at most 500 characters");
        return std::nullopt;
    }
    icalerror_clear_errno();
    const QByteArray utf8 = rule.toUtf8();
    const icalrecurrencetype r = icalrecurrencetype_from_string(utf8.constData());
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        if (error)
            *error = QStringLiteral("recurrence_pattern '%1' is not a valid RRULE (e.g. FREQ=WEEKLY;BYDAY=MO,WE)")
                         .arg(pattern);
        icalerror_clear_errno();
        return std::nullopt;
    }
    // More than one BYSECOND or BYMINUTE value means several occurrences within one hour.
    if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE || listSize(r.by_second) > 1 ||
        listSize(r.by_minute) > 1) {
        if (error)
            *error = QStringLiteral("recurrence_pattern '%1' repeats more often than hourly; tasks recur at most "
                                    "hourly (at most one BYMINUTE and one BYSECOND value)")
                         .arg(pattern);
        return std::nullopt;
    }
    // A rule that never occurs would have the recurring worker search libical's whole calendar:
    // it is refused here, by the same bounded search the worker uses, without COUNT or UNTIL
    // (a series that ends is fine; one that cannot start is not).
    {
        icalrecurrencetype open = r;
        open.count = 0;
        open.until = icaltime_null_time();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        icaltimetype found;
        const Search s = firstAfter(open, toIcal(now.date(), now.time()), now.date(), kSearchBudgetMs, &found);
        if (s == Search::Refused) {
            if (error)
                *error = QStringLiteral("recurrence_pattern '%1' names no date that exists (libical cannot expand it)")
                             .arg(pattern);
            return std::nullopt;
        }
        if (s != Search::Found) {
            if (error)
                *error = notFoundText(pattern, r);
            return std::nullopt;
        }
    }
    char *s = icalrecurrencetype_as_string_r(const_cast<icalrecurrencetype *>(&r));
    const QString normalized = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return normalized;
}

std::optional<Recurrence::Next> Recurrence::next(const QString &rule, const QDateTime &due, const QTimeZone &zone,
                                                 QString *error)
{
    return following(rule, due, QDateTime(), Anchor::Due, zone, error);
}

std::optional<Recurrence::Anchor> Recurrence::parseAnchor(const QString &name)
{
    if (name == QLatin1String("due"))
        return Anchor::Due;
    if (name == QLatin1String("completion"))
        return Anchor::Completion;
    return std::nullopt;
}

QString Recurrence::anchorName(Anchor anchor)
{
    return anchor == Anchor::Completion ? QStringLiteral("completion") : QStringLiteral("due");
}

std::optional<Recurrence::Next> Recurrence::following(const QString &rule, const QDateTime &due,
                                                      const QDateTime &closedAt, Anchor anchor, const QTimeZone &zone,
                                                      QString *error)
{
    icalerror_clear_errno();
    const QByteArray utf8 = rule.toUtf8();
    icalrecurrencetype r = icalrecurrencetype_from_string(utf8.constData());
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_clear_errno();
        if (error)
            *error = QStringLiteral("'%1' is not a valid RRULE").arg(rule);
        return std::nullopt;
    }
    // Series times are wall-clock times in the zone ("every day at 09:00" stays 09:00 local).
    const QDateTime local = due.toTimeZone(zone);
    QDate d = local.date();
    QTime t = local.time();
    const bool fromCompletion = anchor == Anchor::Completion && closedAt.isValid();
    if (fromCompletion) {
        // "every!": the series starts over when the instance was closed, at the series' time of
        // day (an hourly series at the closing time itself).
        const QDateTime closedLocal = closedAt.toTimeZone(zone);
        d = closedLocal.date();
        if (r.freq == ICAL_HOURLY_RECURRENCE)
            t = QTime(closedLocal.time().hour(), t.minute(), t.second(), t.msec());
    }
    const bool plainMonthly = r.freq == ICAL_MONTHLY_RECURRENCE && r.by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
                              r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX && r.by_set_pos[0] == ICAL_RECURRENCE_ARRAY_MAX;
    icalrecurrencetype search = r;
    if (plainMonthly && d.day() > 28) {
        // RFC 5545 skips months without that day; people expect the month's last day instead.
        search.by_month_day[0] = short(d.day());
        search.by_month_day[1] = -1;
        search.by_month_day[2] = ICAL_RECURRENCE_ARRAY_MAX;
        search.by_set_pos[0] = 1;
        search.by_set_pos[1] = ICAL_RECURRENCE_ARRAY_MAX;
        // A series counted from its due date keeps that day; one counted from completion counts
        // from whatever day the next completion falls on.
        if (!fromCompletion)
            r = search;
    }
    const icaltimetype start = toIcal(d, t);
    // Counted from the due date, the next instance lies after the closing time too: an overdue
    // instance completed late does not create one that is overdue already.
    icaltimetype after = icaltime_null_time();
    QDate windowFrom = d;
    if (!fromCompletion && closedAt.isValid()) {
        const QDateTime closedLocal = closedAt.toTimeZone(zone);
        after = toIcal(closedLocal.date(), closedLocal.time());
        windowFrom = qMax(d, closedLocal.date());
    }
    icaltimetype occurrence = icaltime_null_time();
    int index = 0;
    switch (firstAfter(search, start, windowFrom, kSearchBudgetMs, &occurrence, after, &index)) {
    case Search::Refused:
        if (error)
            *error = QStringLiteral("libical cannot expand '%1'").arg(rule);
        return std::nullopt;
    case Search::NotFound:
        if (error)
            *error = notFoundText(rule, r);
        return std::nullopt;
    case Search::Ended:
        return std::nullopt; // COUNT or UNTIL ended the series
    case Search::Found:
        break;
    }
    Next n;
    // The occurrences passed over (this instance's and any missed while it was overdue) are used.
    if (r.count > 0)
        r.count = qMax(1, r.count - qMax(1, index - 1));
    n.passed = qMax(0, index - 2);
    bool inGap = false;
    n.due = fromWallClock(QDate(occurrence.year, occurrence.month, occurrence.day),
                          QTime(occurrence.hour, occurrence.minute, occurrence.second, t.msec()), zone, &inGap);
    if (inGap && r.freq != ICAL_HOURLY_RECURRENCE && r.by_hour[0] == ICAL_RECURRENCE_ARRAY_MAX &&
        r.by_minute[0] == ICAL_RECURRENCE_ARRAY_MAX && r.by_second[0] == ICAL_RECURRENCE_ARRAY_MAX) {
        // This instance is due an hour late on the wall clock: its rule names the series' time, so
        // the instance after it is back at that time (not at this one's).
        r.by_hour[0] = short(occurrence.hour);
        r.by_hour[1] = ICAL_RECURRENCE_ARRAY_MAX;
        r.by_minute[0] = short(occurrence.minute);
        r.by_minute[1] = ICAL_RECURRENCE_ARRAY_MAX;
        r.by_second[0] = short(occurrence.second);
        r.by_second[1] = ICAL_RECURRENCE_ARRAY_MAX;
    }
    char *s = icalrecurrencetype_as_string_r(&r);
    n.rule = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return n;
}

} // namespace taskstream::services

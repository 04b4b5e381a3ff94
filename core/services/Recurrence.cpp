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

/// The first occurrence after \a start (the series' DTSTART) of \a r, within the search window and
/// \a budgetMs of wall-clock time. COUNT is honoured by counting occurrences, so libical gets a
/// bounded UNTIL instead (it takes one or the other).
Search firstAfter(icalrecurrencetype r, const icaltimetype &start, const QDate &startDate, int budgetMs,
                  icaltimetype *found)
{
    if (namesNoDay(r))
        return Search::NotFound;
    const int count = r.count;
    r.count = 0;
    const icaltimetype windowEnd = toIcal(horizonEnd(r, startDate), QTime(23, 59, 59));
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
    QElapsedTimer clock;
    clock.start();
    Search result = untilFirst ? Search::Ended : Search::NotFound;
    int seen = 0;
    for (icaltimetype o = icalrecur_iterator_next(it); !icaltime_is_null_time(o); o = icalrecur_iterator_next(it)) {
        if (count > 0 && ++seen > count) {
            result = Search::Ended;
            break;
        }
        if (icaltime_compare(o, start) > 0) {
            *found = o;
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
    const QDate d = local.date();
    const QTime t = local.time();
    const bool plainMonthly = r.freq == ICAL_MONTHLY_RECURRENCE && r.by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
                              r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX && r.by_set_pos[0] == ICAL_RECURRENCE_ARRAY_MAX;
    if (plainMonthly && d.day() > 28) {
        // RFC 5545 skips months without that day; people expect the month's last day instead.
        r.by_month_day[0] = short(d.day());
        r.by_month_day[1] = -1;
        r.by_month_day[2] = ICAL_RECURRENCE_ARRAY_MAX;
        r.by_set_pos[0] = 1;
        r.by_set_pos[1] = ICAL_RECURRENCE_ARRAY_MAX;
    }
    const icaltimetype start = toIcal(d, t);
    icaltimetype occurrence = icaltime_null_time();
    switch (firstAfter(r, start, d, kSearchBudgetMs, &occurrence)) {
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
    if (r.count > 0)
        r.count -= 1; // this instance used one occurrence of the series
    Next n;
    n.due = QDateTime(QDate(occurrence.year, occurrence.month, occurrence.day),
                      QTime(occurrence.hour, occurrence.minute, occurrence.second, t.msec()), zone)
                .toUTC();
    char *s = icalrecurrencetype_as_string_r(&r);
    n.rule = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return n;
}

} // namespace taskstream::services

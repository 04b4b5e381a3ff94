#include "services/Recurrence.h"
#include "services/ReminderScheduler.h"

#include <QTest>

using taskstream::services::Recurrence;

/// Next occurrences of recurring tasks, evaluated with libical.
class TestRecurrence : public QObject
{
    Q_OBJECT

    static QDateTime utc(const char *iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
    }

    static Recurrence::Next next(const QString &rule, const QDateTime &due, const QTimeZone &zone = QTimeZone::utc())
    {
        QString why;
        const auto n = Recurrence::next(rule, due, zone, &why);
        if (!n)
            return {{}, why};
        return *n;
    }

    /// The next occurrence when an instance due at \a due is closed at \a closed.
    static Recurrence::Next following(const QString &rule, const char *due, const char *closed,
                                      Recurrence::Anchor anchor, const QTimeZone &zone = QTimeZone::utc())
    {
        QString why;
        const auto n = Recurrence::following(rule, utc(due), utc(closed), anchor, zone, &why);
        if (!n)
            return {{}, why};
        return *n;
    }

    static QString localText(const QDateTime &t, const QTimeZone &zone)
    {
        return t.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }

private slots:
    void presets()
    {
        QCOMPARE(next(QStringLiteral("FREQ=DAILY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-11-23T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=WEEKLY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-11-29T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=MONTHLY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-12-22T09:00:00Z"));
    }

    void monthEndsClampAndKeepTheirAnchor()
    {
        Recurrence::Next n = next(QStringLiteral("FREQ=MONTHLY"), utc("2027-01-31T10:00:00Z"));
        QCOMPARE(n.due, utc("2027-02-28T10:00:00Z"));
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2027-03-31T10:00:00Z")); // not the 28th: the series is anchored on the 31st
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2027-04-30T10:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=MONTHLY"), utc("2028-01-30T10:00:00Z")).due, utc("2028-02-29T10:00:00Z"));
    }

    void countAndUntilEndTheSeries()
    {
        Recurrence::Next n = next(QStringLiteral("FREQ=DAILY;COUNT=3"), utc("2026-11-22T09:00:00Z"));
        QCOMPARE(n.due, utc("2026-11-23T09:00:00Z"));
        QVERIFY2(n.rule.contains(QLatin1String("COUNT=2")), qPrintable(n.rule));
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2026-11-24T09:00:00Z"));
        QString why;
        QVERIFY(!Recurrence::next(n.rule, n.due, QTimeZone::utc(), &why)); // the third was the last
        QVERIFY(why.isEmpty());
        QVERIFY(!Recurrence::next(QStringLiteral("FREQ=WEEKLY;UNTIL=20261125T000000Z"), utc("2026-11-22T09:00:00Z"),
                                  QTimeZone::utc(), &why));
    }

    void wallClockTimeSurvivesDaylightSavingChanges()
    {
        const QTimeZone berlin("Europe/Berlin");
        QVERIFY(berlin.isValid());
        // 09:00 in Berlin is 07:00Z in summer time and 08:00Z after the change on 2026-10-25.
        QCOMPARE(next(QStringLiteral("FREQ=DAILY"), utc("2026-10-24T07:00:00Z"), berlin).due,
                 utc("2026-10-25T08:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=WEEKLY"), utc("2027-03-22T08:00:00Z"), berlin).due,
                 utc("2027-03-29T07:00:00Z"));
    }

    // A monthly series from the 31st, through a leap year's February and back to the 31st.
    void monthEndsInALeapYear()
    {
        Recurrence::Next n = next(QStringLiteral("FREQ=MONTHLY"), utc("2028-01-31T10:00:00Z"));
        QCOMPARE(n.due, utc("2028-02-29T10:00:00Z"));
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2028-03-31T10:00:00Z"));
        // Completed late, counted from the due date: still the month's last day, after the completion.
        n = following(QStringLiteral("FREQ=MONTHLY"), "2027-01-31T10:00:00Z", "2027-03-05T12:00:00Z",
                      Recurrence::Anchor::Due);
        QCOMPARE(n.due, utc("2027-03-31T10:00:00Z"));
        QCOMPARE(n.passed, 1); // February 28th went by while the task was overdue
        // Counted from completion on the 31st: the month's last day once, but the rule does not keep
        // the 31st (the next completion may fall on any day).
        n = following(QStringLiteral("FREQ=MONTHLY"), "2027-01-10T10:00:00Z", "2027-01-31T15:00:00Z",
                      Recurrence::Anchor::Completion);
        QCOMPARE(n.due, utc("2027-02-28T10:00:00Z"));
        QVERIFY2(!n.rule.contains(QLatin1String("BYMONTHDAY")), qPrintable(n.rule));
    }

    // Completing an overdue instance: counted from the due date ("every"), the next occurrence is
    // the first of the series after the completion, at the series' time, never one in the past.
    void overdueCompletionCreatesTheNextOccurrenceAfterIt()
    {
        const QTimeZone berlin("Europe/Berlin");
        // Daily at 09:00 Berlin, due Friday, completed Monday afternoon: Tuesday 09:00.
        Recurrence::Next n = following(QStringLiteral("FREQ=DAILY"), "2026-11-20T08:00:00Z", "2026-11-23T13:00:00Z",
                                       Recurrence::Anchor::Due, berlin);
        QCOMPARE(n.due, utc("2026-11-24T08:00:00Z"));
        QCOMPARE(n.passed, 3); // Saturday, Sunday and Monday 09:00 went by
        // Completed on the day before 09:00: that day's 09:00.
        n = following(QStringLiteral("FREQ=DAILY"), "2026-11-20T08:00:00Z", "2026-11-23T07:00:00Z",
                      Recurrence::Anchor::Due, berlin);
        QCOMPARE(n.due, utc("2026-11-23T08:00:00Z"));
        // Weekly on Mondays stays on Mondays.
        n = following(QStringLiteral("FREQ=WEEKLY;BYDAY=MO"), "2026-11-02T08:00:00Z", "2026-11-18T10:00:00Z",
                      Recurrence::Anchor::Due, berlin);
        QCOMPARE(n.due, utc("2026-11-23T08:00:00Z"));
        // Completed early: the occurrence after the due date, as before.
        n = following(QStringLiteral("FREQ=DAILY"), "2026-11-25T08:00:00Z", "2026-11-24T10:00:00Z",
                      Recurrence::Anchor::Due, berlin);
        QCOMPARE(n.due, utc("2026-11-26T08:00:00Z"));
        QCOMPARE(n.passed, 0);
    }

    // The missed occurrences count against COUNT: a series of five ends on the calendar.
    void missedOccurrencesCountAgainstCount()
    {
        Recurrence::Next n = following(QStringLiteral("FREQ=DAILY;COUNT=5"), "2026-11-20T09:00:00Z",
                                       "2026-11-22T12:00:00Z", Recurrence::Anchor::Due);
        QCOMPARE(n.due, utc("2026-11-23T09:00:00Z")); // the 4th occurrence
        QVERIFY2(n.rule.contains(QLatin1String("COUNT=2")), qPrintable(n.rule));
        QString why;
        QVERIFY(!Recurrence::following(QStringLiteral("FREQ=DAILY;COUNT=3"), utc("2026-11-20T09:00:00Z"),
                                       utc("2026-11-22T12:00:00Z"), Recurrence::Anchor::Due, QTimeZone::utc(), &why));
        QVERIFY2(why.isEmpty(), qPrintable(why)); // ended, not an error
        // Counted from completion the series starts over: one occurrence used.
        n = following(QStringLiteral("FREQ=DAILY;COUNT=3"), "2026-11-20T09:00:00Z", "2026-11-22T12:00:00Z",
                      Recurrence::Anchor::Completion);
        QCOMPARE(n.due, utc("2026-11-23T09:00:00Z"));
        QVERIFY2(n.rule.contains(QLatin1String("COUNT=2")), qPrintable(n.rule));
    }

    // "every!": counted from the completion, at the series' time of day.
    void completionAnchorCountsFromTheCompletion()
    {
        const QTimeZone berlin("Europe/Berlin");
        // Every 3 days at 09:00, due Nov 20, completed Nov 23 at 14:00 Berlin: Nov 26 09:00.
        Recurrence::Next n = following(QStringLiteral("FREQ=DAILY;INTERVAL=3"), "2026-11-20T08:00:00Z",
                                       "2026-11-23T13:00:00Z", Recurrence::Anchor::Completion, berlin);
        QCOMPARE(n.due, utc("2026-11-26T08:00:00Z"));
        // Counted from the due date the same series would go on from Nov 20: Nov 26 too, but
        // completed a day later the two differ.
        n = following(QStringLiteral("FREQ=DAILY;INTERVAL=3"), "2026-11-20T08:00:00Z", "2026-11-24T13:00:00Z",
                      Recurrence::Anchor::Completion, berlin);
        QCOMPARE(n.due, utc("2026-11-27T08:00:00Z"));
        n = following(QStringLiteral("FREQ=DAILY;INTERVAL=3"), "2026-11-20T08:00:00Z", "2026-11-24T13:00:00Z",
                      Recurrence::Anchor::Due, berlin);
        QCOMPARE(n.due, utc("2026-11-26T08:00:00Z"));
        // Weekly, completed early on a Wednesday: the Wednesday after.
        n = following(QStringLiteral("FREQ=WEEKLY"), "2026-11-27T08:00:00Z", "2026-11-25T10:00:00Z",
                      Recurrence::Anchor::Completion, berlin);
        QCOMPARE(n.due, utc("2026-12-02T08:00:00Z"));
        // Hourly counts from the completion's hour.
        n = following(QStringLiteral("FREQ=HOURLY;INTERVAL=2"), "2026-11-20T08:15:00Z", "2026-11-20T13:40:00Z",
                      Recurrence::Anchor::Completion);
        QCOMPARE(n.due, utc("2026-11-20T15:15:00Z"));
    }

    // Europe/Berlin: summer time starts 2027-03-28 at 02:00 (02:00-03:00 does not exist) and
    // ends 2026-10-25 at 03:00 (02:00-03:00 happens twice).
    void dailyAt0230AcrossDaylightSavingChanges()
    {
        const QTimeZone berlin("Europe/Berlin");
        // Spring: March 28th has no 02:30; that instance is at 03:30 summer time (RFC 5545: the
        // offset before the gap), and the series goes back to 02:30 on the 29th.
        Recurrence::Next n = next(QStringLiteral("FREQ=DAILY"), utc("2027-03-27T01:30:00Z"), berlin);
        QCOMPARE(n.due, utc("2027-03-28T01:30:00Z"));
        QCOMPARE(localText(n.due, berlin), QStringLiteral("2027-03-28 03:30"));
        n = next(n.rule, n.due, berlin);
        QCOMPARE(localText(n.due, berlin), QStringLiteral("2027-03-29 02:30"));
        QCOMPARE(n.due, utc("2027-03-29T00:30:00Z"));
        n = next(n.rule, n.due, berlin);
        QCOMPARE(localText(n.due, berlin), QStringLiteral("2027-03-30 02:30"));
        // Autumn: 02:30 happens twice on October 25th; the instance is at the first (summer time),
        // once, and the next day is 02:30 winter time.
        n = next(QStringLiteral("FREQ=DAILY"), utc("2026-10-24T00:30:00Z"), berlin);
        QCOMPARE(n.due, utc("2026-10-25T00:30:00Z"));
        n = next(n.rule, n.due, berlin);
        QCOMPARE(n.due, utc("2026-10-26T01:30:00Z"));
        QCOMPARE(localText(n.due, berlin), QStringLiteral("2026-10-26 02:30"));
    }

    // A daily 09:00 stays 09:00 local through both changes, whether the instances are completed
    // on time, late or early.
    void dailyAt0900StaysAt0900Local()
    {
        const QTimeZone berlin("Europe/Berlin");
        QDateTime due = utc("2026-10-23T07:00:00Z");
        QString rule = QStringLiteral("FREQ=DAILY");
        for (int i = 0; i < 159; ++i) { // through 2027-03-31
            const QDateTime closed = due.addSecs(i % 3 == 0 ? 3 * 3600 : -3600);
            QString why;
            const auto n = Recurrence::following(rule, due, closed, Recurrence::Anchor::Due, berlin, &why);
            QVERIFY2(n, qPrintable(why));
            QCOMPARE(n->due.toTimeZone(berlin).time(), QTime(9, 0));
            QCOMPARE(n->due.toTimeZone(berlin).date(), due.toTimeZone(berlin).date().addDays(1));
            due = n->due;
            rule = n->rule;
        }
        QCOMPARE(due, utc("2027-03-31T07:00:00Z"));
    }

    // Reminders in the owner's zone: whole days on the wall clock, across the autumn change
    // (Berlin, 2026-10-25); the rest in elapsed minutes.
    void remindersCountWholeDaysOnTheWallClock()
    {
        using taskstream::services::ReminderScheduler;
        const QTimeZone berlin("Europe/Berlin");
        const QDateTime due = utc("2026-10-25T08:00:00Z"); // Sunday 09:00 winter time
        // One day before: Saturday 09:00 summer time (07:00Z), not 24 hours before (10:00 local).
        QCOMPARE(ReminderScheduler::remindAt(due, 24 * 60, berlin), utc("2026-10-24T07:00:00Z"));
        QCOMPARE(ReminderScheduler::remindAt(due, 24 * 60 + 30, berlin), utc("2026-10-24T06:30:00Z"));
        QCOMPARE(ReminderScheduler::remindAt(due, 90, berlin), utc("2026-10-25T06:30:00Z"));
        QCOMPARE(ReminderScheduler::remindAt(due, 24 * 60, QTimeZone::utc()), utc("2026-10-24T08:00:00Z"));
    }

    void anchorNames()
    {
        QCOMPARE(Recurrence::parseAnchor(QStringLiteral("due")), std::optional(Recurrence::Anchor::Due));
        QCOMPARE(Recurrence::parseAnchor(QStringLiteral("completion")), std::optional(Recurrence::Anchor::Completion));
        QVERIFY(!Recurrence::parseAnchor(QStringLiteral("every!")));
        QCOMPARE(Recurrence::anchorName(Recurrence::Anchor::Completion), QStringLiteral("completion"));
    }

    void rulesThatNeverOccurAreRefused_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::newRow("hourly on February 30th") << QStringLiteral("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30");
        QTest::newRow("daily on April 31st") << QStringLiteral("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31");
        QTest::newRow("monthly on February 30th") << QStringLiteral("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30");
        QTest::newRow("yearly on November 31st") << QStringLiteral("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=31");
        QTest::newRow("monthly on February's 30th-last day") << QStringLiteral("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30");
        // Found impossible by libical's bounded search, not by the month/day check.
        QTest::newRow("daily on day 366 of January") << QStringLiteral("FREQ=DAILY;BYMONTH=1;BYYEARDAY=366");
        QTest::newRow("weekly on day 31 of June") << QStringLiteral("FREQ=WEEKLY;BYMONTH=6;BYMONTHDAY=31");
    }
    void rulesThatNeverOccurAreRefused()
    {
        QFETCH(QString, rule);
        // Unbounded, libical searched until the year 2582 (16 s and more for the hourly rule).
        QString why;
        QVERIFY(!Recurrence::normalize(rule, &why));
        QVERIFY2(why.contains(rule), qPrintable(why));
        // A rule stored before this check still ends in an error, not in a long search.
        why.clear();
        QVERIFY(!Recurrence::next(rule, utc("2026-11-22T09:00:00Z"), QTimeZone::utc(), &why));
        QVERIFY2(!why.isEmpty(), "a rule that never occurs is an error, not the end of a series");
    }

    void subHourlyRulesAreRefused_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::newRow("minutely") << QStringLiteral("FREQ=MINUTELY");
        QTest::newRow("secondly") << QStringLiteral("FREQ=SECONDLY;INTERVAL=3600");
        QTest::newRow("hourly, two minutes") << QStringLiteral("FREQ=HOURLY;BYMINUTE=0,1");
        QTest::newRow("hourly, two seconds") << QStringLiteral("FREQ=HOURLY;BYSECOND=0,1");
        QTest::newRow("daily, every half hour") << QStringLiteral("FREQ=DAILY;BYHOUR=9;BYMINUTE=0,30");
    }
    void subHourlyRulesAreRefused()
    {
        QFETCH(QString, rule);
        QString why;
        QVERIFY(!Recurrence::normalize(rule, &why));
        QVERIFY2(why.contains(QLatin1String("hourly")) && why.contains(rule), qPrintable(why));
    }

    void rareRulesAreFound()
    {
        QString why;
        QVERIFY2(Recurrence::normalize(QStringLiteral("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"), &why), qPrintable(why));
        QVERIFY2(Recurrence::normalize(QStringLiteral("FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0;BYSECOND=0"), &why),
                 qPrintable(why));
        QVERIFY2(Recurrence::normalize(QStringLiteral("FREQ=HOURLY;BYMINUTE=15"), &why), qPrintable(why));
        QVERIFY2(Recurrence::normalize(QStringLiteral("FREQ=MONTHLY;BYMONTHDAY=31"), &why), qPrintable(why));
        QVERIFY2(Recurrence::normalize(QStringLiteral("FREQ=MONTHLY;BYMONTH=2,3;BYMONTHDAY=30"), &why),
                 qPrintable(why));
        // 2100 is no leap year: eight years from one February 29th to the next.
        QCOMPARE(next(QStringLiteral("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"), utc("2096-02-29T09:00:00Z")).due,
                 utc("2104-02-29T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=YEARLY;INTERVAL=20"), utc("2026-11-22T09:00:00Z")).due,
                 utc("2046-11-22T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=HOURLY;BYMINUTE=15"), utc("2026-11-22T09:15:00Z")).due,
                 utc("2026-11-22T10:15:00Z"));
    }

    void badRuleIsAnError()
    {
        QString why;
        QVERIFY(
            !Recurrence::next(QStringLiteral("FREQ=SOMETIMES"), utc("2026-11-22T09:00:00Z"), QTimeZone::utc(), &why));
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecurrence)
#include "tst_recurrence.moc"

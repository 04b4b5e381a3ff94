#include "services/Recurrence.h"

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

#include "common/Clock.h"
#include "processing/DeadLetterLog.h"

#include <QTest>

using namespace taskstream;
using namespace taskstream::processing;

namespace {
kafka::KafkaMessage at(int partition, qint64 offset)
{
    kafka::KafkaMessage m;
    m.topic = QStringLiteral("todo.tasks.events");
    m.partition = partition;
    m.offset = offset;
    return m;
}

FailureInfo failure(const QString &cls, const QString &message = QStringLiteral("no magic byte"))
{
    return FailureInfo{1, 1000, 1000, cls, message};
}
} // namespace

/// The dead-letter log of a group in a storm: a line for the first record of a class, then one
/// summary per interval, on a manual clock.
class TestDeadLetterLog : public QObject
{
    Q_OBJECT
private slots:
    void stormOfOneClassIsOneLinePlusOnePerInterval()
    {
        ManualClock clock(1000000);
        DeadLetterLog log(QStringLiteral("task-broadcaster-cg"), QStringLiteral("todo.task-broadcaster-cg.dlq"), &clock,
                          10000);
        QStringList lines;
        log.setSink([&](const QString &l) { lines << l; });

        const QString cls = QStringLiteral("decode.bad-magic");
        log.record(at(3, 119), failure(cls), 7);
        QCOMPARE(lines.size(), 1);
        // The first one in full: where it came from, where it went, why.
        QVERIFY2(lines[0].contains(QLatin1String("todo.tasks.events/3@119")), qPrintable(lines[0]));
        QVERIFY2(lines[0].contains(QLatin1String("todo.task-broadcaster-cg.dlq@7")), qPrintable(lines[0]));
        QVERIFY2(lines[0].contains(QLatin1String("decode.bad-magic: no magic byte")), qPrintable(lines[0]));

        for (int i = 0; i < 1234; ++i)
            log.record(at(3 + i % 2, 120 + i), failure(cls), 8 + i);
        QCOMPARE(lines.size(), 1);
        clock.advance(9999);
        QCOMPARE(lines.size(), 1);
        clock.advance(1);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[1], QStringLiteral("group task-broadcaster-cg: 1234 records of class decode.bad-magic "
                                          "dead-lettered in the last 10 s; first at todo.tasks.events/3@120"));

        // The storm goes on: one line per interval, each naming its own first record.
        for (int i = 0; i < 10; ++i)
            log.record(at(5, 5000 + i), failure(cls), 2000 + i);
        clock.advance(10000);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[2], QStringLiteral("group task-broadcaster-cg: 10 records of class decode.bad-magic "
                                          "dead-lettered in the last 10 s; first at todo.tasks.events/5@5000"));

        // A quiet interval ends the burst; nothing is said about it, and the next record is in full.
        clock.advance(10000);
        QCOMPARE(lines.size(), 3);
        clock.advance(60000);
        QCOMPARE(lines.size(), 3);
        log.record(at(0, 9), failure(cls, QStringLiteral("again")), 3000);
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[3].contains(QLatin1String("todo.tasks.events/0@9")), qPrintable(lines[3]));
        QVERIFY2(lines[3].contains(QLatin1String("again")), qPrintable(lines[3]));
    }

    void classesAreCountedApart()
    {
        ManualClock clock(0);
        DeadLetterLog log(QStringLiteral("audit-log-cg"), QStringLiteral("todo.audit-log-cg.dlq"), &clock, 10000);
        QStringList lines;
        log.setSink([&](const QString &l) { lines << l; });
        log.record(at(0, 1), failure(QStringLiteral("decode.bad-magic")), 1);
        clock.advance(4000);
        log.record(at(1, 1), failure(QStringLiteral("unknown_type")), 2);
        QCOMPARE(lines.size(), 2); // each class's first in full
        for (int i = 0; i < 5; ++i) {
            log.record(at(0, 2 + i), failure(QStringLiteral("decode.bad-magic")), 3 + i);
            log.record(at(1, 2 + i), failure(QStringLiteral("unknown_type")), 8 + i);
        }
        clock.advance(6000); // the first class's interval ends
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines[2].contains(QLatin1String("5 records of class decode.bad-magic")), qPrintable(lines[2]));
        clock.advance(4000); // the second's
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[3].contains(QLatin1String("5 records of class unknown_type")), qPrintable(lines[3]));
        QVERIFY2(lines[3].contains(QLatin1String("first at todo.tasks.events/1@2")), qPrintable(lines[3]));
    }

    void flushSaysWhatIsCountedAtOnce()
    {
        ManualClock clock(0);
        DeadLetterLog log(QStringLiteral("g"), QStringLiteral("todo.g.dlq"), &clock, 10000);
        QStringList lines;
        log.setSink([&](const QString &l) { lines << l; });
        log.record(at(0, 1), failure(QStringLiteral("x")), 1);
        log.record(at(0, 2), failure(QStringLiteral("x")), 2);
        log.record(at(0, 3), failure(QStringLiteral("x")), 3);
        log.flush();
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[1].contains(QLatin1String("2 records of class x")), qPrintable(lines[1]));
        clock.advance(20000);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(clock.nextDeadlineMs(), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestDeadLetterLog)
#include "tst_deadletterlog.moc"

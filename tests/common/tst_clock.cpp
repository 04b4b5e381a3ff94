#include "common/Clock.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;

/// The clocks time-driven code runs on: the system clock's timers fire in real time, a manual
/// clock's only when time is moved, each at its deadline and in deadline order.
class TestClock : public QObject
{
    Q_OBJECT
private slots:
    void systemClockReadsTheTimeAndFiresItsTimers()
    {
        Clock *clock = Clock::system();
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 now = clock->nowMs();
        QVERIFY(now >= before && now <= QDateTime::currentMSecsSinceEpoch());
        QObject owner;
        ClockTimer *timer = clock->createTimer(Qt::PreciseTimer, &owner);
        QSignalSpy fired(timer, &ClockTimer::timeout);
        timer->start(1);
        QVERIFY(timer->isActive());
        QVERIFY(fired.wait(5000));
        QCOMPARE(fired.size(), 1);
        QVERIFY(!timer->isActive());
        bool called = false;
        clock->singleShot(0, &owner, [&] { called = true; });
        QTRY_VERIFY_WITH_TIMEOUT(called, 5000);
    }

    void manualTimerFiresAtItsDeadlineNotBefore()
    {
        ManualClock clock(1000);
        QObject owner;
        ClockTimer *timer = clock.createTimer(Qt::PreciseTimer, &owner);
        qint64 firedAt = -1;
        connect(timer, &ClockTimer::timeout, &owner, [&] { firedAt = clock.nowMs(); });
        timer->start(500);
        QCOMPARE(clock.nextDeadlineMs(), qint64(1500));
        clock.advance(499);
        QCOMPARE(firedAt, qint64(-1));
        QVERIFY(timer->isActive());
        clock.advance(10'000);
        QCOMPARE(firedAt, qint64(1500)); // the time stood at the deadline when it fired
        QCOMPARE(clock.nowMs(), qint64(11'499));
        QVERIFY(!timer->isActive());
        QCOMPARE(clock.nextDeadlineMs(), qint64(-1));
    }

    void manualTimersFireInDeadlineOrderAndRestartOnTheWay()
    {
        ManualClock clock(0);
        QObject owner;
        ClockTimer *a = clock.createTimer(Qt::PreciseTimer, &owner);
        ClockTimer *b = clock.createTimer(Qt::CoarseTimer, &owner);
        QStringList order;
        int aFired = 0;
        connect(a, &ClockTimer::timeout, &owner, [&] {
            order.append(QStringLiteral("a@%1").arg(clock.nowMs()));
            if (++aFired < 3)
                a->start(100); // re-armed from its own timeout, as a retry loop does
        });
        connect(b, &ClockTimer::timeout, &owner, [&] { order.append(QStringLiteral("b@%1").arg(clock.nowMs())); });
        b->start(150);
        a->start(100);
        clock.advance(1000);
        QCOMPARE(order, (QStringList{QStringLiteral("a@100"), QStringLiteral("b@150"), QStringLiteral("a@200"),
                                     QStringLiteral("a@300")}));
    }

    void stoppedOrDeletedTimersNeverFire()
    {
        ManualClock clock(0);
        QObject owner;
        ClockTimer *stopped = clock.createTimer(Qt::PreciseTimer, &owner);
        QSignalSpy stoppedFired(stopped, &ClockTimer::timeout);
        stopped->start(10);
        stopped->stop();
        bool called = false;
        {
            QObject context;
            clock.singleShot(10, &context, [&] { called = true; });
        }
        clock.advance(100);
        QCOMPARE(stoppedFired.size(), 0);
        QVERIFY(!called);
    }

    void zeroDelayFiresOnTheNextEventLoopRound()
    {
        ManualClock clock(0);
        QObject owner;
        int calls = 0;
        clock.singleShot(0, &owner, [&] { ++calls; });
        QCOMPARE(calls, 0); // not from inside the call that armed it
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
        QCOMPARE(clock.nowMs(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"

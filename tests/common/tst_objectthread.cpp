// ObjectThread: the hosted object is built and destroyed on its own thread, start() and stop()
// return at once, and started()/failed() and stopped() each arrive exactly once.
#include "common/ObjectThread.h"

#include <QAtomicPointer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

using taskstream::ObjectThread;

namespace {

/// Records the threads it was built and destroyed on.
class Probe : public QObject
{
public:
    explicit Probe(QAtomicPointer<QThread> *destroyedOn) : m_destroyedOn(destroyedOn)
    {
        builtOn = QThread::currentThread();
    }
    ~Probe() override { m_destroyedOn->storeRelease(QThread::currentThread()); }
    QThread *builtOn = nullptr;

private:
    QAtomicPointer<QThread> *m_destroyedOn;
};

} // namespace

class TestObjectThread : public QObject
{
    Q_OBJECT
private slots:
    void objectLivesOnItsOwnThread()
    {
        QAtomicPointer<QThread> destroyedOn;
        QThread *builtOn = nullptr;
        ObjectThread host(QStringLiteral("probe"));
        QSignalSpy started(&host, &ObjectThread::started);
        QSignalSpy failed(&host, &ObjectThread::failed);
        QSignalSpy stopped(&host, &ObjectThread::stopped);
        host.start([&destroyedOn](QString *) -> QObject * { return new Probe(&destroyedOn); });
        QCOMPARE(started.count(), 0); // returns at once; the result comes as a signal
        QVERIFY(started.wait());
        auto *probe = host.objectAs<Probe>();
        QVERIFY(probe);
        builtOn = probe->builtOn;
        QVERIFY(builtOn != QThread::currentThread());
        QCOMPARE(probe->thread(), builtOn);
        QCOMPARE(builtOn->objectName(), QStringLiteral("probe"));

        host.stop();
        QVERIFY(!host.object());
        QVERIFY(stopped.wait());
        QCOMPARE(destroyedOn.loadAcquire(), builtOn);
        host.stop(); // a second stop changes nothing
        QCOMPARE(started.count(), 1);
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(failed.count(), 0);
    }

    // Liveness: a thread answers heartbeats while its event loop runs, and stops answering while
    // one call holds it; it answers again once the call returns.
    void aWedgedThreadStopsAnsweringHeartbeats()
    {
        QAtomicPointer<QThread> destroyedOn;
        ObjectThread host(QStringLiteral("wedgeable"));
        QSignalSpy started(&host, &ObjectThread::started);
        host.start([&destroyedOn](QString *) -> QObject * { return new Probe(&destroyedOn); });
        QVERIFY(started.wait());
        QVERIFY(host.lastAnsweredPing() >= 0); // counted from the start until a first answer

        host.ping(1000);
        QVERIFY(QTest::qWaitFor([&] { return host.lastAnsweredPing() == 1000; }, 5000));

        QSemaphore entered, release;
        QMetaObject::invokeMethod(
            host.object(),
            [&] {
                entered.release();
                release.acquire(); // wedged until the test lets it go
            },
            Qt::QueuedConnection);
        entered.acquire();
        host.ping(2000);
        host.ping(3000);
        // Its answers are queued behind the wedged call: the stamp stays at the last one
        // answered, for as long as the call runs (checked after a round trip of our own loop).
        QTest::qWait(50);
        QCOMPARE(host.lastAnsweredPing(), qint64(1000));
        release.release();
        QVERIFY(QTest::qWaitFor([&] { return host.lastAnsweredPing() == 3000; }, 5000));

        QSignalSpy stopped(&host, &ObjectThread::stopped);
        host.stop();
        QVERIFY(stopped.wait());
        host.ping(4000); // after stop: ignored, nothing is posted to a thread that ended
        QCOMPARE(host.lastAnsweredPing(), qint64(3000));
    }

    void failureIsReportedOnceAndStopStillAnswers()
    {
        ObjectThread host(QStringLiteral("failing"));
        QSignalSpy started(&host, &ObjectThread::started);
        QSignalSpy failed(&host, &ObjectThread::failed);
        QSignalSpy stopped(&host, &ObjectThread::stopped);
        host.start([](QString *error) -> QObject * {
            *error = QStringLiteral("no database");
            return nullptr;
        });
        QVERIFY(failed.wait());
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("no database"));
        QVERIFY(!host.object());
        host.stop();
        QVERIFY(stopped.count() == 1 || stopped.wait());
        QCOMPARE(started.count(), 0);
        QCOMPARE(stopped.count(), 1);
    }

    void stopBeforeStartedDestroysTheObjectOnItsThread()
    {
        QAtomicPointer<QThread> destroyedOn;
        QAtomicPointer<QThread> builtOn;
        ObjectThread host(QStringLiteral("early-stop"));
        QSignalSpy started(&host, &ObjectThread::started);
        QSignalSpy stopped(&host, &ObjectThread::stopped);
        host.start([&](QString *) -> QObject * {
            auto *p = new Probe(&destroyedOn);
            builtOn.storeRelease(p->builtOn);
            return p;
        });
        host.stop();
        QVERIFY(stopped.wait());
        QCOMPARE(started.count(), 0);
        QVERIFY(builtOn.loadAcquire() && builtOn.loadAcquire() != QThread::currentThread());
        QCOMPARE(destroyedOn.loadAcquire(), builtOn.loadAcquire());
    }

    void destructorWithoutStopEndsTheThread()
    {
        QAtomicPointer<QThread> destroyedOn;
        QThread *builtOn = nullptr;
        {
            ObjectThread host(QStringLiteral("dropped"));
            QSignalSpy started(&host, &ObjectThread::started);
            host.start([&destroyedOn](QString *) -> QObject * { return new Probe(&destroyedOn); });
            QVERIFY(started.wait());
            builtOn = host.objectAs<Probe>()->builtOn;
        }
        QCOMPARE(destroyedOn.loadAcquire(), builtOn);
    }

    void stopWithoutStartSaysStopped()
    {
        ObjectThread host(QStringLiteral("idle"));
        QSignalSpy stopped(&host, &ObjectThread::stopped);
        host.stop();
        QCOMPARE(stopped.count(), 0); // never inside stop()
        QVERIFY(stopped.wait());
        QCOMPARE(stopped.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestObjectThread)
#include "tst_objectthread.moc"

#include "common/Clock.h"

#include <QDateTime>
#include <QTimer>

namespace taskstream {

namespace {
class SystemClockTimer : public ClockTimer
{
public:
    SystemClockTimer(Qt::TimerType type, QObject *parent) : ClockTimer(parent)
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(type);
        connect(&m_timer, &QTimer::timeout, this, &ClockTimer::timeout);
    }
    void start(int ms) override { m_timer.start(ms); }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }

private:
    QTimer m_timer;
};

class SystemClock : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    ClockTimer *createTimer(Qt::TimerType type, QObject *parent) override { return new SystemClockTimer(type, parent); }
    void singleShot(int ms, QObject *context, std::function<void()> fn) override
    {
        QTimer::singleShot(ms, context, std::move(fn));
    }
};
} // namespace

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

class ManualClockTimer : public ClockTimer
{
public:
    ManualClockTimer(ManualClock *clock, QObject *parent) : ClockTimer(parent), m_clock(clock) { clock->add(this); }
    ~ManualClockTimer() override
    {
        if (m_clock)
            m_clock->remove(this);
    }
    void start(int ms) override
    {
        if (!m_clock)
            return;
        m_deadlineMs = m_clock->m_nowMs + qMax(0, ms);
        m_sequence = ++m_clock->m_sequence;
        m_active = true;
        if (ms <= 0)
            m_clock->scheduleDue();
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }

    QPointer<ManualClock> m_clock;
    qint64 m_deadlineMs = 0;
    quint64 m_sequence = 0;
    bool m_active = false;
};

ManualClock::ManualClock(qint64 startMs, QObject *parent) : QObject(parent), m_nowMs(startMs) {}

ManualClock::~ManualClock()
{
    for (ManualClockTimer *t : std::as_const(m_timers))
        t->m_clock = nullptr;
}

ClockTimer *ManualClock::createTimer(Qt::TimerType, QObject *parent)
{
    return new ManualClockTimer(this, parent);
}

void ManualClock::singleShot(int ms, QObject *context, std::function<void()> fn)
{
    auto *t = new ManualClockTimer(this, context);
    connect(t, &ClockTimer::timeout, t, [t, fn = std::move(fn)] {
        t->deleteLater();
        fn();
    });
    t->start(ms);
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_nowMs + qMax<qint64>(0, ms);
    fireUntil(target);
    m_nowMs = target;
}

qint64 ManualClock::nextDeadlineMs() const
{
    qint64 next = -1;
    for (const ManualClockTimer *t : m_timers)
        if (t->m_active && (next < 0 || t->m_deadlineMs < next))
            next = t->m_deadlineMs;
    return next;
}

void ManualClock::add(ManualClockTimer *timer)
{
    m_timers.append(timer);
}

void ManualClock::remove(ManualClockTimer *timer)
{
    m_timers.removeOne(timer);
}

void ManualClock::fireUntil(qint64 untilMs)
{
    for (;;) {
        ManualClockTimer *first = nullptr;
        for (ManualClockTimer *t : std::as_const(m_timers))
            if (t->m_active && t->m_deadlineMs <= untilMs &&
                (!first || t->m_deadlineMs < first->m_deadlineMs ||
                 (t->m_deadlineMs == first->m_deadlineMs && t->m_sequence < first->m_sequence)))
                first = t;
        if (!first)
            return;
        m_nowMs = qMax(m_nowMs, first->m_deadlineMs);
        first->m_active = false;
        emit first->timeout();
    }
}

void ManualClock::scheduleDue()
{
    if (m_dueScheduled)
        return;
    m_dueScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_dueScheduled = false;
            fireUntil(m_nowMs);
        },
        Qt::QueuedConnection);
}

} // namespace taskstream

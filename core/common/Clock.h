#pragma once

#include <functional>

#include <QObject>
#include <QPointer>
#include <QtGlobal>

namespace taskstream {

class ManualClockTimer;

/// A single-shot timer on a Clock's time, made by Clock::createTimer(): start() arms it and
/// timeout() is emitted once when the clock reaches the deadline.
class ClockTimer : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    /// Arms the timer (again) to fire once after \a ms of the clock's time; 0 is "at once", on the
    /// next round of the event loop.
    virtual void start(int ms) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;

signals:
    void timeout();
};

/// Where time-driven code reads the time and waits: the system clock in production, a
/// ManualClock in tests, which advance time instead of waiting for it.
class Clock
{
public:
    virtual ~Clock() = default;
    /// Milliseconds since the epoch.
    virtual qint64 nowMs() const = 0;
    /// A single-shot timer of this clock with the given precision, owned by \a parent.
    virtual ClockTimer *createTimer(Qt::TimerType type, QObject *parent) = 0;
    /// Calls \a fn in \a context's thread after \a ms of this clock's time, unless \a context is
    /// gone by then.
    virtual void singleShot(int ms, QObject *context, std::function<void()> fn) = 0;

    /// QDateTime and QTimer. Shared and never deleted.
    static Clock *system();
};

/// A clock that moves only when told to. advance() walks the time forward to each deadline that
/// falls within the step in turn and fires its timer there, as the system clock would; timers
/// started with 0 ms fire on the next round of the event loop.
class ManualClock : public QObject, public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(qint64 startMs, QObject *parent = nullptr);
    ~ManualClock() override;

    qint64 nowMs() const override { return m_nowMs; }
    ClockTimer *createTimer(Qt::TimerType type, QObject *parent) override;
    void singleShot(int ms, QObject *context, std::function<void()> fn) override;

    /// Moves the time forward by \a ms, firing what falls due on the way.
    void advance(qint64 ms);
    /// The earliest deadline of an armed timer, or -1 when none is armed.
    qint64 nextDeadlineMs() const;

private:
    friend class ManualClockTimer;
    void add(ManualClockTimer *timer);
    void remove(ManualClockTimer *timer);
    /// Fires, earliest first, the armed timers whose deadline is at or before \a untilMs.
    void fireUntil(qint64 untilMs);
    void scheduleDue();

    qint64 m_nowMs;
    quint64 m_sequence = 0; ///< start order, to fire timers with equal deadlines in that order
    QList<ManualClockTimer *> m_timers;
    bool m_dueScheduled = false;
};

} // namespace taskstream

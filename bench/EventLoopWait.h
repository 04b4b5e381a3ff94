#pragma once

#include <functional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

namespace taskstream::bench {

/// Runs the event loop until \a done() is true or \a timeoutMs passes (negative: no limit); false
/// on timeout. It sleeps while nothing happens: QCoreApplication::processEvents(flags, maxtime)
/// drops WaitForMoreEvents and returns at once when no event is pending, so calling it in a loop
/// spins a core, and that core is taken from what a benchmark measures (and counted in its CPU
/// time). A timer wakes the loop every \a checkMs so the timeout and \a done() are looked at even
/// when \a done() changes without an event of this thread.
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = -1, int checkMs = 20)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.start(checkMs);
    while (!done()) {
        if (timeoutMs >= 0 && clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace taskstream::bench

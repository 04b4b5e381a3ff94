#pragma once

#include <atomic>
#include <functional>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

namespace taskstream {

/// Hosts one QObject on a thread of its own: the object is built on that thread, lives there and
/// is destroyed there (its destructor does its teardown). start() and stop() return at once;
/// started() or failed() follows start() exactly once, stopped() follows stop() exactly once.
/// Nothing here waits for the other thread, except the destructor when stop() was not used.
class ObjectThread : public QObject
{
    Q_OBJECT
public:
    /// Runs on the new thread: returns the object to host (no parent), or null with *error set.
    using Factory = std::function<QObject *(QString *error)>;

    explicit ObjectThread(const QString &name, QObject *parent = nullptr);
    /// Last resort when stopped() was not waited for: destroys the object on its thread and waits
    /// for the thread to end.
    ~ObjectThread() override;

    /// Starts the thread and calls \a factory on it. Call once.
    void start(Factory factory);
    /// Destroys the hosted object on its thread, then ends the thread; stopped() follows (also
    /// when start() failed or was never called).
    void stop();

    /// The hosted object between started() and stop(), else null. It lives on the other thread:
    /// reach it through queued calls, queued connections or functions documented as thread-safe.
    QObject *object() const { return m_object; }
    template <class T> T *objectAs() const { return static_cast<T *>(m_object); }
    bool isStarted() const { return m_state == State::Started; }
    QString name() const { return m_thread.objectName(); }

    /// Liveness: posts a heartbeat stamped \a nowMs (QDeadlineTimer::current()'s milliseconds) to
    /// the thread; it answers when its event loop gets to it. A thread busy in one call (a wedged
    /// query, a runaway loop) stops answering.
    void ping(qint64 nowMs);
    /// The stamp of the newest heartbeat the thread answered, or the time it started when none
    /// was answered yet (-1 before it started). Thread-safe.
    qint64 lastAnsweredPing() const { return m_answered.load(std::memory_order_relaxed); }
    bool isStopping() const { return m_state == State::Stopping; }

signals:
    void started();
    /// The factory returned null; the thread ends by itself.
    void failed(const QString &reason);
    void stopped();

private:
    enum class State { Idle, Starting, Started, Failed, Stopping, Stopped };
    /// Posts the destruction of the hosted object (and the anchor) and the end of the thread.
    void postTeardown();

    QThread m_thread;
    /// Lives on m_thread: the receiver of everything posted there; owns the hosted object.
    QObject *m_anchor = nullptr;
    QObject *m_object = nullptr;
    State m_state = State::Idle;
    bool m_teardownPosted = false;
    std::atomic<qint64> m_answered{-1};
};

} // namespace taskstream

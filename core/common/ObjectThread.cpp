#include "ObjectThread.h"

#include <QDeadlineTimer>

namespace taskstream {

ObjectThread::ObjectThread(const QString &name, QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(name);
    connect(&m_thread, &QThread::finished, this, [this] {
        m_object = nullptr;
        if (m_state == State::Stopping) {
            m_state = State::Stopped;
            emit stopped();
        }
    });
}

ObjectThread::~ObjectThread()
{
    m_thread.disconnect(this);
    if (m_thread.isRunning()) {
        postTeardown();
        m_thread.wait();
    }
}

void ObjectThread::start(Factory factory)
{
    if (m_state != State::Idle)
        return;
    m_state = State::Starting;
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
    QObject *anchor = m_anchor;
    QMetaObject::invokeMethod(
        anchor,
        [this, anchor, factory = std::move(factory)] {
            QString why;
            QObject *object = factory(&why);
            if (object)
                object->setParent(anchor); // destroyed with the anchor, on this thread
            else if (why.isEmpty())
                why = QStringLiteral("%1 could not be created").arg(QThread::currentThread()->objectName());
            // The owner's thread learns the outcome; if the owner is gone by then, the call is dropped.
            QMetaObject::invokeMethod(
                this,
                [this, object, why] {
                    if (m_state != State::Starting)
                        return; // stop() came first: the object is being destroyed already
                    if (!object) {
                        m_state = State::Failed;
                        postTeardown();
                        emit failed(why);
                        return;
                    }
                    m_object = object;
                    m_state = State::Started;
                    m_answered.store(QDeadlineTimer::current().deadline(), std::memory_order_relaxed);
                    emit started();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ObjectThread::ping(qint64 nowMs)
{
    if (m_state != State::Started || !m_anchor)
        return;
    // The anchor is destroyed before this object (see the destructor), so `this` outlives the call.
    QMetaObject::invokeMethod(
        m_anchor, [this, nowMs] { m_answered.store(nowMs, std::memory_order_relaxed); }, Qt::QueuedConnection);
}

void ObjectThread::stop()
{
    if (m_state == State::Stopping || m_state == State::Stopped)
        return;
    const bool running = m_state == State::Starting || m_state == State::Started || m_thread.isRunning();
    m_state = State::Stopping;
    m_object = nullptr;
    if (!running) {
        // Never started, or its thread has ended already: nothing to wait for.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_state == State::Stopping) {
                    m_state = State::Stopped;
                    emit stopped();
                }
            },
            Qt::QueuedConnection);
        return;
    }
    postTeardown();
}

void ObjectThread::postTeardown()
{
    if (m_teardownPosted || !m_anchor)
        return;
    m_teardownPosted = true;
    QObject *anchor = m_anchor;
    m_anchor = nullptr;
    // Queued after the factory, so the object exists (or never will) when this runs.
    QMetaObject::invokeMethod(
        anchor,
        [anchor] {
            delete anchor;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

} // namespace taskstream

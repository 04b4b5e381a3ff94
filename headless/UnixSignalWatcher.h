#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGINT/SIGTERM into a Qt signal on the event loop (self-pipe: the handler only writes
/// one byte; everything else happens in the slot).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

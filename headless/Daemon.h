#pragma once

#include "DaemonOptions.h"

#include <QObject>

#include <memory>

namespace taskstream::kafka {
class EmbeddedBroker;
class KafkaAdmin;
} // namespace taskstream::kafka

/// Composes core's pieces into the running daemon. start() is asynchronous: ready() or
/// failed() follows exactly once.
class Daemon : public QObject
{
    Q_OBJECT
public:
    explicit Daemon(DaemonOptions options, QObject *parent = nullptr);
    ~Daemon() override;

    void start();
    /// Stops everything in order; safe to call more than once.
    void stop();
    QString bootstrapServers() const { return m_bootstrap; }

signals:
    void ready();
    /// exitCode 2 for configuration errors, 1 for runtime failures.
    void failed(const QString &reason, int exitCode);

private:
    void ensureTopics();
    DaemonOptions m_options;
    QString m_bootstrap;
    std::unique_ptr<taskstream::kafka::EmbeddedBroker> m_broker;
    std::unique_ptr<taskstream::kafka::KafkaAdmin> m_admin;
};

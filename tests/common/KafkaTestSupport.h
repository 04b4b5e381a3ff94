#pragma once
// Helpers shared by the Kafka integration tests: an embedded cluster per test case, unique topic
// names, and collecting consumers. Everything talks to the broker over TCP on loopback.

#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

namespace testsupport {

inline QString uniqueName(const QString &prefix)
{
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

inline taskstream::kafka::KafkaConfig consumerConfig(const QString &bootstrap, const QString &group)
{
    taskstream::kafka::KafkaConfig cfg(bootstrap);
    cfg.merge(taskstream::kafka::KafkaConfig::embeddedConsumerTuning());
    cfg.set(QStringLiteral("group.id"), group);
    return cfg;
}

/// Collects every message a consumer hands out.
struct Collector
{
    QList<taskstream::kafka::KafkaMessage> messages;
    explicit Collector(taskstream::kafka::KafkaConsumer *c)
    {
        QObject::connect(c, &taskstream::kafka::KafkaConsumer::messagesReceived, c,
                         [this](const QList<taskstream::kafka::KafkaMessage> &batch) { messages += batch; });
    }
    /// Spins the event loop until at least n messages arrived or timeoutMs passed.
    bool waitFor(int n, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return messages.size() >= n; }, timeoutMs);
    }
};

} // namespace testsupport

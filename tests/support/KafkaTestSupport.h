#pragma once
// Helpers shared by the Kafka integration tests: an embedded cluster per test case, unique topic
// names, and collecting consumers. Everything talks to the broker over TCP on loopback.

#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"

#include <QHash>
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

/// The log-end offset of each of the \a partitions of \a topic, asked of the broker now (empty on
/// failure). Once every writer has been acknowledged, a reader that reaches these offsets has seen
/// all that was written: the end of the log is the sentinel, no fixed wait is needed.
inline QHash<int, qint64> logEndOffsets(const QString &bootstrap, const QString &topic, int partitions,
                                        int timeoutMs = 15000)
{
    using namespace taskstream::kafka;
    KafkaAdmin admin;
    if (!admin.open(KafkaConfig(bootstrap)))
        return {};
    TopicPartitionList list;
    for (int p = 0; p < partitions; ++p)
        list.append({topic, p, OffsetInvalid});
    QHash<int, qint64> ends;
    bool answered = false;
    QObject::connect(&admin, &KafkaAdmin::watermarksReady, &admin,
                     [&](quint64, const QList<PartitionWatermarks> &marks, const KafkaError &error) {
                         answered = true;
                         if (error.isError())
                             return;
                         for (const PartitionWatermarks &w : marks)
                             if (!w.error.isError() && w.high >= 0)
                                 ends.insert(w.partition, w.high);
                     });
    admin.fetchWatermarks(list, timeoutMs);
    if (!QTest::qWaitFor([&] { return answered; }, timeoutMs + 5000) || ends.size() != partitions)
        return {};
    return ends;
}

/// Reads every partition of \a topic from its beginning without joining a group: a reader that
/// subscribes waits for the group's first rebalance (3 s on the embedded broker).
inline taskstream::kafka::KafkaError readFromBeginning(taskstream::kafka::KafkaConsumer &consumer, const QString &topic,
                                                       int partitions)
{
    taskstream::kafka::TopicPartitionList all;
    for (int p = 0; p < partitions; ++p)
        all.append({topic, p, taskstream::kafka::OffsetBeginning});
    return consumer.assign(all);
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
    /// Spins the event loop until, in every partition of \a topic listed in \a ends (partition ->
    /// log-end offset), the record just before the end arrived. False after timeoutMs.
    bool waitForEnd(const QString &topic, const QHash<int, qint64> &ends, int timeoutMs = 30000)
    {
        return QTest::qWaitFor(
            [&] {
                QHash<int, qint64> next;
                for (const taskstream::kafka::KafkaMessage &m : std::as_const(messages))
                    if (m.topic == topic)
                        next[m.partition] = qMax(next.value(m.partition), m.offset + 1);
                for (auto it = ends.cbegin(); it != ends.cend(); ++it)
                    if (next.value(it.key()) < it.value())
                        return false;
                return true;
            },
            timeoutMs);
    }
    /// Waits until this collector has read \a topic (of \a partitions partitions) up to its log end
    /// as the broker has it now. Call it once every writer has been acknowledged.
    bool waitForLogEnd(const QString &bootstrap, const QString &topic, int partitions, int timeoutMs = 60000)
    {
        const QHash<int, qint64> ends = logEndOffsets(bootstrap, topic, partitions);
        return !ends.isEmpty() && waitForEnd(topic, ends, timeoutMs);
    }
};

} // namespace testsupport

// Producer and consumer throughput of core's Kafka clients on the embedded broker, next to
// kcat doing the same work against the same broker in the same run.
//
//   bench_kafka_throughput [messages=1000000] [message-bytes=200]
//
// The embedded broker keeps at most 5 MB per partition, so the topics have enough partitions
// to hold every message (64 for 1M x 200 B).

#include "EventLoopWait.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"

#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <sys/resource.h>

using namespace taskstream::kafka;

namespace {
struct Figure
{
    double seconds = 0;
    qint64 messages = 0;
    qint64 bytes = 0;
};

void print(const char *what, const Figure &f)
{
    std::printf("%-22s %10lld msgs %8.2f s %12.0f msgs/s %8.1f MB/s\n", what, static_cast<long long>(f.messages),
                f.seconds, f.messages / f.seconds, f.bytes / f.seconds / 1e6);
}

Figure coreProduce(const QString &bootstrap, const QString &topic, qint64 n, int size)
{
    KafkaProducer producer;
    KafkaConfig cfg(bootstrap);
    cfg.set(QStringLiteral("queue.buffering.max.messages"), QStringLiteral("500000"));
    if (!producer.open(cfg))
        qFatal("cannot open producer");
    qint64 delivered = 0, failed = 0;
    QObject::connect(&producer, &KafkaProducer::delivered, [&](const DeliveryReport &r) {
        ++delivered;
        if (r.error.isError())
            ++failed;
    });
    const QByteArray value(size, 'x');
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < n;) {
        KafkaError e;
        const QByteArray key = QByteArray::number(i % 10007);
        if (producer.produce(topic, key, value, {}, -1, &e)) {
            ++i;
            continue;
        }
        if (e.codeName() != QLatin1String("_QUEUE_FULL"))
            qFatal("produce failed: %s", qPrintable(e.toString()));
        // Full local queue: let delivery reports be served, as any event-loop application would.
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    taskstream::bench::waitUntil([&] { return delivered >= n; });
    Figure f{t.nsecsElapsed() / 1e9, n, n * size};
    if (failed)
        std::printf("core producer: %lld deliveries failed\n", static_cast<long long>(failed));
    return f;
}

Figure coreConsume(const QString &bootstrap, const QString &topic, qint64 n, int size)
{
    KafkaConsumer consumer;
    KafkaConfig cfg(bootstrap);
    cfg.merge(KafkaConfig::embeddedConsumerTuning());
    cfg.set(QStringLiteral("group.id"), QStringLiteral("bench-") + topic);
    if (!consumer.open(cfg))
        qFatal("cannot open consumer");
    qint64 got = 0;
    QElapsedTimer t;
    QObject::connect(&consumer, &KafkaConsumer::messagesReceived, [&](const QList<KafkaMessage> &batch) {
        if (!t.isValid())
            t.start();
        got += batch.size();
    });
    consumer.subscribe({topic});
    taskstream::bench::waitUntil([&] { return got >= n; });
    Figure f{t.nsecsElapsed() / 1e9, got, got * size};
    consumer.close();
    return f;
}

Figure runKcat(const QString &kcat, const QStringList &args, const QString &inputFile, qint64 n, int size)
{
    QProcess p;
    if (!inputFile.isEmpty())
        p.setStandardInputFile(inputFile);
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    p.start(kcat, args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0)
        qFatal("kcat failed: %s", p.readAllStandardError().constData());
    return Figure{t.nsecsElapsed() / 1e9, n, n * size};
}

long maxRssMb()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000000;
    const int size = argc > 2 ? QByteArray(argv[2]).toInt() : 200;
    const int partitions = int(qMax<qint64>(8, (n * (size + 70)) / (4 * 1024 * 1024) + 1));

    EmbeddedBroker broker;
    if (!broker.start(1))
        qFatal("cannot start the embedded broker");
    const QString bs = broker.bootstrapServers();
    broker.createTopic(QStringLiteral("bench-core"), partitions, 1);
    broker.createTopic(QStringLiteral("bench-kcat"), partitions, 1);
    std::printf("embedded broker, 1 broker, %d partitions per topic, %lld messages of %d bytes\n", partitions,
                static_cast<long long>(n), size);

    const Figure cp = coreProduce(bs, QStringLiteral("bench-core"), n, size);
    print("core producer", cp);
    const Figure cc = coreConsume(bs, QStringLiteral("bench-core"), n, size);
    print("core consumer", cc);
    std::printf("core max RSS: %ld MB\n", maxRssMb());

    const QString kcat = QStandardPaths::findExecutable(QStringLiteral("kcat"));
    if (kcat.isEmpty()) {
        std::printf("kcat not found: no reference figures (Debian package kcat)\n");
        return 0;
    }
    QTemporaryFile input;
    input.open();
    {
        const QByteArray line = QByteArray(size, 'x') + '\n';
        QByteArray chunk;
        for (int i = 0; i < 10000; ++i)
            chunk += line;
        for (qint64 i = 0; i < n; i += 10000)
            input.write(chunk.constData(), qMin<qint64>(10000, n - i) * line.size());
        input.flush();
    }
    // Same producer settings as core's defaults: idempotent, acks=all, linger.ms=5.
    const Figure kp =
        runKcat(kcat,
                {QStringLiteral("-b"), bs, QStringLiteral("-P"), QStringLiteral("-t"), QStringLiteral("bench-kcat"),
                 QStringLiteral("-X"), QStringLiteral("enable.idempotence=true"), QStringLiteral("-X"),
                 QStringLiteral("acks=all"), QStringLiteral("-X"), QStringLiteral("linger.ms=5"), QStringLiteral("-X"),
                 QStringLiteral("queue.buffering.max.messages=500000")},
                input.fileName(), n, size);
    print("kcat producer", kp);
    const Figure kc = runKcat(kcat,
                              {QStringLiteral("-b"), bs, QStringLiteral("-C"), QStringLiteral("-t"),
                               QStringLiteral("bench-kcat"), QStringLiteral("-o"), QStringLiteral("beginning"),
                               QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-X"),
                               QStringLiteral("fetch.wait.max.ms=5"), QStringLiteral("-f"), QStringLiteral("%o\n")},
                              {}, n, size);
    print("kcat consumer", kc);
    std::printf("ratio core/kcat: producer %.2f, consumer %.2f\n",
                (cp.messages / cp.seconds) / (kp.messages / kp.seconds),
                (cc.messages / cc.seconds) / (kc.messages / kc.seconds));
    return 0;
}

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
#include <ctime>
#include <map>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <sys/resource.h>
#include <unistd.h>

using namespace taskstream::kafka;

namespace {
struct Figure
{
    double seconds = 0;
    qint64 messages = 0;
    qint64 bytes = 0;
    double appCpu = 0;   ///< CPU seconds of the application's thread (core) or of the kcat process
    double otherCpu = 0; ///< CPU seconds of this process's other threads (librdkafka's, the broker's)
};

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double childrenCpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/// CPU seconds of this process's threads by name (librdkafka names its threads rdk:main,
/// rdk:brokerN, rdk:mock).
std::map<QByteArray, double> cpuByThreadName()
{
    std::map<QByteArray, double> out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const qsizetype open = stat.indexOf('('), close = stat.lastIndexOf(')');
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (open < 0 || close < 0 || fields.size() < 13)
            continue;
        out[stat.mid(open + 1, close - open - 1)] +=
            double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
    }
    return out;
}

void printThreads(const char *what, const std::map<QByteArray, double> &before,
                  const std::map<QByteArray, double> &after, qint64 messages)
{
    std::printf("  %s, CPU by thread (us/msg):", what);
    for (const auto &[name, cpu] : after) {
        const auto it = before.find(name);
        const double d = cpu - (it == before.end() ? 0 : it->second);
        if (d > 0)
            std::printf(" %s %.2f", name.constData(), d * 1e6 / double(messages));
    }
    std::printf("\n");
}

void print(const char *what, const Figure &f)
{
    std::printf(
        "%-26s %10lld msgs %8.2f s %12.0f msgs/s %8.1f MB/s; CPU us/msg: client %.2f, other threads here %.2f\n", what,
        static_cast<long long>(f.messages), f.seconds, f.messages / f.seconds, f.bytes / f.seconds / 1e6,
        f.appCpu * 1e6 / double(f.messages), f.otherCpu * 1e6 / double(f.messages));
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
    const double app0 = threadCpuSeconds(), proc0 = processCpuSeconds();
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
    const double app = threadCpuSeconds() - app0;
    Figure f{t.nsecsElapsed() / 1e9, n, n * size, app, processCpuSeconds() - proc0 - app};
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
    qint64 got = 0, batches = 0;
    double decileMs[10] = {};
    QElapsedTimer t;
    double app0 = 0, proc0 = 0;
    std::map<QByteArray, double> threads0;
    QObject::connect(&consumer, &KafkaConsumer::messagesReceived, [&](const QList<KafkaMessage> &batch) {
        if (!t.isValid()) {
            t.start();
            app0 = threadCpuSeconds();
            proc0 = processCpuSeconds();
            threads0 = cpuByThreadName();
        }
        const qint64 before = got;
        got += batch.size();
        ++batches;
        for (int q = 1; q <= 9; ++q)
            if (before < n * q / 10 && got >= n * q / 10)
                decileMs[q] = t.nsecsElapsed() / 1e6;
    });
    consumer.subscribe({topic});
    if (!taskstream::bench::waitUntil([&] { return got >= n; }, 600000))
        std::printf("core consumer: only %lld of %lld records in 10 minutes\n", static_cast<long long>(got),
                    static_cast<long long>(n));
    const double app = threadCpuSeconds() - app0;
    Figure f{t.nsecsElapsed() / 1e9, got, got * size, app, processCpuSeconds() - proc0 - app};
    printThreads("core consumer", threads0, cpuByThreadName(), got);
    // A stall shows as a long step between two tenths.
    std::printf("  core consumer: %lld batches (%.0f records each), %llu wake-ups; ms at each tenth:",
                static_cast<long long>(batches), double(got) / double(qMax<qint64>(1, batches)),
                static_cast<unsigned long long>(consumer.wakeups()));
    for (int q = 1; q <= 9; ++q)
        std::printf(" %.0f", decileMs[q]);
    std::printf("\n");
    consumer.close();
    return f;
}

/// Runs kcat; with \a outputFile, its output (one line per consumed record) goes there and the
/// records are counted from it.
Figure runKcat(const QString &kcat, const QStringList &args, const QString &inputFile, qint64 n, int size,
               const QString &outputFile = {})
{
    QProcess p;
    if (!inputFile.isEmpty())
        p.setStandardInputFile(inputFile);
    p.setStandardOutputFile(outputFile.isEmpty() ? QProcess::nullDevice() : outputFile);
    QElapsedTimer t;
    const double child0 = childrenCpuSeconds(), proc0 = processCpuSeconds();
    const std::map<QByteArray, double> threads0 = cpuByThreadName();
    t.start();
    p.start(kcat, args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0)
        qFatal("kcat failed: %s", p.readAllStandardError().constData());
    const Figure f{t.nsecsElapsed() / 1e9, n, n * size, childrenCpuSeconds() - child0, processCpuSeconds() - proc0};
    printThreads("kcat (this process: the broker)", threads0, cpuByThreadName(), n);
    if (!outputFile.isEmpty()) {
        QFile out(outputFile);
        out.open(QIODevice::ReadOnly);
        const qint64 lines = out.readAll().count('\n');
        if (lines != n)
            std::printf("kcat consumed %lld records, not %lld\n", static_cast<long long>(lines),
                        static_cast<long long>(n));
    }
    return f;
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
    std::printf("core max RSS after producing: %ld MB\n", maxRssMb());

    const QString kcat = QStandardPaths::findExecutable(QStringLiteral("kcat"));
    if (kcat.isEmpty()) {
        print("core consumer", coreConsume(bs, QStringLiteral("bench-core"), n, size));
        std::printf("kcat not found: no reference figures (Debian package kcat)\n");
        return 0;
    }
    QTemporaryFile input;
    input.open();
    {
        // The same keys as the core producer's, so kcat's records spread over the partitions as
        // evenly: without keys they go to random partitions, and one over the broker's 5 MB is
        // cut from its start.
        const QByteArray value = QByteArray(size, 'x') + '\n';
        QByteArray chunk;
        for (qint64 i = 0; i < n; ++i) {
            chunk += QByteArray::number(i % 10007) + '\t' + value;
            if (chunk.size() > (1 << 20) || i == n - 1) {
                input.write(chunk);
                chunk.clear();
            }
        }
        input.flush();
    }
    // Same producer settings as core's defaults: idempotent, acks=all, linger.ms=5.
    const Figure kp = runKcat(kcat,
                              {QStringLiteral("-b"), bs, QStringLiteral("-P"), QStringLiteral("-t"),
                               QStringLiteral("bench-kcat"), QStringLiteral("-K"), QStringLiteral("\t"),
                               QStringLiteral("-X"), QStringLiteral("enable.idempotence=true"), QStringLiteral("-X"),
                               QStringLiteral("acks=all"), QStringLiteral("-X"), QStringLiteral("linger.ms=5"),
                               QStringLiteral("-X"), QStringLiteral("queue.buffering.max.messages=500000")},
                              input.fileName(), n, size);
    print("kcat producer", kp);

    // Both consumers read both topics. The embedded broker answers a fetch with one producer
    // batch per partition, so a consumer's rate depends on how the topic's records were batched
    // when produced: comparing consumers on different topics compares the producers' batching.
    QTemporaryFile offsets;
    offsets.open();
    auto kcatConsume = [&](const QString &topic) {
        return runKcat(kcat,
                       {QStringLiteral("-b"), bs, QStringLiteral("-C"), QStringLiteral("-t"), topic,
                        QStringLiteral("-o"), QStringLiteral("beginning"), QStringLiteral("-e"), QStringLiteral("-q"),
                        QStringLiteral("-X"), QStringLiteral("fetch.wait.max.ms=5"), QStringLiteral("-f"),
                        QStringLiteral("%o\n")},
                       {}, n, size, offsets.fileName());
    };
    double coreSeconds = 0, kcatSeconds = 0;
    for (const QString &topic : {QStringLiteral("bench-core"), QStringLiteral("bench-kcat")}) {
        const Figure cc = coreConsume(bs, topic, n, size);
        print(qPrintable(QStringLiteral("core consumer ") + topic), cc);
        const Figure kc = kcatConsume(topic);
        print(qPrintable(QStringLiteral("kcat consumer ") + topic), kc);
        coreSeconds += cc.seconds;
        kcatSeconds += kc.seconds;
        std::printf("ratio core/kcat consumer on %s: %.2f\n", qPrintable(topic), kc.seconds / cc.seconds);
    }
    std::printf("core max RSS: %ld MB\n", maxRssMb());
    std::printf("ratio core/kcat: producer %.2f, consumer %.2f (both topics)\n",
                (cp.messages / cp.seconds) / (kp.messages / kp.seconds), kcatSeconds / coreSeconds);
    return 0;
}

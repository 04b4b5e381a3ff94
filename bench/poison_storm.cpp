// Poison storm: how fast every consumer group of todo.tasks.events clears a storm of undecodable
// records into its DLQ, how soon good events written after the storm are processed, and the same
// run's throughput of clean events for comparison.
//
//   bench_poison_storm [poison=100000] [good=1000] [clean=20000] [dlq_partitions=12] [taskstreamd options...]
//
// TASKSTREAMD=/path/to/taskstreamd runs another build of the daemon (to compare builds).
// The embedded broker (3 brokers) runs in this process with the topics of the catalog; taskstreamd
// runs as a separate process with every role (api, relay, feed and the five workers) against it
// through --brokers. The embedded broker keeps at most 5 MB per partition: the storm's records
// are small (about 30 bytes), but a DLQ record carries about 300 bytes of diagnostic headers, so
// each group's DLQ topic gets dlq_partitions partitions here instead of the catalog's 3 (100,000
// records over 3 partitions would push the oldest DLQ records out of the broker's memory; the
// runner never reads them back, so the figures would be the same, but the DLQ would not hold them).
//
// Progress is read from the groups' committed offsets (a probe per group, every 25 ms): a group
// has cleared the storm when its offsets reach the storm's last records on all 6 partitions, and
// processed the good events when they reach the log end. A committed offset follows the effect of
// every record before it and the DLQ acknowledgement of every poison record before it, so these
// times are upper bounds.

#include "EventLoopWait.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"

#include <cstdio>
#include <map>
#include <memory>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUuid>

using namespace taskstream;

namespace {
const QString Topic = QStringLiteral("todo.tasks.events");

struct Group
{
    QString name;
    std::unique_ptr<kafka::KafkaConsumer> probe;
    qint64 clearedMs = -1; ///< since the storm's first record: offsets at the storm's end
    qint64 goodMs = -1;    ///< since the storm's first record: offsets at the end of the good events
    qint64 cleanMs = -1;   ///< since the clean phase began: offsets at its end
};

class Producer
{
public:
    explicit Producer(const QString &bootstrap)
    {
        kafka::KafkaConfig cfg(bootstrap);
        cfg.set(QStringLiteral("linger.ms"), QStringLiteral("20"));
        if (!m_p.open(cfg))
            qFatal("producer did not open");
        QObject::connect(&m_p, &kafka::KafkaProducer::delivered, &m_p, [this](const kafka::DeliveryReport &r) {
            if (r.error.isError())
                qFatal("produce failed: %s", qPrintable(r.error.toString()));
            ++m_acked;
        });
    }
    void send(const QByteArray &key, const QByteArray &value, const kafka::Headers &headers, int partition)
    {
        while (!m_p.produce(Topic, key, value, headers, partition))
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // queue full: let deliveries drain
        if (++m_sent % 1000 == 0)
            QCoreApplication::processEvents();
    }
    void waitAcked()
    {
        bench::waitUntil([this] { return m_acked >= m_sent; });
    }

private:
    kafka::KafkaProducer m_p;
    qint64 m_sent = 0, m_acked = 0;
};

events::EncodedRecord taskCreated(events::EventSerializer &serializer, const QUuid &user, const QString &title)
{
    events::TaskCreated ev;
    ev.header.eventId = QUuid::createUuid();
    ev.header.occurredAt = QDateTime::currentDateTimeUtc();
    ev.task.id = QUuid::createUuid();
    ev.task.userId = user;
    ev.task.title = title;
    ev.task.createdAt = ev.header.occurredAt;
    const events::EncodeResult r = serializer.encode(events::Event::from(ev), events::WireFormat::AvroSingleObject);
    if (!r.ok())
        qFatal("encode failed");
    return r.record;
}

QList<qint64> logEnds(kafka::KafkaConsumer &probe, int partitions)
{
    QList<qint64> out;
    for (int p = 0; p < partitions; ++p) {
        qint64 high = -1;
        kafka::KafkaError e;
        if (!probe.queryWatermarks(Topic, p, nullptr, &high, 5000, &e))
            qFatal("watermarks of %s/%d: %s", qPrintable(Topic), p, qPrintable(e.toString()));
        out << high;
    }
    return out;
}

bool reached(kafka::KafkaConsumer &probe, const QList<qint64> &ends)
{
    kafka::TopicPartitionList want;
    for (int p = 0; p < ends.size(); ++p)
        want.append({Topic, p, kafka::OffsetInvalid});
    kafka::KafkaError e;
    const kafka::TopicPartitionList got = probe.committed(want, 5000, &e);
    if (e.isError() || got.size() != ends.size())
        return false;
    for (const kafka::TopicPartition &tp : got)
        if (tp.offset < ends.value(tp.partition))
            return false;
    return true;
}

QByteArray get(const QString &url)
{
    QNetworkAccessManager nam;
    QNetworkReply *r = nam.get(QNetworkRequest(QUrl(url)));
    bench::waitUntil([r] { return r->isFinished(); }, 10000);
    const QByteArray body = r->readAll();
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r->deleteLater();
    return status == 200 ? body : QByteArray();
}

double perSecond(qint64 n, qint64 ms)
{
    return ms > 0 ? double(n) * 1000.0 / double(ms) : 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    const int poison = a.value(1, QStringLiteral("100000")).toInt();
    const int good = a.value(2, QStringLiteral("1000")).toInt();
    const int clean = a.value(3, QStringLiteral("20000")).toInt();
    const int dlqPartitions = a.value(4, QStringLiteral("12")).toInt();

    kafka::EmbeddedBroker broker;
    kafka::KafkaError err;
    if (!broker.start(3, &err))
        qFatal("embedded broker: %s", qPrintable(err.toString()));
    const TopicCatalog &catalog = TopicCatalog::builtin();
    for (const TopicSpec &t : catalog.topics()) {
        const int partitions = t.dlqOfGroup.isEmpty() ? t.partitions : dlqPartitions;
        err = broker.createTopic(t.name, partitions, t.replicationFactor);
        if (err.isError())
            qFatal("topic %s: %s", qPrintable(t.name), qPrintable(err.toString()));
    }
    const int partitions = catalog.topic(Topic)->partitions;

    QTemporaryDir dir;
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::SeparateChannels);
    const QString logPath = dir.filePath(QStringLiteral("taskstreamd.log"));
    daemon.setStandardErrorFile(logPath);
    QStringList daemonArgs{QStringLiteral("--data-dir"),   dir.path(),
                           QStringLiteral("--http-port"),  QStringLiteral("0"),
                           QStringLiteral("--log-format"), QStringLiteral("text"),
                           QStringLiteral("--brokers"),    broker.bootstrapServers()};
    // What the daemon gives its consumers when it runs the embedded broker itself.
    const auto tuning = kafka::KafkaConfig::embeddedConsumerTuning().properties();
    for (auto it = tuning.cbegin(); it != tuning.cend(); ++it)
        daemonArgs << QStringLiteral("--kafka-property") << it.key() + QLatin1Char('=') + it.value();
    daemonArgs << a.mid(5);
    // TASKSTREAMD: another build of the daemon, to compare.
    const QString program =
        qEnvironmentVariable("TASKSTREAMD", QStringLiteral(TASKSTREAM_BINARY_DIR "/bin/taskstreamd"));
    daemon.start(program, daemonArgs);
    QByteArray out;
    if (!bench::waitUntil(
            [&] {
                out += daemon.readAllStandardOutput();
                return out.contains("http=") && out.endsWith('\n');
            },
            60000))
        qFatal("taskstreamd did not start (see %s)", qPrintable(logPath));
    QString http;
    for (const QByteArray &line : out.split('\n'))
        if (line.startsWith("http="))
            http = QString::fromUtf8(line.mid(5));
    if (!bench::waitUntil(
            [&] {
                // Every consumer group has its partitions (for an API node /readyz is 200 before).
                const QJsonObject ready = QJsonDocument::fromJson(get(http + QStringLiteral("/readyz"))).object();
                if (ready.value(QLatin1String("checks")).toObject().value(QLatin1String("consumer_groups")) ==
                    QLatin1String("ok"))
                    return true;
                QElapsedTimer pause;
                pause.start();
                bench::waitUntil([&pause] { return pause.elapsed() >= 200; });
                return false;
            },
            120000))
        qFatal("taskstreamd did not become ready");

    std::vector<Group> groups;
    for (const ConsumerGroupSpec &g : catalog.consumerGroups()) {
        if (!g.topics.contains(Topic))
            continue;
        Group group;
        group.name = g.name;
        group.probe = std::make_unique<kafka::KafkaConsumer>();
        kafka::KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("group.id"), g.name);
        cfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
        if (!group.probe->open(cfg))
            qFatal("probe of %s did not open", qPrintable(g.name));
        groups.push_back(std::move(group));
    }
    kafka::KafkaConsumer &probe = *groups.front().probe;

    // The storm, then good events behind it.
    events::EventSerializer serializer;
    const QUuid user = QUuid::createUuid();
    Producer producer(broker.bootstrapServers());
    QElapsedTimer clock;
    clock.start();
    const QString stormStart = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (int i = 0; i < poison; ++i)
        producer.send(QByteArray::number(i % 997), QByteArray("\x13\x37 not an event #") + QByteArray::number(i), {},
                      i % partitions);
    producer.waitAcked();
    const qint64 stormProducedMs = clock.elapsed();
    const QList<qint64> stormEnd = logEnds(probe, partitions);
    for (int i = 0; i < good; ++i) {
        const events::EncodedRecord r = taskCreated(serializer, user, QStringLiteral("after the storm %1").arg(i));
        producer.send(r.key, r.value, r.headers, -1);
    }
    producer.waitAcked();
    const qint64 goodProducedMs = clock.elapsed();
    const QList<qint64> goodEnd = logEnds(probe, partitions);

    const auto watch = [&](const std::function<bool(Group &)> &step, int timeoutMs) {
        return bench::waitUntil(
            [&] {
                bool all = true;
                for (Group &g : groups)
                    all = step(g) && all;
                if (all)
                    return true;
                QElapsedTimer pause;
                pause.start();
                bench::waitUntil([&pause] { return pause.elapsed() >= 25; });
                return false;
            },
            timeoutMs);
    };
    const bool stormDone = watch(
        [&](Group &g) {
            if (g.clearedMs < 0 && reached(*g.probe, stormEnd))
                g.clearedMs = clock.elapsed();
            if (g.clearedMs >= 0 && g.goodMs < 0 && reached(*g.probe, goodEnd))
                g.goodMs = clock.elapsed();
            return g.goodMs >= 0;
        },
        1200000);

    // Clean events, the same run.
    QElapsedTimer cleanClock;
    cleanClock.start();
    for (int i = 0; i < clean; ++i) {
        const events::EncodedRecord r = taskCreated(serializer, user, QStringLiteral("clean %1").arg(i));
        producer.send(r.key, r.value, r.headers, -1);
    }
    producer.waitAcked();
    const qint64 cleanProducedMs = cleanClock.elapsed();
    const QList<qint64> cleanEnd = logEnds(probe, partitions);
    const bool cleanDone = watch(
        [&](Group &g) {
            if (g.cleanMs < 0 && reached(*g.probe, cleanEnd))
                g.cleanMs = cleanClock.elapsed();
            return g.cleanMs >= 0;
        },
        1200000);

    const QString metrics = QString::fromUtf8(get(http + QStringLiteral("/metrics")));
    std::map<QString, qint64> deadLettered;
    const QRegularExpression deadRe(
        QStringLiteral("^taskstream_events_dead_lettered_total\\{[^}]*group=\"([^\"]+)\"[^}]*\\} (\\S+)$"),
        QRegularExpression::MultilineOption);
    for (auto it = deadRe.globalMatch(metrics); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        deadLettered[m.captured(1)] = qint64(m.captured(2).toDouble());
    }
    daemon.terminate();
    daemon.waitForFinished(60000);
    int logLines = 0, deadLetterLines = 0;
    QFile log(logPath);
    if (log.open(QIODevice::ReadOnly)) {
        while (!log.atEnd()) {
            const QByteArray line = log.readLine();
            ++logLines;
            if (line.contains(" went to ") || line.contains(" dead-lettered "))
                ++deadLetterLines;
        }
    }

    std::printf("poison storm: %d undecodable records over %d partitions of %s (produced in %.2f s), then %d good "
                "TaskCreated (acknowledged %.2f s after the storm's first record); %d DLQ partitions per group; "
                "storm began %s\n",
                poison, partitions, qPrintable(Topic), stormProducedMs / 1000.0, good, goodProducedMs / 1000.0,
                dlqPartitions, qPrintable(stormStart));
    std::printf("%-24s %12s %14s %12s %14s %12s %14s\n", "group", "storm rec/s", "cleared at s", "good at s",
                "good-cleared s", "clean rec/s", "dead-lettered");
    for (const Group &g : groups)
        std::printf("%-24s %12.0f %14.2f %12.2f %14.2f %12.0f %14lld\n", qPrintable(g.name),
                    perSecond(poison, g.clearedMs), g.clearedMs / 1000.0, g.goodMs / 1000.0,
                    (g.goodMs - g.clearedMs) / 1000.0, perSecond(clean, g.cleanMs),
                    static_cast<long long>(deadLettered[g.name]));
    std::printf("clean phase: %d TaskCreated produced in %.2f s\n", clean, cleanProducedMs / 1000.0);
    std::printf("daemon log: %d lines, %d about dead-lettered records\n", logLines, deadLetterLines);
    if (qEnvironmentVariableIsSet("BENCH_KEEP_LOG")) {
        dir.setAutoRemove(false);
        std::printf("daemon log kept: %s\n", qPrintable(logPath));
    }
    if (!stormDone || !cleanDone) {
        std::printf("NOT FINISHED: some group did not reach the log end in time (see %s)\n", qPrintable(logPath));
        dir.setAutoRemove(false);
        return 1;
    }
    return 0;
}

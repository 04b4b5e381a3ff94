// Durable pipeline throughput: events/s from a topic to a committed effect (idempotency ledger row
// + one effect row per event, SQLite with synchronous=FULL), then Kafka offsets committed.
//
//   bench_processing_pipeline [--random-ids] [events=200000] [python3=/usr/bin/python3]
//
// Event and task ids are time-ordered, as TaskService makes them, unless --random-ids.
//
// The embedded broker runs in this process; the topic is filled first (CloudEvents JSON, so a
// plain Python consumer reads the same records). Then two consumers run one after the other, each
// as its own process so its CPU time is its own:
//   - this program in --worker mode: a ConsumerRunner (core/processing);
//   - bench/reference_pipeline.py: the seeds' design written the obvious way in Python
//     (confluent-kafka, json, sqlite3 ledger, commit per batch).
// Each prints one JSON line: events, wall seconds from start to the last offset committed, the
// seconds until the first record arrived (joining the group), and the CPU seconds of its process.
// Throughput is counted from the first record to the last offset committed.
//
// A third child (--floor) measures SQLite's own share: the same ledger and effect rows, made in
// memory and written with SQLite's C API in transactions of the runner's batch size, with no Kafka
// and no JSON. No consumer that makes these rows durable can run faster than that on this machine,
// so the floor over the reference bounds the ratio any consumer can reach.
//
// The runner runs a second time with synchronous=NORMAL (--synchronous on the worker): what that
// setting would buy it, measured, although the daemon keeps FULL (docs/reliability.md says why).
//
// Two more (--floor-design full|normal) measure the same bound for the design issue 21 proposes:
// no ledger row (the effect's own key, the event id, is the idempotency check), and the batch's
// next offset per partition stored in the same transaction (exactly once without a Kafka commit on
// the hot path); at synchronous=FULL, and at NORMAL, which would be safe only for effects no
// one sees before they are durable (a power loss loses the effects with their offsets, and the
// records are read again).

#include "EventLoopWait.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"
#include "processing/ConsumerRunner.h"
#include "processing/EventRecords.h"
#include "store/Database.h"
#include "store/TimeOrderedId.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <sys/resource.h>

using namespace taskstream;

namespace {
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

const char *kEffectTable = "CREATE TABLE IF NOT EXISTS effects (event_id TEXT PRIMARY KEY, task_id TEXT NOT NULL,"
                           " title TEXT NOT NULL)";

int runWorker(const QString &bootstrap, const QString &topic, const QString &group, const QString &path, int n,
              const QString &sync)
{
    QString why;
    auto db = store::Database::open(path, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    QSqlQuery(db->db()).exec(QString::fromLatin1(kEffectTable));
    if (!sync.isEmpty() && !QSqlQuery(db->db()).exec(QStringLiteral("PRAGMA synchronous=") + sync))
        qFatal("cannot set synchronous");
    processing::RunnerOptions o;
    o.group = group;
    o.topics = {topic};
    o.kafka = kafka::KafkaConfig(bootstrap);
    o.consumer = kafka::KafkaConfig::embeddedConsumerTuning();
    o.consumer.set(QStringLiteral("auto.offset.reset"), QStringLiteral("earliest"));
    processing::ConsumerRunner runner(db.get(), o);
    runner.setDefaultHandler([](const processing::HandlerContext &ctx) {
        const Result<int> rows = ctx.db->statement("INSERT INTO effects (event_id, task_id, title) VALUES (?, ?, ?)")
                                     .bind(ctx.eventId)
                                     .bindUtf8(ctx.message.key)
                                     .bind(ctx.event.data().value(QStringLiteral("title")).toString())
                                     .exec();
        if (!rows)
            return processing::HandlerResult::retriable(QStringLiteral("store"), rows.error().message);
        return processing::HandlerResult::ok();
    });
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuSeconds();
    kafka::KafkaError e;
    if (!runner.start(&e))
        qFatal("%s", qPrintable(e.toString()));
    qint64 batches = 0;
    double firstRecord = -1; // seconds from start to the first record: joining the group
    QObject::connect(runner.consumer(), &kafka::KafkaConsumer::messagesReceived, &runner,
                     [&](const QList<kafka::KafkaMessage> &) {
                         if (batches++ == 0)
                             firstRecord = t.nsecsElapsed() / 1e9;
                     });
    bench::waitUntil([&] { return runner.metrics().processed >= quint64(n) && !runner.hasUncommittedOffsets(); });
    const double secs = t.nsecsElapsed() / 1e9;
    const double cpu = cpuSeconds() - cpu0;
    runner.stop();
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("events"), n},
                                                  {QStringLiteral("seconds"), secs},
                                                  {QStringLiteral("first_record_seconds"), firstRecord},
                                                  {QStringLiteral("cpu_seconds"), cpu},
                                                  {QStringLiteral("duplicates"), qint64(runner.metrics().duplicates)},
                                                  {QStringLiteral("batches"), batches}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

/// The rows runWorker makes durable, without Kafka and without JSON: the ledger row (the
/// migrations' processed_events table) and the effect row, with SQLite's C API, the runner's batch
/// size per transaction, WAL with synchronous=FULL as Database::open sets it.
int runFloor(const QString &path, int n, bool randomIds)
{
    QString why;
    auto db = store::Database::open(path, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    QSqlQuery(db->db()).exec(QString::fromLatin1(kEffectTable));
    const int perTransaction = processing::RunnerOptions().maxBatchSize;
    // Made before the clock starts, as the records are already in the topic for the consumers.
    QList<QByteArray> eventIds, taskIds, titles;
    for (int i = 0; i < n; ++i) {
        eventIds << (randomIds ? QUuid::createUuid() : store::newTimeOrderedId()).toByteArray(QUuid::WithoutBraces);
        taskIds << (randomIds ? QUuid::createUuid() : store::newTimeOrderedId()).toByteArray(QUuid::WithoutBraces);
        titles << QStringLiteral("pipeline bench %1").arg(i).toUtf8();
    }
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuSeconds();
    for (int i = 0; i < n; i += perTransaction) {
        if (const Result<void> begun = db->begin(); !begun)
            qFatal("%s", qPrintable(begun.error().message));
        for (int j = i; j < std::min(n, i + perTransaction); ++j) {
            const Result<int> ledger =
                db->statement("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition, "
                              "kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                              "(consumer_group, event_id) DO NOTHING")
                    .bindUtf8("bench-floor")
                    .bindUtf8(eventIds.at(j))
                    .bindUtf8("bench.pipeline")
                    .bind(j % 64)
                    .bind(j / 64)
                    .bind(QDateTime::currentMSecsSinceEpoch())
                    .exec();
            if (!ledger || *ledger != 1)
                qFatal("ledger insert: %s", qPrintable(ledger.error().message));
            const Result<int> effect = db->statement("INSERT INTO effects (event_id, task_id, title) VALUES (?, ?, ?)")
                                           .bindUtf8(eventIds.at(j))
                                           .bindUtf8(taskIds.at(j))
                                           .bindUtf8(titles.at(j))
                                           .exec();
            if (!effect || *effect != 1)
                qFatal("effect insert: %s", qPrintable(effect.error().message));
        }
        if (const Result<void> committed = db->commit(); !committed)
            qFatal("%s", qPrintable(committed.error().message));
    }
    const double secs = t.nsecsElapsed() / 1e9;
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("events"), n},
                                                  {QStringLiteral("seconds"), secs},
                                                  {QStringLiteral("first_record_seconds"), 0},
                                                  {QStringLiteral("cpu_seconds"), cpuSeconds() - cpu0}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

/// The floor of the proposed design: effect rows keyed by event id plus one offsets row per
/// partition of each batch, in one transaction, at synchronous \a sync ("FULL" or "NORMAL").
int runFloorDesign(const QString &path, int n, const QString &sync)
{
    QString why;
    auto db = store::Database::open(path, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    QSqlQuery(db->db()).exec(QString::fromLatin1(kEffectTable));
    // consumer_offsets is the migrations' table, which the runner writes in its batches too.
    if (!QSqlQuery(db->db()).exec(QStringLiteral("PRAGMA synchronous=") + sync))
        qFatal("cannot set synchronous");
    const int perTransaction = processing::RunnerOptions().maxBatchSize;
    QList<QByteArray> eventIds, taskIds, titles;
    for (int i = 0; i < n; ++i) {
        eventIds << store::newTimeOrderedId().toByteArray(QUuid::WithoutBraces);
        taskIds << store::newTimeOrderedId().toByteArray(QUuid::WithoutBraces);
        titles << QStringLiteral("pipeline bench %1").arg(i).toUtf8();
    }
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuSeconds();
    for (int i = 0; i < n; i += perTransaction) {
        if (const Result<void> begun = db->begin(); !begun)
            qFatal("%s", qPrintable(begun.error().message));
        const int end = std::min(n, i + perTransaction);
        for (int j = i; j < end; ++j) {
            const Result<int> effect =
                db->statement("INSERT INTO effects (event_id, task_id, title) VALUES (?, ?, ?) ON CONFLICT (event_id) "
                              "DO NOTHING")
                    .bindUtf8(eventIds.at(j))
                    .bindUtf8(taskIds.at(j))
                    .bindUtf8(titles.at(j))
                    .exec();
            if (!effect || *effect != 1)
                qFatal("effect insert: %s", qPrintable(effect.error().message));
        }
        // The batch's records spread over the topic's 64 partitions, as the runner's do.
        for (int p = 0; p < std::min(64, end - i); ++p) {
            const Result<int> offsets =
                db->statement("INSERT INTO consumer_offsets (consumer_group, topic, kafka_partition, next_offset, "
                              "kafka_committed, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_group, "
                              "topic, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset, "
                              "kafka_committed = excluded.kafka_committed, updated_at = excluded.updated_at")
                    .bindUtf8("bench-floor")
                    .bindUtf8("bench.pipeline")
                    .bind(p)
                    .bind(qint64(end / 64 + 1))
                    .bind(qint64(i / 64))
                    .bind(QDateTime::currentMSecsSinceEpoch())
                    .exec();
            if (!offsets)
                qFatal("offsets: %s", qPrintable(offsets.error().message));
        }
        if (const Result<void> committed = db->commit(); !committed)
            qFatal("%s", qPrintable(committed.error().message));
    }
    const double secs = t.nsecsElapsed() / 1e9;
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("events"), n},
                                                  {QStringLiteral("seconds"), secs},
                                                  {QStringLiteral("first_record_seconds"), 0},
                                                  {QStringLiteral("cpu_seconds"), cpuSeconds() - cpu0}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

QJsonObject runChild(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(program, args);
    if (!p.waitForFinished(-1) || p.exitCode() != 0)
        qFatal("%s failed (exit %d)", qPrintable(program), p.exitCode());
    const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
    std::printf("  %s: %s\n", qPrintable(QFileInfo(program).fileName()), lines.last().constData());
    std::fflush(stdout);
    return QJsonDocument::fromJson(lines.last()).object();
}

/// Events per second once records flow: from the first record received to the last offset
/// committed. Joining the group comes before and is the broker's pace, not the consumer's.
double rate(const QJsonObject &r)
{
    return r.value(QStringLiteral("events")).toDouble() /
           (r.value(QStringLiteral("seconds")).toDouble() - r.value(QStringLiteral("first_record_seconds")).toDouble());
}

void report(const char *name, const QJsonObject &r)
{
    const double n = r.value(QStringLiteral("events")).toDouble();
    const double secs = r.value(QStringLiteral("seconds")).toDouble();
    const double first = r.value(QStringLiteral("first_record_seconds")).toDouble();
    const double cpu = r.value(QStringLiteral("cpu_seconds")).toDouble();
    std::printf("%-40s %8.0f events/s  %6.2f s processing  (+%5.2f s joining)  %5.2f CPU s per 100k events\n", name,
                rate(r), secs - first, first, cpu * 100000.0 / n);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.*.info=false"));
    QCommandLineParser p;
    const QCommandLineOption worker(QStringLiteral("worker"));
    const QCommandLineOption bootstrap(QStringLiteral("bootstrap"), {}, QStringLiteral("servers"));
    const QCommandLineOption topic(QStringLiteral("topic"), {}, QStringLiteral("topic"));
    const QCommandLineOption group(QStringLiteral("group"), {}, QStringLiteral("group"));
    const QCommandLineOption database(QStringLiteral("database"), {}, QStringLiteral("path"));
    const QCommandLineOption randomIds(
        QStringLiteral("random-ids"),
        QStringLiteral("random (version 4) event and task ids instead of the time-ordered "
                       "ones TaskService gives; every ledger and effect insert then lands "
                       "on a random index page"));
    const QCommandLineOption floor(QStringLiteral("floor"));
    const QCommandLineOption floorDesign(QStringLiteral("floor-design"), {}, QStringLiteral("FULL|NORMAL"));
    const QCommandLineOption synchronous(QStringLiteral("synchronous"), {}, QStringLiteral("FULL|NORMAL"));
    p.addOptions({worker, floor, floorDesign, bootstrap, topic, group, database, randomIds, synchronous});
    p.addPositionalArgument(QStringLiteral("events"), QStringLiteral("events to process (200000)"));
    p.addPositionalArgument(QStringLiteral("python3"),
                            QStringLiteral("interpreter with confluent_kafka (/usr/bin/python3)"));
    p.process(app);
    const QStringList pos = p.positionalArguments();
    const int n = pos.value(0, QStringLiteral("200000")).toInt();
    if (p.isSet(worker))
        return runWorker(p.value(bootstrap), p.value(topic), p.value(group), p.value(database), n,
                         p.value(synchronous));
    if (p.isSet(floor))
        return runFloor(p.value(database), n, p.isSet(randomIds));
    if (p.isSet(floorDesign))
        return runFloorDesign(p.value(database), n, p.value(floorDesign));
    const QString python = pos.value(1, QStringLiteral("/usr/bin/python3"));

    kafka::EmbeddedBroker broker;
    if (!broker.start(1))
        qFatal("embedded broker did not start");
    // The embedded broker keeps at most 5 MB per partition: enough partitions for every record.
    const QString t = QStringLiteral("bench.pipeline");
    broker.createTopic(t, 64, 1);

    events::EventSerializer serializer;
    kafka::KafkaProducer producer;
    kafka::KafkaConfig pcfg(broker.bootstrapServers());
    pcfg.set(QStringLiteral("linger.ms"), QStringLiteral("20"));
    if (!producer.open(pcfg))
        qFatal("producer did not open");
    int acked = 0;
    QObject::connect(&producer, &kafka::KafkaProducer::delivered, &producer, [&](const kafka::DeliveryReport &r) {
        if (r.error.isError())
            qFatal("produce failed: %s", qPrintable(r.error.toString()));
        ++acked;
    });
    const QUuid user = QUuid::createUuid();
    const bool random = p.isSet(randomIds);
    for (int i = 0; i < n; ++i) {
        events::TaskCreated ev;
        ev.header.eventId = random ? QUuid::createUuid() : store::newTimeOrderedId();
        ev.header.occurredAt = QDateTime::currentDateTimeUtc();
        ev.task.id = random ? QUuid::createUuid() : store::newTimeOrderedId();
        ev.task.userId = user;
        ev.task.title = QStringLiteral("pipeline bench %1").arg(i);
        ev.task.createdAt = ev.header.occurredAt;
        const events::EncodeResult r = serializer.encode(events::Event::from(ev), events::WireFormat::CloudEventsJson);
        if (!r.ok())
            qFatal("encode failed");
        while (!producer.produce(t, r.record.key, r.record.value, r.record.headers))
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents); // queue full: let deliveries drain
        if (i % 1000 == 0)
            QCoreApplication::processEvents();
    }
    bench::waitUntil([&] { return acked >= n; });
    producer.close(5000);
    std::printf("topic %s: %d TaskCreated events (CloudEvents JSON) on 64 partitions, %s ids\n", qPrintable(t), n,
                random ? "random" : "time-ordered");

    QTemporaryDir dir;
    const QStringList common{QStringLiteral("--bootstrap"), broker.bootstrapServers(), QStringLiteral("--topic"), t};
    const QJsonObject ours =
        runChild(QCoreApplication::applicationFilePath(),
                 common + QStringList{QStringLiteral("--worker"), QStringLiteral("--group"),
                                      QStringLiteral("bench-core"), QStringLiteral("--database"),
                                      dir.filePath(QStringLiteral("core.db")), QString::number(n)});
    const QString script =
        QFileInfo(QStringLiteral(TASKSTREAM_SOURCE_DIR "/bench/reference_pipeline.py")).absoluteFilePath();
    const QJsonObject ref =
        runChild(python, QStringList{script} + common +
                             QStringList{QStringLiteral("--group"), QStringLiteral("bench-python"),
                                         QStringLiteral("--database"), dir.filePath(QStringLiteral("python.db")),
                                         QStringLiteral("--count"), QString::number(n)});
    QStringList floorArgs{QStringLiteral("--floor"), QStringLiteral("--database"),
                          dir.filePath(QStringLiteral("floor.db")), QString::number(n)};
    if (random)
        floorArgs << QStringLiteral("--random-ids");
    const QJsonObject floorRun = runChild(QCoreApplication::applicationFilePath(), floorArgs);
    std::printf("\ntopic -> ledger + effect committed -> offsets committed, SQLite WAL synchronous=FULL:\n");
    report("taskstream ConsumerRunner (C++)", ours);
    report("reference (Python, confluent-kafka)", ref);
    std::printf("throughput ratio (events/s once records flow): %.1fx\n", rate(ours) / rate(ref));
    report("SQLite floor (same rows, no Kafka/JSON)", floorRun);
    std::printf("highest ratio any consumer writing these rows can reach here (floor / reference): %.1fx\n",
                rate(floorRun) / rate(ref));
    // What synchronous=NORMAL would give the runner (offsets in the transaction, ledger kept). Not
    // what the daemon runs: docs/reliability.md says why it is not safe there.
    const QJsonObject normal = runChild(
        QCoreApplication::applicationFilePath(),
        common + QStringList{QStringLiteral("--worker"), QStringLiteral("--group"), QStringLiteral("bench-core-normal"),
                             QStringLiteral("--synchronous"), QStringLiteral("NORMAL"), QStringLiteral("--database"),
                             dir.filePath(QStringLiteral("core-normal.db")), QString::number(n)});
    report("ConsumerRunner at synchronous=NORMAL", normal);
    std::printf("  its ratio over the reference: %.1fx\n", rate(normal) / rate(ref));
    // The same bound for the design of issue 21: no ledger row, offsets in the effects' transaction.
    for (const char *sync : {"FULL", "NORMAL"}) {
        const QJsonObject d =
            runChild(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--floor-design"), QString::fromLatin1(sync), QStringLiteral("--database"),
                      dir.filePath(QStringLiteral("design-%1.db").arg(QLatin1String(sync))), QString::number(n)});
        const QByteArray label = QByteArray("floor, effect key + offsets, ") + sync;
        report(label.constData(), d);
        std::printf("  its bound over the reference: %.1fx\n", rate(d) / rate(ref));
    }
    return 0;
}

// Outbox relay throughput: events/s from committed outbox rows to broker acknowledgement
// (marked sent), on SQLite against the embedded broker.
//
//   bench_outbox_relay [events=200000]
//
// The outbox is filled first (task creates through TaskService, one transaction per 1,000),
// then the relay starts and the clock runs until every row is marked sent.
//
// For scale, the same records (topic, key, value and CloudEvents headers) are then produced from
// memory by a bare KafkaProducer to a second topic: the relay's rate against that is what the
// outbox costs. bench_kafka_throughput's raw figure has no headers, and librdkafka spends more
// on six headers than on the value.

#include "EventLoopWait.h"
#include "events/EventCodec.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaProducer.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVarLengthArray>

using namespace taskstream;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.*.info=false"));
    const int n = argc > 1 ? QByteArray(argv[1]).toInt() : 200000;

    kafka::EmbeddedBroker broker;
    broker.start(1);
    // Enough partitions that the embedded broker's 5 MB per partition holds every record.
    broker.createTopic(QStringLiteral("todo.tasks.events"), 64, 1);
    broker.createTopic(QStringLiteral("bench-same-records"), 64, 1);

    QTemporaryDir dir;
    QString why;
    auto db = store::Database::open(dir.filePath(QStringLiteral("bench.db")), &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    events::EventSerializer serializer;
    services::TaskService tasks(db.get(), &serializer);
    tasks.setMaxGroupCommit(1000);
    const QUuid user = QUuid::createUuid();

    QElapsedTimer fill;
    fill.start();
    int created = 0;
    for (int i = 0; i < n; ++i)
        tasks.createAsync(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("relay bench %1").arg(i)}},
                          [&created](const auto &r) { created += r.ok() ? 1 : 0; });
    bench::waitUntil([&] { return created >= n; });
    const double fillSecs = fill.nsecsElapsed() / 1e9;
    std::printf("filled the outbox with %d events in %.2f s (%.0f creates/s in groups of 1000)\n", n, fillSecs,
                n / fillSecs);

    services::OutboxRelay relay(db.get(), kafka::KafkaConfig(broker.bootstrapServers()));
    QElapsedTimer t;
    t.start();
    if (!relay.start(nullptr))
        qFatal("relay did not start");
    bench::waitUntil([&] { return relay.publishedCount() >= n; });
    const double secs = t.nsecsElapsed() / 1e9;
    std::printf("outbox relay: %d events committed -> acknowledged -> marked sent in %.2f s: %.0f events/s\n", n, secs,
                n / secs);
    relay.stop(5000);

    struct Row
    {
        QByteArray key, value;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    QList<Row> rows;
    rows.reserve(n);
    QSqlQuery q(db->db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT record_key, payload, headers FROM outbox ORDER BY seq")))
        qFatal("cannot read the outbox back");
    while (q.next()) {
        Row r{q.value(0).toByteArray(), q.value(1).toByteArray(), {}};
        store::OutboxStore::forEachHeader(q.value(2).toByteArray(), [&r](QByteArrayView k, QByteArrayView v) {
            r.headers.append({k.toByteArray(), v.toByteArray()});
        });
        rows.append(r);
    }
    kafka::KafkaProducer producer;
    kafka::KafkaConfig cfg(broker.bootstrapServers());
    cfg.set(QStringLiteral("queue.buffering.max.messages"), QStringLiteral("500000"));
    if (!producer.open(cfg))
        qFatal("cannot open the producer");
    producer.prepareTopics({QStringLiteral("bench-same-records")});
    qint64 delivered = 0;
    QObject::connect(&producer, &kafka::KafkaProducer::delivered,
                     [&delivered](const kafka::DeliveryReport &) { ++delivered; });
    QElapsedTimer raw;
    raw.start();
    for (const Row &r : std::as_const(rows)) {
        QVarLengthArray<kafka::HeaderView, 12> hv;
        for (const auto &h : r.headers)
            hv.append(kafka::HeaderView{h.first, h.second});
        kafka::KafkaError e;
        while (!producer.produce("bench-same-records", r.key, r.value, hv.constData(), hv.size(), -1, &e)) {
            if (e.codeName() != QLatin1String("_QUEUE_FULL"))
                qFatal("produce failed: %s", qPrintable(e.toString()));
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
    }
    bench::waitUntil([&] { return delivered >= rows.size(); });
    const double rawSecs = raw.nsecsElapsed() / 1e9;
    const int headers = rows.isEmpty() ? 0 : int(rows.first().headers.size());
    std::printf("bare producer, the same %lld records (%d headers each) from memory: %.2f s: %.0f events/s\n",
                static_cast<long long>(rows.size()), headers, rawSecs, rows.size() / rawSecs);
    std::printf("relay / bare producer with the same records: %.0f %%\n", 100.0 * (n / secs) / (rows.size() / rawSecs));
    return 0;
}

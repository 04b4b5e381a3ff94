// Outbox relay throughput: events/s from committed outbox rows to broker acknowledgement
// (marked sent), on SQLite against the embedded broker.
//
//   bench_outbox_relay [events=200000]
//
// The outbox is filled first (task creates through TaskService, one transaction per 1,000),
// then the relay starts and the clock runs until every row is marked sent.

#include "events/EventCodec.h"
#include "kafka/EmbeddedBroker.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/Database.h"

#include "EventLoopWait.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

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
    std::printf("outbox relay: %d events committed -> acknowledged -> marked sent in %.2f s: %.0f events/s\n", n,
                secs, n / secs);
    relay.stop(5000);
    return 0;
}

#pragma once
// Helpers for the consumer runtime tests: events to produce, an effect table, ledger counts.

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/EventRecords.h"
#include "processing/Handler.h"
#include "store/Database.h"
#include "support/KafkaTestSupport.h"

#include <QSqlError>
#include <QSqlQuery>

namespace testsupport {

/// A TaskCreated for task \a taskId (the Kafka key), encoded in \a format.
inline taskstream::events::EncodedRecord
taskCreatedRecord(const QUuid &taskId, const QString &title,
                  taskstream::events::WireFormat format = taskstream::events::WireFormat::AvroSingleObject)
{
    using namespace taskstream::events;
    TaskCreated ev;
    ev.header.eventId = QUuid::createUuid();
    ev.header.occurredAt = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    ev.task.id = taskId;
    ev.task.userId = QUuid::createUuid();
    ev.task.title = title;
    ev.task.createdAt = ev.header.occurredAt;
    static EventSerializer serializer;
    const EncodeResult r = serializer.encode(Event::from(ev), format);
    Q_ASSERT(r.ok());
    return r.record;
}

/// Produces records and waits until every one is acknowledged.
inline bool produceAll(const QString &bootstrap, const QString &topic,
                       const QList<taskstream::events::EncodedRecord> &records, const QList<int> &partitions = {},
                       int timeoutMs = 60000)
{
    using namespace taskstream::kafka;
    KafkaProducer p;
    KafkaConfig cfg(bootstrap);
    cfg.set(QStringLiteral("linger.ms"), QStringLiteral("5"));
    // Uncompressed: tests that fill a partition past the embedded broker's 5 MB count the bytes
    // they send, and the broker keeps what it is sent.
    cfg.set(QStringLiteral("compression.type"), QStringLiteral("none"));
    if (!p.open(cfg))
        return false;
    int ok = 0, failed = 0;
    QObject::connect(&p, &KafkaProducer::delivered, &p,
                     [&](const DeliveryReport &r) { r.error.isError() ? ++failed : ++ok; });
    for (int i = 0; i < records.size(); ++i) {
        const auto &r = records[i];
        if (!p.produce(topic, r.key, r.value, r.headers, partitions.isEmpty() ? -1 : partitions.value(i, -1)))
            return false;
    }
    const bool done = QTest::qWaitFor([&] { return ok + failed == records.size(); }, timeoutMs);
    return done && failed == 0;
}

/// The effect table test handlers write into: one row per handled event (deliberately without a
/// unique key, so an effect applied twice shows as two rows).
inline bool createEffectTable(taskstream::store::Database *db, QString *error)
{
    QSqlQuery q(db->db());
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS effects (event_id TEXT NOT NULL, task_id TEXT NOT NULL,"
                               " kafka_partition INTEGER NOT NULL, kafka_offset BIGINT NOT NULL, worker TEXT)"))) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

/// A handler's effect: one row in the runner's open transaction, tagged with \a worker.
inline taskstream::processing::HandlerResult writeEffect(const taskstream::processing::HandlerContext &ctx,
                                                         const QString &worker = QString())
{
    using taskstream::processing::HandlerResult;
    const taskstream::Result<int> rows =
        ctx.db
            ->statement(
                "INSERT INTO effects (event_id, task_id, kafka_partition, kafka_offset, worker) VALUES (?, ?, ?, ?, ?)")
            .bind(ctx.eventId)
            .bind(QString::fromUtf8(ctx.message.key))
            .bind(ctx.message.partition)
            .bind(ctx.message.offset)
            .bind(worker.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(worker))
            .exec();
    if (!rows)
        return HandlerResult::retriable(QStringLiteral("store"), rows.error().message);
    return HandlerResult::ok();
}

inline qint64 scalar(taskstream::store::Database *db, const QString &sql)
{
    QSqlQuery q(db->db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace testsupport

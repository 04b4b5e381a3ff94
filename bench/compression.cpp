// Bytes on the wire for task events under each producer compression, on the embedded broker.
//
//   bench_compression [events=20000]
//
// The events are TaskCreated as the outbox publishes them (time-ordered ids, a title, a
// description, tags, CloudEvents headers), encoded with the project's codec in each wire format.
// For each format and compression.type the same records are produced by a librdkafka producer
// configured as core's (idempotent, acks=all, linger.ms=5) and the producer's own statistics say
// how many bytes it sent to the brokers (`tx_bytes`, requests included) for how many bytes of
// records (`txmsg_bytes`, uncompressed). The ratio is against the uncompressed run of the same
// format. librdkafka is used directly here, not through core/kafka, because only its statistics
// callback tells what went on the wire.

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "kafka/EmbeddedBroker.h"
#include "store/TimeOrderedId.h"

#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <librdkafka/rdkafka.h>

using namespace taskstream;

namespace {
struct Sent
{
    qint64 txBytes = 0;
    qint64 msgBytes = 0;
    double seconds = 0;
};

void onStats(rd_kafka_t *, char *json, size_t len, void *opaque)
{
    const QJsonObject o = QJsonDocument::fromJson(QByteArray(json, qsizetype(len))).object();
    auto *s = static_cast<Sent *>(opaque);
    s->txBytes = o.value(QLatin1String("tx_bytes")).toInteger();
    s->msgBytes = o.value(QLatin1String("txmsg_bytes")).toInteger();
}

Sent produce(const QString &bootstrap, const QString &topic, const QList<events::EncodedRecord> &records,
             const char *compression)
{
    Sent sent;
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const QByteArray servers = bootstrap.toUtf8();
    const std::pair<const char *, const char *> settings[] = {
        {"bootstrap.servers", servers.constData()},
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"linger.ms", "5"},
        {"compression.type", compression},
        {"statistics.interval.ms", "100"},
    };
    for (const auto &[k, v] : settings)
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK)
            qFatal("%s=%s: %s", k, v, err);
    rd_kafka_conf_set_opaque(conf, &sent);
    rd_kafka_conf_set_stats_cb(conf, [](rd_kafka_t *rk, char *json, size_t len, void *opaque) {
        onStats(rk, json, len, opaque);
        return 0;
    });
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk)
        qFatal("producer: %s", err);
    const QByteArray t = topic.toUtf8();
    QElapsedTimer timer;
    timer.start();
    for (const events::EncodedRecord &r : records) {
        rd_kafka_headers_t *hdrs = rd_kafka_headers_new(r.headers.size());
        for (const auto &h : r.headers) {
            const QByteArray name = h.key.toUtf8();
            rd_kafka_header_add(hdrs, name.constData(), name.size(), h.value.constData(), h.value.size());
        }
        rd_kafka_resp_err_t e;
        while ((e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(t.constData()),
                                      RD_KAFKA_V_KEY(r.key.constData(), size_t(r.key.size())),
                                      RD_KAFKA_V_VALUE(const_cast<char *>(r.value.constData()), size_t(r.value.size())),
                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(hdrs),
                                      RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 10);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
            qFatal("produce: %s", rd_kafka_err2str(e));
    }
    if (rd_kafka_flush(rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        qFatal("flush timed out");
    sent.seconds = timer.nsecsElapsed() / 1e9;
    // The statistics are emitted on the interval: wait for one taken after the flush.
    const qint64 target = sent.msgBytes;
    for (int i = 0; i < 50 && (sent.msgBytes == target || sent.txBytes == 0); ++i)
        rd_kafka_poll(rk, 100);
    rd_kafka_destroy(rk);
    return sent;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int n = app.arguments().value(1, QStringLiteral("20000")).toInt();
    if (n <= 0)
        qFatal("usage: bench_compression [events > 0]");
    kafka::EmbeddedBroker broker;
    kafka::KafkaError error;
    if (!broker.start(1, &error))
        qFatal("embedded broker: %s", qPrintable(error.toString()));

    events::EventSerializer serializer;
    constexpr int ConfluentId = 1;
    serializer.addSchemaId(ConfluentId,
                           serializer.schemas().current(QString::fromLatin1(events::TaskCreated::TypeName)));
    const QUuid user = QUuid::createUuid();
    const QStringList titles = {QStringLiteral("Renew the car insurance"), QStringLiteral("Call the dentist"),
                                QStringLiteral("Prepare the quarterly report"), QStringLiteral("Buy groceries"),
                                QStringLiteral("Book flights for the conference")};
    QList<events::Event> input;
    for (int i = 0; i < n; ++i) {
        events::TaskCreated ev;
        ev.header.eventId = store::newTimeOrderedId();
        ev.header.occurredAt = QDateTime::currentDateTimeUtc();
        ev.task.id = store::newTimeOrderedId();
        ev.task.userId = i % 10 == 0 ? QUuid::createUuid() : user;
        ev.task.title = titles.at(i % titles.size()) + QStringLiteral(" #%1").arg(i);
        if (i % 3 == 0)
            ev.task.description = QStringLiteral("Details for item %1, see the shared notes.").arg(i);
        ev.task.tags = {QStringLiteral("home"), QStringLiteral("q%1").arg(i % 4 + 1)};
        ev.task.priority = events::Priority(i % 3);
        ev.task.createdAt = ev.header.occurredAt;
        ev.task.dueDate = ev.header.occurredAt.addDays(i % 30);
        input << events::Event::from(ev);
    }
    const struct
    {
        const char *name;
        events::WireFormat format;
    } formats[] = {{"CloudEvents JSON", events::WireFormat::CloudEventsJson},
                   {"Avro single-object", events::WireFormat::AvroSingleObject},
                   {"Avro Confluent", events::WireFormat::AvroConfluent}};
    const char *compressions[] = {"none", "lz4", "zstd", "snappy", "gzip"};
    std::printf("TaskCreated x %d per run, one producer, linger.ms=5, embedded broker\n", n);
    std::printf("%-20s %-8s %12s %12s %8s %10s\n", "format", "codec", "record B", "sent B", "ratio", "events/s");
    int run = 0;
    for (const auto &f : formats) {
        QList<events::EncodedRecord> records;
        for (const events::Event &e : std::as_const(input)) {
            const events::EncodeResult enc = serializer.encode(e, f.format, ConfluentId);
            if (!enc.ok())
                qFatal("encode failed: %s", qPrintable(enc.error.message));
            records << enc.record;
        }
        qint64 uncompressed = 0;
        for (const char *c : compressions) {
            const QString topic = QStringLiteral("compression-%1").arg(run++);
            if (broker.createTopic(topic, 6, 1).isError())
                qFatal("cannot create %s", qPrintable(topic));
            const Sent s = produce(broker.bootstrapServers(), topic, records, c);
            if (qstrcmp(c, "none") == 0)
                uncompressed = s.txBytes;
            std::printf("%-20s %-8s %12lld %12lld %8.3f %10.0f\n", f.name, c, static_cast<long long>(s.msgBytes),
                        static_cast<long long>(s.txBytes), uncompressed > 0 ? double(s.txBytes) / uncompressed : 0.0,
                        n / s.seconds);
            std::fflush(stdout);
        }
    }
    return 0;
}

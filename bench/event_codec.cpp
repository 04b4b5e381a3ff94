// Event codec cost per event: encode and decode of TaskCreated in each wire format, on one thread.
//
//   bench_event_codec [events=1000] [rounds=200]
//
// Every consumer decodes each record it reads, so this is a floor under any consumer's time per
// event. Decoding here is configured as the consumer runner's (no JSON view for display). Ids are
// time-ordered, as TaskService makes them.

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "store/TimeOrderedId.h"

#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>

using namespace taskstream;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int n = args.value(1, QStringLiteral("1000")).toInt();
    const int rounds = args.value(2, QStringLiteral("200")).toInt();
    if (n <= 0 || rounds <= 0)
        qFatal("usage: bench_event_codec [events > 0] [rounds > 0]");

    events::CodecConfig config;
    config.decodeToJson = false; // as ConsumerRunner decodes
    events::EventSerializer serializer(config);
    constexpr int ConfluentId = 1;
    serializer.addSchemaId(ConfluentId,
                           serializer.schemas().current(QString::fromLatin1(events::TaskCreated::TypeName)));
    QList<events::Event> input;
    const QUuid user = QUuid::createUuid();
    for (int i = 0; i < n; ++i) {
        events::TaskCreated ev;
        ev.header.eventId = store::newTimeOrderedId();
        ev.header.occurredAt = QDateTime::currentDateTimeUtc();
        ev.task.id = store::newTimeOrderedId();
        ev.task.userId = user;
        ev.task.title = QStringLiteral("codec bench %1").arg(i);
        ev.task.tags = {QStringLiteral("home")};
        ev.task.createdAt = ev.header.occurredAt;
        input << events::Event::from(ev);
    }

    const struct
    {
        const char *name;
        events::WireFormat format;
    } formats[] = {{"CloudEvents JSON", events::WireFormat::CloudEventsJson},
                   {"Avro single-object", events::WireFormat::AvroSingleObject},
                   {"Avro Confluent", events::WireFormat::AvroConfluent}};
    std::printf("TaskCreated, %d events x %d rounds, one thread\n", n, rounds);
    for (const auto &f : formats) {
        QList<events::EncodedRecord> records;
        QElapsedTimer t;
        t.start();
        for (int r = 0; r < rounds; ++r) {
            records.clear();
            for (const events::Event &e : input) {
                const events::EncodeResult enc = serializer.encode(e, f.format, ConfluentId);
                if (!enc.ok())
                    qFatal("encode failed: %s", qPrintable(enc.error.message));
                records << enc.record;
            }
        }
        const double encodeUs = double(t.nsecsElapsed()) / 1e3 / (double(n) * rounds);
        t.restart();
        for (int r = 0; r < rounds; ++r) {
            for (const events::EncodedRecord &rec : records) {
                const events::DecodeResult dec = serializer.decode(rec.value, rec.headers);
                if (!dec.ok())
                    qFatal("decode failed: %s", qPrintable(dec.error.message));
            }
        }
        const double decodeUs = double(t.nsecsElapsed()) / 1e3 / (double(n) * rounds);
        std::printf("%-20s %4lld bytes  encode %6.2f us (%8.0f/s)  decode %6.2f us (%8.0f/s)\n", f.name,
                    qint64(records.first().value.size()), encodeUs, 1e6 / encodeUs, decodeUs, 1e6 / decodeUs);
    }
    return 0;
}

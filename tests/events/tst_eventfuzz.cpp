#include "events/EventCodec.h"
#include "support/SampleEvents.h"

#include <map>

#include <QRandomGenerator>
#include <QtTest>

using namespace taskstream;
using namespace taskstream::events;

// Mutation fuzzing of the decoder: valid payloads of every type and format, mutated, must decode
// either to an event that survives a re-encode, or to a named error; never crash, hang or throw.
// Bounded and reproducible: TASKSTREAM_FUZZ_ITERATIONS (default 200000) and TASKSTREAM_FUZZ_SEED.
class TestEventFuzz : public QObject
{
    Q_OBJECT

    static QByteArray mutate(QRandomGenerator &rng, QByteArray data, const QList<QByteArray> &corpus)
    {
        const int rounds = 1 + int(rng.bounded(4));
        for (int r = 0; r < rounds; ++r) {
            const int size = int(data.size());
            const int pos = size > 0 ? int(rng.bounded(size)) : 0;
            switch (rng.bounded(9)) {
            case 0: // flip a bit
                if (size)
                    data[pos] = char(data[pos] ^ (1 << rng.bounded(8)));
                break;
            case 1: { // an interesting byte
                static const char interesting[] = {0, 1, 2, 0x7f, char(0x80), char(0xff), char(0xc3), '{', '"'};
                if (size)
                    data[pos] = interesting[rng.bounded(int(sizeof interesting))];
                break;
            }
            case 2: // truncate
                data.truncate(pos);
                break;
            case 3: { // insert random bytes
                QByteArray extra(1 + int(rng.bounded(8)), Qt::Uninitialized);
                for (char &c : extra)
                    c = char(rng.bounded(256));
                data.insert(pos, extra);
                break;
            }
            case 4: // remove a range
                data.remove(pos, 1 + int(rng.bounded(8)));
                break;
            case 5: { // a huge zig-zag varint (lengths, counts, union indexes)
                static const QByteArray huge = QByteArray::fromHex("feffffffffffffffff01");
                static const QByteArray negative = QByteArray::fromHex("ffffffff0f");
                data.insert(pos, rng.bounded(2) ? huge : negative);
                break;
            }
            case 6: { // splice with another payload
                const QByteArray &other = corpus.at(int(rng.bounded(int(corpus.size()))));
                const int from = other.isEmpty() ? 0 : int(rng.bounded(int(other.size())));
                data = data.left(pos) + other.mid(from);
                break;
            }
            case 7: // duplicate a chunk
                data.insert(pos, data.mid(pos, 1 + int(rng.bounded(16))));
                break;
            default: // overwrite with a random byte
                if (size)
                    data[pos] = char(rng.bounded(256));
            }
        }
        return data;
    }

private slots:
    void fuzzDecoder()
    {
        const int iterations = qEnvironmentVariableIsSet("TASKSTREAM_FUZZ_ITERATIONS")
                                   ? qEnvironmentVariableIntValue("TASKSTREAM_FUZZ_ITERATIONS")
                                   : 200000;
        const quint32 seed = qEnvironmentVariableIsSet("TASKSTREAM_FUZZ_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("TASKSTREAM_FUZZ_SEED"))
                                 : 20261122u;
        QRandomGenerator rng(seed);

        // The v2 evolution sample is known as a writer schema, so resolution is fuzzed as well.
        SchemaStore store = SchemaStore::builtIn();
        const AvroSchema v2 =
            AvroSchema::load(QStringLiteral(TASKSTREAM_SOURCE_DIR "/schemas/avro/evolution/TaskCreated.v3.avsc"));
        QVERIFY(v2.isValid());
        store.add(v2, false);
        EventSerializer s({}, store);
        int id = 1;
        for (const EventTypeInfo &t : EventTypes::all())
            s.addSchemaId(id++, s.schemas().current(t.fullName));
        QList<QByteArray> corpus;
        QList<events::Headers> corpusHeaders;
        for (const auto &[name, event] : samples::all()) {
            const int typeId =
                1 +
                int(std::distance(EventTypes::all().cbegin(),
                                  std::find_if(EventTypes::all().cbegin(), EventTypes::all().cend(),
                                               [&](const EventTypeInfo &t) { return t.fullName == event.type(); })));
            for (WireFormat f :
                 {WireFormat::AvroSingleObject, WireFormat::AvroConfluent, WireFormat::CloudEventsJson}) {
                const EncodeResult r = s.encode(event, f, typeId);
                QVERIFY(r.ok());
                corpus << r.record.value;
                corpusHeaders << r.record.headers;
            }
        }

        {
            SchemaStore v2Store;
            v2Store.add(v2);
            QVariantMap data = samples::all().first().second.data();
            data.insert(QStringLiteral("estimate_minutes"), qint64(30));
            const EncodeResult r =
                EventSerializer({}, v2Store).encode(Event(QString::fromLatin1(TaskCreated::TypeName), data));
            QVERIFY(r.ok());
            QVERIFY(s.decode(r.record.value).ok());
            corpus << r.record.value;
            corpusHeaders << r.record.headers;
        }

        std::map<QString, int> outcomes;
        std::map<QString, QString> examples;
        int decodedOk = 0;
        for (int i = 0; i < iterations; ++i) {
            const int pick = int(rng.bounded(int(corpus.size())));
            const QByteArray input = mutate(rng, corpus.at(pick), corpus);
            // Half the time with the original headers, so content-type and ce_type checks are hit too.
            const events::Headers headers = rng.bounded(2) ? corpusHeaders.at(pick) : events::Headers{};
            const DecodeResult r = s.decode(input, headers);
            if (!r.ok()) {
                if (r.error.code == DecodeError::None || r.error.message.isEmpty())
                    QFAIL(qPrintable(
                        QStringLiteral("error without a name for input %1").arg(QString::fromLatin1(input.toHex()))));
                if (++outcomes[r.error.codeName()] == 1)
                    examples[r.error.codeName()] = r.error.message;
                continue;
            }
            ++decodedOk;
            // Whatever decoded must be a valid event: it encodes again and decodes to itself.
            const EncodeResult again = s.encode(r.decoded.event, WireFormat::AvroSingleObject);
            if (!again.ok())
                QFAIL(qPrintable(QStringLiteral("decoded event does not re-encode (%1) for input %2")
                                     .arg(again.error.message, QString::fromLatin1(input.toHex()))));
            const DecodeResult back = s.decode(again.record.value);
            if (!back.ok() || back.decoded.event != r.decoded.event)
                QFAIL(qPrintable(
                    QStringLiteral("re-encoded event differs for input %1").arg(QString::fromLatin1(input.toHex()))));
        }
        QStringList summary;
        for (const auto &[code, count] : outcomes)
            summary << QStringLiteral("%1=%2").arg(code).arg(count);
        qInfo("fuzz: seed %u, %d inputs, %d decoded to valid events, errors: %s", seed, iterations, decodedOk,
              qPrintable(summary.join(QStringLiteral(", "))));
        for (const auto &[code, message] : examples)
            qInfo("  first %s: %s", qPrintable(code), qPrintable(message.left(240)));
        QVERIFY(outcomes.size() >= 6); // the mutations reach many different checks
    }

    void randomBytes()
    {
        QRandomGenerator rng(7);
        const EventSerializer s;
        for (int i = 0; i < 20000; ++i) {
            QByteArray input(int(rng.bounded(64)), Qt::Uninitialized);
            for (char &c : input)
                c = char(rng.bounded(256));
            if (i % 3 == 0 && input.size() >= 2) { // give the header a chance
                input[0] = char(0xC3);
                input[1] = 1;
            }
            const DecodeResult r = s.decode(input);
            QVERIFY(r.ok() || !r.error.message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestEventFuzz)
#include "tst_eventfuzz.moc"

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "support/SampleEvents.h"

#include <QJsonDocument>
#include <QtTest>

using namespace taskstream;
using namespace taskstream::events;

Q_DECLARE_METATYPE(taskstream::events::WireFormat)

class TestEventCodec : public QObject
{
    Q_OBJECT

private:
    static constexpr int SchemaId = 7;
    EventSerializer makeSerializer() const
    {
        EventSerializer s;
        for (const AvroSchema &schema : s.schemas().currentSchemas()) {
            if (schema.fullName().endsWith(QLatin1String(".TaskCreated")))
                s.addSchemaId(SchemaId, schema);
        }
        return s;
    }

    template <class T> static void checkTyped(const Event &original, const Event &decoded)
    {
        if (original.type() != QLatin1String(T::TypeName))
            return;
        const std::optional<T> a = original.as<T>();
        const std::optional<T> b = decoded.as<T>();
        QVERIFY(a && b);
        QVERIFY(*a == *b);
    }

private slots:
    void builtInSchemas()
    {
        const SchemaStore store = SchemaStore::builtIn();
        QCOMPARE(store.currentSchemas().size(), 9);
        for (const EventTypeInfo &t : EventTypes::all()) {
            const AvroSchema s = store.current(t.fullName);
            QVERIFY2(s.isValid(), qPrintable(t.fullName));
            QVERIFY(s.canonicalForm().startsWith("{\"name\":\"" + t.fullName.toUtf8() + "\",\"type\":\"record\""));
        }
    }

    void canonicalForm()
    {
        // Example from the specification's rules: primitives simplified, names made full,
        // attributes stripped and ordered, no whitespace.
        const AvroSchema s = AvroSchema::parse(R"({"namespace": "a.b", "type": "record", "name": "R", "doc": "x",
            "fields": [{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A"]}, "default": "A"},
                       {"name": "e2", "type": "E"}, {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                       {"name": "m", "type": {"type": "map", "values": ["null", "string"]}}]})");
        QVERIFY(s.isValid());
        QCOMPARE(
            s.canonicalForm(),
            QByteArray(
                R"({"name":"a.b.R","type":"record","fields":[{"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["A"]}},)"
                R"({"name":"e2","type":"a.b.E"},{"name":"t","type":"long"},)"
                R"({"name":"m","type":{"type":"map","values":["null","string"]}}]})"));
        // Known CRC-64-AVRO values (from the Avro test suite's fingerprint table).
        QCOMPARE(AvroSchema::parse(R"("int")").fingerprint(), Q_UINT64_C(0x7275d51a3f395c8f));
        QCOMPARE(AvroSchema::parse(R"("string")").fingerprint(), Q_UINT64_C(0x8f014872634503c7));
    }

    void roundTrip_data()
    {
        QTest::addColumn<WireFormat>("format");
        QTest::addColumn<Event>("event");
        const QList<QPair<QString, WireFormat>> formats = {
            {QStringLiteral("single-object"), WireFormat::AvroSingleObject},
            {QStringLiteral("confluent"), WireFormat::AvroConfluent},
            {QStringLiteral("json"), WireFormat::CloudEventsJson}};
        for (const auto &f : formats) {
            for (const auto &e : samples::all())
                QTest::newRow(qPrintable(f.first + u'/' + e.first)) << f.second << e.second;
        }
    }

    void roundTrip()
    {
        QFETCH(WireFormat, format);
        QFETCH(Event, event);
        EventSerializer s = makeSerializer();
        // Every type gets an id; the Confluent rows use one id per type.
        int id = 100;
        for (const EventTypeInfo &t : EventTypes::all())
            s.addSchemaId(id++, s.schemas().current(t.fullName));
        int typeId = 100 + int(std::find_if(EventTypes::all().cbegin(), EventTypes::all().cend(),
                                            [&](const EventTypeInfo &t) { return t.fullName == event.type(); }) -
                               EventTypes::all().cbegin());

        const EncodeResult enc = s.encode(event, format, typeId);
        QVERIFY2(enc.ok(), qPrintable(enc.error.message));
        const auto type = EventTypes::find(event.type());
        QCOMPARE(enc.record.topic, type->topic);
        QCOMPARE(enc.record.key, event.data().value(type->keyField).toString().toUtf8());
        QVERIFY(!enc.record.key.isEmpty());

        if (format == WireFormat::CloudEventsJson) {
            QCOMPARE(events::headerValue(enc.record.headers, cloudevents::ContentType), cloudevents::JsonContentType);
            const QJsonObject o = QJsonDocument::fromJson(enc.record.value).object();
            QCOMPARE(o.value(QStringLiteral("type")).toString(), event.type());
            QCOMPARE(o.value(QStringLiteral("id")).toString(), event.eventId().toString(QUuid::WithoutBraces));
        } else {
            const events::Headers &h = enc.record.headers;
            QCOMPARE(events::headerValue(h, cloudevents::SpecVersion), QByteArray("1.0"));
            QCOMPARE(events::headerValue(h, cloudevents::Id), event.eventId().toString(QUuid::WithoutBraces).toUtf8());
            QCOMPARE(events::headerValue(h, cloudevents::Type), event.type().toUtf8());
            QCOMPARE(events::headerValue(h, cloudevents::Source), QByteArray("/taskstream"));
            QCOMPARE(
                QDateTime::fromString(QString::fromUtf8(events::headerValue(h, cloudevents::Time)), Qt::ISODateWithMs),
                event.occurredAt());
            if (format == WireFormat::AvroSingleObject) {
                QCOMPARE(quint8(enc.record.value.at(0)), quint8(0xC3));
                QCOMPARE(quint8(enc.record.value.at(1)), quint8(0x01));
                QCOMPARE(qFromLittleEndian<quint64>(enc.record.value.constData() + 2),
                         s.schemas().current(event.type()).fingerprint());
            } else {
                QCOMPARE(enc.record.value.at(0), '\0');
                QCOMPARE(EventSerializer::confluentSchemaId(enc.record.value), typeId);
            }
        }

        const DecodeResult dec = s.decode(enc.record.value, enc.record.headers);
        QVERIFY2(dec.ok(), qPrintable(dec.error.message));
        QCOMPARE(dec.decoded.format, format);
        QCOMPARE(dec.decoded.event, event);
        QCOMPARE(dec.decoded.json.value(QStringLiteral("type")).toString(), event.type());
        QCOMPARE(dec.decoded.json.value(QStringLiteral("source")).toString(), QStringLiteral("/taskstream"));
        checkTyped<TaskCreated>(event, dec.decoded.event);
        checkTyped<TaskUpdated>(event, dec.decoded.event);
        checkTyped<TaskCompleted>(event, dec.decoded.event);
        checkTyped<TaskDeleted>(event, dec.decoded.event);
        checkTyped<ReminderScheduled>(event, dec.decoded.event);
        checkTyped<ReminderTriggered>(event, dec.decoded.event);
        checkTyped<ReminderDismissed>(event, dec.decoded.event);
        checkTyped<TaskChanged>(event, dec.decoded.event);
        checkTyped<NotificationCreated>(event, dec.decoded.event);
        // Decoding works without headers too: the bytes identify the format.
        const DecodeResult bare = s.decode(enc.record.value);
        QVERIFY2(bare.ok(), qPrintable(bare.error.message));
        QCOMPARE(bare.decoded.event, event);
    }

    void jsonView()
    {
        const EventSerializer s;
        const Event e = samples::all().first().second;
        const QJsonObject o = s.toCloudEventJson(e);
        const QJsonObject data = o.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("due_date")).toString(), QStringLiteral("2026-11-19T11:06:40.000Z"));
        QCOMPARE(data.value(QStringLiteral("priority")).toString(), QStringLiteral("High"));
        QCOMPARE(data.value(QStringLiteral("tags")).toArray().size(), 2);
        QCOMPARE(o.value(QStringLiteral("time")).toString(), QStringLiteral("2026-11-18T11:06:40.001Z"));
    }

    // CloudEvents JSON written by other producers: any key order, whitespace, escapes, other
    // ISO-8601 forms, fields left to their defaults, a key given twice. The fast parser must read
    // each exactly as Qt's parser would, or hand it over.
    void jsonTextForms_data()
    {
        QTest::addColumn<QByteArray>("occurredAt");
        QTest::addColumn<QByteArray>("extra"); // more members of data, after the required ones
        QTest::addColumn<QDateTime>("expectedTime");
        QTest::addColumn<QString>("expectedTitle");
        QTest::addColumn<QStringList>("expectedTags");
        const QString title = QStringLiteral("Buy milk");
        const QDateTime base(QDate(2026, 11, 29), QTime(22, 45, 53, 123), Qt::UTC);
        QTest::newRow("as Taskstream writes it")
            << QByteArray("2026-11-29T22:45:53.123Z") << QByteArray() << base << title << QStringList();
        QTest::newRow("leap day") << QByteArray("2024-02-29T00:00:00.000Z") << QByteArray()
                                  << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC) << title << QStringList();
        QTest::newRow("before 1970") << QByteArray("1969-12-31T23:59:59.999Z") << QByteArray()
                                     << QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC) << title << QStringList();
        QTest::newRow("offset") << QByteArray("2026-11-30T00:45:53.123+02:00") << QByteArray() << base << title
                                << QStringList();
        QTest::newRow("no milliseconds") << QByteArray("2026-11-29T22:45:53Z") << QByteArray() << base.addMSecs(-123)
                                         << title << QStringList();
        QTest::newRow("24:00 is the next midnight")
            << QByteArray("2026-11-28T24:00:00.000Z") << QByteArray()
            << QDateTime(QDate(2026, 11, 29), QTime(0, 0), Qt::UTC) << title << QStringList();
        QTest::newRow("escapes and tags")
            << QByteArray("2026-11-29T22:45:53.123Z")
            << QByteArray(", \"title\" : \"caf\\u00e9 \\\"x\\\"\\n\", \"tags\": [\"a\", \"\\u6f22\"]") << base
            << QStringLiteral("caf\u00e9 \"x\"\n") << QStringList{QStringLiteral("a"), QStringLiteral("\u6f22")};
        QTest::newRow("a key given twice: the last counts")
            << QByteArray("2026-11-29T22:45:53.123Z") << QByteArray(",\"title\":\"second\"") << base
            << QStringLiteral("second") << QStringList();
        QTest::newRow("members no field names are ignored")
            << QByteArray("2026-11-29T22:45:53.123Z") << QByteArray(",\"x_extension\":{\"a\":[1,null]},\"z\":3") << base
            << QStringLiteral("Buy milk") << QStringList();
    }

    void jsonTextForms()
    {
        QFETCH(QByteArray, occurredAt);
        QFETCH(QByteArray, extra);
        QFETCH(QDateTime, expectedTime);
        QFETCH(QString, expectedTitle);
        QFETCH(QStringList, expectedTags);
        const QByteArray text =
            "  { \"data\" : { \"title\": \"Buy milk\", \"user_id\": \"00000000-0000-4000-8000-000000000002\",\n"
            "    \"id\": \"00000000-0000-4000-8000-000000000001\", \"created_at\": \"" +
            occurredAt +
            "\", \"event_id\": \"00000000-0000-4000-8000-000000000901\",\n"
            "    \"occurred_at\": \"" +
            occurredAt + "\" " + extra +
            " },\n"
            "  \"type\": \"com.todo.events.TaskCreated\", \"source\": \"/other-producer\",\n"
            "  \"id\": \"00000000-0000-4000-8000-000000000901\", \"specversion\": \"1.0\", \"time\": \"" +
            occurredAt + "\" } ";
        const EventSerializer s;
        const DecodeResult r = s.decode(text);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.decoded.source, QStringLiteral("/other-producer"));
        const std::optional<TaskCreated> e = r.decoded.event.as<TaskCreated>();
        QVERIFY(e);
        QCOMPARE(e->header.eventId, samples::uuid(901));
        QCOMPARE(e->header.occurredAt, expectedTime);
        QCOMPARE(e->task.createdAt, expectedTime);
        QCOMPARE(e->task.title, expectedTitle);
        QCOMPARE(e->task.tags, expectedTags);
        QCOMPARE(e->task.userId, samples::uuid(2));
        // Fields left out take the schema's defaults.
        QVERIFY(!e->task.description);
        QVERIFY(!e->task.dueDate);
        QVERIFY(!e->task.isRecurringTemplate);
    }

    void encodeErrors()
    {
        const EventSerializer s;
        QCOMPARE(s.encode(Event(QStringLiteral("com.todo.events.Nope"), {})).error.code, EncodeError::UnknownType);
        QVariantMap data = samples::all().first().second.data();
        data.insert(QStringLiteral("title"), 42);
        EncodeResult r = s.encode(Event(QString::fromLatin1(TaskCreated::TypeName), data));
        QCOMPARE(r.error.code, EncodeError::InvalidEvent);
        QVERIFY2(r.error.message.contains(QLatin1String("TaskCreated.title")), qPrintable(r.error.message));
        data.remove(QStringLiteral("title"));
        r = s.encode(Event(QString::fromLatin1(TaskCreated::TypeName), data));
        QCOMPARE(r.error.code, EncodeError::InvalidEvent);
        QVERIFY2(r.error.message.contains(QLatin1String("missing")), qPrintable(r.error.message));
        // No id yet for the Confluent format: retriable, never a silent drop.
        r = s.encode(samples::all().first().second, WireFormat::AvroConfluent);
        QCOMPARE(r.error.code, EncodeError::RegistryUnavailable);
        QVERIFY(r.error.isRetriable());

        CodecConfig small;
        small.maxPayloadBytes = 40;
        r = EventSerializer(small).encode(samples::all().first().second);
        QCOMPARE(r.error.code, EncodeError::TooLarge);
    }

    void unsupportedSpecVersion()
    {
        const EventSerializer s;
        EncodeResult enc = s.encode(samples::all().first().second);
        events::setHeader(enc.record.headers, cloudevents::SpecVersion, "0.3");
        const DecodeResult r = s.decode(enc.record.value, enc.record.headers);
        QCOMPARE(r.error.code, DecodeError::InvalidValue);
        QVERIFY2(r.error.message.contains(QLatin1String("ce_specversion '0.3'")), qPrintable(r.error.message));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("ceType");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");

        EventSerializer s = makeSerializer();
        const Event created = samples::all().first().second;
        const QByteArray single = s.encode(created, WireFormat::AvroSingleObject).record.value;
        const QByteArray confluent = s.encode(created, WireFormat::AvroConfluent, SchemaId).record.value;
        const QByteArray json = s.encode(created, WireFormat::CloudEventsJson).record.value;
        const QByteArray none;

        QTest::newRow("empty") << QByteArray() << none << none << int(DecodeError::BadMagic) << "empty";
        QTest::newRow("wrong magic byte")
            << QByteArray("\x7f\x01xyz") << none << none << int(DecodeError::BadMagic) << "0x7f";
        QTest::newRow("single-object version 2")
            << QByteArray("\xc3\x02", 2) + single.mid(2) << none << none << int(DecodeError::BadMagic) << "0xC3 0x02";
        QTest::newRow("single-object header cut")
            << single.left(6) << none << none << int(DecodeError::Truncated) << "6 of 10";
        QTest::newRow("truncated Avro body")
            << single.left(single.size() - 5) << none << none << int(DecodeError::Truncated) << "TaskCreated";
        QTest::newRow("truncated after header")
            << single.left(10) << none << none << int(DecodeError::Truncated) << "TaskCreated";
        // event_id's length prefix replaced by 2^62: avro-c must not reserve that, and the answer is named.
        QTest::newRow("huge string length")
            << single.left(10) + QByteArray::fromHex("feffffffffffffff7f") + single.mid(11) << none << none
            << int(DecodeError::Truncated) << "TaskCreated";
        QTest::newRow("trailing bytes") << single + "xx" << none << none << int(DecodeError::TrailingBytes)
                                        << "2 unexpected";
        QByteArray unknownFp = single;
        unknownFp[5] = char(unknownFp[5] ^ 0x55);
        QTest::newRow("unknown fingerprint")
            << unknownFp << none << none << int(DecodeError::UnknownSchema) << "fingerprint 0x";
        QByteArray unknownId = confluent;
        unknownId[4] = 99;
        QTest::newRow("unknown schema id")
            << unknownId << none << none << int(DecodeError::UnknownSchema) << "schema id 99";
        QTest::newRow("confluent header cut")
            << confluent.left(3) << none << none << int(DecodeError::Truncated) << "3 of 5";
        QTest::newRow("content-type disagrees")
            << single << cloudevents::AvroConfluentContentType << none << int(DecodeError::BadMagic) << "content-type";
        QTest::newRow("unknown ce_type header") << single << none << QByteArray("com.todo.events.Nope")
                                                << int(DecodeError::UnknownType) << "com.todo.events.Nope";
        QTest::newRow("ce_type disagrees") << single << none << QByteArray("com.todo.events.TaskDeleted")
                                           << int(DecodeError::InvalidValue) << "disagrees";
        QTest::newRow("oversized") << QByteArray(1024 * 1024 + 1, '{') << none << none << int(DecodeError::TooLarge)
                                   << "1048577 bytes";

        auto mutateJson = [&](auto change) {
            QJsonObject o = QJsonDocument::fromJson(json).object();
            change(o);
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        auto mutateData = [&](auto change) {
            return mutateJson([&](QJsonObject &o) {
                QJsonObject d = o.value(QStringLiteral("data")).toObject();
                change(d);
                o.insert(QStringLiteral("data"), d);
            });
        };
        QTest::newRow("json not json") << QByteArray("{\"specversion\": ") << none << none << int(DecodeError::BadJson)
                                       << "not JSON";
        QTest::newRow("json unknown type") << mutateJson([](QJsonObject &o) {
            o.insert(QStringLiteral("type"), QStringLiteral("com.todo.events.Nope"));
        }) << none << none << int(DecodeError::UnknownType)
                                           << "com.todo.events.Nope";
        QTest::newRow("json missing type") << mutateJson([](QJsonObject &o) { o.remove(QStringLiteral("type")); })
                                           << none << none << int(DecodeError::MissingField) << "'type'";
        QTest::newRow("json missing field") << mutateData([](QJsonObject &d) { d.remove(QStringLiteral("title")); })
                                            << none << none << int(DecodeError::MissingField) << "TaskCreated.title";
        QTest::newRow("json mistyped field") << mutateData([](QJsonObject &d) { d.insert(QStringLiteral("title"), 5); })
                                             << none << none << int(DecodeError::WrongType) << "TaskCreated.title";
        QTest::newRow("json mistyped timestamp")
            << mutateData([](QJsonObject &d) { d.insert(QStringLiteral("created_at"), 17); }) << none << none
            << int(DecodeError::WrongType) << "TaskCreated.created_at";
        QTest::newRow("json bad enum") << mutateData([](QJsonObject &d) {
            d.insert(QStringLiteral("priority"), QStringLiteral("Urgent"));
        }) << none << none << int(DecodeError::InvalidValue)
                                       << "Urgent";
        QTest::newRow("json bad uuid") << mutateData([](QJsonObject &d) {
            d.insert(QStringLiteral("user_id"), QStringLiteral("bob"));
        }) << none << none << int(DecodeError::InvalidValue)
                                       << "TaskCreated.user_id";
        QTest::newRow("json no such day") << mutateData([](QJsonObject &d) {
            d.insert(QStringLiteral("created_at"), QStringLiteral("2026-02-29T10:00:00.000Z"));
        }) << none << none << int(DecodeError::InvalidValue)
                                          << "TaskCreated.created_at";
        // Keys come out sorted, so this second title follows the valid one.
        QTest::newRow("json second of two titles mistyped")
            << QByteArray(json).replace("\"user_id\":", "\"title\":5,\"user_id\":") << none << none
            << int(DecodeError::WrongType) << "TaskCreated.title";
        QTest::newRow("json tag not string") << mutateData([](QJsonObject &d) {
            d.insert(QStringLiteral("tags"), QJsonArray{QStringLiteral("a"), true});
        }) << none << none << int(DecodeError::WrongType)
                                             << "TaskCreated.tags[1]";
    }

    void refusedText_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("mentions");
        const EventSerializer s = makeSerializer();
        QVariantMap data = samples::all().first().second.data();
        data.insert(QStringLiteral("title"), QStringLiteral("@@@"));
        const Event marked(QString::fromLatin1(TaskCreated::TypeName), data);
        const QByteArray single = s.encode(marked, WireFormat::AvroSingleObject).record.value;
        const QByteArray json = s.encode(marked, WireFormat::CloudEventsJson).record.value;
        QVERIFY(single.contains("@@@") && json.contains("@@@"));
        // Qt's parser would read this as U+10078, the "x" swallowed.
        QTest::newRow("json lone surrogate") << QByteArray(json).replace("@@@", "\\ud800x") << "surrogate";
        QTest::newRow("json escaped NUL") << QByteArray(json).replace("@@@", "a\\u0000b") << "NUL";
        QTest::newRow("avro NUL") << QByteArray(single).replace("@@@", QByteArray("a\0b", 3)) << "TaskCreated.title";
        QTest::newRow("avro encoded surrogate")
            << QByteArray(single).replace("@@@", "\xed\xa0\x80") << "TaskCreated.title";
    }
    void refusedText()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, mentions);
        const DecodeResult r = makeSerializer().decode(value, {});
        QVERIFY2(!r.ok(), qPrintable(r.decoded.event.data().value(QStringLiteral("title")).toString()));
        QCOMPARE(r.error.code, DecodeError::InvalidValue);
        QVERIFY2(r.error.message.contains(mentions), qPrintable(r.error.message));
        QVERIFY(!r.error.isRetriable());
    }

    void badInput()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, ceType);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        const EventSerializer s = makeSerializer();
        events::Headers headers;
        if (!contentType.isEmpty())
            headers << events::Header{cloudevents::ContentType, contentType};
        if (!ceType.isEmpty())
            headers << events::Header{cloudevents::Type, ceType};
        const DecodeResult r = s.decode(value, headers);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.code == DecodeError::Code(code),
                 qPrintable(QStringLiteral("got %1: %2").arg(r.error.codeName(), r.error.message)));
        QVERIFY2(r.error.message.contains(mentions, Qt::CaseInsensitive), qPrintable(r.error.message));
        QVERIFY(!r.error.isRetriable());
    }

    // Who made an event travels with it in every format (ce_actor / ce_actorsource, or the JSON
    // attributes), and an event without one decodes with an empty actor.
    void actorRoundTrip_data()
    {
        QTest::addColumn<WireFormat>("format");
        QTest::newRow("single-object") << WireFormat::AvroSingleObject;
        QTest::newRow("confluent") << WireFormat::AvroConfluent;
        QTest::newRow("json") << WireFormat::CloudEventsJson;
    }
    void actorRoundTrip()
    {
        QFETCH(WireFormat, format);
        EventSerializer s = makeSerializer();
        Event event = samples::all().first().second;
        QVERIFY(event.type().endsWith(QLatin1String(".TaskCreated")));
        const Actor alice{QStringLiteral("7d0f6c1e-5b7a-4c57-9d0e-2f3a4b5c6d7e"), QStringLiteral("console")};
        event.setActor(alice);
        EncodeResult enc = s.encode(event, format, SchemaId);
        QVERIFY2(enc.ok(), qPrintable(enc.error.message));
        if (format != WireFormat::CloudEventsJson) {
            QCOMPARE(headerValue(enc.record.headers, cloudevents::Actor), alice.subject.toUtf8());
            QCOMPARE(headerValue(enc.record.headers, cloudevents::ActorSource), QByteArray("console"));
        } else {
            const QJsonObject o = QJsonDocument::fromJson(enc.record.value).object();
            QCOMPARE(o.value(QStringLiteral("actor")).toString(), alice.subject);
            QCOMPARE(o.value(QStringLiteral("actorsource")).toString(), QStringLiteral("console"));
        }
        DecodeResult dec = s.decode(enc.record.value, enc.record.headers);
        QVERIFY2(dec.ok(), qPrintable(dec.error.message));
        QCOMPARE(dec.decoded.event.actor(), alice);
        QCOMPARE(dec.decoded.json.value(QStringLiteral("actor")).toString(), alice.subject);

        event.setActor({});
        enc = s.encode(event, format, SchemaId);
        QVERIFY(enc.ok());
        QVERIFY(headerValue(enc.record.headers, cloudevents::Actor).isNull());
        dec = s.decode(enc.record.value, enc.record.headers);
        QVERIFY(dec.ok());
        QVERIFY(dec.decoded.event.actor().isEmpty());
    }

    void badActorIsRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("too long") << cloudevents::Actor << QByteArray(300, 'a') << "longer than 256 bytes";
        QTest::newRow("not UTF-8") << cloudevents::ActorSource << QByteArray("api\xff") << "ce_actorsource";
        QTest::newRow("control character") << cloudevents::Actor
                                           << QByteArray("ali\x07"
                                                         "ce")
                                           << "control character";
    }
    void badActorIsRefused()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, value);
        QFETCH(QString, mentions);
        EventSerializer s;
        EncodeResult enc = s.encode(samples::all().first().second, WireFormat::AvroSingleObject);
        QVERIFY(enc.ok());
        enc.record.headers.append({name, value});
        const DecodeResult dec = s.decode(enc.record.value, enc.record.headers);
        QVERIFY(!dec.ok());
        QCOMPARE(dec.error.code, DecodeError::InvalidValue);
        QVERIFY2(dec.error.message.contains(mentions), qPrintable(dec.error.message));
    }

    // A ReminderDismissed written before version 2 (no reason) still decodes; its reason is the
    // default, "unknown". Version 2 is what is written now.
    void reminderDismissedVersion1StillDecodes()
    {
        const QString type = QString::fromLatin1(ReminderDismissed::TypeName);
        QString error;
        const AvroSchema v1 =
            AvroSchema::load(QStringLiteral(":/taskstream/schemas/avro/ReminderDismissed.avsc"), &error);
        QVERIFY2(v1.isValid(), qPrintable(error));
        SchemaStore oldStore;
        oldStore.add(v1);
        const EventSerializer oldWriter({}, oldStore);
        ReminderDismissed ev;
        ev.header = {QUuid::createUuid(), QDateTime::fromMSecsSinceEpoch(1795000700000, Qt::UTC)};
        ev.reminder = {QUuid::createUuid(), QUuid::createUuid(), QUuid::createUuid(),
                       QDateTime::fromMSecsSinceEpoch(1795000600000, Qt::UTC)};
        ev.dismissedAt = ev.header.occurredAt;
        QVariantMap v1Data = Event::from(ev).data();
        v1Data.remove(QStringLiteral("reason"));
        const EncodeResult old = oldWriter.encode(Event(type, v1Data), WireFormat::AvroSingleObject);
        QVERIFY2(old.ok(), qPrintable(old.error.message));

        const EventSerializer now;
        QVERIFY(now.schemas().current(type).fingerprint() != v1.fingerprint());
        const DecodeResult dec = now.decode(old.record.value, old.record.headers);
        QVERIFY2(dec.ok(), qPrintable(dec.error.message));
        const auto read = dec.decoded.event.as<ReminderDismissed>();
        QVERIFY(read);
        QCOMPARE(read->reason, QStringLiteral("unknown"));
        QCOMPARE(read->reminder, ev.reminder);

        ev.reason = QString::fromLatin1(ReminderDismissed::Reason::User);
        const EncodeResult current = now.encode(Event::from(ev), WireFormat::AvroSingleObject);
        QVERIFY(current.ok());
        const DecodeResult again = now.decode(current.record.value);
        QVERIFY(again.ok());
        QCOMPARE(again.decoded.event.as<ReminderDismissed>()->reason, QStringLiteral("user"));
    }
};

QTEST_GUILESS_MAIN(TestEventCodec)
#include "tst_eventcodec.moc"

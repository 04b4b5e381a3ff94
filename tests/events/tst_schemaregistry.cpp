#include "events/AsyncEventCodec.h"
#include "events/SchemaRegistryClient.h"
#include "support/FakeSchemaRegistry.h"
#include "support/SampleEvents.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace taskstream;
using namespace taskstream::events;
using testsupport::FakeRegistry;

// A local HTTP server that answers like the documented Confluent Schema Registry API:
// POST /subjects/{subject}/versions, GET /schemas/ids/{id},
// POST /compatibility/subjects/{subject}/versions/latest, with its JSON error bodies.

class TestSchemaRegistry : public QObject
{
    Q_OBJECT

    static CodecConfig config(const QUrl &url)
    {
        CodecConfig c;
        c.schemaRegistryUrl = url;
        c.registryTimeoutMs = 5000;
        return c;
    }

    static EncodeResult encodeAndWait(AsyncEventCodec &codec, const Event &event)
    {
        QSignalSpy spy(&codec, &AsyncEventCodec::encoded);
        const quint64 ticket = codec.encode(event);
        if (spy.isEmpty() && !spy.wait(10000))
            return {};
        [&] { QCOMPARE(spy.size(), 1); }();
        [&] { QCOMPARE(spy.first().at(0).toULongLong(), ticket); }();
        return spy.first().at(1).value<EncodeResult>();
    }

    static DecodeResult decodeAndWait(AsyncEventCodec &codec, const EncodedRecord &rec)
    {
        QSignalSpy spy(&codec, &AsyncEventCodec::decoded);
        codec.decode(rec.value, rec.headers);
        if (spy.isEmpty() && !spy.wait(10000))
            return {};
        return spy.first().at(1).value<DecodeResult>();
    }

private slots:
    // Without a registry URL nothing waits: single-object and JSON encode at once, and the async
    // call still answers exactly once, after it returned.
    void noRegistryNeeded()
    {
        AsyncEventCodec codec(CodecConfig{});
        QVERIFY(!codec.registry());
        const Event event = samples::all().first().second;
        QVERIFY(codec.tryEncode(event).ok());
        QSignalSpy spy(&codec, &AsyncEventCodec::encoded);
        codec.encode(event);
        QCOMPARE(spy.size(), 0);
        QVERIFY(spy.wait());
        QCOMPARE(spy.size(), 1);
        const EncodeResult r = spy.first().at(1).value<EncodeResult>();
        QVERIFY(r.ok());
        QCOMPARE(quint8(r.record.value.at(0)), quint8(0xC3));

        CodecConfig json;
        json.format = WireFormat::CloudEventsJson;
        json.schemaRegistryUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // JSON does not use it
        AsyncEventCodec jsonCodec(json);
        const EncodeResult j = jsonCodec.tryEncode(event);
        QVERIFY(j.ok());
        QCOMPARE(j.record.value.at(0), '{');
        QCOMPARE(jsonCodec.tryDecode(j.record.value, j.record.headers).decoded.event, event);
    }

    void registerCachesIds()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        SchemaRegistryClient client(registry.url());
        const AvroSchema schema = SchemaStore::builtIn().current(QString::fromLatin1(TaskCreated::TypeName));
        SchemaRegistryReply *r = client.registerSchema(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy spy(r, &SchemaRegistryReply::finished);
        QVERIFY(spy.wait());
        QVERIFY2(!r->error().isError(), qPrintable(r->error().message));
        QCOMPARE(r->schemaId(), 1);
        QCOMPARE(client.cachedId(QStringLiteral("todo.tasks.events-value"), schema), 1);
        // The schema goes to the registry as written, logical types included.
        QVERIFY(registry.schemas.value(1).contains(QLatin1String("timestamp-millis")));

        SchemaRegistryReply *again = client.registerSchema(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy spy2(again, &SchemaRegistryReply::finished);
        QVERIFY(spy2.wait());
        QCOMPARE(again->schemaId(), 1);
        QCOMPARE(registry.requests.size(), 1); // cached: no second request
    }

    // A registry behind basic authentication: every request carries the configured credentials,
    // and the codec passes them on from its configuration.
    void basicAuthHeaderOnEveryRequest()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        registry.requiredAuthorization = "Basic " + QByteArray("taskstream:s3cret:with colon").toBase64();
        CodecConfig c = config(registry.url());
        c.registryUser = QStringLiteral("taskstream");
        c.registryPassword = QStringLiteral("s3cret:with colon");
        AsyncEventCodec codec(c);
        const Event event = samples::all().first().second;
        const EncodeResult r = encodeAndWait(codec, event);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        const DecodeResult d = decodeAndWait(codec, r.record);
        QVERIFY2(d.ok(), qPrintable(d.error.message));
        QVERIFY(!registry.authorizations.isEmpty());
        for (const QByteArray &a : std::as_const(registry.authorizations))
            QCOMPARE(a, registry.requiredAuthorization);
    }

    // Without credentials the same registry answers 401: a clear, non-retriable error.
    void missingCredentialsAreRefused()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        registry.requiredAuthorization = "Basic " + QByteArray("taskstream:s3cret").toBase64();
        SchemaRegistryClient client(registry.url());
        const AvroSchema schema = SchemaStore::builtIn().current(QString::fromLatin1(TaskCreated::TypeName));
        SchemaRegistryReply *r = client.registerSchema(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy spy(r, &SchemaRegistryReply::finished);
        QVERIFY(spy.wait());
        QCOMPARE(r->error().httpStatus, 401);
        QVERIFY(!r->error().isRetriable());
        QCOMPARE(registry.authorizations, QList<QByteArray>{QByteArray()});

        client.setBasicAuth(QStringLiteral("taskstream"), QStringLiteral("wrong"));
        SchemaRegistryReply *wrong = client.registerSchema(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy spyWrong(wrong, &SchemaRegistryReply::finished);
        QVERIFY(spyWrong.wait());
        QCOMPARE(wrong->error().httpStatus, 401);
    }

    // The CA file: a PEM bundle is read; a file without a certificate is refused with a reason.
    void caFile()
    {
        QTemporaryDir dir;
        const QString empty = dir.filePath(QStringLiteral("empty.pem"));
        {
            QFile f(empty);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a certificate\n");
        }
        SchemaRegistryClient client(QUrl(QStringLiteral("https://127.0.0.1:9")));
        QString why;
        QVERIFY(!client.setCaFile(empty, &why));
        QVERIFY2(why.contains(QLatin1String("holds no PEM certificate")), qPrintable(why));
        QVERIFY(!client.setCaFile(dir.filePath(QStringLiteral("missing.pem")), &why));
        QVERIFY2(why.contains(QLatin1String("cannot read")), qPrintable(why));
        // Any system CA bundle is a valid PEM bundle.
        const QString system = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
        if (!QFile::exists(system))
            QSKIP("no system CA bundle to read");
        QVERIFY2(client.setCaFile(system, &why), qPrintable(why));
    }

    // An https registry whose certificate a private CA signed: refused without the CA (the TLS
    // handshake fails, as for any untrusted server), trusted with it (--schema-registry-ca-file).
    void httpsRegistryWithAPrivateCa()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        const QString dir = QStringLiteral(TASKSTREAM_SOURCE_DIR "/tests/events/tls/");
        QFile certFile(dir + QStringLiteral("server.crt")), keyFile(dir + QStringLiteral("server.key"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        FakeRegistry registry;
        QVERIFY(registry.listenTls(tls));
        QCOMPARE(registry.url().scheme(), QStringLiteral("https"));
        const AvroSchema schema = SchemaStore::builtIn().current(QString::fromLatin1(TaskCreated::TypeName));

        SchemaRegistryClient untrusting(registry.url());
        SchemaRegistryReply *refused = untrusting.registerSchema(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy refusedSpy(refused, &SchemaRegistryReply::finished);
        QVERIFY(refusedSpy.wait());
        QCOMPARE(refused->error().code, RegistryError::Unavailable);
        QVERIFY(registry.requests.isEmpty()); // no request got through the handshake

        CodecConfig c = config(registry.url());
        c.registryCaFile = dir + QStringLiteral("ca.crt");
        AsyncEventCodec codec(c);
        const EncodeResult r = encodeAndWait(codec, samples::all().first().second);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(registry.requests.size(), 1);
    }

    void encodeAndDecodeEveryTypeThroughRegistry()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        AsyncEventCodec producer(config(registry.url()));
        QCOMPARE(producer.config().effectiveFormat(), WireFormat::AvroConfluent);
        AsyncEventCodec consumer(config(registry.url())); // knows no ids yet
        for (const auto &[name, event] : samples::all()) {
            const EncodeResult enc = encodeAndWait(producer, event);
            QVERIFY2(enc.ok(), qPrintable(name + u' ' + enc.error.message));
            QCOMPARE(enc.record.value.at(0), '\0');
            QCOMPARE(events::headerValue(enc.record.headers, cloudevents::ContentType),
                     cloudevents::AvroConfluentContentType);
            const DecodeResult dec = decodeAndWait(consumer, enc.record);
            QVERIFY2(dec.ok(), qPrintable(name + u' ' + dec.error.message));
            QCOMPARE(dec.decoded.event, event);
            QCOMPARE(dec.decoded.schemaId, EventSerializer::confluentSchemaId(enc.record.value));
        }
        QCOMPARE(registry.ids.size(), 9);
        QVERIFY(registry.subjects.contains(QStringLiteral("todo.tasks.events-value")));
        QVERIFY(registry.subjects.contains(QStringLiteral("todo.reminders.events-value")));
        QVERIFY(registry.subjects.contains(QStringLiteral("todo.task_updates.broadcast-value")));
        // Everything is cached now: encoding and decoding work synchronously.
        const EncodeResult now = producer.tryEncode(samples::all().first().second);
        QVERIFY(now.ok());
        QVERIFY(consumer.tryDecode(now.record.value, now.record.headers).ok());
    }

    void topicRecordNameStrategy()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        CodecConfig c = config(registry.url());
        c.subjectStrategy = SubjectNameStrategy::TopicRecordName;
        AsyncEventCodec producer(c);
        const EncodeResult r = encodeAndWait(producer, samples::all().first().second);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(registry.subjects.keys(),
                 QStringList{QStringLiteral("todo.tasks.events-com.todo.events.TaskCreated")});
    }

    void unknownSchemaId()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        AsyncEventCodec consumer(config(registry.url()));
        EncodedRecord rec;
        rec.value = QByteArray("\0\0\0\x03\xe7\x02", 6); // id 999
        const DecodeResult dec = decodeAndWait(consumer, rec);
        QCOMPARE(dec.error.code, DecodeError::UnknownSchema);
        QVERIFY2(dec.error.message.contains(QLatin1String("999")), qPrintable(dec.error.message));
        QVERIFY2(dec.error.message.contains(QLatin1String("40403")), qPrintable(dec.error.message));
        QVERIFY(!dec.error.isRetriable());
    }

    // A registry that is down loses nothing: the answer is a retriable error, and the same event
    // encodes once the registry is back.
    void registryDownIsRetriable()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        const quint16 port = registry.port();
        const QUrl url = registry.url();
        registry.close();

        AsyncEventCodec codec(config(url));
        const Event event = samples::all().first().second;
        EncodeResult r = encodeAndWait(codec, event);
        QCOMPARE(r.error.code, EncodeError::RegistryUnavailable);
        QVERIFY(r.error.isRetriable());
        QVERIFY2(r.error.message.contains(QLatin1String("unreachable")), qPrintable(r.error.message));
        QCOMPARE(codec.tryEncode(event).error.code, EncodeError::RegistryUnavailable);

        AsyncEventCodec consumer(config(url));
        EncodedRecord rec;
        rec.value = QByteArray("\0\0\0\0\x01\x02", 6);
        DecodeResult d = decodeAndWait(consumer, rec);
        QCOMPARE(d.error.code, DecodeError::SchemaUnavailable);
        QVERIFY(d.error.isRetriable());

        QVERIFY(registry.listen(port));
        QTRY_VERIFY_WITH_TIMEOUT(codec.tryEncode(event).ok(), 10000); // tryEncode kicks off registration
        r = encodeAndWait(codec, event);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(consumer.tryDecode(r.record.value, r.record.headers).error.code, DecodeError::SchemaUnavailable);
        d = decodeAndWait(consumer, r.record);
        QVERIFY2(d.ok(), qPrintable(d.error.message));
        QCOMPARE(d.decoded.event, event);
    }

    void errorResponses_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("retriable");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("409 incompatible")
            << int(FakeRegistry::Incompatible) << int(EncodeError::RegistryRejected) << false << "409";
        QTest::newRow("500 backend") << int(FakeRegistry::Backend500) << int(EncodeError::RegistryUnavailable) << true
                                     << "50001";
    }

    void errorResponses()
    {
        QFETCH(int, mode);
        QFETCH(int, code);
        QFETCH(bool, retriable);
        QFETCH(QString, mentions);
        FakeRegistry registry;
        registry.mode = FakeRegistry::Mode(mode);
        QVERIFY(registry.listen());
        AsyncEventCodec codec(config(registry.url()));
        const EncodeResult r = encodeAndWait(codec, samples::all().first().second);
        QCOMPARE(int(r.error.code), code);
        QCOMPARE(r.error.isRetriable(), retriable);
        QVERIFY2(r.error.message.contains(mentions), qPrintable(r.error.message));
    }

    void invalidSchemaIsRejected()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        SchemaRegistryClient client(registry.url());
        // Parseable for us, refused by the server (which only takes what AvroSchema parses; here the
        // body is made unparseable by registering a schema with an empty text).
        SchemaRegistryReply *r = client.registerSchema(QStringLiteral("x-value"), AvroSchema());
        QSignalSpy spy(r, &SchemaRegistryReply::finished);
        QVERIFY(spy.wait());
        QCOMPARE(r->error().code, RegistryError::InvalidSchema);
        QCOMPARE(r->error().errorCode, 42201);
        QVERIFY(!r->error().isRetriable());
    }

    void compatibility()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        SchemaRegistryClient client(registry.url());
        const AvroSchema schema = SchemaStore::builtIn().current(QString::fromLatin1(TaskCreated::TypeName));

        SchemaRegistryReply *missing = client.checkCompatibility(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy s1(missing, &SchemaRegistryReply::finished);
        QVERIFY(s1.wait());
        QCOMPARE(missing->error().code, RegistryError::NotFound);
        QCOMPARE(missing->error().errorCode, 40401);

        registry.subjects.insert(QStringLiteral("todo.tasks.events-value"), {1});
        SchemaRegistryReply *ok = client.checkCompatibility(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy s2(ok, &SchemaRegistryReply::finished);
        QVERIFY(s2.wait());
        QVERIFY(!ok->error().isError());
        QVERIFY(ok->isCompatible());

        registry.compatible = false;
        SchemaRegistryReply *no = client.checkCompatibility(QStringLiteral("todo.tasks.events-value"), schema);
        QSignalSpy s3(no, &SchemaRegistryReply::finished);
        QVERIFY(s3.wait());
        QVERIFY(!no->isCompatible());
        QCOMPARE(registry.requests.last(),
                 QStringLiteral("POST /compatibility/subjects/todo.tasks.events-value/versions/latest"));
    }
};

QTEST_GUILESS_MAIN(TestSchemaRegistry)
#include "tst_schemaregistry.moc"

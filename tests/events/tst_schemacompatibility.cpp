#include "events/EventCodec.h"
#include "events/SchemaCompatibility.h"
#include "events/TaskEvents.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace taskstream::events;

namespace {
const QString SchemaDir = QStringLiteral(TASKSTREAM_SOURCE_DIR "/schemas");

AvroSchema loadSchema(const QString &rel)
{
    QString error;
    const AvroSchema s = AvroSchema::load(SchemaDir + u'/' + rel, &error);
    if (!s.isValid())
        qWarning("%s", qPrintable(error));
    return s;
}

QByteArray editedTaskCreated(const std::function<void(QJsonArray &fields)> &edit)
{
    QFile f(SchemaDir + QStringLiteral("/avro/TaskCreated.avsc"));
    f.open(QIODevice::ReadOnly);
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QJsonArray fields = o.value(QStringLiteral("fields")).toArray();
    edit(fields);
    o.insert(QStringLiteral("fields"), fields);
    return QJsonDocument(o).toJson();
}

int fieldIndex(const QJsonArray &fields, const QString &name)
{
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).toObject().value(QStringLiteral("name")).toString() == name)
            return i;
    }
    return -1;
}

TaskCreated sample()
{
    static const QUuid eventId = QUuid::createUuid(), taskId = QUuid::createUuid(), userId = QUuid::createUuid();
    TaskCreated e;
    e.header = {eventId, QDateTime::fromMSecsSinceEpoch(1795000000000, Qt::UTC)};
    e.task.id = taskId;
    e.task.userId = userId;
    e.task.title = QStringLiteral("Water the plants");
    e.task.createdAt = QDateTime::fromMSecsSinceEpoch(1795000000000, Qt::UTC);
    e.task.priority = Priority::Medium;
    e.task.tags = QStringList{QStringLiteral("garden")};
    return e;
}
} // namespace

class TestSchemaCompatibility : public QObject
{
    Q_OBJECT

private slots:
    // The check CI relies on: every schema history under schemas/ is fully compatible.
    void repositorySchemasAreCompatible()
    {
        const QStringList problems = SchemaCompatibility::checkDirectory(SchemaDir);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QVERIFY(loadSchema(QStringLiteral("avro/evolution/TaskCreated.v3.avsc")).isValid());
    }

    void incompatibleChangeIsDetected_data()
    {
        QTest::addColumn<QByteArray>("v2");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("new field without default") << editedTaskCreated([](QJsonArray &f) {
            f.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("estimate")},
                                 {QStringLiteral("type"), QStringLiteral("long")}});
        }) << "TaskCreated.estimate: reader field without a default";
        QTest::newRow("removed field without default")
            << editedTaskCreated([](QJsonArray &f) { f.removeAt(fieldIndex(f, QStringLiteral("title"))); })
            << "old readers cannot read new data: TaskCreated.title";
        QTest::newRow("type changed") << editedTaskCreated([](QJsonArray &f) {
            QJsonObject t = f.at(fieldIndex(f, QStringLiteral("title"))).toObject();
            t.insert(QStringLiteral("type"), QStringLiteral("int"));
            f.replace(fieldIndex(f, QStringLiteral("title")), t);
        }) << "TaskCreated.title: writer's";
        QTest::newRow("enum symbol removed") << editedTaskCreated([](QJsonArray &f) {
            const int i = fieldIndex(f, QStringLiteral("priority"));
            QJsonObject p = f.at(i).toObject();
            QJsonArray u = p.value(QStringLiteral("type")).toArray();
            QJsonObject e = u.at(1).toObject();
            e.insert(QStringLiteral("symbols"), QJsonArray{QStringLiteral("Low"), QStringLiteral("High")});
            u.replace(1, e);
            p.insert(QStringLiteral("type"), u);
            f.replace(i, p);
        }) << "symbol Medium";
        QTest::newRow("optional made required") << editedTaskCreated([](QJsonArray &f) {
            const int i = fieldIndex(f, QStringLiteral("description"));
            f.replace(i, QJsonObject{{QStringLiteral("name"), QStringLiteral("description")},
                                     {QStringLiteral("type"), QStringLiteral("string")}});
        }) << "TaskCreated.description: writer's null";
    }

    // A schemas/ tree with an incompatible v2 fails the same check.
    void incompatibleChangeIsDetected()
    {
        QFETCH(QByteArray, v2);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        QVERIFY(QFile::copy(SchemaDir + QStringLiteral("/avro/TaskCreated.avsc"),
                            dir.filePath(QStringLiteral("TaskCreated.avsc"))));
        QFile out(dir.filePath(QStringLiteral("TaskCreated.v2.avsc")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(v2);
        out.close();
        const QStringList problems = SchemaCompatibility::checkDirectory(dir.path());
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.join(u'\n').contains(mentions), qPrintable(problems.join(u'\n')));
    }

    void brokenSchemaFileIsReported()
    {
        QTemporaryDir dir;
        QFile out(dir.filePath(QStringLiteral("Broken.avsc")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(R"({"type": "record", "name": "Broken", "fields": [{"name": "x", "type": "Nowhere"}]})");
        out.close();
        const QStringList problems = SchemaCompatibility::checkDirectory(dir.path());
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QLatin1String("unknown type name 'Nowhere'")), qPrintable(problems.first()));
    }

    // v1 readers read v2 data: avro-c resolves, the new field is skipped.
    void v1ReaderReadsV2Data()
    {
        const AvroSchema v2 = loadSchema(QStringLiteral("avro/evolution/TaskCreated.v3.avsc"));
        QVERIFY(v2.isValid());
        SchemaStore writerStore;
        writerStore.add(v2);
        QVariantMap data = sample().toRecord();
        data.insert(QStringLiteral("estimate_minutes"), qint64(45));
        const EncodeResult enc =
            EventSerializer({}, writerStore).encode(Event(QString::fromLatin1(TaskCreated::TypeName), data));
        QVERIFY2(enc.ok(), qPrintable(enc.error.message));

        SchemaStore readerStore = SchemaStore::builtIn(); // v1 current
        readerStore.add(v2, false);                       // v2 known as a writer schema
        const DecodeResult dec = EventSerializer({}, readerStore).decode(enc.record.value, enc.record.headers);
        QVERIFY2(dec.ok(), qPrintable(dec.error.message));
        QVERIFY(!dec.decoded.event.data().contains(QStringLiteral("estimate_minutes")));
        QVERIFY(*dec.decoded.event.as<TaskCreated>() == sample());

        // Without the v2 schema, a single-object reader cannot know it: a named error, not garbage.
        const DecodeResult unknown = EventSerializer().decode(enc.record.value);
        QCOMPARE(unknown.error.code, DecodeError::UnknownSchema);
    }

    // v2 readers read v1 data: the new optional field takes its default.
    void v2ReaderReadsV1Data()
    {
        const EncodeResult enc = EventSerializer().encode(Event::from(sample()));
        QVERIFY(enc.ok());
        SchemaStore readerStore = SchemaStore::builtIn();
        readerStore.add(loadSchema(QStringLiteral("avro/evolution/TaskCreated.v3.avsc"))); // v2 current
        const DecodeResult dec = EventSerializer({}, readerStore).decode(enc.record.value);
        QVERIFY2(dec.ok(), qPrintable(dec.error.message));
        QVERIFY(dec.decoded.event.data().contains(QStringLiteral("estimate_minutes")));
        QVERIFY(!dec.decoded.event.data().value(QStringLiteral("estimate_minutes")).isValid());
        QVERIFY(*dec.decoded.event.as<TaskCreated>() == sample());
    }

    // Events written before TaskCreated and TaskUpdated gained recurrence_anchor (version 1, in
    // topics, outboxes and DLQs) decode with the built-in store: it knows version 1 as a writer
    // schema, and the anchor reads as its default.
    void shippedVersionOneDataStillDecodes()
    {
        SchemaStore v1;
        v1.add(loadSchema(QStringLiteral("avro/TaskCreated.avsc")));
        v1.add(loadSchema(QStringLiteral("avro/TaskUpdated.avsc")));
        TaskUpdated updated;
        updated.header = {QUuid::createUuid(), QDateTime::fromMSecsSinceEpoch(1795000000000, Qt::UTC)};
        updated.id = QUuid::createUuid();
        updated.userId = QUuid::createUuid();
        updated.changedFields = QStringList{QStringLiteral("title")};
        updated.title = QStringLiteral("renamed");
        QVariantMap created = sample().toRecord();
        created.remove(QStringLiteral("recurrence_anchor"));
        QVariantMap changed = updated.toRecord();
        changed.remove(QStringLiteral("recurrence_anchor"));
        for (const Event &old : {Event(QString::fromLatin1(TaskCreated::TypeName), created),
                                 Event(QString::fromLatin1(TaskUpdated::TypeName), changed)}) {
            const EncodeResult enc = EventSerializer({}, v1).encode(old);
            QVERIFY2(enc.ok(), qPrintable(enc.error.message));
            const DecodeResult dec = EventSerializer().decode(enc.record.value);
            QVERIFY2(dec.ok(), qPrintable(dec.error.message));
            if (const auto c = dec.decoded.event.as<TaskCreated>()) {
                QCOMPARE(c->recurrenceAnchor, QStringLiteral("due"));
                QVERIFY(*c == sample());
            } else {
                const auto u = dec.decoded.event.as<TaskUpdated>();
                QVERIFY(u);
                QVERIFY(!u->recurrenceAnchor);
                QVERIFY(*u == updated);
            }
        }
        // And what is written now is version 2.
        const EncodeResult now = EventSerializer().encode(Event::from(sample()));
        QVERIFY(now.ok());
        QCOMPARE(EventSerializer({}, v1).decode(now.record.value).error.code, DecodeError::UnknownSchema);
    }

    // A reader whose new field has no default cannot read old data: named, not a crash.
    void incompatibleReaderIsNamed()
    {
        const EncodeResult enc = EventSerializer().encode(Event::from(sample()));
        SchemaStore readerStore = SchemaStore::builtIn();
        readerStore.add(AvroSchema::parse(editedTaskCreated([](QJsonArray &f) {
            f.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("estimate")},
                                 {QStringLiteral("type"), QStringLiteral("long")}});
        })));
        const DecodeResult dec = EventSerializer({}, readerStore).decode(enc.record.value);
        QCOMPARE(dec.error.code, DecodeError::IncompatibleSchema);
        QVERIFY2(dec.error.message.contains(QLatin1String("TaskCreated.estimate")), qPrintable(dec.error.message));
    }
};

QTEST_GUILESS_MAIN(TestSchemaCompatibility)
#include "tst_schemacompatibility.moc"

// The "Produce" dialog against the embedded broker over TCP: an event composed in the form is sent
// in each wire format (Confluent through a local registry) and read back and decoded to the same
// event; a text record keeps its key and headers; bad input is refused before anything is sent;
// "Edit and resend" of a dead letter sends the edited event to the original topic with replay
// headers and leaves the dead letter in the DLQ; an undecodable dead letter is sent only once it
// decodes; read-only hides Send.
#include "ClusterMonitor.h"
#include "DlqPanel.h"
#include "ProduceDialog.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "events/TaskEvents.h"
#include "models/DlqErrorClassFilterModel.h"
#include "processing/DeadLetter.h"
#include "processing/DlqTools.h"
#include "support/FakeSchemaRegistry.h"
#include "support/KafkaTestSupport.h"
#include "widgets/EventForm.h"

#include <QCoreApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::kafka;
using namespace taskstream::events;
using namespace testsupport;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kDlq = QStringLiteral("todo.audit-log-cg.dlq");

QLineEdit *lineOf(EventForm *form, const QString &field)
{
    QWidget *editor = form->fieldEditor(field);
    if (!editor)
        return nullptr;
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        return line;
    return editor->findChild<QLineEdit *>(field);
}

} // namespace

class TestProduceDialog : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QString bootstrap;

    /// The record at \a report's coordinates, read back without joining a group.
    KafkaMessage readBack(const DeliveryReport &report)
    {
        KafkaConsumer consumer;
        if (!consumer.open(consumerConfig(bootstrap, uniqueName(QStringLiteral("readback")))))
            return {};
        Collector collector(&consumer);
        if (consumer.assign({{report.topic, report.partition, report.offset}}).isError() || !collector.waitFor(1))
            return {};
        return collector.messages.first();
    }

    bool produceRaw(const QString &topic, const QByteArray &key, const QByteArray &value, const Headers &headers)
    {
        KafkaProducer producer;
        if (!producer.open(KafkaConfig(bootstrap)))
            return false;
        QSignalSpy delivered(&producer, &KafkaProducer::delivered);
        if (producer.produce(topic, key, value, headers, 0) == 0 || !delivered.wait(kTimeoutMs))
            return false;
        return !delivered.first().first().value<DeliveryReport>().error.isError();
    }

    /// Every record of the DLQ as DlqBrowser reads it.
    QList<processing::DlqRecord> browseDlq()
    {
        processing::DlqBrowser browser{KafkaConfig(bootstrap)};
        QSignalSpy done(&browser, &processing::DlqBrowser::finished);
        browser.browse(kDlq, 1000, kTimeoutMs);
        if (!done.wait(kTimeoutMs))
            return {};
        return done.first().first().value<QList<processing::DlqRecord>>();
    }

    /// Sends what \a dialog holds and waits for the delivery report.
    DeliveryReport sendAndWait(ProduceDialog &dialog)
    {
        QSignalSpy sent(&dialog, &ProduceDialog::sent);
        QSignalSpy failed(&dialog, &ProduceDialog::failed);
        dialog.sendButton()->click();
        if (!QTest::qWaitFor([&] { return !sent.isEmpty() || !failed.isEmpty(); }, kTimeoutMs) || sent.isEmpty()) {
            qWarning() << "not sent:" << dialog.statusText();
            return {};
        }
        return sent.first().first().value<DeliveryReport>();
    }

    /// Sends and expects a refusal; returns the reason.
    QString sendExpectingRefusal(ProduceDialog &dialog)
    {
        QSignalSpy sent(&dialog, &ProduceDialog::sent);
        QSignalSpy failed(&dialog, &ProduceDialog::failed);
        dialog.send();
        if (!QTest::qWaitFor([&] { return !sent.isEmpty() || !failed.isEmpty(); }, kTimeoutMs) || !sent.isEmpty())
            return {};
        return failed.first().first().toString();
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<DeliveryReport>();
        qRegisterMetaType<QList<processing::DlqRecord>>();
        qRegisterMetaType<KafkaError>();
        QVERIFY(broker.start(3));
        bootstrap = broker.bootstrapServers();
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
    }

    void sendsAnEventInEachFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("avro single-object") << int(WireFormat::AvroSingleObject);
        QTest::newRow("avro confluent") << int(WireFormat::AvroConfluent);
        QTest::newRow("cloudevents json") << int(WireFormat::CloudEventsJson);
    }

    void sendsAnEventInEachFormat()
    {
        QFETCH(int, format);
        FakeRegistry registry;
        QVERIFY(registry.listen());
        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(
            KafkaConfig(bootstrap), format == int(WireFormat::AvroConfluent) ? registry.url().toString() : QString()));
        ProduceDialog dialog(&monitor);
        dialog.setEventType(QString::fromLatin1(TaskCreated::TypeName));
        dialog.setFormat(WireFormat(format));
        QCOMPARE(dialog.topic(), QStringLiteral("todo.tasks.events"));
        QLineEdit *title = lineOf(dialog.form(), QStringLiteral("title"));
        QVERIFY(title);
        title->setText(QStringLiteral("Water the plants"));
        QString why;
        const Event expected = dialog.form()->event(&why);
        QVERIFY2(!expected.isNull(), qPrintable(why));

        const DeliveryReport report = sendAndWait(dialog);
        QCOMPARE(report.topic, QStringLiteral("todo.tasks.events"));
        const KafkaMessage back = readBack(report);
        QCOMPARE(back.offset, report.offset);
        // The key Taskstream uses for the type: the task id.
        QCOMPARE(back.key, expected.key());

        CodecConfig config;
        if (format == int(WireFormat::AvroConfluent))
            config.schemaRegistryUrl = registry.url();
        AsyncEventCodec codec(config);
        QSignalSpy decoded(&codec, &AsyncEventCodec::decoded);
        codec.decode(back.value, back.headers);
        QVERIFY(decoded.wait(kTimeoutMs));
        const DecodeResult result = decoded.first().at(1).value<DecodeResult>();
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QCOMPARE(int(result.decoded.format), format);
        QCOMPARE(result.decoded.event, expected);
        QCOMPARE(result.decoded.event.as<TaskCreated>()->task.title, QStringLiteral("Water the plants"));
        if (format == int(WireFormat::AvroConfluent))
            QVERIFY(!registry.ids.isEmpty()); // the schema was registered through the registry
    }

    void sendsTextWithKeyAndHeaders()
    {
        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(bootstrap));
        ProduceDialog dialog(&monitor);
        dialog.setValueMode(ProduceDialog::ValueMode::Text);
        dialog.setTopic(QStringLiteral("todo.task_updates.broadcast"));
        dialog.setPartition(2);
        dialog.setKey("key-1");
        dialog.setHeaders({{QStringLiteral("x-origin"), "console"}, {QStringLiteral("x-note"), "grüße"}});
        dialog.setValueText(QStringLiteral("plain text, not an event"));
        const DeliveryReport report = sendAndWait(dialog);
        QCOMPARE(report.partition, 2);
        const KafkaMessage back = readBack(report);
        QCOMPARE(back.key, QByteArray("key-1"));
        QCOMPARE(back.value, QByteArray("plain text, not an event"));
        QCOMPARE(headerValue(back.headers, QStringLiteral("x-origin")), QByteArray("console"));
        QCOMPARE(headerValue(back.headers, QStringLiteral("x-note")), QStringLiteral("grüße").toUtf8());
    }

    void refusesBadInputBeforeSending()
    {
        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(bootstrap));
        ProduceDialog dialog(&monitor);
        dialog.setEventType(QString::fromLatin1(TaskCreated::TypeName));
        QLineEdit *id = lineOf(dialog.form(), QStringLiteral("id"));
        QVERIFY(id);
        id->setText(QStringLiteral("not-a-uuid"));
        QString reason = sendExpectingRefusal(dialog);
        QVERIFY2(reason.contains(QStringLiteral("id")) && reason.contains(QStringLiteral("UUID")), qPrintable(reason));

        // Text that must decode as an event and does not.
        dialog.setValueMode(ProduceDialog::ValueMode::Text);
        dialog.setValueText(QStringLiteral("{\"not\": \"a cloud event\"}"));
        dialog.setRequireDecodable(true);
        reason = sendExpectingRefusal(dialog);
        QVERIFY2(reason.contains(QStringLiteral("does not decode")), qPrintable(reason));

        // Confluent framing without a registry says what to do.
        dialog.setValueMode(ProduceDialog::ValueMode::Event);
        id->setText(QUuid::createUuid().toString(QUuid::WithoutBraces));
        dialog.setFormat(WireFormat::AvroConfluent);
        reason = sendExpectingRefusal(dialog);
        QVERIFY2(reason.contains(QStringLiteral("Schema Registry")), qPrintable(reason));
    }

    void editsAndResendsADeadLetter()
    {
        // A dead letter of audit-log-cg: a TaskCreated from todo.tasks.events partition 1.
        TaskCreated original;
        original.header = {QUuid::createUuid(), QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC)};
        original.task.id = QUuid::createUuid();
        original.task.userId = QUuid::createUuid();
        original.task.title = QStringLiteral("Original title");
        original.task.createdAt = original.header.occurredAt;
        EventSerializer serializer;
        const EncodeResult encoded = serializer.encode(Event::from(original));
        QVERIFY(encoded.ok());
        KafkaMessage failed;
        failed.topic = QStringLiteral("todo.tasks.events");
        failed.partition = 1;
        failed.offset = 41;
        failed.key = encoded.record.key;
        failed.headers = encoded.record.headers;
        failed.timestampMs = QDateTime::currentMSecsSinceEpoch() - 60000;
        const processing::FailureInfo failure{5, failed.timestampMs, failed.timestampMs + 1000,
                                              QStringLiteral("validation"), QStringLiteral("title rejected")};
        QVERIFY(produceRaw(kDlq, failed.key, encoded.record.value,
                           processing::deadLetterHeaders(failed, QStringLiteral("audit-log-cg"), failure)));
        const QList<processing::DlqRecord> before = browseDlq();
        QCOMPARE(before.size(), 1);

        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(bootstrap));
        ProduceDialog dialog(&monitor);
        dialog.loadDlqRecord(before.first());
        QCOMPARE(dialog.topic(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(dialog.valueMode(), ProduceDialog::ValueMode::Event);
        QCOMPARE(dialog.format(), WireFormat::AvroSingleObject);
        QLineEdit *title = lineOf(dialog.form(), QStringLiteral("title"));
        QVERIFY(title);
        QCOMPARE(title->text(), QStringLiteral("Original title"));
        title->setText(QStringLiteral("Edited title"));

        const DeliveryReport report = sendAndWait(dialog);
        QCOMPARE(report.topic, QStringLiteral("todo.tasks.events"));
        QCOMPARE(report.partition, 1); // the original partition: the key's order is kept
        const KafkaMessage back = readBack(report);
        QCOMPARE(back.key, failed.key);
        const DecodeResult decoded = serializer.decode(back.value, back.headers);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
        const auto task = decoded.decoded.event.as<TaskCreated>();
        QVERIFY(task);
        QCOMPARE(task->task.title, QStringLiteral("Edited title"));
        QCOMPARE(task->header.eventId, original.header.eventId); // the same event, corrected
        // Replay headers say where it came from; the failure's diagnostics are history.
        QCOMPARE(headerValue(back.headers, QStringLiteral("replay.edited.from")),
                 before.first().coordinates().toUtf8());
        QCOMPARE(headerValue(back.headers, processing::dlqheaders::ReplayedFrom),
                 before.first().coordinates().toUtf8());
        QCOMPARE(headerValue(back.headers, processing::dlqheaders::ReplayCount), QByteArray("1"));
        QVERIFY(headerValue(back.headers, processing::dlqheaders::ErrorClass).isNull());
        QVERIFY(headerValue(back.headers, processing::dlqheaders::History).contains("validation"));

        // The dead letter itself is still there, unchanged.
        const QList<processing::DlqRecord> after = browseDlq();
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.first().coordinates(), before.first().coordinates());
        QCOMPARE(after.first().value, before.first().value);
    }

    void resendsAnUndecodableDeadLetterOnlyOnceItDecodes()
    {
        processing::DlqRecord record;
        record.topic = kDlq;
        record.partition = 0;
        record.offset = 7;
        record.key = "k";
        record.value = "\xC3\x01garbage";
        record.info.originalTopic = QStringLiteral("todo.reminders.events");
        record.info.originalPartition = 0;
        record.info.originalOffset = 3;
        record.decodeError = QStringLiteral("truncated: the body ends early");
        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(bootstrap));
        ProduceDialog dialog(&monitor);
        dialog.loadDlqRecord(record);
        QCOMPARE(dialog.valueMode(), ProduceDialog::ValueMode::Text);
        QVERIFY(dialog.statusText().contains(QStringLiteral("does not decode")));
        const QString reason = sendExpectingRefusal(dialog);
        QVERIFY2(reason.contains(QStringLiteral("does not decode")), qPrintable(reason));

        // Corrected into a CloudEvents JSON reminder, it goes.
        ReminderDismissed dismissed;
        dismissed.header = {QUuid::createUuid(), QDateTime::currentDateTimeUtc()};
        dismissed.reminder = {QUuid::createUuid(), QUuid::createUuid(), QUuid::createUuid(),
                              QDateTime::currentDateTimeUtc()};
        dismissed.dismissedAt = QDateTime::currentDateTimeUtc();
        CodecConfig json;
        json.format = WireFormat::CloudEventsJson;
        const EncodeResult fixed = EventSerializer(json).encode(Event::from(dismissed));
        QVERIFY(fixed.ok());
        dialog.setValueText(QString::fromUtf8(fixed.record.value));
        const DeliveryReport report = sendAndWait(dialog);
        QCOMPARE(report.topic, QStringLiteral("todo.reminders.events"));
        const KafkaMessage back = readBack(report);
        const DecodeResult decoded = EventSerializer().decode(back.value, back.headers);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
        QCOMPARE(decoded.decoded.event.as<ReminderDismissed>()->reminder.reminderId, dismissed.reminder.reminderId);
    }

    void dlqPanelOpensEditAndResendForOneRecord()
    {
        // Runs after editsAndResendsADeadLetter: the DLQ holds that one record.
        ClusterMonitor monitor;
        monitor.setRefreshInterval(500);
        QVERIFY(monitor.connectToCluster(bootstrap));
        QVERIFY(QTest::qWaitFor([&] { return monitor.state() == ClusterMonitor::State::Connected; }, kTimeoutMs));
        DlqPanel panel(&monitor);
        QTemporaryDir dir;
        panel.setLedgerUrl(dir.filePath(QStringLiteral("replays.sqlite")));
        QSignalSpy loaded(&panel, &DlqPanel::recordsLoaded);
        panel.selectTopic(kDlq);
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(panel.recordsProxy()->rowCount(), 1);
        QVERIFY(!panel.editResendAction()->isEnabled()); // nothing selected
        panel.recordsView()->selectRow(0);
        QVERIFY(panel.editResendAction()->isEnabled());
        panel.editResendAction()->trigger();
        QVERIFY(panel.resendDialog());
        QCOMPARE(panel.resendDialog()->resendOf(), QStringLiteral("%1/0/0").arg(kDlq));
        QCOMPARE(panel.resendDialog()->topic(), QStringLiteral("todo.tasks.events"));
        panel.resendDialog()->close();
    }

    void readOnlyHidesSend()
    {
        ClusterMonitor monitor;
        QVERIFY(monitor.connectToCluster(bootstrap));
        ProduceDialog dialog(&monitor);
        dialog.show();
        QVERIFY(dialog.sendButton()->isVisible());
        QVERIFY(dialog.sendButton()->isEnabled());
        dialog.setReadOnly(true);
        QVERIFY(!dialog.sendButton()->isVisible());
        QVERIFY(!dialog.sendButton()->isEnabled());
        QSignalSpy failed(&dialog, &ProduceDialog::failed);
        QSignalSpy sent(&dialog, &ProduceDialog::sent);
        dialog.send();
        QVERIFY(!dialog.isSending());
        QCOMPARE(failed.count() + sent.count(), 0);
        dialog.setReadOnly(false);
        QVERIFY(dialog.sendButton()->isVisible());
    }
};

QTEST_MAIN(TestProduceDialog)
#include "tst_producedialog.moc"

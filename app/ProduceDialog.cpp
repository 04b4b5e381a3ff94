#include "ProduceDialog.h"

#include "ClusterMonitor.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "processing/DeadLetter.h"
#include "processing/DlqTools.h"
#include "widgets/EventForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QTableWidget>
#include <QUrl>
#include <QUuid>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcProduce, "taskstream.console.produce")

namespace taskstream {
namespace console {

using events::WireFormat;

namespace {

/// The header that marks a record sent by "Edit and resend": the DLQ record it was edited from.
const QString kEditedFrom = QStringLiteral("replay.edited.from");

WireFormat formatOfContentType(const QByteArray &contentType, WireFormat fallback)
{
    if (contentType.startsWith("application/cloudevents+json"))
        return WireFormat::CloudEventsJson;
    if (contentType == events::cloudevents::AvroConfluentContentType)
        return WireFormat::AvroConfluent;
    if (contentType == events::cloudevents::AvroSingleObjectContentType)
        return WireFormat::AvroSingleObject;
    return fallback;
}

} // namespace

ProduceDialog::ProduceDialog(ClusterMonitor *monitor, QWidget *parent)
    : QDialog(parent), m_monitor(monitor), m_topicBox(new QComboBox(this)), m_partitionSpin(new QSpinBox(this)),
      m_keyEdit(new QLineEdit(this)), m_keyFromEvent(new QCheckBox(tr("Key from the event"), this)),
      m_headersTable(new QTableWidget(0, 2, this)), m_modeBox(new QComboBox(this)),
      m_valuePages(new QStackedWidget(this)), m_typeBox(new QComboBox(this)), m_formatBox(new QComboBox(this)),
      m_form(new EventForm(this)), m_textEdit(new QPlainTextEdit(this)),
      m_requireDecodable(new QCheckBox(tr("Must decode as a Taskstream event"), this)), m_intro(new QLabel(this)),
      m_status(new QLabel(this)), m_sendButton(new QPushButton(tr("&Send"), this))
{
    setObjectName(QStringLiteral("produceDialog"));
    setWindowTitle(tr("Produce a record"));
    qRegisterMetaType<kafka::DeliveryReport>();
    qRegisterMetaType<events::EncodeResult>();
    qRegisterMetaType<events::DecodeResult>();

    m_intro->setWordWrap(true);
    m_intro->hide();
    m_topicBox->setObjectName(QStringLiteral("produceTopicBox"));
    m_topicBox->setEditable(true);
    m_topicBox->setInsertPolicy(QComboBox::NoInsert);
    QStringList topics;
    for (const TopicSpec &t : TopicCatalog::builtin().topics())
        topics << t.name;
    m_topicBox->addItems(topics);
    m_partitionSpin->setObjectName(QStringLiteral("producePartition"));
    m_partitionSpin->setRange(-1, 100000);
    m_partitionSpin->setValue(-1);
    m_partitionSpin->setSpecialValueText(tr("by key"));
    m_partitionSpin->setToolTip(tr("The partition to write to; \"by key\" lets the partitioner choose from the key"));
    m_keyEdit->setObjectName(QStringLiteral("produceKey"));
    m_keyEdit->setPlaceholderText(tr("no key"));
    m_keyFromEvent->setObjectName(QStringLiteral("produceKeyFromEvent"));
    m_keyFromEvent->setToolTip(tr("Use the event's key field (as Taskstream publishes it) as the record key"));
    m_keyFromEvent->setChecked(true);
    connect(m_keyFromEvent, &QCheckBox::toggled, m_keyEdit,
            [this](bool on) { m_keyEdit->setEnabled(!on || valueMode() == ValueMode::Text); });

    m_headersTable->setObjectName(QStringLiteral("produceHeaders"));
    m_headersTable->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headersTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_headersTable->verticalHeader()->hide();
    m_headersTable->setMinimumHeight(90);
    auto *addHeader = new QPushButton(tr("Add header"), this);
    auto *removeHeader = new QPushButton(tr("Remove header"), this);
    connect(addHeader, &QPushButton::clicked, this, [this] {
        addHeaderRow({}, {});
        m_headersTable->editItem(m_headersTable->item(m_headersTable->rowCount() - 1, 0));
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headersTable->currentRow() >= 0)
            m_headersTable->removeRow(m_headersTable->currentRow());
    });

    m_modeBox->setObjectName(QStringLiteral("produceValueMode"));
    m_modeBox->addItem(tr("Taskstream event"));
    m_modeBox->addItem(tr("Text"));
    m_typeBox->setObjectName(QStringLiteral("produceEventType"));
    for (const events::EventTypeInfo &t : events::EventTypes::all())
        m_typeBox->addItem(t.fullName.section(QLatin1Char('.'), -1), t.fullName);
    m_formatBox->setObjectName(QStringLiteral("produceFormat"));
    m_formatBox->addItem(tr("Avro, single-object"), int(WireFormat::AvroSingleObject));
    m_formatBox->addItem(tr("Avro, Confluent (Schema Registry)"), int(WireFormat::AvroConfluent));
    m_formatBox->addItem(tr("CloudEvents JSON"), int(WireFormat::CloudEventsJson));
    // The format Taskstream itself writes with this connection: Confluent framing with a registry.
    setFormat(m_monitor->schemaRegistryUrl().isEmpty() ? WireFormat::AvroSingleObject : WireFormat::AvroConfluent);

    auto *eventPage = new QWidget(this);
    auto *eventLayout = new QVBoxLayout(eventPage);
    eventLayout->setContentsMargins(0, 0, 0, 0);
    auto *eventBar = new QHBoxLayout;
    eventBar->addWidget(new QLabel(tr("Type:"), eventPage));
    eventBar->addWidget(m_typeBox, 1);
    eventBar->addWidget(new QLabel(tr("Format:"), eventPage));
    eventBar->addWidget(m_formatBox, 1);
    eventLayout->addLayout(eventBar);
    auto *scroll = new QScrollArea(eventPage);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_form);
    eventLayout->addWidget(scroll, 1);
    auto *textPage = new QWidget(this);
    auto *textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    m_textEdit->setObjectName(QStringLiteral("produceValueText"));
    m_textEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textEdit->setPlaceholderText(tr("The record's value as UTF-8 text (empty: no value)"));
    m_requireDecodable->setObjectName(QStringLiteral("produceRequireDecodable"));
    m_requireDecodable->setToolTip(
        tr("Decode the value with Taskstream's codecs before sending and refuse it when that fails"));
    textLayout->addWidget(m_textEdit, 1);
    textLayout->addWidget(m_requireDecodable);
    m_valuePages->addWidget(eventPage);
    m_valuePages->addWidget(textPage);

    connect(m_modeBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_valuePages->setCurrentIndex(index);
        m_keyFromEvent->setVisible(index == int(ValueMode::Event));
        m_keyEdit->setEnabled(index == int(ValueMode::Text) || !m_keyFromEvent->isChecked());
    });
    connect(m_typeBox, &QComboBox::currentIndexChanged, this, [this] {
        m_form->setEventType(m_typeBox->currentData().toString());
        // The topic the type is published to, unless one was chosen already.
        if (const auto info = events::EventTypes::find(m_typeBox->currentData().toString());
            info && m_resendOf.isEmpty())
            setTopic(info->topic);
    });
    m_form->setEventType(m_typeBox->currentData().toString());
    if (const auto info = events::EventTypes::find(m_typeBox->currentData().toString()))
        setTopic(info->topic);

    m_status->setObjectName(QStringLiteral("produceStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sendButton->setObjectName(QStringLiteral("produceSendButton"));
    m_sendButton->setToolTip(tr("Validate the record, then send it"));
    connect(m_sendButton, &QPushButton::clicked, this, &ProduceDialog::send);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_sendButton, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    auto *target = new QHBoxLayout;
    target->addWidget(m_topicBox, 1);
    target->addWidget(new QLabel(tr("Partition:"), this));
    target->addWidget(m_partitionSpin);
    form->addRow(tr("&Topic:"), target);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_keyFromEvent);
    form->addRow(tr("&Key:"), keyRow);
    auto *headerButtons = new QHBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    auto *headerBox = new QVBoxLayout;
    headerBox->addWidget(m_headersTable);
    headerBox->addLayout(headerButtons);
    form->addRow(tr("Headers:"), headerBox);
    form->addRow(tr("&Value:"), m_modeBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_valuePages, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 760);
    connect(m_monitor, &ClusterMonitor::stateChanged, this, &ProduceDialog::updateSendable);
    updateSendable();
}

ProduceDialog::~ProduceDialog() = default;

void ProduceDialog::setTopic(const QString &topic)
{
    m_topicBox->setCurrentText(topic);
}

QString ProduceDialog::topic() const
{
    return m_topicBox->currentText().trimmed();
}

void ProduceDialog::setPartition(int partition)
{
    m_partitionSpin->setValue(partition);
}

void ProduceDialog::setKey(const QByteArray &key)
{
    m_keyEdit->setText(QString::fromUtf8(key));
}

void ProduceDialog::addHeaderRow(const QString &key, const QString &value)
{
    const int row = m_headersTable->rowCount();
    m_headersTable->insertRow(row);
    m_headersTable->setItem(row, 0, new QTableWidgetItem(key));
    m_headersTable->setItem(row, 1, new QTableWidgetItem(value));
}

void ProduceDialog::setHeaders(const kafka::Headers &headers)
{
    m_headersTable->setRowCount(0);
    for (const kafka::Header &h : headers)
        addHeaderRow(h.key, QString::fromUtf8(h.value));
}

kafka::Headers ProduceDialog::headers() const
{
    kafka::Headers out;
    for (int row = 0; row < m_headersTable->rowCount(); ++row) {
        const QTableWidgetItem *key = m_headersTable->item(row, 0);
        const QTableWidgetItem *value = m_headersTable->item(row, 1);
        if (!key || key->text().trimmed().isEmpty())
            continue;
        out.append({key->text().trimmed(), value ? value->text().toUtf8() : QByteArray()});
    }
    return out;
}

void ProduceDialog::setValueMode(ValueMode mode)
{
    m_modeBox->setCurrentIndex(int(mode));
}

ProduceDialog::ValueMode ProduceDialog::valueMode() const
{
    return ValueMode(m_modeBox->currentIndex());
}

void ProduceDialog::setValueText(const QString &text)
{
    m_textEdit->setPlainText(text);
}

void ProduceDialog::setRequireDecodable(bool on)
{
    m_requireDecodable->setChecked(on);
}

void ProduceDialog::setEventType(const QString &fullName)
{
    const int i = m_typeBox->findData(fullName);
    if (i >= 0)
        m_typeBox->setCurrentIndex(i);
}

void ProduceDialog::setFormat(WireFormat format)
{
    m_formatBox->setCurrentIndex(qMax(0, m_formatBox->findData(int(format))));
}

WireFormat ProduceDialog::format() const
{
    return WireFormat(m_formatBox->currentData().toInt());
}

void ProduceDialog::loadDlqRecord(const processing::DlqRecord &record)
{
    m_resendOf = record.coordinates();
    setWindowTitle(tr("Edit and resend %1").arg(m_resendOf));
    const QString target = record.info.originalTopic.isEmpty() ? QString() : record.info.originalTopic;
    m_intro->setText(tr("Edit dead letter %1 and send the result to its original topic %2. The dead letter stays "
                        "in the DLQ; the new record carries replay headers that say where it came from.")
                         .arg(m_resendOf, target.isEmpty() ? tr("(unknown: choose one)") : target));
    m_intro->show();
    setTopic(target);
    setPartition(record.info.originalPartition);
    setKey(record.key);
    // As a replay would: the original headers without the diagnostics (folded into dlq.history),
    // replay.count + 1, replayed.from and the request, plus which dead letter was edited.
    kafka::Headers headers = processing::replayHeaders(
        record.headers, m_resendOf, QStringLiteral("edit-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    setHeader(headers, kEditedFrom, m_resendOf.toUtf8());
    setHeaders(headers);
    m_keyFromEvent->setChecked(false);

    // The decoded payload is CloudEvents JSON whatever the record's format: the JSON codec gives
    // the event back for the form; the record's content type says which format to write again.
    events::EventSerializer json;
    const events::DecodeResult decoded =
        record.payload.isEmpty() ? events::DecodeResult{}
                                 : json.decode(QJsonDocument(record.payload).toJson(QJsonDocument::Compact));
    if (!record.payload.isEmpty() && decoded.ok() && !decoded.decoded.event.isNull()) {
        setFormat(formatOfContentType(headerValue(record.headers, events::cloudevents::ContentType), format()));
        setEventType(decoded.decoded.event.type());
        m_form->setEvent(decoded.decoded.event);
        setValueMode(ValueMode::Event);
        return;
    }
    // It did not decode: edit the bytes as text, and send them only once they decode.
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(record.value);
    setValueText(text);
    setValueMode(ValueMode::Text);
    setRequireDecodable(true);
    setStatus(utf8.hasError() ? tr("The dead letter's value is not UTF-8 text; invalid bytes show as replacement "
                                   "characters. It does not decode: %1")
                                    .arg(record.decodeError)
                              : tr("The dead letter's value does not decode: %1").arg(record.decodeError),
              true);
}

void ProduceDialog::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_sendButton->setVisible(!readOnly);
    updateSendable();
}

QString ProduceDialog::statusText() const
{
    return m_status->text();
}

void ProduceDialog::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void ProduceDialog::updateSendable()
{
    m_sendButton->setEnabled(!m_readOnly && m_stage == Stage::Idle &&
                             !m_monitor->clientConfig().value(QStringLiteral("bootstrap.servers")).isEmpty());
}

events::AsyncEventCodec *ProduceDialog::codec()
{
    // A registry frames Avro the Confluent way (CodecConfig::effectiveFormat()), so single-object
    // goes without one; text is decoded with the profile's registry, whatever its framing.
    const bool event = valueMode() == ValueMode::Event;
    events::CodecConfig config;
    config.format =
        event && format() == WireFormat::CloudEventsJson ? WireFormat::CloudEventsJson : WireFormat::AvroSingleObject;
    if (!event || format() != WireFormat::AvroSingleObject)
        config.schemaRegistryUrl = QUrl(m_monitor->schemaRegistryUrl());
    const QString key = QStringLiteral("%1|%2|%3")
                            .arg(int(config.format))
                            .arg(config.schemaRegistryUrl.toString(), event ? QStringLiteral("e") : QString());
    if (!m_codec || key != m_codecKey) {
        m_codec = std::make_unique<events::AsyncEventCodec>(config);
        connect(m_codec.get(), &events::AsyncEventCodec::encoded, this, &ProduceDialog::onEncoded);
        connect(m_codec.get(), &events::AsyncEventCodec::decoded, this, &ProduceDialog::onDecoded);
        m_codecKey = key;
    }
    return m_codec.get();
}

void ProduceDialog::send()
{
    if (m_readOnly || m_stage != Stage::Idle)
        return;
    if (m_monitor->clientConfig().value(QStringLiteral("bootstrap.servers")).isEmpty())
        return fail(tr("Connect to a cluster first."));
    m_pending = Pending();
    m_pending.topic = topic();
    if (m_pending.topic.isEmpty())
        return fail(tr("Choose the topic to write to."));
    m_pending.partition = m_partitionSpin->value();
    m_pending.key = m_keyEdit->text().toUtf8();
    m_pending.headers = headers();
    if (valueMode() == ValueMode::Event) {
        if (format() == WireFormat::AvroConfluent && m_monitor->schemaRegistryUrl().isEmpty())
            return fail(tr("Confluent framing needs a Schema Registry: set one in the connection profile, or "
                           "choose another format."));
        QString why;
        const events::Event event = m_form->event(&why);
        if (event.isNull())
            return fail(tr("The event is not complete: %1").arg(why));
        m_pending.expected = event;
        if (m_keyFromEvent->isChecked())
            m_pending.key = event.key();
        m_stage = Stage::Encoding;
        updateSendable();
        setStatus(tr("Encoding…"), false);
        m_pending.ticket = codec()->encode(event);
        return;
    }
    m_pending.value = m_textEdit->toPlainText().toUtf8();
    if (!m_requireDecodable->isChecked())
        return produceNow();
    m_stage = Stage::Validating;
    updateSendable();
    setStatus(tr("Decoding the value to check it…"), false);
    m_pending.ticket = codec()->decode(m_pending.value, m_pending.headers);
}

void ProduceDialog::onEncoded(quint64 ticket, const events::EncodeResult &result)
{
    if (m_stage != Stage::Encoding || ticket != m_pending.ticket)
        return;
    if (!result.ok())
        return fail(tr("The event could not be encoded (%1): %2").arg(result.error.codeName(), result.error.message));
    m_pending.value = result.record.value;
    // The codec's headers (CloudEvents attributes, content-type) replace any of the same name.
    for (const kafka::Header &h : result.record.headers)
        setHeader(m_pending.headers, h.key, h.value);
    m_stage = Stage::Validating;
    setStatus(tr("Decoding the encoded value to check it…"), false);
    m_pending.ticket = codec()->decode(m_pending.value, m_pending.headers);
}

void ProduceDialog::onDecoded(quint64 ticket, const events::DecodeResult &result)
{
    if (m_stage != Stage::Validating || ticket != m_pending.ticket)
        return;
    if (!result.ok())
        return fail(
            tr("Not sent: the value does not decode (%1): %2").arg(result.error.codeName(), result.error.message));
    if (!m_pending.expected.isNull() && result.decoded.event != m_pending.expected)
        return fail(tr("Not sent: the encoded value decodes to a different event than the form describes."));
    produceNow();
}

void ProduceDialog::produceNow()
{
    const QString key = m_monitor->connectionKey();
    if (!m_producer || key != m_producerKey) {
        if (m_producer)
            m_producer->deleteLater();
        m_producer = new kafka::KafkaProducer(this);
        // Closing waits for what is in flight; bounded so the window never hangs on a dead cluster.
        m_producer->setShutdownTimeout(2000);
        kafka::KafkaConfig config = m_monitor->clientConfig();
        config.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-produce"));
        kafka::KafkaError error;
        if (!m_producer->open(config, &error)) {
            delete m_producer;
            return fail(tr("The producer could not be opened: %1").arg(error.message()));
        }
        connect(m_producer, &kafka::KafkaProducer::delivered, this, &ProduceDialog::onDelivered);
        m_producerKey = key;
    }
    kafka::KafkaError error;
    m_stage = Stage::Producing;
    updateSendable();
    setStatus(tr("Sending to %1…").arg(m_pending.topic), false);
    m_produceId = m_producer->produce(m_pending.topic, m_pending.key, m_pending.value, m_pending.headers,
                                      m_pending.partition, &error);
    if (m_produceId == 0)
        fail(tr("The record was refused: %1").arg(error.message()));
}

void ProduceDialog::onDelivered(const kafka::DeliveryReport &report)
{
    if (m_stage != Stage::Producing || report.id != m_produceId)
        return;
    m_stage = Stage::Idle;
    updateSendable();
    if (report.error.isError()) {
        setStatus(tr("Not delivered to %1: %2").arg(report.topic, report.error.message()), true);
        emit failed(report.error.message());
        return;
    }
    qCInfo(lcProduce) << "produced a record to" << report.topic << report.partition << report.offset
                      << (m_resendOf.isEmpty() ? QString() : QStringLiteral("edited from ") + m_resendOf);
    setStatus(tr("Sent to %1, partition %2, offset %3.").arg(report.topic).arg(report.partition).arg(report.offset),
              false);
    emit sent(report);
}

void ProduceDialog::fail(const QString &reason)
{
    m_stage = Stage::Idle;
    updateSendable();
    setStatus(reason, true);
    emit failed(reason);
}

} // namespace console
} // namespace taskstream

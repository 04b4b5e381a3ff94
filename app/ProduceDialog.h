#pragma once

#include "events/EventCodec.h"
#include "kafka/KafkaProducer.h"

#include <memory>

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace taskstream::events {
class AsyncEventCodec;
}
namespace taskstream::processing {
struct DlqRecord;
}

namespace taskstream {
namespace console {

class ClusterMonitor;
class EventForm;

/// "Produce…": composes one record for any topic (key, headers, value) and sends it with the
/// connection's client settings. The value is either a Taskstream event filled in a form built from
/// its Avro schema and encoded with core's codecs (Avro single-object, Avro with Confluent framing
/// through the profile's Schema Registry, or CloudEvents JSON), or plain text. Before anything is
/// sent an encoded event is decoded again with the codec and must give back the same event; text
/// can be held to the same check. loadDlqRecord() turns it into "edit and resend" of a dead letter:
/// the original topic, partition, key and headers (diagnostics folded into dlq.history, replay
/// headers added), the decoded event in the form; the DLQ record itself stays where it is.
/// Encoding, the registry and the producer are all asynchronous: the window never waits.
class ProduceDialog : public QDialog
{
    Q_OBJECT
public:
    enum class ValueMode { Event, Text };

    explicit ProduceDialog(ClusterMonitor *monitor, QWidget *parent = nullptr);
    ~ProduceDialog() override;

    void setTopic(const QString &topic);
    QString topic() const;
    /// -1: the partitioner chooses from the key.
    void setPartition(int partition);
    void setKey(const QByteArray &key);
    void setHeaders(const kafka::Headers &headers);
    kafka::Headers headers() const;
    void setValueMode(ValueMode mode);
    ValueMode valueMode() const;
    /// Text mode: the value as UTF-8 text.
    void setValueText(const QString &text);
    /// Text mode: refuse a value that does not decode as a Taskstream event.
    void setRequireDecodable(bool on);
    /// Event mode: the type whose form is shown and the wire format it is encoded in.
    void setEventType(const QString &fullName);
    void setFormat(events::WireFormat format);
    events::WireFormat format() const;
    EventForm *form() const { return m_form; }

    /// Edit and resend: fills the dialog from \a record (see the class comment).
    void loadDlqRecord(const processing::DlqRecord &record);
    /// The DLQ record being edited ("topic/partition/offset"), empty when composing a new record.
    QString resendOf() const { return m_resendOf; }

    /// Hides and disables Send (a read-only connection).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    QPushButton *sendButton() const { return m_sendButton; }
    /// The last status line (what was sent where, or why not).
    QString statusText() const;
    bool isSending() const { return m_stage != Stage::Idle; }

public slots:
    /// Validates and sends; sent() or failed() follows exactly once (failed() may come at once).
    void send();

signals:
    void sent(const taskstream::kafka::DeliveryReport &report);
    void failed(const QString &reason);

private:
    enum class Stage { Idle, Encoding, Validating, Producing };
    struct Pending
    {
        QString topic;
        int partition = -1;
        QByteArray key;
        QByteArray value;
        kafka::Headers headers;
        events::Event expected; ///< event mode: what the value must decode to
        quint64 ticket = 0;
    };

    void onEncoded(quint64 ticket, const events::EncodeResult &result);
    void onDecoded(quint64 ticket, const events::DecodeResult &result);
    void onDelivered(const kafka::DeliveryReport &report);
    void produceNow();
    void fail(const QString &reason);
    void setStatus(const QString &text, bool problem);
    void updateSendable();
    /// The codec for the chosen format (a new one when the format or the registry changed).
    events::AsyncEventCodec *codec();
    void addHeaderRow(const QString &key, const QString &value);

    ClusterMonitor *m_monitor;
    QComboBox *m_topicBox;
    QSpinBox *m_partitionSpin;
    QLineEdit *m_keyEdit;
    QCheckBox *m_keyFromEvent;
    QTableWidget *m_headersTable;
    QComboBox *m_modeBox;
    QStackedWidget *m_valuePages;
    QComboBox *m_typeBox;
    QComboBox *m_formatBox;
    EventForm *m_form;
    QPlainTextEdit *m_textEdit;
    QCheckBox *m_requireDecodable;
    QLabel *m_intro;
    QLabel *m_status;
    QPushButton *m_sendButton;

    std::unique_ptr<events::AsyncEventCodec> m_codec;
    QString m_codecKey; ///< format and registry the codec was made for
    QPointer<kafka::KafkaProducer> m_producer;
    QString m_producerKey; ///< ClusterMonitor::connectionKey() the producer was made for
    quint64 m_produceId = 0;
    Stage m_stage = Stage::Idle;
    Pending m_pending;
    QString m_resendOf;
    bool m_readOnly = false;
};

} // namespace console
} // namespace taskstream

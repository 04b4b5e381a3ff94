#include "RecordDecoding.h"

#include "events/AsyncEventCodec.h"
#include "processing/EventRecords.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QTimeZone>

namespace taskstream {
namespace console {

namespace {
bool isUtf8Text(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return false;
    for (const QChar c : text)
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            return false;
    return true;
}

QString shortType(const QString &type)
{
    const int dot = type.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? type : type.mid(dot + 1);
}
} // namespace

QString DecodedRecord::keyText() const
{
    if (key.isNull())
        return {};
    return isUtf8Text(key) ? QString::fromUtf8(key) : QString::fromLatin1(key.toHex());
}

QString DecodedRecord::summary() const
{
    if (!decodeError.isEmpty())
        return decodeError;
    const QJsonValue data = event.value(QStringLiteral("data"));
    const QJsonObject o = data.isObject() ? data.toObject() : event;
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)).left(300);
}

QJsonObject DecodedRecord::toJson() const
{
    QJsonObject headersJson;
    QJsonArray headerList;
    for (const kafka::Header &h : headers)
        headerList.append(
            QJsonObject{{QStringLiteral("key"), h.key},
                        {QStringLiteral("value"),
                         isUtf8Text(h.value) ? QString::fromUtf8(h.value) : QString::fromLatin1(h.value.toBase64())}});
    QJsonObject o{{QStringLiteral("topic"), topic},
                  {QStringLiteral("partition"), partition},
                  {QStringLiteral("offset"), offset},
                  {QStringLiteral("timestamp"),
                   timestampMs < 0
                       ? QJsonValue()
                       : QJsonValue(QDateTime::fromMSecsSinceEpoch(timestampMs).toUTC().toString(Qt::ISODateWithMs))},
                  {QStringLiteral("key"), key.isNull() ? QJsonValue() : QJsonValue(keyText())},
                  {QStringLiteral("headers"), headerList},
                  {QStringLiteral("type"), type}};
    if (decodeError.isEmpty()) {
        o.insert(QStringLiteral("value"), event);
    } else {
        o.insert(QStringLiteral("value_base64"), QString::fromLatin1(rawValue.toBase64()));
        o.insert(QStringLiteral("value_text"), lossyText(rawValue));
        o.insert(QStringLiteral("decode_error"), decodeError);
    }
    return o;
}

QString hexDump(const QByteArray &bytes, int maxBytes)
{
    QString out;
    const qsizetype shown = qMin<qsizetype>(bytes.size(), qMax(0, maxBytes));
    for (qsizetype line = 0; line < shown; line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i < shown) {
                const auto b = static_cast<unsigned char>(bytes.at(i));
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QLatin1Char(char(b)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    if (shown < bytes.size())
        out += QStringLiteral("… %1 more byte(s)\n").arg(bytes.size() - shown);
    return out;
}

QString lossyText(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes); // invalid sequences become U+FFFD
    for (QChar &c : text)
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            c = QLatin1Char('.');
    return text;
}

DecodedRecord decodeRecord(const kafka::KafkaMessage &m, events::AsyncEventCodec &codec)
{
    DecodedRecord r;
    r.topic = m.topic;
    r.partition = m.partition;
    r.offset = m.offset;
    r.timestampMs = m.timestampMs;
    r.key = m.key;
    r.headers = m.headers;
    r.valueSize = m.value.size();
    const QString ceType = QString::fromUtf8(kafka::headerValue(m.headers, QStringLiteral("ce_type")));
    if (m.value.isNull()) {
        r.type = ceType.isEmpty() ? QStringLiteral("tombstone") : shortType(ceType);
        return r;
    }
    const events::DecodeResult d = processing::tryDecode(codec, m);
    if (d.ok()) {
        r.event = d.decoded.json;
        r.type = shortType(d.decoded.event.type());
        return r;
    }
    // Not one of our events: plain JSON still reads well.
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(m.value, &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        r.event = doc.object();
        r.type = shortType(ceType.isEmpty() ? r.event.value(QStringLiteral("type")).toString() : ceType);
        return r;
    }
    r.type = shortType(ceType);
    r.decodeError = d.error.codeName() + QStringLiteral(": ") + d.error.message;
    r.rawValue = m.value;
    return r;
}

} // namespace console
} // namespace taskstream

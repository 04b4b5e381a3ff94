#include "DlqRows.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>

namespace taskstream {
namespace console {

namespace {

/// Bounds the shared texts of one browse: messages that differ per record (an offset in them) are
/// kept per row, not collected.
constexpr int MaxSharedTexts = 4096;

} // namespace

QString DlqRowMaker::shared(const QString &text)
{
    if (text.isEmpty())
        return {};
    const auto it = m_texts.constFind(text);
    if (it != m_texts.cend())
        return *it;
    if (m_texts.size() < MaxSharedTexts)
        m_texts.insert(text);
    return text;
}

DlqRow DlqRowMaker::make(const processing::DlqRecord &r)
{
    DlqRow row;
    row.partition = r.partition;
    row.offset = r.offset;
    row.timestampMs = r.timestampMs;
    row.originalTopic = shared(r.info.originalTopic);
    row.originalPartition = r.info.originalPartition;
    row.originalOffset = r.info.originalOffset;
    row.group = shared(r.info.consumerGroup);
    row.attempts = r.info.failure.attempts;
    row.firstFailureMs = r.info.failure.firstFailureMs;
    row.lastFailureMs = r.info.failure.lastFailureMs;
    row.errorClass = shared(r.info.failure.errorClass);
    row.message = shared(r.info.failure.message);
    row.summary = row.message.size() <= DlqRow::SummaryLength && !row.message.contains(QLatin1Char('\n'))
                      ? row.message
                      : shared(cellText(row.message));
    row.decodeError = shared(r.decodeError);
    row.key = r.key;
    row.value = r.value;
    row.headers = packHeaders(r.headers);
    if (!r.payload.isEmpty())
        row.payload = QJsonDocument(r.payload).toJson(QJsonDocument::Compact);
    return row;
}

processing::DlqRecord toDlqRecord(const QString &topic, const DlqRow &row)
{
    processing::DlqRecord r;
    r.topic = topic;
    r.partition = row.partition;
    r.offset = row.offset;
    r.timestampMs = row.timestampMs;
    r.key = row.key;
    r.value = row.value;
    r.headers = unpackHeaders(row.headers);
    r.info = processing::parseDeadLetterHeaders(r.headers);
    if (!row.payload.isEmpty())
        r.payload = QJsonDocument::fromJson(row.payload).object();
    r.decodeError = row.decodeError;
    return r;
}

QString cellText(const QString &text, int length)
{
    qsizetype end = text.indexOf(QLatin1Char('\n'));
    if (end < 0)
        end = text.size();
    if (end <= length)
        return end == text.size() ? text : text.left(end);
    return text.left(length - 1) + QChar(0x2026);
}

QByteArray packHeaders(const kafka::Headers &headers)
{
    QByteArray packed;
    if (headers.isEmpty())
        return packed;
    // Room for all of it at once: the stream would grow the buffer write by write.
    qsizetype size = 4;
    for (const kafka::Header &h : headers)
        size += 8 + 2 * h.key.size() + h.value.size();
    packed.reserve(size);
    QDataStream out(&packed, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << quint32(headers.size());
    for (const kafka::Header &h : headers)
        out << h.key << h.value;
    return packed;
}

kafka::Headers unpackHeaders(const QByteArray &packed)
{
    kafka::Headers headers;
    if (packed.isEmpty())
        return headers;
    QDataStream in(packed);
    in.setVersion(QDataStream::Qt_6_0);
    quint32 count = 0;
    in >> count;
    headers.reserve(qMin<quint32>(count, 1024));
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        kafka::Header h;
        in >> h.key >> h.value;
        if (in.status() == QDataStream::Ok)
            headers.append(std::move(h));
    }
    return headers;
}

} // namespace console
} // namespace taskstream

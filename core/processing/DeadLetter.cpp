#include "processing/DeadLetter.h"

namespace taskstream::processing {

namespace {
QByteArray num(qint64 v)
{
    return QByteArray::number(v);
}

bool isDiagnostic(const QString &key)
{
    return key.startsWith(QLatin1String("dlq."));
}

QString historyEntry(const kafka::Headers &headers)
{
    const DeadLetterInfo i = parseDeadLetterHeaders(headers);
    return QStringLiteral("%1|%2|%3|%4")
        .arg(i.consumerGroup, i.failure.errorClass)
        .arg(i.failure.attempts)
        .arg(i.failure.lastFailureMs);
}
} // namespace

QJsonObject DeadLetterInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("original_topic"), originalTopic},
        {QStringLiteral("original_partition"), originalPartition},
        {QStringLiteral("original_offset"), originalOffset},
        {QStringLiteral("original_timestamp"), originalTimestampMs},
        {QStringLiteral("consumer_group"), consumerGroup},
        {QStringLiteral("attempts"), failure.attempts},
        {QStringLiteral("first_failure"), failure.firstFailureMs},
        {QStringLiteral("last_failure"), failure.lastFailureMs},
        {QStringLiteral("error_class"), failure.errorClass},
        {QStringLiteral("error_message"), failure.message},
        {QStringLiteral("replay_count"), replayCount},
        {QStringLiteral("replayed_from"), replayedFrom},
        {QStringLiteral("history"), history},
    };
}

kafka::Headers deadLetterHeaders(const kafka::KafkaMessage &original, const QString &group, const FailureInfo &failure)
{
    kafka::Headers out;
    out.reserve(original.headers.size() + 10);
    QString history = QString::fromUtf8(kafka::headerValue(original.headers, dlqheaders::History));
    for (const kafka::Header &h : original.headers)
        if (!isDiagnostic(h.key))
            out.append(h);
    if (!history.isEmpty())
        out.append({dlqheaders::History, history.toUtf8()});
    out.append({dlqheaders::OriginalTopic, original.topic.toUtf8()});
    out.append({dlqheaders::OriginalPartition, num(original.partition)});
    out.append({dlqheaders::OriginalOffset, num(original.offset)});
    out.append({dlqheaders::OriginalTimestamp, num(original.timestampMs)});
    out.append({dlqheaders::ConsumerGroup, group.toUtf8()});
    out.append({dlqheaders::Attempts, num(failure.attempts)});
    out.append({dlqheaders::FirstFailure, num(failure.firstFailureMs)});
    out.append({dlqheaders::LastFailure, num(failure.lastFailureMs)});
    out.append({dlqheaders::ErrorClass, failure.errorClass.toUtf8()});
    // Bounded: a handler's error text must not make the DLQ record too large.
    out.append({dlqheaders::ErrorMessage, failure.message.left(2000).toUtf8()});
    return out;
}

DeadLetterInfo parseDeadLetterHeaders(const kafka::Headers &headers)
{
    auto text = [&](const QString &k) { return QString::fromUtf8(kafka::headerValue(headers, k)); };
    auto number = [&](const QString &k, qint64 fallback) {
        bool ok = false;
        const qint64 v = kafka::headerValue(headers, k).toLongLong(&ok);
        return ok ? v : fallback;
    };
    DeadLetterInfo i;
    i.originalTopic = text(dlqheaders::OriginalTopic);
    i.originalPartition = int(number(dlqheaders::OriginalPartition, -1));
    i.originalOffset = number(dlqheaders::OriginalOffset, -1);
    i.originalTimestampMs = number(dlqheaders::OriginalTimestamp, -1);
    i.consumerGroup = text(dlqheaders::ConsumerGroup);
    i.failure.attempts = int(number(dlqheaders::Attempts, 0));
    i.failure.firstFailureMs = number(dlqheaders::FirstFailure, 0);
    i.failure.lastFailureMs = number(dlqheaders::LastFailure, 0);
    i.failure.errorClass = text(dlqheaders::ErrorClass);
    i.failure.message = text(dlqheaders::ErrorMessage);
    i.replayCount = int(number(dlqheaders::ReplayCount, 0));
    i.replayedFrom = text(dlqheaders::ReplayedFrom);
    i.history = text(dlqheaders::History);
    return i;
}

kafka::Headers replayHeaders(const kafka::Headers &dlqHeaders, const QString &replayedFrom, const QString &requestId)
{
    const DeadLetterInfo info = parseDeadLetterHeaders(dlqHeaders);
    QString history = info.history;
    if (!history.isEmpty())
        history += QLatin1Char(';');
    history += historyEntry(dlqHeaders);
    kafka::Headers out;
    for (const kafka::Header &h : dlqHeaders)
        if (!isDiagnostic(h.key) && h.key != dlqheaders::ReplayCount && h.key != dlqheaders::ReplayedFrom &&
            h.key != dlqheaders::ReplayRequest && h.key != dlqheaders::ReplayGroup)
            out.append(h);
    out.append({dlqheaders::ReplayCount, num(info.replayCount + 1)});
    out.append({dlqheaders::ReplayedFrom, replayedFrom.toUtf8()});
    out.append({dlqheaders::ReplayRequest, requestId.toUtf8()});
    out.append({dlqheaders::History, history.toUtf8()});
    if (!info.consumerGroup.isEmpty())
        out.append({dlqheaders::ReplayGroup, info.consumerGroup.toUtf8()});
    return out;
}

} // namespace taskstream::processing

#pragma once

#include "kafka/KafkaTypes.h"

#include <QJsonObject>
#include <QString>

namespace taskstream::processing {

/// Header names of a dead-lettered record (documented in docs/processing.md). Times are
/// milliseconds since the epoch (UTC) as decimal text; numbers are decimal text.
namespace dlqheaders {
inline const QString OriginalTopic = QStringLiteral("dlq.original.topic");
inline const QString OriginalPartition = QStringLiteral("dlq.original.partition");
inline const QString OriginalOffset = QStringLiteral("dlq.original.offset");
inline const QString OriginalTimestamp = QStringLiteral("dlq.original.timestamp");
inline const QString ConsumerGroup = QStringLiteral("dlq.consumer.group");
inline const QString Attempts = QStringLiteral("dlq.attempts");
inline const QString FirstFailure = QStringLiteral("dlq.first.failure");
inline const QString LastFailure = QStringLiteral("dlq.last.failure");
inline const QString ErrorClass = QStringLiteral("dlq.error.class");
inline const QString ErrorMessage = QStringLiteral("dlq.error.message");
/// On a replayed record: how often it has been replayed, and from where (DLQ topic/partition/offset).
inline const QString ReplayCount = QStringLiteral("replay.count");
inline const QString ReplayedFrom = QStringLiteral("replayed.from");
/// On a replayed record: the request that replayed it.
inline const QString ReplayRequest = QStringLiteral("replay.request");
/// On a replayed record: the only consumer group that processes it (the group whose DLQ it came
/// from); every other group skips it. Absent on records replayed before this header existed.
inline const QString ReplayGroup = QStringLiteral("replay.group");
/// On a producer-side dead letter (a record the outbox relay could never publish, in its topic's
/// DLQ such as todo.tasks.events.dlq): the outbox seq of the record, which stays in the outbox.
inline const QString OutboxSeq = QStringLiteral("dlq.outbox.seq");
/// On a producer-side dead letter too large for the DLQ as well: why its value is left out.
inline const QString ValueOmitted = QStringLiteral("dlq.value.omitted");
/// Earlier failures of a replayed record, oldest first: "group|class|attempts|last failure" joined by ';'.
inline const QString History = QStringLiteral("dlq.history");
} // namespace dlqheaders

/// Why and when a record failed for good.
struct FailureInfo
{
    int attempts = 0;
    qint64 firstFailureMs = 0;
    qint64 lastFailureMs = 0;
    QString errorClass;
    QString message;
};

/// The diagnostic headers of a dead-lettered record, parsed.
struct DeadLetterInfo
{
    QString originalTopic;
    int originalPartition = -1;
    qint64 originalOffset = -1;
    qint64 originalTimestampMs = -1;
    QString consumerGroup;
    FailureInfo failure;
    int replayCount = 0;
    QString replayedFrom;
    QString history;

    bool isValid() const { return !originalTopic.isEmpty() && originalPartition >= 0 && originalOffset >= 0; }
    QJsonObject toJson() const;
};

/// The headers of the DLQ record for \a original: its own headers (earlier diagnostics folded into
/// dlq.history) plus the diagnostic headers.
kafka::Headers deadLetterHeaders(const kafka::KafkaMessage &original, const QString &group, const FailureInfo &failure);
DeadLetterInfo parseDeadLetterHeaders(const kafka::Headers &headers);
/// The headers a replayed record carries: the original headers without the diagnostics, plus
/// replay.count (+1), replayed.from, replay.request and replay.group (the group that dead-lettered
/// it, when known); the failure goes into dlq.history.
kafka::Headers replayHeaders(const kafka::Headers &dlqHeaders, const QString &replayedFrom, const QString &requestId);

} // namespace taskstream::processing

Q_DECLARE_METATYPE(taskstream::processing::FailureInfo)

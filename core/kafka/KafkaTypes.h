#pragma once

#include "common/RecordHeaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

namespace taskstream::kafka {

/// Kafka record headers: an ordered list, since Kafka allows repeated keys (core/common's plain
/// record headers, which the event codecs use too).
using Header = RecordHeader;
using Headers = RecordHeaders;
using taskstream::headerValue;
using taskstream::setHeader;

/// A header borrowed from memory that outlives the call it is passed to (produce copies it).
struct HeaderView
{
    QByteArrayView key;
    QByteArrayView value;
};

/// Offsets with a special meaning, as Kafka defines them.
enum SpecialOffset : qint64 {
    OffsetBeginning = -2,
    OffsetEnd = -1,
    OffsetStored = -1000,
    OffsetInvalid = -1001,
};

struct TopicPartition
{
    QString topic;
    int partition = -1;
    qint64 offset = OffsetInvalid;
    friend bool operator==(const TopicPartition &a, const TopicPartition &b)
    {
        return a.topic == b.topic && a.partition == b.partition && a.offset == b.offset;
    }
};
using TopicPartitionList = QList<TopicPartition>;

/// A consumed record.
struct KafkaMessage
{
    QString topic;
    int partition = -1;
    qint64 offset = OffsetInvalid;
    QByteArray key;   ///< null when the record has no key
    QByteArray value; ///< null for a tombstone
    Headers headers;
    qint64 timestampMs = -1; ///< -1 when the broker gave none
};

} // namespace taskstream::kafka

Q_DECLARE_METATYPE(taskstream::kafka::KafkaMessage)
Q_DECLARE_METATYPE(taskstream::kafka::TopicPartition)

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

namespace taskstream::kafka {

/// One Kafka record header. Kafka allows repeated keys, so headers are an ordered list.
struct Header
{
    QString key;
    QByteArray value;
    friend bool operator==(const Header &a, const Header &b) { return a.key == b.key && a.value == b.value; }
};
using Headers = QList<Header>;

/// A header borrowed from memory that outlives the call it is passed to (produce copies it).
struct HeaderView
{
    QByteArrayView key;
    QByteArrayView value;
};

/// The value of the last header named \a key, or a null QByteArray.
QByteArray headerValue(const Headers &headers, const QString &key);
/// Replaces every header named \a key by one with \a value.
void setHeader(Headers &headers, const QString &key, const QByteArray &value);

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

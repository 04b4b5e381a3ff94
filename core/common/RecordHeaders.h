#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace taskstream {

/// One header of a record: a Kafka record header, which is also how an event carries its
/// CloudEvents attributes (ce_id, ce_type, content-type, ...). The event codecs and the Kafka
/// clients share this plain type, so neither knows the other and a record's headers pass between
/// them without a copy.
struct RecordHeader
{
    QString key;
    QByteArray value;
    friend bool operator==(const RecordHeader &a, const RecordHeader &b)
    {
        return a.key == b.key && a.value == b.value;
    }
};
/// A record's headers in order. A key may repeat (Kafka allows it); the last one counts.
using RecordHeaders = QList<RecordHeader>;

/// The value of the last header named \a key, or a null QByteArray.
QByteArray headerValue(const RecordHeaders &headers, const QString &key);
/// Replaces every header named \a key by one with \a value.
void setHeader(RecordHeaders &headers, const QString &key, const QByteArray &value);

} // namespace taskstream

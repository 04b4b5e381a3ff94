#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace taskstream::events {

/// One header of an event record (a CloudEvents attribute such as ce_id, or content-type), as the
/// codecs read and write it. Transport-neutral: the Kafka adapter in core/processing
/// (processing/EventRecords.h) converts to and from Kafka's headers.
struct Header
{
    QString key;
    QByteArray value;
    friend bool operator==(const Header &a, const Header &b) { return a.key == b.key && a.value == b.value; }
};
/// A record's headers in order (a key may repeat; the last one counts).
using Headers = QList<Header>;

/// The value of the last header named \a key, or a null QByteArray.
QByteArray headerValue(const Headers &headers, const QString &key);
/// Replaces every header named \a key by one with \a value.
void setHeader(Headers &headers, const QString &key, const QByteArray &value);

} // namespace taskstream::events

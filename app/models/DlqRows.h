#pragma once

#include "processing/DlqTools.h"

#include <QList>
#include <QMetaType>
#include <QSet>

namespace taskstream {
namespace console {

/// One DLQ record as the console keeps it: what the columns show, with the texts many records
/// repeat (topics, groups, error classes and messages) shared between rows, and the raw key, value
/// and headers, so the full record (DlqRecord) is made again when one is needed (the details pane,
/// a replay, an export). A DLQ of 100,000 records costs a handful of allocations per record, not
/// the dozens of a DlqRecord with its header list and decoded payload.
struct DlqRow
{
    qint64 offset = -1;
    qint64 timestampMs = -1;
    qint64 originalOffset = -1;
    qint64 firstFailureMs = 0;
    qint64 lastFailureMs = 0;
    int partition = -1;
    int originalPartition = -1;
    int attempts = 0;
    QString originalTopic;
    QString group;
    QString errorClass;
    QString message;     ///< the whole error message (the tooltip)
    QString summary;     ///< its first line, at most SummaryLength characters (the column)
    QString decodeError; ///< why the value does not decode, "code: message"; empty when it does
    QByteArray key;
    QByteArray value;
    QByteArray headers; ///< every header, packed (packHeaders())
    QByteArray payload; ///< the decoded event as compact CloudEvents JSON; empty when it does not decode

    /// The longest text a cell shows: a cell never lays out a megabyte of text to elide it.
    static constexpr int SummaryLength = 200;

    /// Kept in the order of a browse: by partition, then offset.
    static bool lessThan(const DlqRow &a, const DlqRow &b)
    {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    }
};

/// Makes rows from the records of one browse, sharing the texts records repeat.
class DlqRowMaker
{
public:
    DlqRow make(const processing::DlqRecord &record);

private:
    /// \a text, or an equal text made earlier (one buffer for all of them).
    QString shared(const QString &text);
    QSet<QString> m_texts;
};

/// The full record of \a row of DLQ topic \a topic, as DlqBrowser reads it.
processing::DlqRecord toDlqRecord(const QString &topic, const DlqRow &row);
/// \a text cut at its first line break and to at most \a length characters ("…" marks a cut).
QString cellText(const QString &text, int length = DlqRow::SummaryLength);

/// Headers in one buffer (QDataStream): one allocation where a header list takes two per header.
QByteArray packHeaders(const kafka::Headers &headers);
kafka::Headers unpackHeaders(const QByteArray &packed);

} // namespace console
} // namespace taskstream

Q_DECLARE_TYPEINFO(taskstream::console::DlqRow, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(taskstream::console::DlqRow)

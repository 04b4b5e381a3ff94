#pragma once

#include <QByteArray>
#include <QString>

namespace taskstream::text {

/// Text Taskstream refuses to store: a NUL character, a lone UTF-16 surrogate (JSON "\ud800" with
/// no low half after it, or a low half alone) and bytes that are not UTF-8. Qt's JSON parser reads
/// "\ud800x" as U+10078 (the "x" swallowed) and keeps "\u0000", so JSON is checked as bytes before it
/// is parsed; decoded strings (Avro) are checked as text. Each check returns an empty string for
/// acceptable input, else what is wrong and where, for a 400/422 detail or a DLQ reason.

/// Checks the raw bytes of a JSON document: UTF-8, no raw NUL, no "\u0000" escape, every
/// surrogate escape a high/low pair.
QString checkJson(const QByteArray &json);

/// Checks decoded text: no NUL, no unpaired surrogate.
QString checkText(const QString &text);

/// Checks UTF-8 bytes (e.g. an Avro string before it becomes a QString): valid UTF-8 (surrogate
/// code points encoded as UTF-8 are invalid) and no NUL.
QString checkUtf8(const QByteArray &utf8);

} // namespace taskstream::text

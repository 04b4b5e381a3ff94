#include "common/TextCheck.h"

#include <cstring>

#include <QStringDecoder>

namespace taskstream::text {

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// The code unit of the "\uXXXX" escape at \a i (pointing at the backslash), or -1.
int escapeAt(const QByteArray &s, qsizetype i)
{
    if (i + 6 > s.size())
        return -1;
    if (s.at(i) != '\\' || s.at(i + 1) != 'u')
        return -1;
    int v = 0;
    for (int k = 2; k < 6; ++k) {
        const int h = hexValue(s.at(i + k));
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

bool isHigh(int u)
{
    return u >= 0xD800 && u <= 0xDBFF;
}
bool isLow(int u)
{
    return u >= 0xDC00 && u <= 0xDFFF;
}

/// True when every byte is ASCII and none is NUL: such bytes are valid UTF-8 as they are. Eight
/// bytes at a time, since every JSON record a consumer reads goes through here.
bool plainAscii(const QByteArray &bytes)
{
    constexpr quint64 high = 0x8080808080808080ULL;
    constexpr quint64 ones = 0x0101010101010101ULL;
    const char *p = bytes.constData();
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, p + i, sizeof w);
        // A byte with its high bit set, or a zero byte (the classic "has a zero byte" test).
        if ((w & high) || ((w - ones) & ~w & high))
            return false;
    }
    for (; i < n; ++i) {
        if (p[i] == 0 || (p[i] & 0x80))
            return false;
    }
    return true;
}
} // namespace

QString checkUtf8(const QByteArray &utf8)
{
    if (plainAscii(utf8))
        return {};
    const qsizetype nul = utf8.indexOf('\0');
    if (nul >= 0)
        return QStringLiteral("a NUL character at byte %1").arg(nul);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(utf8);
    if (decoder.hasError())
        return QStringLiteral("bytes that are not UTF-8 (an encoded surrogate included)");
    return {};
}

QString checkJson(const QByteArray &json)
{
    if (const QString bad = checkUtf8(json); !bad.isEmpty())
        return bad;
    // From one backslash to the next: most records have none, or a few.
    const char *const begin = json.constData();
    for (qsizetype i = 0; i < json.size(); ++i) {
        const void *slash = std::memchr(begin + i, '\\', size_t(json.size() - i));
        if (!slash)
            break;
        i = static_cast<const char *>(slash) - begin;
        if (i + 1 >= json.size())
            break;
        if (json.at(i + 1) != 'u') {
            ++i; // a two-character escape such as \" or \\: its second character is not a backslash
            continue;
        }
        const int u = escapeAt(json, i);
        if (u < 0) {
            ++i; // malformed: the JSON parser names it
            continue;
        }
        if (u == 0)
            return QStringLiteral("a NUL character (\\u0000) at byte %1").arg(i);
        if (isLow(u))
            return QStringLiteral("a lone surrogate \\u%1 at byte %2 (a low half with no high half before it)")
                .arg(QString::fromLatin1(json.mid(i + 2, 4)))
                .arg(i);
        if (isHigh(u)) {
            const int low = escapeAt(json, i + 6);
            if (!isLow(low))
                return QStringLiteral(
                           "a lone surrogate \\u%1 at byte %2 (a high half not followed by a \\uDC00-\\uDFFF escape)")
                    .arg(QString::fromLatin1(json.mid(i + 2, 4)))
                    .arg(i);
            i += 11; // the pair
            continue;
        }
        i += 5;
    }
    return {};
}

QString checkText(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.unicode() == 0)
            return QStringLiteral("a NUL character at position %1").arg(i);
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
                ++i;
                continue;
            }
            return QStringLiteral("a lone surrogate U+%1 at position %2").arg(c.unicode(), 4, 16).arg(i);
        }
        if (c.isLowSurrogate())
            return QStringLiteral("a lone surrogate U+%1 at position %2").arg(c.unicode(), 4, 16).arg(i);
    }
    return {};
}

} // namespace taskstream::text

#include "common/TextCheck.h"

#include <QTest>

using namespace taskstream;

/// The byte checks every JSON record and Avro string goes through before it is decoded: plain
/// ASCII passes without being decoded, and a NUL, a byte that is not UTF-8 or a lone surrogate
/// escape is found wherever it sits (each offset modulo the eight bytes checked at a time).
class TestTextCheck : public QObject
{
    Q_OBJECT
private slots:
    void acceptsAsciiAndUtf8()
    {
        for (int len = 0; len < 40; ++len) {
            const QByteArray ascii(len, 'a');
            QVERIFY2(text::checkUtf8(ascii).isEmpty(), qPrintable(QString::number(len)));
            QVERIFY(text::checkJson("{\"t\":\"" + ascii + "\"}").isEmpty());
        }
        QVERIFY(text::checkUtf8(QStringLiteral("Kaffee für 3 € ☕ 𝄞").toUtf8()).isEmpty());
        QVERIFY(text::checkJson("{\"t\":\"a\\\"b\\\\c\\u00e9\\ud834\\udd1e\\n\"}").isEmpty());
    }

    void findsARawNulAtEveryOffset()
    {
        for (int len = 1; len < 24; ++len) {
            for (int at = 0; at < len; ++at) {
                QByteArray bytes(len, 'x');
                bytes[at] = '\0';
                const QString bad = text::checkUtf8(bytes);
                QVERIFY2(bad.contains(QStringLiteral("NUL character at byte %1").arg(at)),
                         qPrintable(QStringLiteral("%1/%2: %3").arg(at).arg(len).arg(bad)));
            }
        }
    }

    void findsBytesThatAreNotUtf8AtEveryOffset()
    {
        // A lone continuation byte, a truncated sequence, an encoded surrogate, an overlong '/'.
        const QList<QByteArray> invalid{"\x80", "\xC3", "\xED\xA0\x80", "\xC0\xAF", "\xF8\x88\x80\x80\x80"};
        for (const QByteArray &seq : invalid) {
            for (int at = 0; at < 17; ++at) {
                const QByteArray bytes = QByteArray(at, 'x') + seq + QByteArray(9, 'y');
                QVERIFY2(text::checkUtf8(bytes).contains(QStringLiteral("not UTF-8")), qPrintable(bytes.toHex()));
                QVERIFY(text::checkJson("{\"t\":\"" + bytes + "\"}").contains(QStringLiteral("not UTF-8")));
            }
        }
    }

    void findsEscapesThatAreNotStored()
    {
        for (int at = 0; at < 17; ++at) {
            const QByteArray pad(at, 'x');
            QVERIFY(text::checkJson("{\"t\":\"" + pad + "\\u0000\"}").contains(QStringLiteral("\\u0000")));
            QVERIFY(text::checkJson("{\"t\":\"" + pad + "\\ud800x\"}").contains(QStringLiteral("lone surrogate")));
            QVERIFY(text::checkJson("{\"t\":\"" + pad + "\\udc00\"}").contains(QStringLiteral("lone surrogate")));
            // An escaped backslash before "u0000" is text, not an escape.
            QVERIFY(text::checkJson("{\"t\":\"" + pad + "\\\\u0000\"}").isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestTextCheck)
#include "tst_textcheck.moc"

#include "store/TimeOrderedId.h"

#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>

namespace taskstream::store {

QUuid newTimeOrderedId()
{
    // Monotonic within the process (RFC 9562, method 1): ids made in the same millisecond take a
    // 12-bit counter in rand_a that starts at a random value below 2048 and counts up; if it runs
    // out, the timestamp is moved one millisecond ahead.
    static QMutex mutex;
    static quint64 lastMs = 0;
    static quint32 counter = 0;
    quint32 rnd[3];
    QRandomGenerator::system()->fillRange(rnd);
    quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    {
        QMutexLocker lock(&mutex);
        if (ms > lastMs) {
            lastMs = ms;
            counter = rnd[0] & 0x7ff;
        } else {
            ms = lastMs;
            if (++counter > 0xfff) {
                ms = ++lastMs;
                counter = rnd[0] & 0x7ff;
            }
        }
    }
    const quint32 l = quint32(ms >> 16);
    const quint16 w1 = quint16(ms & 0xffff);
    const quint16 w2 = quint16(0x7000 | counter);             // version 7 + counter
    const quint8 b0 = quint8(0x80 | ((rnd[0] >> 12) & 0x3f)); // variant 10
    const quint8 b1 = quint8(rnd[0] >> 20);
    return QUuid(l, w1, w2, b0, b1, quint8(rnd[1]), quint8(rnd[1] >> 8), quint8(rnd[1] >> 16), quint8(rnd[1] >> 24),
                 quint8(rnd[2]), quint8(rnd[2] >> 8));
}

} // namespace taskstream::store

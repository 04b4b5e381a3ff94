#include "store/TimeOrderedId.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace taskstream::store {

QUuid newTimeOrderedId()
{
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    quint32 rnd[3];
    QRandomGenerator::system()->fillRange(rnd);
    const quint32 l = quint32(ms >> 16);
    const quint16 w1 = quint16(ms & 0xffff);
    const quint16 w2 = quint16(0x7000 | (rnd[0] & 0x0fff));         // version 7
    const quint8 b0 = quint8(0x80 | ((rnd[0] >> 12) & 0x3f));         // variant 10
    const quint8 b1 = quint8(rnd[0] >> 20);
    return QUuid(l, w1, w2, b0, b1, quint8(rnd[1]), quint8(rnd[1] >> 8), quint8(rnd[1] >> 16),
                 quint8(rnd[1] >> 24), quint8(rnd[2]), quint8(rnd[2] >> 8));
}

} // namespace taskstream::store

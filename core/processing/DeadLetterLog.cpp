#include "processing/DeadLetterLog.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcProcessing)

namespace taskstream::processing {

namespace {
QString where(const kafka::KafkaMessage &m)
{
    return QStringLiteral("%1/%2@%3").arg(m.topic).arg(m.partition).arg(m.offset);
}

QString seconds(qint64 ms)
{
    return QString::number(qMax<qint64>(1, qRound64(double(ms) / 1000.0)));
}
} // namespace

/// The records of one error class since its last line.
struct DeadLetterLog::Burst
{
    ClockTimer *timer = nullptr;
    quint64 count = 0;  ///< dead-lettered since the last line
    qint64 sinceMs = 0; ///< when the current interval began
    QString firstAt;    ///< where the first of them came from
};

DeadLetterLog::DeadLetterLog(QString group, QString dlqTopic, Clock *clock, int intervalMs, QObject *parent)
    : QObject(parent), m_group(std::move(group)), m_dlqTopic(std::move(dlqTopic)),
      m_clock(clock ? clock : Clock::system()), m_intervalMs(qMax(1, intervalMs))
{
    m_sink = [](const QString &line) { qCInfo(lcProcessing, "%s", qPrintable(line)); };
}

DeadLetterLog::~DeadLetterLog()
{
    qDeleteAll(m_bursts);
}

void DeadLetterLog::record(const kafka::KafkaMessage &original, const FailureInfo &failure, qint64 dlqOffset)
{
    const QString &cls = failure.errorClass;
    if (Burst *b = m_bursts.value(cls)) {
        if (b->count++ == 0)
            b->firstAt = where(original);
        return;
    }
    // The first of its class: in full, then counted until the interval is over.
    m_sink(QStringLiteral("group %1: %2 went to %3@%4 after %5 attempt(s): %6: %7 (further records of class %6 are "
                          "summed up every %8 s)")
               .arg(m_group, where(original), m_dlqTopic)
               .arg(dlqOffset)
               .arg(failure.attempts)
               .arg(cls, failure.message, seconds(m_intervalMs)));
    auto *b = new Burst;
    b->sinceMs = m_clock->nowMs();
    b->timer = m_clock->createTimer(Qt::CoarseTimer, this);
    connect(b->timer, &ClockTimer::timeout, this, [this, cls] { summarize(cls, false); });
    b->timer->start(m_intervalMs);
    m_bursts.insert(cls, b);
}

void DeadLetterLog::summarize(const QString &errorClass, bool ending)
{
    Burst *b = m_bursts.value(errorClass);
    if (!b)
        return;
    if (b->count > 0)
        m_sink(QStringLiteral("group %1: %2 records of class %3 dead-lettered in the last %4 s; first at %5")
                   .arg(m_group)
                   .arg(b->count)
                   .arg(errorClass, seconds(m_clock->nowMs() - b->sinceMs), b->firstAt));
    if (b->count == 0 || ending) {
        // A quiet interval ends the burst.
        m_bursts.remove(errorClass);
        b->timer->stop();
        b->timer->deleteLater();
        delete b;
        return;
    }
    b->count = 0;
    b->firstAt.clear();
    b->sinceMs = m_clock->nowMs();
    b->timer->start(m_intervalMs);
}

void DeadLetterLog::flush()
{
    const QStringList classes = m_bursts.keys();
    for (const QString &cls : classes)
        summarize(cls, true);
}

} // namespace taskstream::processing

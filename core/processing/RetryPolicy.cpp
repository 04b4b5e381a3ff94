#include "processing/RetryPolicy.h"

#include <cmath>

#include <QRandomGenerator>

namespace taskstream::processing {

int RetryPolicy::ceilingMs(int attempt) const
{
    const double exp = std::pow(qMax(1.0, multiplier), qMax(0, attempt - 1));
    const double raw = double(qMax(0, initialDelayMs)) * exp;
    return int(qMin(raw, double(qMax(0, maxDelayMs))));
}

int RetryPolicy::delayMs(int attempt, QRandomGenerator *rng) const
{
    const int ceiling = ceilingMs(attempt);
    if (!jitter || ceiling <= 0)
        return ceiling;
    QRandomGenerator *g = rng ? rng : QRandomGenerator::global();
    return int(g->bounded(ceiling + 1));
}

} // namespace taskstream::processing

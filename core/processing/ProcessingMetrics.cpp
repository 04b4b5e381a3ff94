#include "processing/ProcessingMetrics.h"

#include <algorithm>

namespace taskstream::processing {

Histogram::Histogram(QList<double> bounds) : m_bounds(std::move(bounds))
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_counts.fill(0, m_bounds.size() + 1);
}

void Histogram::observe(double seconds)
{
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), seconds);
    ++m_counts[int(it - m_bounds.cbegin())];
    ++m_count;
    m_sum += seconds;
}

QList<double> Histogram::defaultBounds()
{
    return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

} // namespace taskstream::processing

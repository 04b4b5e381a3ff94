#pragma once

#include <QtGlobal>

class QRandomGenerator;

namespace taskstream::processing {

/// Exponential backoff with full jitter (delay drawn uniformly from [0, min(cap, initial * 2^(n-1))]).
/// Defaults from the seeds: 5 attempts in all (the first delivery and four retries).
struct RetryPolicy
{
    int maxAttempts = 5;
    int initialDelayMs = 200;
    int maxDelayMs = 10000;
    double multiplier = 2.0;
    bool jitter = true;

    /// True when a record that failed on attempt \a attempt (1-based) gets another attempt.
    bool allowsAnotherAttempt(int attempt) const { return attempt < maxAttempts; }
    /// The upper bound of the wait after failed attempt \a attempt (1-based).
    int ceilingMs(int attempt) const;
    /// The wait after failed attempt \a attempt; \a rng null uses the global generator.
    int delayMs(int attempt, QRandomGenerator *rng = nullptr) const;
};

} // namespace taskstream::processing

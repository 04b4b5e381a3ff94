#pragma once

#include <QDateTime>
#include <QString>

struct DaemonOptions;

/// `taskstreamd verify`: runs services::DeliveryVerifier against the daemon's database and
/// brokers, prints the report (text or JSON) and answers the process's exit code: 0 clean, 3 not
/// clean, 1 when the verification could not finish (database or Kafka unreachable), 2 bad usage.
int runVerifyCommand(const DaemonOptions &options);

/// A --since/--until value: an ISO 8601 time, or an age before \a now ("90m", "2h", "1d", "45s").
/// Invalid QDateTime when it is neither.
QDateTime parseVerifyTime(const QString &text, const QDateTime &now);

#pragma once

#include "services/DeliveryVerifier.h"

struct DaemonOptions;

/// `taskstreamd verify`: runs services::DeliveryVerifier against the daemon's database and
/// brokers, prints the report (text or JSON) and answers the process's exit code: 0 clean, 3 not
/// clean, 1 when the verification could not finish (database or Kafka unreachable), 2 bad usage.
int runVerifyCommand(const DaemonOptions &options);

using taskstream::services::parseVerifyTime;

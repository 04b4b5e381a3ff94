#pragma once

#include "kafka/KafkaTypes.h"

#include <QByteArray>

namespace taskstream::processing {

/// True when \a headers carry a replay.group naming a group other than \a groupUtf8: the record
/// is a replay meant for that group only, and this group skips it (its offset moves on, no
/// handler runs, nothing is recorded). Records without the header are for every group.
bool isReplayForAnotherGroup(const kafka::Headers &headers, const QByteArray &groupUtf8);

} // namespace taskstream::processing

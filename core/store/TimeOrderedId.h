#pragma once

#include <QUuid>

namespace taskstream::store {

/// A UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, a counter, then random bits. Ids made
/// later sort later, so new rows land at the end of the primary-key index instead of on a random
/// page; that keeps group commits to a few pages and makes ids roughly chronological in logs.
/// Qt 6.4's QUuid has no version 7, and the layout is a few lines of bit packing.
QUuid newTimeOrderedId();

} // namespace taskstream::store

#pragma once

#include <QString>

namespace taskstream::events::detail {

/// Whether \a fullName is a registered event type: EventTypes::find() without the copy of its
/// entry, for the decoders' check of every record.
bool isRegisteredType(const QString &fullName);

} // namespace taskstream::events::detail

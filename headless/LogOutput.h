#pragma once

#include <QString>

/// Installs the daemon's log output on stderr: JSON lines (level, category, message, time, and
/// the source location in debug builds) or plain text for humans.
enum class LogFormat { Json, Text };
void installLogOutput(LogFormat format);

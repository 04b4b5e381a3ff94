#pragma once

#include <QtGlobal>

namespace taskstream::http {

// Bounds the server enforces per connection; every one has a matching error status (see docs/http.md).
struct HttpLimits
{
    int maxUrlBytes = 8192;            // request target; over it -> 414
    int maxHeaderBytes = 16384;        // sum of header names and values; over it -> 431
    int maxHeaderCount = 100;          // over it -> 431
    qint64 maxBodyBytes = 1024 * 1024; // decoded body; over it -> 413, then close
    int requestTimeoutMs = 10000;      // whole request incl. headers and body must arrive within this -> 408
    int idleTimeoutMs = 30000;         // keep-alive connection without a request is closed after this
    int maxConnections = 1024;         // further connections get 503 with Retry-After and are closed
    // Connections from one address. At the cap a new one replaces that address's longest-idle
    // keep-alive connection; with none idle it gets 429 with Retry-After and is closed.
    int maxConnectionsPerAddress = 64;
    // From this share of maxConnections on, each new connection closes the longest-idle keep-alive
    // connection (any address), so idle sockets cannot keep probes and active clients out.
    int idleEvictionPercent = 75;
    // A connection that has not sent its first request yet is not closed to make room before it is
    // this old: its request may be on the way.
    int evictionGraceMs = 1000;
    int retryAfterSeconds = 5; // value of Retry-After on that 503
};

} // namespace taskstream::http

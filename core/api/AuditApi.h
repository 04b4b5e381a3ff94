#pragma once

#include "http/HttpResponse.h"

#include <optional>

#include <QObject>

namespace taskstream::auth {
class JwtAuth;
struct Principal;
} // namespace taskstream::auth
namespace taskstream::http {
class HttpServer;
struct HttpRequest;
struct HttpResponse;
} // namespace taskstream::http
namespace taskstream::store {
class Database;
struct AuditEntry;
struct AuditQuery;
} // namespace taskstream::store

namespace taskstream::api {

/// Search of the audit log: GET /api/v1/audit?user=&task=&type=&actor=&source=&from=&to=&q=&limit=&cursor=,
/// newest first with an opaque keyset cursor, and its export over a time range:
/// GET /api/v1/audit/export?format=jsonl|csv&since=&until= (same filters, oldest first, streamed a
/// page at a time), see docs/audit.md. A user token sees only its own entries (user= naming someone
/// else is 403); an admin token sees all and may filter by user.
class AuditApi : public QObject
{
    Q_OBJECT
public:
    AuditApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

    static constexpr int DefaultLimit = 50;
    static constexpr int MaxLimit = 500;
    /// Entries read per database query of an export (what it holds in memory at a time).
    static constexpr int ExportPageSize = 500;

    enum class ExportFormat { JsonLines, Csv };
    /// The CSV export's header line and one entry's row (RFC 4180: CRLF, fields with a comma, a
    /// quote or a line break quoted, quotes doubled; the payload as compact JSON).
    static QByteArray csvHeader();
    static QByteArray csvRow(const store::AuditEntry &entry);

private:
    http::HttpResponse search(const http::HttpRequest &request, const auth::Principal &who);
    http::HttpResponse exportEntries(const http::HttpRequest &request, const auth::Principal &who);
    /// The filters both share (user, task, type, actor, source and the time range named \a from
    /// and \a to) into \a q; the 400/403 answer when one is wrong.
    std::optional<http::HttpResponse> parseFilters(const http::HttpRequest &request, const auth::Principal &who,
                                                   store::AuditQuery *q, const char *from, const char *to);

    store::Database *m_db;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

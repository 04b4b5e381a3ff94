#pragma once

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
}

namespace taskstream::api {

/// Discard marks of dead-lettered records kept in the daemon's database (processing::DlqMarks,
/// table dlq_marks), so everyone administering the system sees the same marks (docs/api.md).
/// Admin tokens only.
///
///   GET  /api/v1/dlq/marks?topic=T        the discard marks of DLQ topic T
///   POST /api/v1/dlq/marks/discard        {"topic", "records": [{"partition", "offset"}], "note"?, "by"?}
///   POST /api/v1/dlq/marks/undo           {"topic", "records": [{"partition", "offset"}]}
///
/// "by" names the person (the console sends its OS user name); without it the token's subject is
/// recorded. Each change is one transaction: all records or none.
class DlqMarksApi : public QObject
{
    Q_OBJECT
public:
    DlqMarksApi(store::Database *db, const auth::JwtAuth *auth, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

    /// The most records one request may mark.
    static constexpr int MaxRecords = 10000;

private:
    http::HttpResponse list(const http::HttpRequest &request);
    http::HttpResponse change(const http::HttpRequest &request, const auth::Principal &who, bool discard);

    store::Database *m_db;
    const auth::JwtAuth *m_auth;
};

} // namespace taskstream::api

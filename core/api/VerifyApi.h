#pragma once

#include "kafka/KafkaConfig.h"

#include <QObject>

namespace taskstream::auth {
class JwtAuth;
}
namespace taskstream::http {
class HttpServer;
}
namespace taskstream::store {
class Database;
}

namespace taskstream::api {

/// GET /api/v1/verify (admin tokens only): the delivery verifier's report as JSON
/// (services::DeliveryVerifier, docs/verify.md). Bounded: the window is at most a day, one hour
/// back from now unless `since`/`until` say otherwise, and one verification runs at a time.
class VerifyApi : public QObject
{
    Q_OBJECT
public:
    /// \a kafka: the node's client configuration, bootstrap servers included.
    /// \a auditDb: the audit file when the audit group's ledger is there (SQLite), else null.
    VerifyApi(store::Database *db, const auth::JwtAuth *auth, kafka::KafkaConfig kafka,
              store::Database *auditDb = nullptr, QObject *parent = nullptr);
    void registerRoutes(http::HttpServer &server);

    /// The longest window one request may ask for.
    static constexpr qint64 MaxWindowMs = 24 * 3600 * 1000LL;

private:
    store::Database *m_db;
    store::Database *m_auditDb;
    const auth::JwtAuth *m_auth;
    kafka::KafkaConfig m_kafka;
    bool m_running = false;
};

} // namespace taskstream::api

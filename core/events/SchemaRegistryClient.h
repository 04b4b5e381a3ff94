#pragma once

#include "events/AvroSchema.h"
#include "events/EventCodec.h"

#include <optional>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkRequest;
class QNetworkReply;

namespace taskstream::events {

/// An error answer of the registry (or no answer at all).
struct RegistryError
{
    enum Code {
        None,
        Unavailable,   ///< connection refused, timeout, HTTP 5xx: retry later
        NotFound,      ///< 404 (error_code 40401 subject, 40403 schema id)
        Incompatible,  ///< 409: the subject's compatibility rules refuse the schema
        InvalidSchema, ///< 422 (error_code 42201)
        BadResponse,   ///< any other status or an answer we cannot read
    };
    Code code = None;
    int httpStatus = 0;
    int errorCode = 0; ///< the registry's error_code, 0 if none
    QString message;
    bool isError() const { return code != None; }
    bool isRetriable() const { return code == Unavailable; }
};

/// The answer to one registry call; emits finished() exactly once, always asynchronously.
/// The caller owns it (deleteLater() after finished()).
class SchemaRegistryReply : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    bool isFinished() const { return m_finished; }
    RegistryError error() const { return m_error; }
    int schemaId() const { return m_schemaId; }        ///< register, get by id
    AvroSchema schema() const { return m_schema; }     ///< get by id
    bool isCompatible() const { return m_compatible; } ///< compatibility check

Q_SIGNALS:
    void finished();

private:
    friend class SchemaRegistryClient;
    void finish();
    bool m_finished = false;
    RegistryError m_error;
    int m_schemaId = -1;
    AvroSchema m_schema;
    bool m_compatible = false;
};

/// REST client of a Confluent-compatible Schema Registry (Qt Network). Registered ids and fetched
/// schemas are cached for the lifetime of the client, so each subject/schema costs one request.
class SchemaRegistryClient : public QObject
{
    Q_OBJECT
public:
    explicit SchemaRegistryClient(const QUrl &baseUrl, QObject *parent = nullptr);
    ~SchemaRegistryClient() override;

    /// TopicNameStrategy: "<topic>-value" (or "-key").
    static QString subjectForTopic(const QString &topic, bool key = false);
    /// The value subject of \a recordFullName on \a topic under \a strategy.
    static QString subjectFor(SubjectNameStrategy strategy, const QString &topic, const QString &recordFullName);

    void setTimeout(int ms) { m_timeoutMs = ms; }
    /// HTTP basic authentication: every request carries "Authorization: Basic base64(user:password)".
    /// An empty \a user sends none.
    void setBasicAuth(const QString &user, const QString &password);
    /// Trusts the PEM certificates of \a path (a CA bundle) for an https registry, besides the
    /// system's. False, with \a error set, when the file cannot be read or holds no certificate.
    bool setCaFile(const QString &path, QString *error);
    /// The certificates of a PEM file, or an error saying why there are none.
    static QList<QSslCertificate> loadCaFile(const QString &path, QString *error);

    /// POST /subjects/{subject}/versions: registers (or finds) \a schema, answers its id. The schema
    /// is sent as written (docs and logical types included) so other clients see them.
    SchemaRegistryReply *registerSchema(const QString &subject, const AvroSchema &schema);
    /// GET /schemas/ids/{id}: the schema with that id.
    SchemaRegistryReply *schemaById(int id);
    /// POST /compatibility/subjects/{subject}/versions/latest.
    SchemaRegistryReply *checkCompatibility(const QString &subject, const AvroSchema &schema);

    /// Cached results, no request: -1 / an invalid schema if unknown.
    int cachedId(const QString &subject, const AvroSchema &schema) const;
    AvroSchema cachedSchema(int id) const { return m_schemas.value(id); }

private:
    QNetworkReply *post(const QString &path, const QByteArray &body);
    QNetworkReply *get(const QString &path);
    void handle(QNetworkReply *reply, SchemaRegistryReply *answer,
                const std::function<void(SchemaRegistryReply *, const QJsonObject &)> &onSuccess);

    void prepare(QNetworkRequest &request) const;

    QUrl m_base;
    QNetworkAccessManager *m_network;
    QByteArray m_authorization; ///< the Authorization header's value; empty: none
    std::optional<QSslConfiguration> m_ssl;
    int m_timeoutMs = 10000;
    QHash<QString, int> m_ids; // subject + fingerprint -> id
    QHash<int, AvroSchema> m_schemas;
};

} // namespace taskstream::events

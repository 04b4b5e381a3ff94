#include "events/SchemaRegistryClient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QTimer>

namespace taskstream::events {

namespace {
const QByteArray ContentType = "application/vnd.schemaregistry.v1+json";

QString cacheKey(const QString &subject, const AvroSchema &schema)
{
    return subject + u'#' + QString::number(schema.fingerprint(), 16);
}
} // namespace

void SchemaRegistryReply::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    // Always asynchronous, so a caller can connect after the call returns, even on a cache hit.
    QTimer::singleShot(0, this, &SchemaRegistryReply::finished);
}

SchemaRegistryClient::SchemaRegistryClient(const QUrl &baseUrl, QObject *parent)
    : QObject(parent), m_base(baseUrl), m_network(new QNetworkAccessManager(this))
{
}

SchemaRegistryClient::~SchemaRegistryClient() = default;

QString SchemaRegistryClient::subjectForTopic(const QString &topic, bool key)
{
    return topic + (key ? QStringLiteral("-key") : QStringLiteral("-value"));
}

QString SchemaRegistryClient::subjectFor(SubjectNameStrategy strategy, const QString &topic,
                                         const QString &recordFullName)
{
    switch (strategy) {
    case SubjectNameStrategy::RecordName:
        return recordFullName;
    case SubjectNameStrategy::TopicRecordName:
        return topic + u'-' + recordFullName;
    case SubjectNameStrategy::TopicName:
        break;
    }
    return subjectForTopic(topic);
}

int SchemaRegistryClient::cachedId(const QString &subject, const AvroSchema &schema) const
{
    return m_ids.value(cacheKey(subject, schema), -1);
}

void SchemaRegistryClient::setBasicAuth(const QString &user, const QString &password)
{
    m_authorization = user.isEmpty() ? QByteArray() : "Basic " + (user + u':' + password).toUtf8().toBase64();
}

QList<QSslCertificate> SchemaRegistryClient::loadCaFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        *error = QStringLiteral("%1 holds no PEM certificate").arg(path);
    return certificates;
}

bool SchemaRegistryClient::setCaFile(const QString &path, QString *error)
{
    const QList<QSslCertificate> certificates = loadCaFile(path, error);
    if (certificates.isEmpty())
        return false;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(certificates);
    m_ssl = ssl;
    return true;
}

void SchemaRegistryClient::prepare(QNetworkRequest &request) const
{
    request.setRawHeader("Accept", ContentType + ", application/json");
    request.setTransferTimeout(m_timeoutMs);
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    if (m_ssl)
        request.setSslConfiguration(*m_ssl);
}

QNetworkReply *SchemaRegistryClient::post(const QString &path, const QByteArray &body)
{
    QUrl url = m_base;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, ContentType);
    prepare(request);
    return m_network->post(request, body);
}

QNetworkReply *SchemaRegistryClient::get(const QString &path)
{
    QUrl url = m_base;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + path);
    QNetworkRequest request(url);
    prepare(request);
    return m_network->get(request);
}

void SchemaRegistryClient::handle(QNetworkReply *reply, SchemaRegistryReply *answer,
                                  const std::function<void(SchemaRegistryReply *, const QJsonObject &)> &onSuccess)
{
    const QPointer<SchemaRegistryReply> guard(answer);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, onSuccess] {
        reply->deleteLater();
        if (!guard)
            return;
        SchemaRegistryReply *answer = guard.data();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        const QJsonObject json = QJsonDocument::fromJson(body).object();
        RegistryError &e = answer->m_error;
        if (status == 0) {
            e = {RegistryError::Unavailable, 0, 0,
                 QStringLiteral("schema registry unreachable: %1").arg(reply->errorString())};
        } else if (status >= 200 && status < 300) {
            onSuccess(answer, json);
        } else {
            e.httpStatus = status;
            e.errorCode = json.value(QStringLiteral("error_code")).toInt();
            const QString text = json.value(QStringLiteral("message")).toString(QString::fromUtf8(body.left(200)));
            e.code = status >= 500   ? RegistryError::Unavailable
                     : status == 404 ? RegistryError::NotFound
                     : status == 409 ? RegistryError::Incompatible
                     : status == 422 ? RegistryError::InvalidSchema
                                     : RegistryError::BadResponse;
            e.message = QStringLiteral("schema registry answered HTTP %1 (error_code %2): %3")
                            .arg(status)
                            .arg(e.errorCode)
                            .arg(text);
        }
        answer->finish();
    });
}

SchemaRegistryReply *SchemaRegistryClient::registerSchema(const QString &subject, const AvroSchema &schema)
{
    auto *answer = new SchemaRegistryReply(this);
    const int cached = cachedId(subject, schema);
    if (cached >= 0) {
        answer->m_schemaId = cached;
        answer->finish();
        return answer;
    }
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("schema"), QString::fromUtf8(schema.text())}})
                                .toJson(QJsonDocument::Compact);
    handle(post(QStringLiteral("/subjects/%1/versions").arg(QString::fromUtf8(QUrl::toPercentEncoding(subject))), body),
           answer, [this, subject, schema](SchemaRegistryReply *a, const QJsonObject &json) {
               const QJsonValue id = json.value(QStringLiteral("id"));
               if (!id.isDouble()) {
                   a->m_error = {RegistryError::BadResponse, 200, 0, QStringLiteral("registry answer without an id")};
                   return;
               }
               a->m_schemaId = id.toInt();
               m_ids.insert(cacheKey(subject, schema), a->m_schemaId);
               m_schemas.insert(a->m_schemaId, schema);
           });
    return answer;
}

SchemaRegistryReply *SchemaRegistryClient::schemaById(int id)
{
    auto *answer = new SchemaRegistryReply(this);
    answer->m_schemaId = id;
    if (m_schemas.contains(id)) {
        answer->m_schema = m_schemas.value(id);
        answer->finish();
        return answer;
    }
    handle(get(QStringLiteral("/schemas/ids/%1").arg(id)), answer,
           [this, id](SchemaRegistryReply *a, const QJsonObject &json) {
               const QString type = json.value(QStringLiteral("schemaType")).toString(QStringLiteral("AVRO"));
               if (type != QLatin1String("AVRO")) {
                   a->m_error = {RegistryError::BadResponse, 200, 0,
                                 QStringLiteral("schema id %1 is a %2 schema, not Avro").arg(id).arg(type)};
                   return;
               }
               QString error;
               a->m_schema = AvroSchema::parse(json.value(QStringLiteral("schema")).toString().toUtf8(), &error);
               if (!a->m_schema.isValid()) {
                   a->m_error = {RegistryError::BadResponse, 200, 0,
                                 QStringLiteral("schema id %1: %2").arg(id).arg(error)};
                   return;
               }
               m_schemas.insert(id, a->m_schema);
           });
    return answer;
}

SchemaRegistryReply *SchemaRegistryClient::checkCompatibility(const QString &subject, const AvroSchema &schema)
{
    auto *answer = new SchemaRegistryReply(this);
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("schema"), QString::fromUtf8(schema.text())}})
                                .toJson(QJsonDocument::Compact);
    handle(post(QStringLiteral("/compatibility/subjects/%1/versions/latest")
                    .arg(QString::fromUtf8(QUrl::toPercentEncoding(subject))),
                body),
           answer, [](SchemaRegistryReply *a, const QJsonObject &json) {
               a->m_compatible = json.value(QStringLiteral("is_compatible")).toBool();
           });
    return answer;
}

} // namespace taskstream::events

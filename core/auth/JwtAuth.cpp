#include "auth/JwtAuth.h"

#include <cstdlib>
#include <memory>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <jwt.h>

namespace taskstream::auth {

namespace {
struct JwtDeleter
{
    void operator()(jwt_t *j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;
constexpr int kMaxTokenBytes = 8192;
} // namespace

JwtAuth::JwtAuth(QByteArray secret) : m_secret(std::move(secret)) {}

QByteArray JwtAuth::loadSecret(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the token secret %1: %2").arg(path, f.errorString());
        return {};
    }
    const QByteArray s = f.readAll().trimmed();
    if (s.size() < 32) {
        if (error)
            *error =
                QStringLiteral("the token secret in %1 is shorter than 32 bytes; use a longer random secret").arg(path);
        return {};
    }
    return s;
}

QByteArray JwtAuth::loadOrCreateSecret(const QString &path, QString *error)
{
    if (QFileInfo::exists(path))
        return loadSecret(path, error);
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    const QByteArray secret = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || f.write(secret + '\n') < 0) {
        if (error)
            *error = QStringLiteral("cannot create the token secret %1: %2").arg(path, f.errorString());
        return {};
    }
    return secret;
}

QString JwtAuth::issue(const QUuid &userId, const QString &role, qint64 ttlSeconds, QString *error) const
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0) {
        if (error)
            *error = QStringLiteral("cannot create a token");
        return {};
    }
    JwtPtr jwt(raw);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray sub = userId.toString(QUuid::WithoutBraces).toUtf8();
    const QByteArray r = role.toUtf8();
    if (jwt_add_grant(jwt.get(), "sub", sub.constData()) || jwt_add_grant(jwt.get(), "role", r.constData()) ||
        jwt_add_grant(jwt.get(), "iss", "taskstream") || jwt_add_grant_int(jwt.get(), "iat", long(now)) ||
        jwt_add_grant_int(jwt.get(), "exp", long(now + ttlSeconds)) ||
        jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char *>(m_secret.constData()),
                    int(m_secret.size()))) {
        if (error)
            *error = QStringLiteral("cannot sign the token");
        return {};
    }
    char *s = jwt_encode_str(jwt.get());
    if (!s) {
        if (error)
            *error = QStringLiteral("cannot encode the token");
        return {};
    }
    const QString token = QString::fromUtf8(s);
    free(s); // libjwt 1.10 allocates with malloc and has no jwt_free_str yet
    return token;
}

std::optional<Principal> JwtAuth::checkTimes(const Verified &v, QString *why)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (v.exp <= now) {
        if (why)
            *why = QStringLiteral("the token expired at %1")
                       .arg(QDateTime::fromSecsSinceEpoch(v.exp, Qt::UTC).toString(Qt::ISODate));
        return std::nullopt;
    }
    if (v.nbf > now + 60) {
        if (why)
            *why = QStringLiteral("the token is not valid before %1")
                       .arg(QDateTime::fromSecsSinceEpoch(v.nbf, Qt::UTC).toString(Qt::ISODate));
        return std::nullopt;
    }
    return v.principal;
}

std::optional<Principal> JwtAuth::verify(const QByteArray &token, QString *why) const
{
    auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return std::optional<Principal>();
    };
    if (token.isEmpty())
        return refuse(QStringLiteral("the bearer token is empty"));
    if (token.size() > kMaxTokenBytes)
        return refuse(QStringLiteral("the bearer token is longer than %1 bytes").arg(kMaxTokenBytes));
    {
        // The same bytes under the same secret verify the same way: only the clock can change the answer.
        QMutexLocker lock(&m_verifiedMutex);
        const auto it = m_verified.constFind(token);
        if (it != m_verified.cend())
            return checkTimes(it.value(), why);
    }
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(2).isEmpty())
        return refuse(QStringLiteral("the bearer token is not a signed JWT (header.payload.signature)"));
    // Pin the algorithm before libjwt sees the token: only HS256 is ever accepted.
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(0), QByteArray::Base64UrlEncoding)).object();
    const QString alg = header.value(QLatin1String("alg")).toString();
    if (alg != QLatin1String("HS256"))
        return refuse(QStringLiteral("the token's algorithm '%1' is not accepted; tokens must be HS256")
                          .arg(alg.isEmpty() ? QStringLiteral("(none given)") : alg));
    jwt_t *raw = nullptr;
    const QByteArray zero = token + '\0';
    if (jwt_decode(&raw, zero.constData(), reinterpret_cast<const unsigned char *>(m_secret.constData()),
                   int(m_secret.size())) != 0 ||
        !raw)
        return refuse(QStringLiteral("the token's signature does not verify"));
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256)
        return refuse(QStringLiteral("the token is not signed with HS256"));
    Verified v;
    errno = 0;
    v.exp = jwt_get_grant_int(jwt.get(), "exp");
    if (errno == ENOENT || v.exp <= 0)
        return refuse(QStringLiteral("the token has no expiry (exp)"));
    errno = 0;
    const long nbf = jwt_get_grant_int(jwt.get(), "nbf");
    v.nbf = errno == ENOENT ? 0 : nbf;
    const char *sub = jwt_get_grant(jwt.get(), "sub");
    v.principal.userId = sub ? QUuid::fromString(QString::fromUtf8(sub)) : QUuid();
    if (v.principal.userId.isNull())
        return refuse(QStringLiteral("the token's subject (sub) is not a user id (UUID)"));
    const char *role = jwt_get_grant(jwt.get(), "role");
    v.principal.role = role && QByteArray(role) == "admin" ? QStringLiteral("admin") : QStringLiteral("user");
    const std::optional<Principal> p = checkTimes(v, why);
    if (p) {
        // Only tokens signed with the secret get here, so nobody without it can fill the cache;
        // when full it starts over rather than tracking use.
        constexpr qsizetype kMaxRemembered = 4096;
        QMutexLocker lock(&m_verifiedMutex);
        if (m_verified.size() >= kMaxRemembered)
            m_verified.clear();
        m_verified.insert(token, v);
    }
    return p;
}

std::optional<Principal> JwtAuth::verifyBearer(const QByteArray &authorizationHeader, QString *why) const
{
    const QByteArray h = authorizationHeader.trimmed();
    if (h.isEmpty()) {
        if (why)
            *why = QStringLiteral("missing Authorization header; send 'Authorization: Bearer <token>' (taskstreamd "
                                  "token --user ID prints one)");
        return std::nullopt;
    }
    if (!h.startsWith("Bearer ") && !h.startsWith("bearer ")) {
        if (why)
            *why = QStringLiteral("the Authorization header must be 'Bearer <token>'");
        return std::nullopt;
    }
    return verify(h.mid(7).trimmed(), why);
}

} // namespace taskstream::auth

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
#include <QSet>

#include <jwt.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

namespace taskstream::auth {

namespace {
struct JwtDeleter
{
    void operator()(jwt_t *j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;
constexpr int kMaxTokenBytes = 8192;

/// The first key a JSON object \a json names twice, or an empty string (also for text that is not
/// a JSON object: libjwt refuses that itself).
QString duplicateKey(const QByteArray &json)
{
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    if (parser.parse(json.constData(), size_t(json.size())).get_object().get(o))
        return {};
    QSet<QByteArray> seen;
    for (auto field : o) {
        const QByteArray key(field.key.data(), qsizetype(field.key.size()));
        if (seen.contains(key))
            return QString::fromUtf8(key);
        seen.insert(key);
    }
    return {};
}

/// Whether the aud claim of \a payload (a string or an array of strings) names \a audience.
bool namesAudience(const QByteArray &payload, const QString &audience)
{
    simdjson::dom::parser parser;
    simdjson::dom::object o;
    if (parser.parse(payload.constData(), size_t(payload.size())).get_object().get(o))
        return false;
    simdjson::dom::element aud;
    if (o["aud"].get(aud))
        return false;
    const QByteArray wanted = audience.toUtf8();
    std::string_view one;
    if (!aud.get_string().get(one))
        return QByteArray(one.data(), qsizetype(one.size())) == wanted;
    simdjson::dom::array list;
    if (aud.get_array().get(list))
        return false;
    for (auto item : list) {
        if (!item.get_string().get(one) && QByteArray(one.data(), qsizetype(one.size())) == wanted)
            return true;
    }
    return false;
}
} // namespace

JwtAuth::JwtAuth(QByteArray secret, JwtOptions options) : m_secret(std::move(secret)), m_options(std::move(options)) {}

QByteArray JwtAuth::loadSecret(const QString &path, QString *error)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) == 0) {
        const bool others = st.st_mode & (S_IROTH | S_IWOTH);
        // A Kubernetes Secret mount is root's file read through the pod's fsGroup: the group bits
        // are the only way in. A file of the daemon's own user has no reason to let its group in.
        const bool group = (st.st_mode & (S_IRGRP | S_IWGRP)) && st.st_uid == ::geteuid();
        if (others || group) {
            if (error)
                *error = QStringLiteral("the token secret %1 may be read or written by %2 (mode %3); whoever reads it "
                                        "can sign admin tokens: make it private (chmod 600 %1)")
                             .arg(path, others ? QStringLiteral("other users") : QStringLiteral("its group"))
                             .arg(QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
            return {};
        }
    }
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
    if (ttlSeconds > m_options.maxLifetimeSeconds) {
        if (error)
            *error = QStringLiteral("a token may live at most %1 seconds (the maximum token lifetime); asked for %2")
                         .arg(m_options.maxLifetimeSeconds)
                         .arg(ttlSeconds);
        return {};
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray sub = userId.toString(QUuid::WithoutBraces).toUtf8();
    const QByteArray r = role.toUtf8();
    const QByteArray iss = m_options.issuer.toUtf8();
    const QByteArray aud = m_options.audience.toUtf8();
    if (jwt_add_grant(jwt.get(), "sub", sub.constData()) || jwt_add_grant(jwt.get(), "role", r.constData()) ||
        jwt_add_grant(jwt.get(), "iss", iss.constData()) ||
        (!aud.isEmpty() && jwt_add_grant(jwt.get(), "aud", aud.constData())) ||
        jwt_add_grant_int(jwt.get(), "iat", long(now)) || jwt_add_grant_int(jwt.get(), "exp", long(now + ttlSeconds)) ||
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
    // Of a claim given twice, libjwt and other readers may each take another value: refuse both.
    const QByteArray payload = QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding);
    for (const QByteArray &json : {QByteArray::fromBase64(parts.at(0), QByteArray::Base64UrlEncoding), payload}) {
        const QString twice = duplicateKey(json);
        if (!twice.isEmpty())
            return refuse(QStringLiteral("the token names '%1' twice").arg(twice.left(40)));
    }
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
    errno = 0;
    const long iat = jwt_get_grant_int(jwt.get(), "iat");
    const qint64 born = errno == ENOENT ? QDateTime::currentSecsSinceEpoch() : qint64(iat);
    if (v.exp - born > m_options.maxLifetimeSeconds)
        return refuse(QStringLiteral("the token lives %1 seconds, longer than the %2 accepted; issue a shorter one")
                          .arg(v.exp - born)
                          .arg(m_options.maxLifetimeSeconds));
    const char *iss = jwt_get_grant(jwt.get(), "iss");
    if (!iss || QString::fromUtf8(iss) != m_options.issuer)
        return refuse(
            QStringLiteral("the token's issuer (iss) is %1, not '%2'")
                .arg(iss ? QStringLiteral("'%1'").arg(QString::fromUtf8(iss).left(80)) : QStringLiteral("missing"),
                     m_options.issuer));
    if (!m_options.audience.isEmpty() && !namesAudience(payload, m_options.audience))
        return refuse(QStringLiteral("the token's audience (aud) does not name '%1'").arg(m_options.audience));
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

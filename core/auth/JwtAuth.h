#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QUuid>

namespace taskstream::auth {

/// Who a request acts for: the token's subject (a user id) and its role.
struct Principal
{
    QUuid userId;
    QString role; ///< "user" (default) or "admin"
    bool isAdmin() const { return role == QLatin1String("admin"); }
};

/// What tokens must say besides their signature.
struct JwtOptions
{
    QString issuer = QStringLiteral("taskstream"); ///< iss every token must carry; issue() writes it
    QString audience; ///< non-empty: aud (a string or an array) must name it; issue() writes it
    /// Longest lifetime accepted, exp - iat (exp - now for a token without iat); issue() refuses more.
    qint64 maxLifetimeSeconds = 30 * 24 * 3600;
};

/// Bearer tokens: JWT signed with HS256 through libjwt (a maintained library; no hand-rolled crypto).
/// The algorithm is pinned: tokens whose header names another algorithm, "none" included, are
/// refused before any signature check. Tokens must carry exp and a UUID subject, the configured
/// issuer (and audience, when one is set), live no longer than the maximum lifetime, and name no
/// claim twice (JSON parsers disagree on which of two values counts).
class JwtAuth
{
public:
    explicit JwtAuth(QByteArray secret, JwtOptions options = {});

    /// Reads the secret from \a path, or creates one (32 random bytes, file mode 0600).
    static QByteArray loadOrCreateSecret(const QString &path, QString *error);
    /// Reads a secret from a file (e.g. a Kubernetes Secret mount) without creating it. Refused
    /// when others may read or write it, or the group may and the file is the daemon user's own
    /// (a Secret mount owned by root and read through the pod's fsGroup is accepted).
    static QByteArray loadSecret(const QString &path, QString *error);

    /// A signed token for \a userId with \a role, valid for \a ttlSeconds.
    QString issue(const QUuid &userId, const QString &role, qint64 ttlSeconds, QString *error) const;
    /// Verifies \a token; nullopt with *why (for the 401 detail) when it is not acceptable.
    /// A token whose signature verified is remembered (up to a few thousand, by its exact bytes),
    /// so a client's next requests skip the HMAC and JSON work; its expiry and not-before are
    /// checked on every call all the same. Safe to call from several threads.
    std::optional<Principal> verify(const QByteArray &token, QString *why) const;
    /// Verifies an "Authorization: Bearer TOKEN" header value.
    std::optional<Principal> verifyBearer(const QByteArray &authorizationHeader, QString *why) const;

private:
    struct Verified
    {
        Principal principal;
        qint64 exp = 0;
        qint64 nbf = 0; ///< 0: none given
    };
    /// The expiry and not-before checks, for a fresh and a remembered token alike.
    static std::optional<Principal> checkTimes(const Verified &v, QString *why);

    QByteArray m_secret;
    JwtOptions m_options;
    mutable QMutex m_verifiedMutex;
    mutable QHash<QByteArray, Verified> m_verified;
};

} // namespace taskstream::auth

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

/// Bearer tokens: JWT signed with HS256 through libjwt (a maintained library; no hand-rolled crypto).
/// The algorithm is pinned: tokens whose header names another algorithm, "none" included, are
/// refused before any signature check. Tokens must carry exp and a UUID subject.
class JwtAuth
{
public:
    explicit JwtAuth(QByteArray secret);

    /// Reads the secret from \a path, or creates one (32 random bytes, file mode 0600).
    static QByteArray loadOrCreateSecret(const QString &path, QString *error);
    /// Reads a secret from a file (e.g. a Kubernetes Secret mount) without creating it.
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
    mutable QMutex m_verifiedMutex;
    mutable QHash<QByteArray, Verified> m_verified;
};

} // namespace taskstream::auth

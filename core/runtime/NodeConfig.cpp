#include "NodeConfig.h"

#include "Roles.h"

#include <QDir>
#include <QUrl>

namespace taskstream::runtime {

const QStringList &NodeConfig::allRoles()
{
    static const QStringList names = [] {
        QStringList out;
        for (const Role &r : roleTable())
            out << r.name;
        return out;
    }();
    return names;
}

QString NodeConfig::effectiveDatabaseUrl() const
{
    if (databaseUrl.isEmpty())
        return QDir(dataDir).filePath(QStringLiteral("taskstream.db"));
    QUrl u(databaseUrl);
    if (!databasePassword.isEmpty() && u.password().isEmpty()) {
        u.setPassword(databasePassword);
        return u.toString();
    }
    return databaseUrl;
}

QString NodeConfig::effectiveJwtSecretFile() const
{
    return jwtSecretFile.isEmpty() ? QDir(dataDir).filePath(QStringLiteral("jwt-secret")) : jwtSecretFile;
}

auth::JwtOptions NodeConfig::jwtOptions() const
{
    auth::JwtOptions o;
    o.issuer = tokenIssuer;
    o.audience = tokenAudience;
    o.maxLifetimeSeconds = qint64(tokenMaxLifetimeHours) * 3600;
    return o;
}

} // namespace taskstream::runtime

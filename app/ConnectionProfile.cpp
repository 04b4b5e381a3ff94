#include "ConnectionProfile.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace taskstream {
namespace console {

namespace {

QString key(const char *k)
{
    return QString::fromLatin1(k);
}

/// Checks an optional http(s) URL; an empty one is fine.
bool isHttpUrlOrEmpty(const QString &text)
{
    if (text.trimmed().isEmpty())
        return true;
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

} // namespace

bool ConnectionProfile::usesSasl() const
{
    return securityProtocol == SecurityProtocol::SaslPlaintext || securityProtocol == SecurityProtocol::SaslSsl;
}

bool ConnectionProfile::usesTls() const
{
    return securityProtocol == SecurityProtocol::Ssl || securityProtocol == SecurityProtocol::SaslSsl;
}

QString ConnectionProfile::protocolName(SecurityProtocol protocol)
{
    switch (protocol) {
    case SecurityProtocol::Plaintext:
        return QStringLiteral("PLAINTEXT");
    case SecurityProtocol::Ssl:
        return QStringLiteral("SSL");
    case SecurityProtocol::SaslPlaintext:
        return QStringLiteral("SASL_PLAINTEXT");
    case SecurityProtocol::SaslSsl:
        return QStringLiteral("SASL_SSL");
    }
    return {};
}

std::optional<ConnectionProfile::SecurityProtocol> ConnectionProfile::protocolFromName(const QString &name)
{
    for (SecurityProtocol p : {SecurityProtocol::Plaintext, SecurityProtocol::Ssl, SecurityProtocol::SaslPlaintext,
                               SecurityProtocol::SaslSsl})
        if (name.compare(protocolName(p), Qt::CaseInsensitive) == 0)
            return p;
    return std::nullopt;
}

QString ConnectionProfile::mechanismName(SaslMechanism mechanism)
{
    switch (mechanism) {
    case SaslMechanism::Plain:
        return QStringLiteral("PLAIN");
    case SaslMechanism::ScramSha256:
        return QStringLiteral("SCRAM-SHA-256");
    case SaslMechanism::ScramSha512:
        return QStringLiteral("SCRAM-SHA-512");
    }
    return {};
}

std::optional<ConnectionProfile::SaslMechanism> ConnectionProfile::mechanismFromName(const QString &name)
{
    for (SaslMechanism m : {SaslMechanism::Plain, SaslMechanism::ScramSha256, SaslMechanism::ScramSha512})
        if (name.compare(mechanismName(m), Qt::CaseInsensitive) == 0)
            return m;
    return std::nullopt;
}

kafka::KafkaConfig ConnectionProfile::toKafkaConfig() const
{
    kafka::KafkaConfig config(bootstrapServers.trimmed());
    config.set(QStringLiteral("security.protocol"), protocolName(securityProtocol).toLower());
    if (usesSasl()) {
        config.set(QStringLiteral("sasl.mechanisms"), mechanismName(saslMechanism));
        config.set(QStringLiteral("sasl.username"), username);
        if (!password.isEmpty())
            config.set(QStringLiteral("sasl.password"), password);
    }
    if (usesTls()) {
        if (!caFile.trimmed().isEmpty())
            config.set(QStringLiteral("ssl.ca.location"), caFile.trimmed());
        if (!certificateFile.trimmed().isEmpty())
            config.set(QStringLiteral("ssl.certificate.location"), certificateFile.trimmed());
        if (!keyFile.trimmed().isEmpty())
            config.set(QStringLiteral("ssl.key.location"), keyFile.trimmed());
        config.set(QStringLiteral("ssl.endpoint.identification.algorithm"),
                   verifyHostname ? QStringLiteral("https") : QStringLiteral("none"));
    }
    return config;
}

QStringList ConnectionProfile::validate() const
{
    QStringList problems;
    if (name.trimmed().isEmpty())
        problems << tr("Give the profile a name.");
    QString why;
    if (!kafka::KafkaConfig::validateBootstrapServers(bootstrapServers.trimmed(), &why))
        problems << tr("The bootstrap servers must be HOST:PORT, several separated by commas (%1).").arg(why);
    if (usesSasl() && username.trimmed().isEmpty())
        problems << tr("%1 needs a user name.").arg(protocolName(securityProtocol));
    if (usesTls()) {
        auto checkFile = [&problems](const QString &file, const QString &what) {
            if (!file.trimmed().isEmpty() && !QFileInfo(file.trimmed()).isReadable())
                problems << tr("The %1 \"%2\" does not exist or cannot be read.").arg(what, file.trimmed());
        };
        checkFile(caFile, tr("CA file"));
        checkFile(certificateFile, tr("client certificate"));
        checkFile(keyFile, tr("client key"));
        if (certificateFile.trimmed().isEmpty() != keyFile.trimmed().isEmpty())
            problems << tr("A client certificate needs its key, and a key its certificate: give both or neither.");
    }
    if (!isHttpUrlOrEmpty(schemaRegistryUrl))
        problems << tr("The Schema Registry URL must be http://HOST:PORT or https://HOST:PORT.");
    if (!isHttpUrlOrEmpty(apiUrl))
        problems << tr("The daemon's API URL must be http://HOST:PORT or https://HOST:PORT.");
    return problems;
}

bool ConnectionProfile::operator==(const ConnectionProfile &o) const
{
    return name == o.name && bootstrapServers == o.bootstrapServers && securityProtocol == o.securityProtocol &&
           saslMechanism == o.saslMechanism && username == o.username && password == o.password && caFile == o.caFile &&
           certificateFile == o.certificateFile && keyFile == o.keyFile && verifyHostname == o.verifyHostname &&
           schemaRegistryUrl == o.schemaRegistryUrl && apiUrl == o.apiUrl && apiToken == o.apiToken &&
           rememberSecrets == o.rememberSecrets && readOnly == o.readOnly;
}

// ---------------------------------------------------------------------------------------------

ConnectionProfileStore::ConnectionProfileStore(QSettings *settings) : m_settings(settings)
{
    if (!m_settings) {
        m_own = std::make_unique<QSettings>();
        m_settings = m_own.get();
    }
}

ConnectionProfileStore::~ConnectionProfileStore() = default;

QSettings &ConnectionProfileStore::settings() const
{
    return *m_settings;
}

QString ConnectionProfileStore::groupFor(const QString &name)
{
    // Names may hold '/' and other characters QSettings treats specially in keys.
    return QStringLiteral("connections/profiles/") + QString::fromLatin1(QUrl::toPercentEncoding(name));
}

QStringList ConnectionProfileStore::names() const
{
    QSettings &s = settings();
    s.beginGroup(QStringLiteral("connections/profiles"));
    const QStringList groups = s.childGroups();
    s.endGroup();
    QStringList out;
    for (const QString &g : groups)
        out << QUrl::fromPercentEncoding(g.toLatin1());
    std::sort(out.begin(), out.end(), [](const QString &a, const QString &b) {
        const int c = a.compare(b, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    });
    return out;
}

bool ConnectionProfileStore::contains(const QString &name) const
{
    return !name.isEmpty() && settings().contains(groupFor(name) + QStringLiteral("/bootstrapServers"));
}

std::optional<ConnectionProfile> ConnectionProfileStore::profile(const QString &name) const
{
    if (!contains(name))
        return std::nullopt;
    QSettings &s = settings();
    s.beginGroup(groupFor(name));
    ConnectionProfile p;
    p.name = name;
    p.bootstrapServers = s.value(key("bootstrapServers")).toString();
    p.securityProtocol = ConnectionProfile::protocolFromName(s.value(key("securityProtocol")).toString())
                             .value_or(ConnectionProfile::SecurityProtocol::Plaintext);
    p.saslMechanism = ConnectionProfile::mechanismFromName(s.value(key("saslMechanism")).toString())
                          .value_or(ConnectionProfile::SaslMechanism::Plain);
    p.username = s.value(key("username")).toString();
    p.caFile = s.value(key("caFile")).toString();
    p.certificateFile = s.value(key("certificateFile")).toString();
    p.keyFile = s.value(key("keyFile")).toString();
    p.verifyHostname = s.value(key("verifyHostname"), true).toBool();
    p.schemaRegistryUrl = s.value(key("schemaRegistryUrl")).toString();
    p.apiUrl = s.value(key("apiUrl")).toString();
    p.rememberSecrets = s.value(key("rememberSecrets"), false).toBool();
    p.readOnly = s.value(key("readOnly"), false).toBool();
    if (p.rememberSecrets) {
        p.password = s.value(key("password")).toString();
        p.apiToken = s.value(key("apiToken")).toString();
    }
    s.endGroup();
    return p;
}

void ConnectionProfileStore::save(const ConnectionProfile &p)
{
    QSettings &s = settings();
    s.beginGroup(groupFor(p.name));
    s.setValue(key("bootstrapServers"), p.bootstrapServers.trimmed());
    s.setValue(key("securityProtocol"), ConnectionProfile::protocolName(p.securityProtocol));
    s.setValue(key("saslMechanism"), ConnectionProfile::mechanismName(p.saslMechanism));
    s.setValue(key("username"), p.username);
    s.setValue(key("caFile"), p.caFile);
    s.setValue(key("certificateFile"), p.certificateFile);
    s.setValue(key("keyFile"), p.keyFile);
    s.setValue(key("verifyHostname"), p.verifyHostname);
    s.setValue(key("schemaRegistryUrl"), p.schemaRegistryUrl);
    s.setValue(key("apiUrl"), p.apiUrl);
    s.setValue(key("rememberSecrets"), p.rememberSecrets);
    s.setValue(key("readOnly"), p.readOnly);
    if (p.rememberSecrets) {
        s.setValue(key("password"), p.password);
        s.setValue(key("apiToken"), p.apiToken);
    } else {
        // Without the user's consent no secret stays in the file, including one saved earlier.
        s.remove(key("password"));
        s.remove(key("apiToken"));
    }
    s.endGroup();
    s.sync();
}

bool ConnectionProfileStore::rename(const QString &from, const QString &to, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QString target = to.trimmed();
    std::optional<ConnectionProfile> p = profile(from);
    if (!p)
        return fail(ConnectionProfile::tr("There is no profile \"%1\".").arg(from));
    if (target.isEmpty())
        return fail(ConnectionProfile::tr("Give the profile a name."));
    if (target == from)
        return true;
    if (contains(target))
        return fail(ConnectionProfile::tr("A profile named \"%1\" exists already.").arg(target));
    // The secrets were read only if remembered; carry over exactly what the file held.
    p->name = target;
    save(*p);
    const bool wasLast = lastUsed() == from;
    remove(from);
    if (wasLast)
        setLastUsed(target);
    return true;
}

bool ConnectionProfileStore::remove(const QString &name)
{
    if (!contains(name))
        return false;
    QSettings &s = settings();
    s.remove(groupFor(name));
    if (s.value(key("connections/lastUsed")).toString() == name)
        s.remove(key("connections/lastUsed"));
    s.sync();
    return true;
}

QString ConnectionProfileStore::lastUsed() const
{
    const QString name = settings().value(key("connections/lastUsed")).toString();
    return contains(name) ? name : QString();
}

void ConnectionProfileStore::setLastUsed(const QString &name)
{
    settings().setValue(key("connections/lastUsed"), name);
    settings().sync();
}

QString ConnectionProfileStore::fileName() const
{
    return settings().fileName();
}

} // namespace console
} // namespace taskstream

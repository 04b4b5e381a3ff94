#include "kafka/KafkaConfig.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <librdkafka/rdkafka.h>

namespace taskstream::kafka {

KafkaConfig::KafkaConfig(const QString &bootstrapServers)
{
    set(QStringLiteral("bootstrap.servers"), bootstrapServers);
}

void KafkaConfig::setDefault(const QString &key, const QString &value)
{
    if (!m_props.contains(key))
        m_props.insert(key, value);
}

void KafkaConfig::merge(const KafkaConfig &other)
{
    for (auto it = other.m_props.cbegin(); it != other.m_props.cend(); ++it)
        m_props.insert(it.key(), it.value());
}

bool KafkaConfig::validateBootstrapServers(const QString &servers, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (servers.trimmed().isEmpty())
        return fail(QStringLiteral("bootstrap servers are empty; give HOST:PORT[,HOST:PORT...]"));
    // Optional security protocol prefix as librdkafka allows it (PLAINTEXT://, SSL://, SASL_SSL://...).
    static const QRegularExpression entryRe(
        QStringLiteral(R"(^(?:[A-Za-z_]+://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):([0-9]{1,5})$)"));
    const QStringList entries = servers.split(QLatin1Char(','));
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            return fail(QStringLiteral("bootstrap servers '%1' contain an empty entry").arg(servers));
        const QRegularExpressionMatch m = entryRe.match(entry);
        if (!m.hasMatch())
            return fail(
                QStringLiteral("bootstrap server '%1' is not HOST:PORT (an IPv6 host goes in brackets)").arg(entry));
        const int port = m.captured(2).toInt();
        if (port < 1 || port > 65535)
            return fail(QStringLiteral("bootstrap server '%1' has port %2, outside 1-65535").arg(entry).arg(port));
    }
    return true;
}

bool KafkaConfig::parseProperty(const QString &assignment, QString *key, QString *value, QString *error)
{
    const int eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0) {
        if (error)
            *error = QStringLiteral("Kafka property '%1' is not KEY=VALUE").arg(assignment);
        return false;
    }
    *key = assignment.left(eq).trimmed();
    *value = assignment.mid(eq + 1).trimmed();
    return true;
}

bool KafkaConfig::validateInstanceId(const QString &instanceId, QString *error)
{
    static const QRegularExpression legal(QStringLiteral("^[A-Za-z0-9._-]{1,200}$"));
    if (legal.match(instanceId).hasMatch())
        return true;
    if (error)
        *error = QStringLiteral("instance id '%1' must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_' and '-' "
                                "(e.g. the pod name of a StatefulSet)")
                     .arg(instanceId);
    return false;
}

QString KafkaConfig::groupInstanceId(const QString &instanceId, const QString &group)
{
    return instanceId.isEmpty() ? QString() : instanceId + QLatin1Char('-') + group;
}

KafkaConfig KafkaConfig::embeddedConsumerTuning()
{
    KafkaConfig c;
    // The embedded broker answers a waiting fetch only when this expires, so it is the latency
    // floor of every consumer there (500 ms by default gives ~500 ms per hop).
    c.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("5"));
    // Rejoins and commits go quicker on loopback.
    c.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
    c.set(QStringLiteral("heartbeat.interval.ms"), QStringLiteral("500"));
    return c;
}

namespace {
// The first release with the fix for the sticky assignor's state on destroy.
constexpr int kStickyDestroyFixed = 0x020300ff;
} // namespace

QString KafkaConfig::defaultAssignmentStrategy()
{
    return rd_kafka_version() >= kStickyDestroyFixed ? QStringLiteral("cooperative-sticky") : QStringLiteral("range");
}

bool KafkaConfig::stickyAssignorUnsafe(const QString &strategy)
{
    return strategy.contains(QLatin1String("sticky")) && rd_kafka_version() < kStickyDestroyFixed;
}

} // namespace taskstream::kafka

#include "config/TopicCatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace taskstream {

const TopicCatalog &TopicCatalog::builtin()
{
    static const TopicCatalog catalog = [] {
        QString error;
        TopicCatalog c = fromFile(QStringLiteral(":/taskstream/schemas/topics.json"), &error);
        // The resource is part of the build; a broken one is a build defect, not a runtime condition.
        Q_ASSERT_X(!c.isEmpty(), "TopicCatalog::builtin", qPrintable(error));
        return c;
    }();
    return catalog;
}

TopicCatalog TopicCatalog::fromFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read topic catalog %1: %2").arg(path, f.errorString());
        return {};
    }
    return fromJson(f.readAll(), error);
}

TopicCatalog TopicCatalog::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    auto fail = [error](const QString &why) {
        if (error)
            *error = QStringLiteral("invalid topic catalog: ") + why;
        return TopicCatalog{};
    };
    if (doc.isNull())
        return fail(perr.errorString());
    const QJsonObject root = doc.object();
    const QJsonArray topics = root.value(QLatin1String("topics")).toArray();
    if (topics.isEmpty())
        return fail(QStringLiteral("no topics"));

    TopicCatalog c;
    for (const QJsonValue &v : topics) {
        const QJsonObject o = v.toObject();
        TopicSpec t;
        t.name = o.value(QLatin1String("name")).toString();
        t.kind = o.value(QLatin1String("kind")).toString(QStringLiteral("events"));
        t.partitions = o.value(QLatin1String("partitions")).toInt(0);
        t.replicationFactor = o.value(QLatin1String("replication_factor")).toInt(0);
        t.retentionMs = o.value(QLatin1String("retention_ms")).toVariant().toLongLong();
        t.key = o.value(QLatin1String("key")).toString();
        t.purpose = o.value(QLatin1String("purpose")).toString();
        t.dlqOfTopic = o.value(QLatin1String("dlq_of")).toString();
        t.dlqOfGroup = o.value(QLatin1String("dlq_of_group")).toString();
        if (t.name.isEmpty() || t.partitions < 1 || t.replicationFactor < 1)
            return fail(
                QStringLiteral("topic '%1' needs a name, partitions >= 1 and replication_factor >= 1").arg(t.name));
        if (c.topic(t.name))
            return fail(QStringLiteral("topic '%1' listed twice").arg(t.name));
        c.m_topics.append(t);
    }
    for (const QJsonValue &v : root.value(QLatin1String("consumer_groups")).toArray()) {
        const QJsonObject o = v.toObject();
        ConsumerGroupSpec g;
        g.name = o.value(QLatin1String("name")).toString();
        g.purpose = o.value(QLatin1String("purpose")).toString();
        for (const QJsonValue &t : o.value(QLatin1String("topics")).toArray())
            g.topics.append(t.toString());
        if (g.name.isEmpty() || g.topics.isEmpty())
            return fail(QStringLiteral("consumer group '%1' needs a name and topics").arg(g.name));
        for (const QString &t : g.topics)
            if (!c.topic(t))
                return fail(QStringLiteral("consumer group '%1' reads unknown topic '%2'").arg(g.name, t));
        c.m_groups.append(g);
    }
    return c;
}

const TopicSpec *TopicCatalog::topic(const QString &name) const
{
    for (const TopicSpec &t : m_topics)
        if (t.name == name)
            return &t;
    return nullptr;
}

const ConsumerGroupSpec *TopicCatalog::consumerGroup(const QString &name) const
{
    for (const ConsumerGroupSpec &g : m_groups)
        if (g.name == name)
            return &g;
    return nullptr;
}

QString TopicCatalog::dlqTopicForTopic(const QString &topic) const
{
    for (const TopicSpec &t : m_topics)
        if (t.isDlq() && t.dlqOfTopic == topic)
            return t.name;
    return {};
}

QString TopicCatalog::dlqTopicForGroup(const QString &group)
{
    return QStringLiteral("todo.%1.dlq").arg(group);
}

} // namespace taskstream

#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace taskstream {

/// One topic of the catalog (schemas/topics.json).
struct TopicSpec
{
    QString name;
    QString kind; ///< "events" or "dlq"
    int partitions = 1;
    int replicationFactor = 1;
    qint64 retentionMs = -1;
    QString key;
    QString purpose;
    QString dlqOfTopic; ///< for a topic DLQ: the topic whose records it holds
    QString dlqOfGroup; ///< for a group DLQ: the consumer group whose failures it holds

    bool isDlq() const { return kind == QLatin1String("dlq"); }
};

/// One consumer group of the catalog and the topics it reads.
struct ConsumerGroupSpec
{
    QString name;
    QStringList topics;
    QString purpose;
};

/// The topic catalog: the single source for topics and consumer groups.
/// Compiled into core as a resource; a file path can be given instead for tests and tools.
class TopicCatalog
{
public:
    /// The catalog built into this binary.
    static const TopicCatalog &builtin();
    /// Parses a catalog file; on failure returns an empty catalog and sets *error.
    static TopicCatalog fromFile(const QString &path, QString *error);
    static TopicCatalog fromJson(const QByteArray &json, QString *error);

    const QList<TopicSpec> &topics() const { return m_topics; }
    const QList<ConsumerGroupSpec> &consumerGroups() const { return m_groups; }
    const TopicSpec *topic(const QString &name) const;
    const ConsumerGroupSpec *consumerGroup(const QString &name) const;
    /// The DLQ topic a consumer group writes to: todo.<group>.dlq.
    static QString dlqTopicForGroup(const QString &group);
    /// The DLQ of \a topic's records that the outbox relay could never publish to it (its
    /// "dlq_of" entry, e.g. todo.tasks.events.dlq), or empty when the catalog has none.
    QString dlqTopicForTopic(const QString &topic) const;
    bool isEmpty() const { return m_topics.isEmpty(); }

private:
    QList<TopicSpec> m_topics;
    QList<ConsumerGroupSpec> m_groups;
};

} // namespace taskstream

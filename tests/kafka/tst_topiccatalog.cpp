#include "config/TopicCatalog.h"

#include <QTest>

using namespace taskstream;

class TestTopicCatalog : public QObject
{
    Q_OBJECT
private slots:
    void builtinHasEveryTopicOfTheDesign()
    {
        const TopicCatalog &c = TopicCatalog::builtin();
        struct Expect
        {
            const char *name;
            int partitions;
            qint64 retentionDays;
            const char *key;
        };
        const Expect expected[] = {
            {"todo.tasks.events", 6, 7, "task_id"},
            {"todo.reminders.events", 3, 3, "reminder_id"},
            {"todo.task_updates.broadcast", 3, 1, "user_id"},
        };
        for (const Expect &e : expected) {
            const TopicSpec *t = c.topic(QString::fromLatin1(e.name));
            QVERIFY2(t, e.name);
            QCOMPARE(t->partitions, e.partitions);
            QCOMPARE(t->replicationFactor, 3);
            QCOMPARE(t->retentionMs, e.retentionDays * 24 * 3600 * 1000);
            QCOMPARE(t->key, QString::fromLatin1(e.key));
            const TopicSpec *dlq = c.topic(t->name + QStringLiteral(".dlq"));
            QVERIFY2(dlq, e.name);
            QVERIFY(dlq->isDlq());
            QCOMPARE(dlq->retentionMs, qint64(30) * 24 * 3600 * 1000);
        }
        const QStringList groups = {QStringLiteral("recurring-task-cg"),   QStringLiteral("reminder-scheduler-cg"),
                                    QStringLiteral("reminder-trigger-cg"), QStringLiteral("task-broadcaster-cg"),
                                    QStringLiteral("audit-log-cg"),        QStringLiteral("notification-cg")};
        QCOMPARE(c.consumerGroups().size(), groups.size());
        for (const QString &g : groups) {
            QVERIFY2(c.consumerGroup(g), qPrintable(g));
            const TopicSpec *dlq = c.topic(TopicCatalog::dlqTopicForGroup(g));
            QVERIFY2(dlq, qPrintable(g));
            QCOMPARE(dlq->dlqOfGroup, g);
        }
        QCOMPARE(c.topics().size(), 12);
    }

    void rejectsBrokenCatalogs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{") << "invalid topic catalog";
        QTest::newRow("no topics") << QByteArray(R"({"topics": []})") << "no topics";
        QTest::newRow("zero partitions")
            << QByteArray(R"({"topics": [{"name": "a", "partitions": 0, "replication_factor": 1}]})") << "'a'";
        QTest::newRow("duplicate") << QByteArray(R"({"topics": [{"name": "a", "partitions": 1, "replication_factor": 1},
                                         {"name": "a", "partitions": 1, "replication_factor": 1}]})")
                                   << "listed twice";
        QTest::newRow("group reads unknown topic")
            << QByteArray(R"({"topics": [{"name": "a", "partitions": 1, "replication_factor": 1}],
                             "consumer_groups": [{"name": "g", "topics": ["b"]}]})")
            << "unknown topic 'b'";
    }
    void rejectsBrokenCatalogs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(TopicCatalog::fromJson(json, &error).isEmpty());
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void sourceFileMatchesBuiltin()
    {
        QString error;
        const TopicCatalog file =
            TopicCatalog::fromFile(QStringLiteral(TASKSTREAM_SOURCE_DIR "/schemas/topics.json"), &error);
        QVERIFY2(!file.isEmpty(), qPrintable(error));
        QCOMPARE(file.topics().size(), TopicCatalog::builtin().topics().size());
    }
};

QTEST_GUILESS_MAIN(TestTopicCatalog)
#include "tst_topiccatalog.moc"

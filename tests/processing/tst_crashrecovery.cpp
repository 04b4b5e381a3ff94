#include "config/TopicCatalog.h"
#include "kafka/KafkaConsumer.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

#include <csignal>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

/// Two worker processes in one consumer group on the embedded broker; one is killed with SIGKILL
/// mid-stream. Every event's effect must exist exactly once, with the duplicates the survivor was
/// handed counted and ignored. Runs on SQLite (one file, two processes) and on PostgreSQL.
class TestCrashRecovery : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;

    struct Worker
    {
        std::unique_ptr<QProcess> process;
        QJsonObject last; ///< the newest counters line
        int assigned = -1;
        QByteArray pending;
        QByteArray errors;

        void read()
        {
            pending += process->readAllStandardOutput();
            errors += process->readAllStandardError();
            int nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QJsonObject o = QJsonDocument::fromJson(pending.left(nl)).object();
                pending.remove(0, nl + 1);
                if (o.contains(QStringLiteral("assigned")))
                    assigned = o.value(QStringLiteral("assigned")).toInt();
                if (o.contains(QStringLiteral("processed")))
                    last = o;
            }
        }
    };

    std::unique_ptr<Worker> startWorker(const QString &name, const QString &group, const QString &topic,
                                        const QString &url, int commitIntervalMs)
    {
        auto w = std::make_unique<Worker>();
        w->process = std::make_unique<QProcess>();
        w->process->start(QStringLiteral(EFFECT_WORKER),
                          {QStringLiteral("--bootstrap"), broker.bootstrapServers(), QStringLiteral("--group"), group,
                           QStringLiteral("--topic"), topic, QStringLiteral("--database"), url,
                           QStringLiteral("--name"), name, QStringLiteral("--commit-interval-ms"),
                           QString::number(commitIntervalMs)});
        Worker *raw = w.get();
        connect(w->process.get(), &QProcess::readyReadStandardOutput, this, [raw] { raw->read(); });
        connect(w->process.get(), &QProcess::readyReadStandardError, this, [raw] { raw->read(); });
        if (!w->process->waitForStarted(10000))
            return nullptr;
        return w;
    }

private slots:
    void survivorTakesOverAndEveryEffectExistsOnce()
    {
        constexpr int kEvents = 20000;
        constexpr int kChunk = 500;
        QVERIFY(broker.start(3));
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        auto db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QVERIFY2(createEffectTable(db.get(), &why), qPrintable(why));
        const QString topic = uniqueName(QStringLiteral("crash"));
        const QString group = uniqueName(QStringLiteral("crash-cg"));
        QVERIFY(!broker.createTopic(topic, 6, 1).isError());
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(group), 1, 1).isError());

        // The victim commits offsets once a second, so it dies with handled records whose offsets
        // were never committed: the survivor is handed them again and must find them in the ledger.
        auto victim = startWorker(QStringLiteral("victim"), group, topic, url, 1000);
        auto survivor = startWorker(QStringLiteral("survivor"), group, topic, url, 0);
        QVERIFY(victim && survivor);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return victim->assigned > 0 && survivor->assigned > 0 &&
                                victim->assigned + survivor->assigned == 6;
                     },
                     60000),
                 qPrintable(QString::fromUtf8(victim->errors + survivor->errors)));

        auto count = [&](const QString &sql) { return scalar(db.get(), sql); };
        const QString ledgerRows =
            QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = '%1'").arg(group);
        bool killed = false;
        qint64 victimEffectsAtKill = 0;
        qint64 victimUncommitted = 0;
        for (int sent = 0; sent < kEvents; sent += kChunk) {
            QList<events::EncodedRecord> recs;
            for (int i = 0; i < kChunk; ++i)
                recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("crash %1").arg(sent + i));
            QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
            // Mid-stream: once the victim has done real work, kill it right after a chunk was
            // acknowledged, while it is busy with that chunk and more is on its way.
            if (!killed && sent + kChunk < kEvents &&
                count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'")) >= 2000) {
                QTest::qWait(20); // let the victim get busy with the chunk just acknowledged
                ::kill(pid_t(victim->process->processId()), SIGKILL);
                QVERIFY(victim->process->waitForFinished(10000));
                QCOMPARE(victim->process->exitStatus(), QProcess::CrashExit);
                victimEffectsAtKill = count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'"));
                // What the victim handled beyond the offsets committed for it: exactly what the
                // survivor will be handed again. Read before the group notices the death (its
                // session has to time out first), so no new commit has moved these offsets yet.
                KafkaConsumer atKill;
                QVERIFY(atKill.open(consumerConfig(broker.bootstrapServers(), group)));
                TopicPartitionList all;
                for (int p = 0; p < 6; ++p)
                    all.append({topic, p, OffsetInvalid});
                KafkaError ce;
                const TopicPartitionList committedAtKill = atKill.committed(all, 10000, &ce);
                QVERIFY2(!ce.isError(), qPrintable(ce.toString()));
                atKill.close();
                for (const TopicPartition &tp : committedAtKill)
                    victimUncommitted += count(QStringLiteral("SELECT COUNT(*) FROM effects e JOIN processed_events p"
                                                              " ON p.event_id = e.event_id AND p.consumer_group = '%1'"
                                                              " WHERE e.worker = 'victim' AND p.kafka_partition = %2"
                                                              " AND p.kafka_offset >= %3")
                                                   .arg(group)
                                                   .arg(tp.partition)
                                                   .arg(qMax<qint64>(0, tp.offset)));
                killed = true;
            }
        }
        QVERIFY(killed);

        QVERIFY2(QTest::qWaitFor([&] { return count(ledgerRows) == kEvents; }, 180000),
                 qPrintable(QStringLiteral("ledger rows: %1; survivor: %2")
                                .arg(count(ledgerRows))
                                .arg(QString::fromUtf8(QJsonDocument(survivor->last).toJson(QJsonDocument::Compact)))));
        // Let the survivor commit, then stop it cleanly and read its final counters.
        QVERIFY(QTest::qWaitFor([&] { return survivor->last.value(QStringLiteral("assigned")).toInt() == 6; }, 60000));
        survivor->process->closeWriteChannel();
        QVERIFY(survivor->process->waitForFinished(30000));
        survivor->read();
        QCOMPARE(survivor->process->exitCode(), 0);

        // Exactly once: one effect row per event, and one ledger row per effect.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), qint64(kEvents));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), qint64(kEvents));
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM effects e JOIN processed_events p ON p.event_id = e.event_id"
                                 " AND p.consumer_group = '%1'")
                      .arg(group)),
            qint64(kEvents));
        // The victim's work survived its death, and the survivor was handed some of it again.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'")), victimEffectsAtKill);
        const qint64 duplicates = survivor->last.value(QStringLiteral("duplicates")).toInteger();
        qInfo("victim handled %lld before SIGKILL (%lld beyond its committed offsets); survivor handled %lld and "
              "ignored %lld duplicate(s)",
              victimEffectsAtKill, victimUncommitted,
              qint64(survivor->last.value(QStringLiteral("processed")).toInteger()), duplicates);
        // Every record the victim handled but did not commit came to the survivor again and was
        // recognised in the ledger (the kill usually lands between two of its commits).
        QVERIFY2(duplicates >= victimUncommitted,
                 qPrintable(QStringLiteral("%1 duplicates for %2 uncommitted").arg(duplicates).arg(victimUncommitted)));
        QCOMPARE(survivor->last.value(QStringLiteral("processed")).toInteger(), kEvents - victimEffectsAtKill);

        // The group's committed offsets are the partitions' ends.
        KafkaConsumer probe;
        QVERIFY(probe.open(consumerConfig(broker.bootstrapServers(), group)));
        TopicPartitionList wanted;
        for (int p = 0; p < 6; ++p)
            wanted.append({topic, p, OffsetInvalid});
        KafkaError e;
        const TopicPartitionList committed = probe.committed(wanted, 10000, &e);
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        QCOMPARE(committed.size(), 6);
        for (const TopicPartition &tp : committed) {
            const qint64 last =
                count(QStringLiteral("SELECT MAX(kafka_offset) FROM processed_events WHERE consumer_group = '%1'"
                                     " AND kafka_partition = %2")
                          .arg(group)
                          .arg(tp.partition));
            QCOMPARE(tp.offset, last + 1);
        }
        probe.close();
        broker.stop();
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"

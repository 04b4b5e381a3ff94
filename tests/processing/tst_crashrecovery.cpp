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

/// Worker processes in one consumer group on the embedded broker, killed with SIGKILL: mid-stream,
/// and right between a batch's database commit and its Kafka commit, then restarted or taken over
/// by another member. Every event's effect must exist exactly once, and a partition's next owner
/// starts where the database says its effects end (consumer_offsets), so nothing is handed out
/// twice. Runs on SQLite (one file, two processes) and on PostgreSQL.
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
        bool armed = false;
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
                if (o.contains(QStringLiteral("armed")))
                    armed = true;
                if (o.contains(QStringLiteral("processed")))
                    last = o;
            }
        }
    };

    std::unique_ptr<Worker> startWorker(const QString &name, const QString &group, const QString &topic,
                                        const QString &url, int commitIntervalMs, EmbeddedBroker *on = nullptr)
    {
        auto w = std::make_unique<Worker>();
        w->process = std::make_unique<QProcess>();
        QStringList args{QStringLiteral("--bootstrap"),
                         (on ? on : &broker)->bootstrapServers(),
                         QStringLiteral("--group"),
                         group,
                         QStringLiteral("--topic"),
                         topic,
                         QStringLiteral("--database"),
                         url,
                         QStringLiteral("--name"),
                         name,
                         QStringLiteral("--commit-interval-ms"),
                         QString::number(commitIntervalMs)};
        w->process->start(QStringLiteral(EFFECT_WORKER), args);
        Worker *raw = w.get();
        connect(w->process.get(), &QProcess::readyReadStandardOutput, this, [raw] { raw->read(); });
        connect(w->process.get(), &QProcess::readyReadStandardError, this, [raw] { raw->read(); });
        if (!w->process->waitForStarted(10000))
            return nullptr;
        return w;
    }

    /// The group's committed offsets in Kafka, per partition (-1: none).
    QHash<int, qint64> kafkaCommitted(const QString &group, const QString &topic, int partitions,
                                      EmbeddedBroker *on = nullptr)
    {
        KafkaConsumer probe;
        if (!probe.open(consumerConfig((on ? on : &broker)->bootstrapServers(), group)))
            return {};
        TopicPartitionList wanted;
        for (int p = 0; p < partitions; ++p)
            wanted.append({topic, p, OffsetInvalid});
        KafkaError e;
        const TopicPartitionList got = probe.committed(wanted, 10000, &e);
        probe.close();
        QHash<int, qint64> out;
        for (const TopicPartition &tp : got)
            out.insert(tp.partition, qMax<qint64>(-1, tp.offset));
        return out;
    }

    /// Makes \a w kill itself right after its next batch's database commit, before its Kafka commit.
    static bool arm(Worker &w)
    {
        w.process->write("die\n");
        return QTest::qWaitFor([&] { return w.armed; }, 10000);
    }

    /// Sends \a events records and waits until the group's Kafka offsets cover them on every
    /// partition (so a later start has a Kafka offset to compare with).
    bool produceAndCommit(const QString &group, const QString &topic, int events, int totalAfter)
    {
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < events; ++i)
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("record %1").arg(i));
        if (!produceAll(broker.bootstrapServers(), topic, recs))
            return false;
        return QTest::qWaitFor(
            [&] {
                QTest::qWait(200);
                const QHash<int, qint64> c = kafkaCommitted(group, topic, 6);
                return c.size() == 6 && !c.values().contains(-1) && sum(c) == totalAfter;
            },
            60000);
    }

    /// consumer_offsets of \a group, per partition.
    static QHash<int, qint64> storedOffsets(store::Database *db, const QString &group)
    {
        QHash<int, qint64> out;
        auto q = db->statement("SELECT kafka_partition, next_offset FROM consumer_offsets WHERE consumer_group = ?");
        if (!q.bind(group).exec())
            return out;
        while (q.next())
            out.insert(q.value(0).toInt(), q.int64(1));
        return out;
    }

    static qint64 sum(const QHash<int, qint64> &offsets)
    {
        qint64 n = 0;
        for (const qint64 o : offsets)
            n += qMax<qint64>(0, o);
        return n;
    }

    /// Every record's offset on each partition is its position, so each partition's next offset
    /// is the number of its records handled: the ledger rows per partition.
    static QHash<int, qint64> handledPerPartition(store::Database *db, const QString &group)
    {
        QHash<int, qint64> out;
        auto q = db->statement(
            "SELECT kafka_partition, COUNT(*) FROM processed_events WHERE consumer_group = ? GROUP BY kafka_partition");
        if (!q.bind(group).exec())
            return out;
        while (q.next())
            out.insert(q.value(0).toInt(), q.int64(1));
        return out;
    }

    /// After a kill between the database commit and the Kafka commit: \a next (restarted, or the
    /// member that took the partitions over) gets none of the killed batch again, and every event
    /// has exactly one effect.
    void checkExactlyOnceAfterKill(store::Database *db, const QString &group, const QString &topic, int events,
                                   Worker &next, qint64 effectsBefore)
    {
        const QString ledgerRows =
            QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = '%1'").arg(group);
        QVERIFY2(QTest::qWaitFor([&] { return scalar(db, ledgerRows) == events; }, 180000),
                 qPrintable(QStringLiteral("ledger rows: %1; %2")
                                .arg(scalar(db, ledgerRows))
                                .arg(QString::fromUtf8(QJsonDocument(next.last).toJson(QJsonDocument::Compact) +
                                                       next.errors))));
        QVERIFY(QTest::qWaitFor([&] { return next.last.value(QStringLiteral("assigned")).toInt() == 6; }, 60000));
        // Kafka's offsets reach the partitions' ends (a worker that was handed records again has
        // read them by then).
        const QHash<int, qint64> handled = handledPerPartition(db, group);
        QCOMPARE(handled.size(), 6);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         QTest::qWait(200);
                         return kafkaCommitted(group, topic, 6) == handled;
                     },
                     60000),
                 next.errors.constData());
        next.process->closeWriteChannel();
        QVERIFY(next.process->waitForFinished(30000));
        next.read();
        QCOMPARE(next.process->exitCode(), 0);

        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM effects")), qint64(events));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), qint64(events));
        // Nothing of the killed batch (nor anything before it) was handed out again.
        QCOMPARE(next.last.value(QStringLiteral("duplicates")).toInteger(), 0);
        QCOMPARE(next.last.value(QStringLiteral("processed")).toInteger(), events - effectsBefore);
        // The database's offsets end at the partitions' ends too.
        QCOMPARE(storedOffsets(db, group), handled);
    }

private slots:
    void initTestCase() { QVERIFY(broker.start(3)); }
    void cleanupTestCase() { broker.stop(); }

    void survivorTakesOverAndEveryEffectExistsOnce()
    {
        constexpr int kEvents = 20000;
        constexpr int kChunk = 500;
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
        qint64 handedAgain = 0;
        for (int sent = 0; sent < kEvents; sent += kChunk) {
            // Until the kill, the records are sent no faster than the workers handle them, so the
            // kill lands mid-stream however slow the database is.
            if (!killed)
                QVERIFY2(QTest::qWaitFor([&] { return count(ledgerRows) >= sent; }, 60000),
                         qPrintable(QString::fromUtf8(victim->errors + survivor->errors)));
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
                for (const TopicPartition &tp : committedAtKill) {
                    // A partition without a Kafka offset yet starts from the log start again (the
                    // stored offset is used only next to one of Kafka's): the survivor is handed
                    // what the victim did there again.
                    if (tp.offset < 0)
                        handedAgain += count(QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE"
                                                            " consumer_group = '%1' AND kafka_partition = %2")
                                                 .arg(group)
                                                 .arg(tp.partition));
                    victimUncommitted += count(QStringLiteral("SELECT COUNT(*) FROM effects e JOIN processed_events p"
                                                              " ON p.event_id = e.event_id AND p.consumer_group = '%1'"
                                                              " WHERE e.worker = 'victim' AND p.kafka_partition = %2"
                                                              " AND p.kafka_offset >= %3")
                                                   .arg(group)
                                                   .arg(tp.partition)
                                                   .arg(qMax<qint64>(0, tp.offset)));
                }
                killed = true;
            }
        }
        QVERIFY2(killed,
                 qPrintable(QStringLiteral("the victim made %1 effects while 20000 records were sent; %2")
                                .arg(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'")))
                                .arg(QString::fromUtf8(victim->errors + survivor->errors))));

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
        // The records the victim handled beyond its Kafka commits (the kill usually lands between
        // two of them) were not handed to the survivor again: it started at the offsets stored
        // with the victim's effects (only partitions without any Kafka offset start over).
        QCOMPARE(duplicates, handedAgain);
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
    }

    // A worker killed right after a batch's transaction commits, before its Kafka commit, and
    // started again: it starts at the offsets stored with the effects.
    void restartAfterKillBetweenDatabaseAndKafkaCommit()
    {
        constexpr int kEvents = 3000;
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        auto db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QVERIFY2(createEffectTable(db.get(), &why), qPrintable(why));
        const QString topic = uniqueName(QStringLiteral("restart"));
        const QString group = uniqueName(QStringLiteral("restart-cg"));
        QVERIFY(!broker.createTopic(topic, 6, 1).isError());
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(group), 1, 1).isError());
        auto first = startWorker(QStringLiteral("first"), group, topic, url, 0);
        QVERIFY(first);
        QVERIFY2(produceAndCommit(group, topic, 300, 300), first->errors.constData());
        QVERIFY(arm(*first));
        QList<events::EncodedRecord> recs;
        for (int i = 300; i < kEvents; ++i)
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("restart %1").arg(i));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        QVERIFY2(QTest::qWaitFor([&] { return first->process->state() == QProcess::NotRunning; }, 60000),
                 qPrintable(QString::fromUtf8(first->errors)));
        first->read();
        QCOMPARE(first->process->exitStatus(), QProcess::CrashExit);
        const qint64 effects = scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM effects"));
        QVERIFY2(effects > 0, first->errors.constData());
        // The killed batch's offsets are in the database with its effects, and not in Kafka.
        const QHash<int, qint64> stored = storedOffsets(db.get(), group);
        QCOMPARE(stored, handledPerPartition(db.get(), group));
        QCOMPARE(sum(stored), effects);
        const qint64 inKafka = sum(kafkaCommitted(group, topic, 6));
        QVERIFY2(inKafka < effects, qPrintable(QStringLiteral("Kafka has %1 of %2").arg(inKafka).arg(effects)));

        auto second = startWorker(QStringLiteral("second"), group, topic, url, 0);
        QVERIFY(second);
        checkExactlyOnceAfterKill(db.get(), group, topic, kEvents, *second, effects);
        qInfo("killed after %lld effects (%lld of them committed to Kafka); the restarted worker handled the rest",
              effects, inKafka);
    }

    // The broker loses its log (an embedded broker started again is empty) while the database keeps
    // the group's stored offsets: the new log's records are all read, none skipped because the old
    // log's offsets were further on.
    void brokerThatLostItsLogIsReadFromItsStart()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        auto db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QVERIFY2(createEffectTable(db.get(), &why), qPrintable(why));
        const QString topic = uniqueName(QStringLiteral("lost-log"));
        const QString group = uniqueName(QStringLiteral("lost-log-cg"));
        const QString ledgerRows =
            QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = '%1'").arg(group);
        int total = 0;
        for (const int events : {600, 1200}) { // the second log ends past the first one's offsets
            EmbeddedBroker life;
            QVERIFY(life.start(1));
            QVERIFY(!life.createTopic(topic, 6, 1).isError());
            QVERIFY(!life.createTopic(TopicCatalog::dlqTopicForGroup(group), 1, 1).isError());
            QList<events::EncodedRecord> recs;
            for (int i = 0; i < events; ++i)
                recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("log %1").arg(i));
            QVERIFY(produceAll(life.bootstrapServers(), topic, recs));
            total += events;
            auto w = startWorker(QStringLiteral("w%1").arg(events), group, topic, url, 0, &life);
            QVERIFY(w);
            QVERIFY2(QTest::qWaitFor([&] { return scalar(db.get(), ledgerRows) == total; }, 60000),
                     qPrintable(QStringLiteral("%1 of %2 handled; %3")
                                    .arg(scalar(db.get(), ledgerRows))
                                    .arg(total)
                                    .arg(QString::fromUtf8(w->errors))));
            // Committed to Kafka too, so the stored rows know Kafka had offsets for this log.
            QVERIFY(QTest::qWaitFor(
                [&] {
                    QTest::qWait(200);
                    return sum(kafkaCommitted(group, topic, 6, &life)) == events;
                },
                30000));
            w->process->closeWriteChannel();
            QVERIFY(w->process->waitForFinished(30000));
            w->read();
            QCOMPARE(w->process->exitCode(), 0);
            QCOMPARE(w->last.value(QStringLiteral("processed")).toInteger(), events);
            life.stop();
        }
        QCOMPARE(scalar(db.get(), QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), qint64(total));
    }

    // The same kill while another member runs: it takes the victim's partitions over (after the
    // victim's session times out) and starts them at the stored offsets.
    void rebalanceAfterKillBetweenDatabaseAndKafkaCommit()
    {
        constexpr int kEvents = 3000;
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        auto db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QVERIFY2(createEffectTable(db.get(), &why), qPrintable(why));
        const QString topic = uniqueName(QStringLiteral("rebalance"));
        const QString group = uniqueName(QStringLiteral("rebalance-cg"));
        QVERIFY(!broker.createTopic(topic, 6, 1).isError());
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(group), 1, 1).isError());

        auto victim = startWorker(QStringLiteral("victim"), group, topic, url, 0);
        auto survivor = startWorker(QStringLiteral("survivor"), group, topic, url, 0);
        QVERIFY(victim && survivor);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return victim->assigned > 0 && survivor->assigned > 0 &&
                                victim->assigned + survivor->assigned == 6;
                     },
                     60000),
                 qPrintable(QString::fromUtf8(victim->errors + survivor->errors)));
        QVERIFY2(produceAndCommit(group, topic, 300, 300), victim->errors.constData());
        QVERIFY(arm(*victim));
        QList<events::EncodedRecord> recs;
        for (int i = 300; i < kEvents; ++i)
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("rebalance %1").arg(i));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        QVERIFY2(QTest::qWaitFor([&] { return victim->process->state() == QProcess::NotRunning; }, 60000),
                 qPrintable(QString::fromUtf8(victim->errors)));
        victim->read();
        QCOMPARE(victim->process->exitStatus(), QProcess::CrashExit);
        const qint64 victimEffects =
            scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'"));
        QVERIFY2(victimEffects > 0, victim->errors.constData());

        checkExactlyOnceAfterKill(db.get(), group, topic, kEvents, *survivor, victimEffects);
        QCOMPARE(scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM effects WHERE worker = 'victim'")),
                 victimEffects);
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"

#include "processing/DeadLetter.h"
#include "processing/ProcessingMetrics.h"
#include "processing/RetryPolicy.h"

#include <QRandomGenerator>
#include <QTest>

using namespace taskstream;
using namespace taskstream::processing;

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private slots:
    void defaultsFollowTheSeeds()
    {
        const RetryPolicy p;
        QCOMPARE(p.maxAttempts, 5);
        QVERIFY(p.allowsAnotherAttempt(4));
        QVERIFY(!p.allowsAnotherAttempt(5));
    }

    void ceilingGrowsExponentiallyUpToTheCap_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("ceiling");
        QTest::newRow("after the first failure") << 1 << 200;
        QTest::newRow("second") << 2 << 400;
        QTest::newRow("fourth") << 4 << 1600;
        QTest::newRow("capped") << 10 << 10000;
        QTest::newRow("far beyond the cap") << 200 << 10000;
    }
    void ceilingGrowsExponentiallyUpToTheCap()
    {
        QFETCH(int, attempt);
        QFETCH(int, ceiling);
        QCOMPARE(RetryPolicy().ceilingMs(attempt), ceiling);
    }

    void fullJitterStaysWithinTheCeilingAndVaries()
    {
        RetryPolicy p;
        QRandomGenerator rng(42);
        QSet<int> seen;
        for (int i = 0; i < 1000; ++i) {
            const int d = p.delayMs(3, &rng);
            QVERIFY(d >= 0 && d <= 800);
            seen.insert(d);
        }
        QVERIFY(seen.size() > 100);
        p.jitter = false;
        QCOMPARE(p.delayMs(3, &rng), 800);
    }

    void deadLetterHeadersRoundTrip()
    {
        kafka::KafkaMessage m;
        m.topic = QStringLiteral("todo.tasks.events");
        m.partition = 4;
        m.offset = 77;
        m.timestampMs = 1700000000000;
        m.headers = {{QStringLiteral("ce_id"), "abc"}, {QStringLiteral("dlq.error.class"), "stale"}};
        const FailureInfo f{5, 10, 20, QStringLiteral("timeout"), QStringLiteral("took too long")};
        const kafka::Headers h = deadLetterHeaders(m, QStringLiteral("audit-log-cg"), f);
        QCOMPARE(kafka::headerValue(h, QStringLiteral("ce_id")), QByteArray("abc"));
        const DeadLetterInfo i = parseDeadLetterHeaders(h);
        QCOMPARE(i.originalTopic, m.topic);
        QCOMPARE(i.originalPartition, 4);
        QCOMPARE(i.originalOffset, qint64(77));
        QCOMPARE(i.originalTimestampMs, qint64(1700000000000));
        QCOMPARE(i.consumerGroup, QStringLiteral("audit-log-cg"));
        QCOMPARE(i.failure.attempts, 5);
        QCOMPARE(i.failure.errorClass, QStringLiteral("timeout"));
        QVERIFY(i.isValid());

        const kafka::Headers r = replayHeaders(h, QStringLiteral("todo.audit-log-cg.dlq/0/3"), QStringLiteral("req"));
        QCOMPARE(kafka::headerValue(r, dlqheaders::ReplayCount), QByteArray("1"));
        QCOMPARE(kafka::headerValue(r, dlqheaders::ErrorClass), QByteArray());
        QVERIFY(kafka::headerValue(r, dlqheaders::History).contains("audit-log-cg|timeout|5|20"));
        const kafka::Headers r2 = replayHeaders(r, QStringLiteral("x/0/1"), QStringLiteral("req2"));
        QCOMPARE(kafka::headerValue(r2, dlqheaders::ReplayCount), QByteArray("2"));
    }

    void histogramBuckets()
    {
        Histogram h({0.001, 0.01});
        h.observe(0.0005);
        h.observe(0.001);
        h.observe(0.5);
        QCOMPARE(h.counts(), (QList<quint64>{2, 0, 1}));
        QCOMPARE(h.count(), quint64(3));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"

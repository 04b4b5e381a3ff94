// Marks of DLQ records next to the replay ledger: a discard is kept with who, when and why, can be
// undone, survives reopening the database, and makes the replayer refuse the record; the replayed
// state comes from the replay ledger's delivered rows.
#include "processing/DlqMarks.h"
#include "processing/DlqTools.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace taskstream;
using namespace taskstream::processing;

namespace {
const QString kDlq = QStringLiteral("todo.audit-log-cg.dlq");

DlqRecord deadLettered(qint64 offset)
{
    DlqRecord r;
    r.topic = kDlq;
    r.partition = 0;
    r.offset = offset;
    r.key = "task-1";
    r.value = "{}";
    r.info.originalTopic = QStringLiteral("todo.tasks.events");
    r.info.originalPartition = 1;
    r.info.originalOffset = 7;
    r.info.consumerGroup = QStringLiteral("audit-log-cg");
    return r;
}
} // namespace

class TestDlqMarks : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    QString m_url;
    QString url() const { return m_url; }

private slots:
    void init()
    {
        // A fresh database per test: SQLite by default, PostgreSQL with TASKSTREAM_TEST_DB=postgresql.
        QString why;
        m_url = fixture.freshUrl(&why);
        QVERIFY2(!m_url.isEmpty(), qPrintable(why));
    }

    void discardIsKeptWithWhoWhenAndNoteAndSurvivesReopening()
    {
        const DlqRecordId first{kDlq, 0, 5};
        const DlqRecordId second{kDlq, 1, 5};
        const DlqRecordId other{QStringLiteral("todo.reminder-trigger-cg.dlq"), 0, 5};
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        {
            QString why;
            auto db = store::Database::open(url(), &why);
            QVERIFY2(db, qPrintable(why));
            DlqMarks marks(db.get());
            QVERIFY2(marks.marks({first, second, other}).valueOr({}).isEmpty(), "nothing is marked at first");
            QVERIFY2(marks.discard({first, other}, QStringLiteral("ada"), QStringLiteral("test data")).ok(),
                     qPrintable(why));
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
        QString why;
        auto db = store::Database::open(url(), &why);
        QVERIFY2(db, qPrintable(why));
        DlqMarks marks(db.get());
        const QHash<QString, DlqMark> found = marks.marks({first, second}).valueOr({});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(found.size(), 1); // only what was asked for, and only what is marked
        const DlqMark m = found.value(first.coordinates());
        QCOMPARE(m.state(), DlqMark::State::Discarded);
        QVERIFY(m.isHandled());
        QCOMPARE(m.discardedBy, QStringLiteral("ada"));
        QCOMPARE(m.note, QStringLiteral("test data"));
        QVERIFY(m.discardedAt >= before && m.discardedAt <= QDateTime::currentDateTimeUtc());
        QVERIFY(marks.marks({other}).valueOr({}).value(other.coordinates()).discarded);

        // Discarding again replaces the note; undo removes the mark of that record only.
        QVERIFY(marks.discard({first}, QStringLiteral("grace"), {}).ok());
        QCOMPARE(marks.marks({first}).valueOr({}).value(first.coordinates()).discardedBy, QStringLiteral("grace"));
        QVERIFY(marks.marks({first}).valueOr({}).value(first.coordinates()).note.isEmpty());
        QVERIFY2(marks.undoDiscard({first, second}).ok(), qPrintable(why));
        QVERIFY(marks.marks({first}).valueOr({}).isEmpty());
        QVERIFY(marks.marks({other}).valueOr({}).value(other.coordinates()).discarded);
    }

    void replayedStateComesFromTheLedger()
    {
        QString why;
        auto db = store::Database::open(url(), &why);
        QVERIFY2(db, qPrintable(why));
        const DlqRecordId delivered{kDlq, 0, 9};
        const DlqRecordId pending{kDlq, 0, 10};
        QSqlQuery q(db->db());
        for (const auto &[id, request, status] :
             {std::tuple{delivered, "r1", "delivered"}, std::tuple{delivered, "r2", "delivered"},
              std::tuple{pending, "r3", "pending"}}) {
            QVERIFY(q.prepare(QStringLiteral(
                "INSERT INTO dlq_replays (request_id, dlq_topic, dlq_partition, dlq_offset, target_topic,"
                " target_partition, status, requested_at, delivered_at) VALUES (?, ?, ?, ?, 't', 0, ?, 1, "
                "2000)")));
            q.addBindValue(QString::fromLatin1(request));
            q.addBindValue(id.topic);
            q.addBindValue(id.partition);
            q.addBindValue(id.offset);
            q.addBindValue(QString::fromLatin1(status));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        DlqMarks marks(db.get());
        const QHash<QString, DlqMark> found = marks.marks({delivered, pending}).valueOr({});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(found.value(delivered.coordinates()).state(), DlqMark::State::Replayed);
        QCOMPARE(found.value(delivered.coordinates()).replays, 2);
        QCOMPARE(found.value(delivered.coordinates()).lastReplayAt.toMSecsSinceEpoch(), qint64(2000));
        // A replay not delivered (in flight, or lost) leaves the record open.
        QCOMPARE(found.value(pending.coordinates()).state(), DlqMark::State::New);

        // A discarded record that was replayed before shows as discarded: the later decision.
        QVERIFY(marks.discard({delivered}, QStringLiteral("ada"), {}).ok());
        QCOMPARE(marks.marks({delivered}).valueOr({}).value(delivered.coordinates()).state(),
                 DlqMark::State::Discarded);
    }

    void replayerRefusesDiscardedRecords()
    {
        QString why;
        auto db = store::Database::open(url(), &why);
        QVERIFY2(db, qPrintable(why));
        const DlqRecord open = deadLettered(1);
        const DlqRecord discarded = deadLettered(2);
        QVERIFY(DlqMarks(db.get())
                    .discard({DlqRecordId::of(discarded)}, QStringLiteral("ada"), QStringLiteral("duplicate"))
                    .ok());
        // A dry run decides without a cluster.
        DlqReplayer replayer(db.get(), kafka::KafkaConfig(QStringLiteral("127.0.0.1:1")));
        QSignalSpy finished(&replayer, &DlqReplayer::finished);
        ReplayRequest request;
        request.records = {open, discarded};
        request.dryRun = true;
        replayer.replay(request);
        QVERIFY(finished.wait(10000));
        const ReplayReport report = finished.first().at(1).value<ReplayReport>();
        QCOMPARE(report.items.size(), 2);
        QCOMPARE(report.items.at(0).status, ReplayItem::WouldReplay);
        QCOMPARE(report.items.at(1).status, ReplayItem::Refused);
        QVERIFY2(report.items.at(1).reason.contains(QLatin1String("discarded by ada")) &&
                     report.items.at(1).reason.contains(QLatin1String("duplicate")),
                 qPrintable(report.items.at(1).reason));

        // Undone, it is replayable again.
        QVERIFY(DlqMarks(db.get()).undoDiscard({DlqRecordId::of(discarded)}).ok());
        finished.clear();
        replayer.replay(request);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).value<ReplayReport>().count(ReplayItem::WouldReplay), 2);
    }
};

QTEST_GUILESS_MAIN(TestDlqMarks)
#include "tst_dlqmarks.moc"

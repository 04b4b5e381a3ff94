// The Delivery tab's model, fed from a delivery verifier report as GET /api/v1/verify answers it
// (tests/app/data/verify-report.json: the real run of docs/verify.md, in its JSON form: five
// groups, task-broadcaster-cg with an event published and never processed, the others clean).
// The rows, the verdicts and the figures shown are the report's; an answer that is not a report
// is refused with the reason, never shown as one.
#include "models/VerifyReportModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QTranslator>

using namespace taskstream::console;

namespace {

QJsonObject recordedReport()
{
    QFile f(QStringLiteral(TASKSTREAM_SOURCE_DIR "/tests/app/data/verify-report.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

int rowOf(const VerifyReportModel &model, const QString &group)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, VerifyReportModel::GroupColumn).data().toString() == group)
            return r;
    return -1;
}

} // namespace

class TestVerifyReportModel : public QObject
{
    Q_OBJECT
    QTranslator english;

private slots:
    void initTestCase()
    {
        // With the English translation, as the console runs: the plurals read properly.
        QVERIFY(english.load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&english));
    }

    void showsTheRecordedReport()
    {
        const QJsonObject json = recordedReport();
        QVERIFY(!json.isEmpty());
        QString error;
        const std::optional<VerifyReportData> report = VerifyReportData::fromJson(QJsonDocument(json), &error);
        QVERIFY2(report, qPrintable(error));

        VerifyReportModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setReport(*report);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(VerifyReportModel::ColumnCount));
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };

        // The group that lost an event.
        const int lost = rowOf(model, QStringLiteral("task-broadcaster-cg"));
        QVERIFY(lost >= 0);
        QCOMPARE(cell(lost, VerifyReportModel::VerdictColumn), QStringLiteral("NOT CLEAN"));
        QCOMPARE(model.index(lost, 0).data(VerifyReportModel::CleanRole).toBool(), false);
        QCOMPARE(cell(lost, VerifyReportModel::ExpectedColumn), QStringLiteral("50"));
        QCOMPARE(cell(lost, VerifyReportModel::ProcessedColumn), QStringLiteral("49"));
        QCOMPARE(cell(lost, VerifyReportModel::NotPublishedColumn), QStringLiteral("0"));
        QCOMPARE(cell(lost, VerifyReportModel::NotProcessedColumn), QStringLiteral("1"));
        QCOMPARE(cell(lost, VerifyReportModel::DuplicatesColumn), QStringLiteral("0"));
        QCOMPARE(cell(lost, VerifyReportModel::OrderColumn), QStringLiteral("0"));
        QCOMPARE(cell(lost, VerifyReportModel::CommitToPublishedColumn), QStringLiteral("p50 7 · p99 89 · max 89 ms"));
        QCOMPARE(cell(lost, VerifyReportModel::PublishedToProcessedColumn),
                 QStringLiteral("p50 16 · p99 383 · max 383 ms"));
        QCOMPARE(cell(lost, VerifyReportModel::CommitToProcessedColumn),
                 QStringLiteral("p50 24 · p99 442 · max 442 ms"));
        // Its lost cell stands out; a clean group's does not.
        QVERIFY(model.index(lost, VerifyReportModel::NotProcessedColumn).data(Qt::ForegroundRole).isValid());
        // The first examples the report lists, with what they are.
        const QString details = VerifyReportModel::detailsText(model.groupRow(lost));
        QVERIFY2(details.contains(QStringLiteral("Published, never processed (first 1 of 1):\n"
                                                 "  01a24b0a-abc0-76ba-b526-418fb1e67acb")),
                 qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("lost 1 (0 not published, 1 not processed)")), qPrintable(details));
        QVERIFY2(!details.contains(QStringLiteral("never published")), qPrintable(details));

        // A clean group.
        const int audit = rowOf(model, QStringLiteral("audit-log-cg"));
        QVERIFY(audit >= 0);
        QCOMPARE(cell(audit, VerifyReportModel::VerdictColumn), QStringLiteral("clean"));
        QCOMPARE(cell(audit, VerifyReportModel::ExpectedColumn), QStringLiteral("150"));
        QCOMPARE(cell(audit, VerifyReportModel::ProcessedColumn), QStringLiteral("150"));
        QCOMPARE(cell(audit, VerifyReportModel::CommitToPublishedColumn),
                 QStringLiteral("p50 11 · p99 184 · max 444 ms"));
        QVERIFY(!model.index(audit, VerifyReportModel::NotProcessedColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(audit, VerifyReportModel::VerdictColumn).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.groupRow(audit).topics.size(), 3);
        QVERIFY(VerifyReportModel::detailsText(model.groupRow(audit))
                    .startsWith(QStringLiteral("Group audit-log-cg (todo.tasks.events, todo.reminders.events, "
                                               "todo.task_updates.broadcast): clean")));

        // The report's verdict and figures.
        QCOMPARE(model.verdictText(), QStringLiteral("NOT CLEAN: events lost 1, duplicate effects 0, per-key order "
                                                     "violations 0; groups affected: 1 of 5."));
        const QString summary = model.summaryText();
        QVERIFY2(summary.startsWith(QStringLiteral("Committed from 2026-12-06 10:53:52 UTC to 2026-12-06 11:08:52 UTC "
                                                   "(sqlite).")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Outbox: 150 committed, 150 published, 0 marked sent but not on the "
                                                 "topic, 0 unpublished past the settle time (0 failed).")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Topics: 150 records read, 0 published more than once")),
                 qPrintable(summary));
    }

    void cleanReportAndEveryKindOfFinding()
    {
        // The same run before the deletion: clean, one event still in flight somewhere.
        QJsonObject json = recordedReport();
        QJsonArray groups = json.value(QStringLiteral("groups")).toArray();
        for (int i = 0; i < groups.size(); ++i) {
            QJsonObject g = groups.at(i).toObject();
            if (g.value(QStringLiteral("group")) == QLatin1String("task-broadcaster-cg")) {
                g.insert(QStringLiteral("processed"), 49);
                g.insert(QStringLiteral("lost"), 0);
                g.insert(QStringLiteral("not_processed"), 0);
                g.insert(QStringLiteral("in_flight"), 1);
                g.insert(QStringLiteral("not_processed_examples"), QJsonArray());
            }
            groups[i] = g;
        }
        json.insert(QStringLiteral("groups"), groups);
        json.insert(QStringLiteral("clean"), true);
        QString error;
        std::optional<VerifyReportData> report = VerifyReportData::fromJson(QJsonDocument(json), &error);
        QVERIFY2(report, qPrintable(error));
        VerifyReportModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setReport(*report);
        QCOMPARE(model.verdictText(), QStringLiteral("Clean: no event lost, no duplicate effect and no key out of "
                                                     "order in 5 groups. 1 event still in flight."));
        const int broadcaster = rowOf(model, QStringLiteral("task-broadcaster-cg"));
        QCOMPARE(model.index(broadcaster, VerifyReportModel::VerdictColumn).data().toString(),
                 QStringLiteral("clean, 1 in flight"));
        QCOMPARE(model.index(broadcaster, VerifyReportModel::InFlightColumn).data().toString(), QStringLiteral("1"));

        // Committed and never published, a duplicate effect, keys out of order.
        QJsonObject g = groups.at(0).toObject();
        g.insert(QStringLiteral("lost"), 2);
        g.insert(QStringLiteral("not_published"), 2);
        g.insert(QStringLiteral("duplicate_effects"), 1);
        g.insert(QStringLiteral("order_violations"), 3);
        g.insert(QStringLiteral("not_published_examples"), QJsonArray{QStringLiteral("e-1"), QStringLiteral("e-2")});
        g.insert(QStringLiteral("latency"), QJsonObject{});
        groups[0] = g;
        json.insert(QStringLiteral("groups"), groups);
        json.insert(QStringLiteral("clean"), false);
        QJsonObject topics = json.value(QStringLiteral("topics")).toObject();
        topics.insert(QStringLiteral("order_violations"), 3);
        topics.insert(QStringLiteral("order_violation_examples"),
                      QJsonArray{QStringLiteral("todo.tasks.events key t-1: seq 12 after seq 14")});
        json.insert(QStringLiteral("topics"), topics);
        report = VerifyReportData::fromJson(QJsonDocument(json), &error);
        QVERIFY2(report, qPrintable(error));
        model.setReport(*report);
        const int first = rowOf(model, g.value(QStringLiteral("group")).toString());
        QCOMPARE(model.index(first, VerifyReportModel::VerdictColumn).data().toString(), QStringLiteral("NOT CLEAN"));
        QCOMPARE(model.index(first, VerifyReportModel::NotPublishedColumn).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(first, VerifyReportModel::CommitToProcessedColumn).data().toString(),
                 QStringLiteral("no events"));
        const QString details = VerifyReportModel::detailsText(model.groupRow(first));
        QVERIFY2(details.contains(QStringLiteral("Committed, never published (first 2 of 2):\n  e-1\n  e-2")),
                 qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("Duplicate effects 1, per-key order violations 3.")),
                 qPrintable(details));
        QCOMPARE(model.verdictText(), QStringLiteral("NOT CLEAN: events lost 2, duplicate effects 1, per-key order "
                                                     "violations 3; groups affected: 1 of 5. 1 event still in "
                                                     "flight."));
        QVERIFY2(model.summaryText().endsWith(
                     QStringLiteral("Out of order: todo.tasks.events key t-1: seq 12 after seq 14")),
                 qPrintable(model.summaryText()));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.verdictText().isEmpty());
    }

    void notAReportIsRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << QByteArray("<html>502 Bad Gateway</html>")
                                  << QStringLiteral("it is not a JSON object");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("it is not a JSON object");
        QTest::newRow("no verdict") << QByteArray(R"({"groups":[]})") << QStringLiteral("it has no verdict ('clean')");
        QTest::newRow("no groups") << QByteArray(R"({"clean":true})")
                                   << QStringLiteral("it has no list of groups ('groups')");
        QTest::newRow("nameless group") << QByteArray(R"({"clean":true,"groups":[{"expected":1}]})")
                                        << QStringLiteral("a group has no name");
        QTest::newRow("count not a number")
            << QByteArray(R"({"clean":true,"groups":[{"group":"g","expected":"many","processed":1,"lost":0}]})")
            << QStringLiteral("group g: 'expected' is not a number");
        QTest::newRow("count missing") << QByteArray(R"({"clean":true,"groups":[{"group":"g","expected":1}]})")
                                       << QStringLiteral("group g: 'processed' is not a number");
        QTest::newRow("latency not a number")
            << QByteArray(R"({"clean":true,"groups":[{"group":"g","expected":1,"processed":1,"lost":0,)"
                          R"("latency":{"commit_to_published":{"p50_ms":"7"}}}]})")
            << QStringLiteral("group g: 'p50_ms' is not a number");
    }

    void notAReportIsRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!VerifyReportData::fromJson(QJsonDocument::fromJson(body), &error));
        QCOMPARE(error, QStringLiteral("The answer is not a verification report: %1.").arg(reason));
    }
};

QTEST_MAIN(TestVerifyReportModel)
#include "tst_verifyreportmodel.moc"

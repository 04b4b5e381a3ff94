// The consumer groups and DLQ tabs against the embedded sandbox over TCP: lag appears for a group
// that committed behind the end and clears when it catches up; a dead-lettered record shows in
// the DLQ tab with its diagnostics, a dry run publishes nothing, and the replay puts it back on
// its original topic.
#include "DlqPanel.h"
#include "GroupMonitor.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ReplayDialog.h"
#include "SandboxWindowSupport.h"
#include "config/TopicCatalog.h"
#include "models/ConsumerGroupsModel.h"
#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "models/TopicsModel.h"
#include "processing/DeadLetter.h"
#include "support/KafkaTestSupport.h"
#include "widgets/LagChart.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kGroup = QStringLiteral("audit-log-cg");
const QString kTopic = QStringLiteral("todo.tasks.events");
const QString kDlq = QStringLiteral("todo.audit-log-cg.dlq");

/// Produces and waits for the delivery reports.
bool produce(const QString &bootstrap, const QString &topic, int partition, const QList<QByteArray> &values,
             const QByteArray &key = {}, const Headers &headers = {})
{
    KafkaProducer producer;
    if (!producer.open(KafkaConfig(bootstrap)))
        return false;
    QSignalSpy delivered(&producer, &KafkaProducer::delivered);
    for (const QByteArray &v : values) {
        if (producer.produce(topic, key, v, headers, partition) == 0)
            return false;
    }
    if (!QTest::qWaitFor([&] { return delivered.count() >= values.size(); }, kTimeoutMs))
        return false;
    for (const auto &args : delivered) {
        if (args.first().value<DeliveryReport>().error.isError())
            return false;
    }
    return true;
}

/// A consumer reading exactly \a partition of \a topic from the beginning, in \a group.
struct PartitionReader
{
    KafkaConsumer consumer;
    std::unique_ptr<Collector> collector;
    bool open(const QString &bootstrap, const QString &group, const QString &topic, int partition)
    {
        if (!consumer.open(consumerConfig(bootstrap, group)))
            return false;
        collector = std::make_unique<Collector>(&consumer);
        return !consumer.assign({{topic, partition, OffsetBeginning}}).isError();
    }
    bool commit(const QString &topic, int partition, qint64 next)
    {
        QSignalSpy spy(&consumer, &KafkaConsumer::offsetsCommitted);
        if (consumer.commit({{topic, partition, next}}).isError() || !spy.wait(kTimeoutMs))
            return false;
        return !spy.first().at(1).value<KafkaError>().isError();
    }
};

qint64 highWatermark(const TopicsModel *model, const QString &topic, int partition)
{
    const QModelIndex t = model->topicIndex(topic);
    for (int row = 0; row < model->rowCount(t); ++row) {
        const QModelIndex p = model->index(row, TopicsModel::HighWatermarkColumn, t);
        if (p.data(TopicsModel::PartitionRole).toInt() == partition)
            return p.data(TopicsModel::SortRole).toLongLong();
    }
    return -1;
}

QString headerText(const Headers &headers, const QString &key)
{
    for (const Header &h : headers) {
        if (h.key == key)
            return QString::fromUtf8(h.value);
    }
    return {};
}

} // namespace

class TestConsoleGroupsDlq : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> window;
    QString bootstrap;

private slots:
    void initTestCase() { initConsoleTest("tst_consolegroupsdlq"); }

    void init() { openSandboxWindow(window, bootstrap, kTimeoutMs); }

    void cleanup()
    {
        window.reset();
        QSettings().clear();
    }

    void lagShowsForAGroupBehindAndClearsWhenItCatchesUp()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const ConsumerGroupSpec &g : TopicCatalog::builtin().consumerGroups())
            QVERIFY2(model->groupIds().contains(g.name), qPrintable(g.name));

        QVERIFY(produce(bootstrap, kTopic, 0, {"r0", "r1", "r2", "r3", "r4"}));
        PartitionReader reader;
        QVERIFY(reader.open(bootstrap, kGroup, kTopic, 0));
        QVERIFY(reader.collector->waitFor(5, kTimeoutMs));
        QVERIFY(reader.commit(kTopic, 0, 2));

        // Committed 2, end 5: lag 3 on partition 0 and in the group's total.
        QVERIFY2(QTest::qWaitFor([&] { return model->totalLag(kGroup) == 3; }, kTimeoutMs),
                 qPrintable(QString::number(model->totalLag(kGroup))));
        const QModelIndex group = model->groupIndex(kGroup);
        int row = -1;
        for (int r = 0; r < model->rowCount(group); ++r) {
            if (model->index(r, ConsumerGroupsModel::NameColumn, group).data().toString() ==
                kTopic + QStringLiteral(" [0]"))
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, ConsumerGroupsModel::CommittedColumn, group).data().toString(), QStringLiteral("2"));
        QCOMPARE(model->index(row, ConsumerGroupsModel::EndOffsetColumn, group).data().toString(), QStringLiteral("5"));
        QCOMPARE(model->index(row, ConsumerGroupsModel::LagColumn, group).data().toString(), QStringLiteral("3"));
        QVERIFY(!model->groupIndex(kGroup, ConsumerGroupsModel::StatusColumn).data().toString().isEmpty());

        // The chart follows the selected group.
        window->groupsPanel()->selectGroup(kGroup);
        QVERIFY(QTest::qWaitFor([&] { return window->groupsPanel()->chart()->points().size() >= 2; }, kTimeoutMs));
        QCOMPARE(window->groupsPanel()->chart()->title(), kGroup);
        QCOMPARE(window->groupsPanel()->chart()->points().last().value, qint64(3));

        // Consumed to the end: lag clears and the status is OK.
        QVERIFY(reader.commit(kTopic, 0, 5));
        QVERIFY(QTest::qWaitFor([&] { return model->totalLag(kGroup) == 0; }, kTimeoutMs));
        QVERIFY(QTest::qWaitFor([&] { return model->status(kGroup).status == GroupStatus::Ok; }, kTimeoutMs));
        QCOMPARE(model->groupIndex(kGroup, ConsumerGroupsModel::StatusColumn).data().toString(), QStringLiteral("OK"));
    }

    void deadLetteredRecordShowsAndReplaysToItsTopic()
    {
        DlqPanel *panel = window->dlqPanel();
        QTemporaryDir dir;
        panel->setLedgerUrl(dir.filePath(QStringLiteral("replays.sqlite")));
        QAbstractItemModelTester topicsTester(panel->topicsModel(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester recordsTester(panel->recordsModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(panel->recordsProxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Every DLQ topic of the catalog is listed.
        for (const TopicSpec &t : TopicCatalog::builtin().topics()) {
            if (t.isDlq())
                QVERIFY2(panel->topicsModel()->rowOf(t.name) >= 0, qPrintable(t.name));
        }

        // Two dead-lettered records of todo.tasks.events/1: one fresh, one replayed 3 times already.
        KafkaMessage original;
        original.topic = kTopic;
        original.partition = 1;
        original.offset = 7;
        original.key = "task-1";
        original.value = R"({"title":"write report"})";
        original.timestampMs = QDateTime::currentMSecsSinceEpoch() - 60000;
        FailureInfo failure{5, original.timestampMs + 1000, original.timestampMs + 9000,
                            QStringLiteral("downstream.unavailable"), QStringLiteral("service down")};
        const Headers fresh = deadLetterHeaders(original, kGroup, failure);
        QVERIFY(produce(bootstrap, kDlq, 0, {original.value}, original.key, fresh));
        failure.errorClass = QStringLiteral("validation");
        original.offset = 8;
        QVERIFY(produce(bootstrap, kDlq, 0, {"looping"}, "task-2",
                        deadLetterHeaders(original, kGroup, failure) << Header{dlqheaders::ReplayCount, "3"}));

        QVERIFY(QTest::qWaitFor([&] { return panel->topicsModel()->count(kDlq) == 2; }, kTimeoutMs));

        QSignalSpy loaded(panel, &DlqPanel::recordsLoaded);
        panel->selectTopic(kDlq);
        QVERIFY(loaded.wait(kTimeoutMs));
        DlqRecordsModel *records = panel->recordsModel();
        QCOMPARE(records->rowCount(), 2);
        int row = records->record(0).key == "task-1" ? 0 : 1;
        auto cell = [&](int column) { return records->index(row, column).data().toString(); };
        QCOMPARE(cell(DlqRecordsModel::OriginalTopicColumn), kTopic);
        QCOMPARE(cell(DlqRecordsModel::OriginalPartitionColumn), QStringLiteral("1"));
        QCOMPARE(cell(DlqRecordsModel::OriginalOffsetColumn), QStringLiteral("7"));
        QCOMPARE(cell(DlqRecordsModel::GroupColumn), kGroup);
        QCOMPARE(cell(DlqRecordsModel::AttemptsColumn), QStringLiteral("5"));
        QCOMPARE(cell(DlqRecordsModel::ErrorClassColumn), QStringLiteral("downstream.unavailable"));
        QCOMPARE(cell(DlqRecordsModel::ErrorMessageColumn), QStringLiteral("service down"));
        QCOMPARE(cell(DlqRecordsModel::KeyColumn), QStringLiteral("task-1"));
        QVERIFY(!cell(DlqRecordsModel::FirstFailureColumn).isEmpty());
        QVERIFY(!cell(DlqRecordsModel::LastFailureColumn).isEmpty());

        // Filter by error class.
        panel->recordsProxy()->setErrorClass(QStringLiteral("validation"));
        QCOMPARE(panel->recordsProxy()->rowCount(), 1);
        panel->recordsProxy()->setErrorClass(QString());
        QCOMPARE(panel->recordsProxy()->rowCount(), 2);

        // Export of the records shown.
        const QString exported = dir.filePath(QStringLiteral("dlq.json"));
        QVERIFY(panel->exportTo(exported));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        QCOMPARE(QJsonDocument::fromJson(json).array().size(), 2);
        // What Export JSON… does: the same file, written on a worker thread.
        const QString inBackground = dir.filePath(QStringLiteral("dlq-background.json"));
        QSignalSpy exportDone(panel, &DlqPanel::exportFinished);
        panel->exportInBackground(inBackground);
        QVERIFY(exportDone.wait(kTimeoutMs));
        QCOMPARE(exportDone.first().at(0).toString(), inBackground);
        QVERIFY(exportDone.first().at(1).toBool());
        QFile background(inBackground);
        QVERIFY(background.open(QIODevice::ReadOnly));
        QCOMPARE(background.readAll(), json);
        // A place that cannot be written says so.
        panel->exportInBackground(dir.filePath(QStringLiteral("no/such/folder/dlq.json")));
        QVERIFY(exportDone.wait(kTimeoutMs));
        QVERIFY(!exportDone.last().at(1).toBool());

        PartitionReader reader;
        QVERIFY(reader.open(bootstrap, uniqueName(QStringLiteral("check")), kTopic, 1));

        // Replay all, dry run first: a preview with the loop guard's refusal, nothing published.
        QSignalSpy preview(panel, &DlqPanel::previewShown);
        // Through its shortcut, from another tab: the DLQ tab comes forward.
        window->tabs()->setCurrentIndex(0);
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keySequence(window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QCOMPARE(window->tabs()->currentWidget(), panel);
        QVERIFY(preview.wait(kTimeoutMs));
        ReplayDialog *dialog = panel->replayDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->mode(), ReplayDialog::Mode::Preview);
        QCOMPARE(dialog->report().count(ReplayItem::WouldReplay), 1);
        QCOMPARE(dialog->report().count(ReplayItem::Refused), 1);
        for (const ReplayItem &item : dialog->report().items) {
            if (item.status == ReplayItem::Refused)
                QVERIFY2(item.reason.contains(QLatin1String("limit")), qPrintable(item.reason));
            // The preview names the only group that will process each replay.
            QCOMPARE(item.group, kGroup);
        }
        QVERIFY2(dialog->findChild<QLabel *>(QStringLiteral("replaySummary"))
                     ->text()
                     .contains(QLatin1String("other groups on the topic skip")),
                 qPrintable(dialog->findChild<QLabel *>(QStringLiteral("replaySummary"))->text()));
        dialog->reject();
        // A full refresh after the dry run still sees todo.tasks.events/1 empty.
        QSignalSpy refreshed(window->monitor(), &ClusterMonitor::refreshed);
        QVERIFY(refreshed.wait(kTimeoutMs));
        QVERIFY(refreshed.wait(kTimeoutMs));
        QCOMPARE(highWatermark(window->topicsModel(), kTopic, 1), qint64(0));
        QCOMPARE(reader.collector->messages.size(), 0);

        // Replay selected: only the fresh record, confirmed in the preview.
        const QModelIndex proxyRow = panel->recordsProxy()->mapFromSource(records->index(row, 0));
        panel->recordsView()->selectionModel()->select(proxyRow,
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(panel->replaySelectedAction()->isEnabled());
        preview.clear();
        window->activateWindow(); // the closed preview had the focus
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keySequence(window.get(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QVERIFY(preview.wait(kTimeoutMs));
        dialog = panel->replayDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->replayableCount(), 1);
        QSignalSpy finished(panel, &DlqPanel::replayFinished);
        dialog->accept();
        QVERIFY(finished.wait(kTimeoutMs));
        const ReplayReport report = finished.first().first().value<ReplayReport>();
        QCOMPARE(report.count(ReplayItem::Replayed), 1);
        QVERIFY(panel->replayDialog() && panel->replayDialog()->mode() == ReplayDialog::Mode::Result);
        QCOMPARE(window->messageBar()->level(), MessageBar::Level::Information);

        // Back on the original topic and partition with its key, value and replay headers.
        QVERIFY(reader.collector->waitFor(1, kTimeoutMs));
        QCOMPARE(reader.collector->messages.size(), 1);
        const KafkaMessage back = reader.collector->messages.first();
        QCOMPARE(back.key, QByteArray("task-1"));
        QCOMPARE(back.value, QByteArray(R"({"title":"write report"})"));
        QCOMPARE(headerText(back.headers, dlqheaders::ReplayCount), QStringLiteral("1"));
        QCOMPARE(headerText(back.headers, dlqheaders::ReplayedFrom), records->record(row).coordinates());
        QCOMPARE(headerText(back.headers, dlqheaders::ReplayGroup), kGroup);
        QVERIFY(QTest::qWaitFor([&] { return highWatermark(window->topicsModel(), kTopic, 1) == 1; }, kTimeoutMs));
    }
};

QTEST_MAIN(TestConsoleGroupsDlq)
#include "tst_consolegroupsdlq.moc"

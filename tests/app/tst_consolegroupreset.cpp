// The consumer groups tab against the embedded sandbox over TCP: the lag in time of a group behind
// on records written a minute ago, and resetting the offsets of a stopped group (to the earliest
// and the latest offsets, read back with fetchGroupLag) while a group with a live member is refused.
#include "GroupMonitor.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RecordAgeReader.h"
#include "ResetOffsetsDialog.h"
#include "SandboxWindowSupport.h"
#include "models/ConsumerGroupsModel.h"
#include "support/KafkaTestSupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::kafka;
using namespace testsupport;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kGroup = QStringLiteral("audit-log-cg");
const QString kTopic = QStringLiteral("todo.tasks.events");

/// Produces records stamped \a timestampMs to one partition and waits for their delivery.
bool produce(const QString &bootstrap, int partition, int count, qint64 timestampMs)
{
    KafkaProducer producer;
    if (!producer.open(KafkaConfig(bootstrap)))
        return false;
    QSignalSpy delivered(&producer, &KafkaProducer::delivered);
    for (int i = 0; i < count; ++i) {
        if (producer.produce(kTopic, {}, QByteArray::number(i), {}, partition, nullptr, timestampMs) == 0)
            return false;
    }
    if (!QTest::qWaitFor([&] { return delivered.count() >= count; }, kTimeoutMs))
        return false;
    for (const auto &args : delivered) {
        if (args.first().value<DeliveryReport>().error.isError())
            return false;
    }
    return true;
}

/// Commits \a next on \a partition for \a group without joining it: the group has offsets and no member.
bool commitWithoutMembers(const QString &bootstrap, const QString &group, int partition, qint64 next)
{
    KafkaConsumer consumer;
    if (!consumer.open(consumerConfig(bootstrap, group)))
        return false;
    QSignalSpy spy(&consumer, &KafkaConsumer::offsetsCommitted);
    if (consumer.commit({{kTopic, partition, next}}).isError() || !spy.wait(kTimeoutMs))
        return false;
    consumer.close();
    return !spy.first().at(1).value<KafkaError>().isError();
}

int partitionRow(const ConsumerGroupsModel *model, const QString &group, int partition)
{
    const QModelIndex g = model->groupIndex(group);
    for (int r = 0; r < model->rowCount(g); ++r) {
        if (model->index(r, ConsumerGroupsModel::NameColumn, g).data().toString() ==
            QStringLiteral("%1 [%2]").arg(kTopic).arg(partition))
            return r;
    }
    return -1;
}

qint64 committedInModel(const ConsumerGroupsModel *model, const QString &group, int partition)
{
    for (const PartitionLag &p : model->partitionLags(group)) {
        if (p.topic == kTopic && p.partition == partition)
            return p.committed;
    }
    return OffsetInvalid;
}

} // namespace

class TestConsoleGroupReset : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> window;
    QString bootstrap;

    /// Committed offset of \a group on \a partition as the broker has it (KafkaAdmin::fetchGroupLag).
    qint64 committedOnBroker(const QString &group, int partition)
    {
        KafkaAdmin *admin = window->monitor()->admin();
        QSignalSpy spy(admin, &KafkaAdmin::groupLagReady);
        const quint64 id = admin->fetchGroupLag(group, {kTopic});
        if (!QTest::qWaitFor(
                [&] {
                    return std::any_of(spy.cbegin(), spy.cend(),
                                       [id](const QList<QVariant> &a) { return a.at(0).toULongLong() == id; });
                },
                kTimeoutMs))
            return OffsetInvalid - 1;
        for (const auto &args : spy) {
            if (args.at(0).toULongLong() != id)
                continue;
            for (const PartitionLag &p : args.at(1).value<GroupLag>().partitions) {
                if (p.partition == partition)
                    return p.committed;
            }
        }
        return OffsetInvalid - 1;
    }

    /// Opens the reset dialog for \a group as the user would: select it, Ctrl+Shift+O.
    ResetOffsetsDialog *openResetDialog(const QString &group)
    {
        GroupsPanel *panel = window->groupsPanel();
        panel->selectGroup(group);
        if (panel->selectedGroup() != group)
            return nullptr;
        panel->resetOffsetsAction()->trigger();
        return panel->resetDialog();
    }

private slots:
    void initTestCase() { initConsoleTest("tst_consolegroupreset"); }

    void init() { openSandboxWindow(window, bootstrap, kTimeoutMs); }

    void cleanup()
    {
        window.reset();
        QSettings().clear();
    }

    void lagInTimeIsTheAgeOfTheOldestUnconsumedRecord()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Five records written a minute ago; the group committed 2: records 2..4 wait, the oldest
        // of them 60 s old.
        const qint64 written = QDateTime::currentMSecsSinceEpoch() - 60000;
        QVERIFY(produce(bootstrap, 0, 5, written));
        QVERIFY(commitWithoutMembers(bootstrap, kGroup, 0, 2));

        const QModelIndex group = model->groupIndex(kGroup);
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 2; }, kTimeoutMs));
        const int row = partitionRow(model, kGroup, 0);
        QVERIFY(row >= 0);
        const QModelIndex cell = model->index(row, ConsumerGroupsModel::LagTimeColumn, group);
        // The reading at the committed offset (an earlier one may have been at the low watermark).
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return cell.data(Qt::ToolTipRole).toString().contains(QLatin1String("offset 2")) &&
                                model->lagAge(kGroup) >= 0;
                     },
                     kTimeoutMs),
                 qPrintable(cell.data(Qt::ToolTipRole).toString()));
        QVERIFY2(model->lagAge(kGroup) >= 60000, qPrintable(QString::number(model->lagAge(kGroup))));
        // The age is the time since that record was written, as of the reading: not far above a minute.
        QVERIFY2(model->lagAge(kGroup) < 60000 + kTimeoutMs, qPrintable(QString::number(model->lagAge(kGroup))));
        QVERIFY2(cell.data().toString().endsWith(QLatin1String("min")), qPrintable(cell.data().toString()));
        QCOMPARE(model->groupIndex(kGroup, ConsumerGroupsModel::LagTimeColumn).data().toString(),
                 cell.data().toString());

        // Caught up: no lag, a dash.
        QVERIFY(commitWithoutMembers(bootstrap, kGroup, 0, 5));
        QVERIFY(QTest::qWaitFor([&] { return model->lagAge(kGroup) == 0; }, kTimeoutMs));
        QCOMPARE(model->groupIndex(kGroup, ConsumerGroupsModel::LagTimeColumn).data().toString(),
                 QStringLiteral("\u2014"));
    }

    void ageReaderReadsEachPositionOnceAndSaysWhyWhenNothingArrives()
    {
        const qint64 written = QDateTime::currentMSecsSinceEpoch() - 3600000;
        QVERIFY(produce(bootstrap, 0, 5, written));
        RecordAgeReader reader;
        reader.setClientConfig(kafka::KafkaConfig(bootstrap));
        QSignalSpy finished(&reader, &RecordAgeReader::finished);
        // Partition 0 twice (read in turns), partition 1 holds nothing.
        QVERIFY(reader.read({{kTopic, 0, 0}, {kTopic, 0, 3}, {kTopic, 1, 0}}, 2000));
        QVERIFY(reader.isBusy());
        QVERIFY(!reader.read({{kTopic, 0, 0}}, 2000)); // one reading at a time
        QVERIFY(finished.wait(kTimeoutMs));
        const auto results = finished.first().first().value<QList<RecordAgeReader::Result>>();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).recordOffset, qint64(0));
        QCOMPARE(results.at(0).timestampMs, written);
        QCOMPARE(results.at(1).recordOffset, qint64(3));
        QCOMPARE(results.at(1).timestampMs, written);
        QVERIFY(results.at(1).error.isEmpty());
        QCOMPARE(results.at(2).timestampMs, qint64(-1));
        QVERIFY2(results.at(2).error.contains(QLatin1String("no record arrived")), qPrintable(results.at(2).error));
        QVERIFY(!reader.isBusy());
        QTest::qWait(100); // a second emission would be posted right behind the first; let it land
        QCOMPARE(finished.size(), 1);
    }

    void resetOfAStoppedGroupMovesItsCommittedOffsets()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        QVERIFY(produce(bootstrap, 0, 5, 0));
        QVERIFY(commitWithoutMembers(bootstrap, kGroup, 0, 2));
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 2; }, kTimeoutMs));

        ResetOffsetsDialog *dialog = openResetDialog(kGroup);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QAbstractItemModelTester tester(dialog->plan(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(dialog, &ResetOffsetsDialog::finished);

        dialog->setTarget(kTopic, ResetTarget::Earliest);
        // The embedded broker cannot describe groups: the state is unknown, said in red, and the
        // reset waits for the group's name.
        QVERIFY(!dialog->isGroupStateKnown());
        QVERIFY(dialog->stateLabel()->text().contains(QLatin1String("State unknown")));
        QVERIFY(dialog->stateLabel()->styleSheet().contains(QLatin1String("#c02020")));
        QVERIFY(dialog->groupNameConfirmation()->isVisible());
        QVERIFY(!dialog->canReset());
        QVERIFY(!dialog->resetButton()->isEnabled());
        dialog->resetNow(); // refused without the name: nothing is sent
        QVERIFY(finished.isEmpty());
        QTest::keyClicks(dialog->groupNameConfirmation(), kGroup.left(5));
        QVERIFY(!dialog->canReset());
        QTest::keyClicks(dialog->groupNameConfirmation(), kGroup.mid(5));
        QVERIFY(dialog->canReset());
        QVERIFY(dialog->resetButton()->isEnabled());
        dialog->resetNow();
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY2(!finished.first().at(2).value<KafkaError>().isError(),
                 qPrintable(finished.first().at(2).value<KafkaError>().toString()));
        QCOMPARE(committedOnBroker(kGroup, 0), qint64(0));
        // The tab shows it at once (the next group reading).
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 0; }, kTimeoutMs));

        dialog->setTarget(kTopic, ResetTarget::Latest);
        dialog->resetNow();
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(!finished.last().at(2).value<KafkaError>().isError());
        QCOMPARE(committedOnBroker(kGroup, 0), qint64(5));
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 5; }, kTimeoutMs));

        // One partition to one offset: only that partition moves.
        const qint64 partition1Before = committedOnBroker(kGroup, 1);
        dialog->setTarget(kTopic, ResetTarget::Offset, 3, 0);
        QCOMPARE(dialog->plan()->rowCount(), 1);
        dialog->resetNow();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(committedOnBroker(kGroup, 0), qint64(3));
        QCOMPARE(committedOnBroker(kGroup, 1), partition1Before);
    }

    void resetOfAGroupWithAnActiveMemberIsRefused()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        GroupsPanel *panel = window->groupsPanel();
        QSignalSpy problems(panel, &GroupsPanel::problem);

        // The embedded broker does not describe groups: Kafka itself refuses the reset.
        KafkaConsumer member;
        QVERIFY(member.open(consumerConfig(bootstrap, kGroup)));
        QSignalSpy assigned(&member, &KafkaConsumer::partitionsAssigned);
        QVERIFY(!member.subscribe({kTopic}).isError());
        QVERIFY(assigned.wait(kTimeoutMs));
        QVERIFY(QTest::qWaitFor([&] { return !model->partitionLags(kGroup).isEmpty(); }, kTimeoutMs));
        ResetOffsetsDialog *dialog = openResetDialog(kGroup);
        QVERIFY(dialog);
        QSignalSpy finished(dialog, &ResetOffsetsDialog::finished);
        dialog->setTarget(kTopic, ResetTarget::Earliest);
        dialog->groupNameConfirmation()->setText(kGroup);
        dialog->resetNow();
        QVERIFY(finished.wait(kTimeoutMs));
        const auto error = finished.first().at(2).value<KafkaError>();
        QCOMPARE(error.code(), int(KafkaError::GroupNotEmpty));
        QVERIFY(QTest::qWaitFor([&] { return !problems.isEmpty(); }, kTimeoutMs));
        QVERIFY2(problems.first().first().toString().contains(QLatin1String("active members")),
                 qPrintable(problems.first().first().toString()));
        QVERIFY(window->messageBar()->text().contains(QLatin1String("active members")));
        member.close();

        problems.clear();
        panel->resetDialog()->close();
        // A broker that describes the group with a member (state Stable): refused before any dialog.
        GroupInfo described;
        described.groupId = kGroup;
        described.state = QStringLiteral("Stable");
        described.members.append({QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/127.0.0.1"), {}});
        model->updateGroups({described});
        panel->selectGroup(kGroup);
        panel->resetOffsetsAction()->trigger();
        QVERIFY(QTest::qWaitFor([&] { return !panel->resetDialog(); }, kTimeoutMs)); // the closed one goes
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().first().toString().contains(QLatin1String("active members")),
                 qPrintable(problems.first().first().toString()));
    }

    void describedEmptyGroupNeedsNoTypedName()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        QVERIFY(produce(bootstrap, 0, 3, 0));
        QVERIFY(commitWithoutMembers(bootstrap, kGroup, 0, 1));
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 1; }, kTimeoutMs));
        GroupInfo described;
        described.groupId = kGroup;
        described.state = QStringLiteral("Empty");
        model->updateGroups({described});
        ResetOffsetsDialog *dialog = openResetDialog(kGroup);
        QVERIFY(dialog);
        QVERIFY(dialog->isGroupStateKnown());
        QVERIFY(!dialog->groupNameConfirmation()->isVisible());
        QVERIFY(!dialog->stateLabel()->text().contains(QLatin1String("unknown")));
        dialog->setTarget(kTopic, ResetTarget::Earliest);
        QVERIFY(dialog->canReset());
    }

    void resetByTimeAnsweredWithTheEndWarnsOfSkippedRecords()
    {
        ConsumerGroupsModel *model = window->groupsPanel()->model();
        QVERIFY(produce(bootstrap, 0, 5, QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(commitWithoutMembers(bootstrap, kGroup, 0, 2));
        QVERIFY(QTest::qWaitFor([&] { return committedInModel(model, kGroup, 0) == 2; }, kTimeoutMs));
        ResetOffsetsDialog *dialog = openResetDialog(kGroup);
        QVERIFY(dialog);
        QAbstractItemModelTester tester(dialog->plan(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // A time before the first record: the embedded broker answers "the end" to every lookup.
        dialog->setTarget(kTopic, ResetTarget::Timestamp, QDateTime::currentMSecsSinceEpoch() - 86400000);
        QVERIFY(QTest::qWaitFor([&] { return !dialog->plan()->offsetsToCommit().isEmpty(); }, kTimeoutMs));
        int partitions = 0;
        QVERIFY(dialog->plan()->skippedUnread(&partitions) >= 3);
        QVERIFY(partitions >= 1);
        QVERIFY(dialog->skipWarning()->isVisible());
        QVERIFY2(dialog->skipWarning()->text().contains(QLatin1String("skips")),
                 qPrintable(dialog->skipWarning()->text()));
        QVERIFY(dialog->skipWarning()->text().contains(QLatin1String("the end")));
        // Back to the earliest offset: nothing is skipped, the warning goes.
        dialog->setTarget(kTopic, ResetTarget::Earliest);
        QCOMPARE(dialog->plan()->skippedUnread(), qint64(0));
        QVERIFY(!dialog->skipWarning()->isVisible());
    }
};

QTEST_MAIN(TestConsoleGroupReset)
#include "tst_consolegroupreset.moc"

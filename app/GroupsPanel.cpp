#include "GroupsPanel.h"

#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "GroupMonitor.h"
#include "ResetOffsetsDialog.h"
#include "models/ConsumerGroupsModel.h"
#include "widgets/ButtonTexts.h"
#include "widgets/CachedTextDelegate.h"
#include "widgets/LagChart.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

GroupsPanel::GroupsPanel(ClusterMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_model(new ConsumerGroupsModel(this)), m_groupMonitor(new GroupMonitor(monitor, m_model, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_monitor(monitor)
{
    m_resetAction = new QAction(tr("Reset &offsets…"), this);
    m_resetAction->setObjectName(QStringLiteral("resetOffsetsAction"));
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_resetAction->setToolTip(
        tr("Move the committed offsets of the selected group, once its consumers are stopped (Ctrl+Shift+O)"));
    connect(m_resetAction, &QAction::triggered, this, &GroupsPanel::resetOffsets);

    m_ackAction = new QAction(tr("Acknowledge &gap…"), this);
    m_ackAction->setObjectName(QStringLiteral("acknowledgeGapAction"));
    m_ackAction->setToolTip(tr("The selected partition is stalled: its next records are gone from the broker. "
                               "Skip them and go on from the oldest record still there (admin)"));
    m_ackAction->setEnabled(false);
    connect(m_ackAction, &QAction::triggered, this, &GroupsPanel::acknowledgeGap);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ConsumerGroupsModel::SortRole);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("groupsSplitter"));
    m_view = new QTreeView(splitter);
    m_view->setObjectName(QStringLiteral("groupsView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new CachedTextDelegate(m_view)); // repainted on every refresh
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConsumerGroupsModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->header()->resizeSection(ConsumerGroupsModel::NameColumn, 260);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addAction(m_resetAction);
    m_view->addAction(m_ackAction);
    m_view->header()->setStretchLastSection(true);
    m_chart = new LagChart(splitter);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *tools = new QToolBar(this);
    tools->setObjectName(QStringLiteral("groupsTools"));
    tools->addAction(m_resetAction);
    tools->addAction(m_ackAction);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tools);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &GroupsPanel::updateChart);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &GroupsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &GroupsPanel::updateActions);
    connect(m_monitor, &ClusterMonitor::refreshed, this, &GroupsPanel::refreshStalled);
    connect(m_model, &ConsumerGroupsModel::lagRecorded, this, [this](const QString &group) {
        if (group == selectedGroup())
            updateChart();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &GroupsPanel::updateChart);
    connect(m_groupMonitor, &GroupMonitor::problem, this, &GroupsPanel::problem);
}

QString GroupsPanel::selectedGroup() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(ConsumerGroupsModel::GroupIdRole).toString() : QString();
}

void GroupsPanel::selectGroup(const QString &groupId)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->groupIndex(groupId));
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

QString GroupsPanel::resetRefusal(const QString &groupId) const
{
    if (m_readOnly)
        return tr("The console is read-only: offsets cannot be reset.");
    if (groupId.isEmpty())
        return tr("Select a consumer group to reset its offsets.");
    if (!m_monitor->admin())
        return tr("Connect to a cluster to reset the offsets of %1.").arg(groupId);
    const int members = m_model->memberCount(groupId);
    const QString state = m_model->state(groupId);
    if (members > 0 || (!state.isEmpty() && state != QLatin1String("Empty") && state != QLatin1String("Dead") &&
                        state != QLatin1String("Unknown")))
        return tr("The offsets of %1 cannot be reset while it has active members (state %2, %n member(s)); "
                  "Kafka refuses it too. Stop its consumers, then reset.",
                  nullptr, qMax(0, members))
            .arg(groupId, state.isEmpty() ? tr("unknown") : state);
    if (m_model->partitionLags(groupId).isEmpty())
        return tr("The lag of %1 has not been read yet; reset its offsets after the next refresh.").arg(groupId);
    return {};
}

void GroupsPanel::resetOffsets()
{
    const QString group = selectedGroup();
    const QString refusal = resetRefusal(group);
    if (!refusal.isEmpty()) {
        emit problem(refusal);
        return;
    }
    if (m_resetDialog)
        m_resetDialog->close();
    auto *dialog = new ResetOffsetsDialog(m_monitor->admin(), group, m_model->partitionLags(group), this);
    dialog->setGroupState(m_model->state(group));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ResetOffsetsDialog::finished, this, &GroupsPanel::onResetFinished);
    m_resetDialog = dialog;
    dialog->open();
}

void GroupsPanel::onResetFinished(const QString &groupId, const QList<kafka::OffsetResetResult> &results,
                                  const kafka::KafkaError &error)
{
    // The lag shows the new offsets at once, whatever the outcome.
    m_groupMonitor->refreshNow();
    if (error.isError()) {
        emit problem(error.code() == kafka::KafkaError::GroupNotEmpty
                         ? tr("Kafka refused to reset the offsets of %1: it has active members. Stop its "
                              "consumers, then reset.")
                               .arg(groupId)
                         : tr("The offsets of %1 could not be reset (%2).").arg(groupId, error.toString()));
        return;
    }
    emit information(tr("Reset the offsets of %1 on %n partition(s).", nullptr, int(results.size())).arg(groupId));
}

void GroupsPanel::setDaemonClient(DaemonClient *client)
{
    m_client = client;
    refreshStalled();
}

void GroupsPanel::refreshStalled()
{
    if (!m_client || !m_client->isConfigured())
        return;
    m_client->info(this, [this](const DaemonReply &r) {
        // An answer without the list (an older daemon, an error) leaves the last word standing.
        if (r.ok() && r.body.object().contains(QStringLiteral("stalled_partitions")))
            m_model->setStalledPartitions(ConsumerGroupsModel::stalledFromInfo(r.body.object()));
        updateActions();
    });
}

void GroupsPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_resetAction->setVisible(!readOnly);
    m_resetAction->setEnabled(!readOnly);
    m_ackAction->setVisible(!readOnly);
    if (readOnly && m_resetDialog)
        m_resetDialog->close();
    updateActions();
}

void GroupsPanel::updateActions()
{
    const QModelIndex current = m_view->currentIndex();
    m_ackAction->setEnabled(!m_readOnly && m_client && current.isValid() &&
                            !current.data(ConsumerGroupsModel::IsGroupRole).toBool() &&
                            current.data(ConsumerGroupsModel::StalledRole).toBool());
}

void GroupsPanel::acknowledgeGap()
{
    if (m_readOnly)
        return;
    const QModelIndex current = m_view->currentIndex();
    const QString group = current.data(ConsumerGroupsModel::GroupIdRole).toString();
    const QString topic = current.data(ConsumerGroupsModel::TopicRole).toString();
    const int partition = current.data(ConsumerGroupsModel::PartitionRole).toInt();
    const std::optional<ConsumerGroupsModel::StalledPartition> stall = m_model->stalled(group, topic, partition);
    if (!m_client || !stall) {
        emit problem(tr("Select a stalled partition to acknowledge its gap."));
        return;
    }
    if (m_ackBox)
        m_ackBox->close();
    const QString range = stall->to >= 0 ? tr("offsets %1 to %2").arg(stall->from).arg(stall->to - 1)
                                         : tr("the records from offset %1 on").arg(stall->from);
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Acknowledge gap"),
        tr("%1 of %2 [%3] are gone from the broker. Group %4 skips them for good and goes on from the oldest record "
           "still there. The acknowledgement is written to the audit log.\n\nAcknowledge the gap?")
            .arg(range, topic)
            .arg(partition)
            .arg(group),
        QMessageBox::Cancel, this);
    QPushButton *confirm = box->addButton(tr("Acknowledge gap"), QMessageBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmAcknowledgeGap"));
    ButtonTexts::apply(box);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, confirm, group, topic, partition](int) {
        if (box->clickedButton() != confirm)
            return;
        m_client->acknowledgeGap(group, topic, partition, this, [this, group, topic, partition](const DaemonReply &r) {
            if (!r.ok()) {
                emit problem(tr("The gap of %1 [%2] in %3 was not acknowledged: %4")
                                 .arg(topic)
                                 .arg(partition)
                                 .arg(group, r.error));
                return;
            }
            const QJsonObject o = r.body.object();
            emit information(tr("%1 [%2] in %3 goes on from offset %4; offsets %5 to %6 were skipped.")
                                 .arg(topic)
                                 .arg(partition)
                                 .arg(group)
                                 .arg(o.value(QStringLiteral("resumed_at")).toInteger())
                                 .arg(o.value(QStringLiteral("skipped_from")).toInteger())
                                 .arg(o.value(QStringLiteral("resumed_at")).toInteger() - 1));
            refreshStalled();
        });
    });
    m_ackBox = box;
    box->open();
}

void GroupsPanel::updateChart()
{
    const QString group = selectedGroup();
    if (group.isEmpty()) {
        m_chart->clear();
        return;
    }
    QList<LagChart::Point> points;
    for (const ConsumerGroupsModel::LagPoint &p : m_model->lagHistory(group))
        points.append({p.timeMs, p.totalLag});
    m_chart->setSeries(group, points);
}

} // namespace console
} // namespace taskstream

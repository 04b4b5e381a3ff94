#include "GroupsPanel.h"

#include "GroupMonitor.h"
#include "models/ConsumerGroupsModel.h"
#include "widgets/LagChart.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

GroupsPanel::GroupsPanel(ClusterMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_model(new ConsumerGroupsModel(this)),
      m_groupMonitor(new GroupMonitor(monitor, m_model, this)), m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ConsumerGroupsModel::SortRole);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("groupsSplitter"));
    m_view = new QTreeView(splitter);
    m_view->setObjectName(QStringLiteral("groupsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConsumerGroupsModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->header()->resizeSection(ConsumerGroupsModel::NameColumn, 260);
    m_view->header()->setStretchLastSection(true);
    m_chart = new LagChart(splitter);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &GroupsPanel::updateChart);
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

#pragma once

#include <QWidget>

class QSortFilterProxyModel;
class QTreeView;

namespace taskstream {
namespace console {

class ClusterMonitor;
class ConsumerGroupsModel;
class GroupMonitor;
class LagChart;

/// The consumer groups tab: groups with their partitions, lag and status (with the reason), and
/// the selected group's total lag over time below. Refreshed after every cluster refresh.
class GroupsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GroupsPanel(ClusterMonitor *monitor, QWidget *parent = nullptr);

    ConsumerGroupsModel *model() const { return m_model; }
    GroupMonitor *groupMonitor() const { return m_groupMonitor; }
    QTreeView *view() const { return m_view; }
    LagChart *chart() const { return m_chart; }

    /// Selects \a groupId (the chart follows).
    void selectGroup(const QString &groupId);
    QString selectedGroup() const;

signals:
    void problem(const QString &message);

private:
    void updateChart();

    ConsumerGroupsModel *m_model;
    GroupMonitor *m_groupMonitor;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    LagChart *m_chart;
};

} // namespace console
} // namespace taskstream

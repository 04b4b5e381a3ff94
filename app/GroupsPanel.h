#pragma once

#include "DaemonClient.h"
#include "ResetOffsetsDialog.h"
#include "kafka/KafkaAdmin.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

class QAction;
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
/// "Reset offsets…" moves the committed offsets of a stopped group (ResetOffsetsDialog).
class GroupsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GroupsPanel(ClusterMonitor *monitor, QWidget *parent = nullptr);

    ConsumerGroupsModel *model() const { return m_model; }
    GroupMonitor *groupMonitor() const { return m_groupMonitor; }
    QTreeView *view() const { return m_view; }
    LagChart *chart() const { return m_chart; }
    QAction *resetOffsetsAction() const { return m_resetAction; }
    /// The reset dialog while it is open.
    ResetOffsetsDialog *resetDialog() const { return m_resetDialog; }

    /// Selects \a groupId (the chart follows).
    void selectGroup(const QString &groupId);
    QString selectedGroup() const;

    /// Opens the reset dialog for the selected group, or says why it cannot be reset (no
    /// connection, no lag reading yet, active members).
    void resetOffsets();
    /// Why \a groupId's offsets cannot be reset now (translated), or "" when they can be tried.
    QString resetRefusal(const QString &groupId) const;

    /// The daemon whose stalled partitions are shown and acknowledged (GET /api/v1/info).
    void setDaemonClient(DaemonClient *client);
    /// Asks the daemon which partitions are stalled (also after every cluster refresh).
    void refreshStalled();
    QAction *acknowledgeGapAction() const { return m_ackAction; }
    /// Read-only: the offset reset and the gap acknowledgement are hidden and refused.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    /// Asks for confirmation, then acknowledges the gap of the selected stalled partition.
    void acknowledgeGap();
    /// The confirmation while it is open.
    QMessageBox *acknowledgeConfirmation() const { return m_ackBox; }

signals:
    void problem(const QString &message);
    void information(const QString &message);

private:
    void updateChart();
    void updateActions();
    void onResetFinished(const QString &groupId, const QList<kafka::OffsetResetResult> &results,
                         const kafka::KafkaError &error);

    ConsumerGroupsModel *m_model;
    GroupMonitor *m_groupMonitor;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    LagChart *m_chart;
    ClusterMonitor *m_monitor;
    QAction *m_resetAction;
    QPointer<ResetOffsetsDialog> m_resetDialog;
    QPointer<DaemonClient> m_client;
    QAction *m_ackAction;
    bool m_readOnly = false;
    QPointer<QMessageBox> m_ackBox;
};

} // namespace console
} // namespace taskstream

#pragma once

#include "models/HealthEvaluator.h"

#include <QWidget>

class QPushButton;

namespace taskstream {
namespace console {

class ConsumerGroupsModel;
class DaemonClient;
class DlqTopicsModel;

/// A compact row of health badges (consumer groups, dead-letter queues, outbox) above the tabs.
/// Clicking a badge asks for the tab concerned. The group and DLQ badges follow their tabs' models;
/// the outbox badge asks the daemon's `GET /api/v1/info` on every refresh().
class HealthStrip : public QWidget
{
    Q_OBJECT
public:
    enum class Badge { Groups, Dlq, Outbox };
    Q_ENUM(Badge)

    explicit HealthStrip(QWidget *parent = nullptr);

    /// Where the badges' figures come from; the models are watched for changes.
    void setSources(ConsumerGroupsModel *groups, DlqTopicsModel *dlq, DaemonClient *daemon);
    /// Judges groups and DLQs again and asks the daemon for its outbox figures (when one is set
    /// and no answer is pending).
    void refresh();
    /// Another cluster (or none): the outbox badge forgets what it knew, and an answer still on
    /// its way for the previous one is dropped.
    void clusterChanged();
    void updateGroups();
    void updateDlq();

    void setBadge(Badge which, const HealthBadge &badge);
    HealthBadge badge(Badge which) const;
    QPushButton *button(Badge which) const;

signals:
    void badgeClicked(taskstream::console::HealthStrip::Badge which);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle(Badge which);
    void requestOutbox();

    HealthEvaluator m_evaluator;
    ConsumerGroupsModel *m_groups = nullptr;
    DlqTopicsModel *m_dlq = nullptr;
    DaemonClient *m_daemon = nullptr;
    bool m_outboxPending = false;
    quint64 m_outboxGeneration = 0; ///< bumped by clusterChanged(); older answers are dropped
    OutboxHealth m_outbox;

    QPushButton *m_buttons[3];
    HealthBadge m_badges[3];
};

} // namespace console
} // namespace taskstream

#pragma once

#include "kafka/KafkaAdmin.h"
#include "models/OffsetResetPlanModel.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDateTimeEdit;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace taskstream {
namespace console {

/// Resets the committed offsets of a stopped consumer group: the topic (all or one), the target
/// (earliest, latest, a time, or an offset of one partition), a preview per partition, then a
/// confirmation naming the group before KafkaAdmin::resetGroupOffsets(). Everything asynchronous;
/// finished() reports the broker's answer once per confirmed reset.
///
/// Until setGroupState() gives a state the broker described, the state counts as unknown: the
/// dialog says so in red and resets only once the group's name has been typed. A preview that
/// jumps over unread records says how many, prominently, and so does the confirmation.
class ResetOffsetsDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a lags: the group's last lag reading (committed offsets and watermarks per partition).
    ResetOffsetsDialog(kafka::KafkaAdmin *admin, const QString &groupId, const QList<kafka::PartitionLag> &lags,
                       QWidget *parent = nullptr);

    QString groupId() const { return m_groupId; }
    OffsetResetPlanModel *plan() const { return m_plan; }
    /// Chooses the target as the user would (for tests and callers): a topic ("" for all), what to
    /// reset to, and its value (ms since the epoch for a time, the offset for an offset).
    void setTarget(const QString &topic, ResetTarget target, qint64 value = 0, int partition = 0);
    /// The group's state as DescribeGroups gave it; "" or "Unknown" when the broker cannot tell.
    void setGroupState(const QString &state);
    bool isGroupStateKnown() const { return m_stateKnown; }
    /// Where the group's name is typed to confirm a reset while its state is unknown.
    QLineEdit *groupNameConfirmation() const { return m_confirmName; }
    /// The warning about unread records the preview skips (hidden when it skips none).
    QLabel *skipWarning() const { return m_skipWarning; }
    QLabel *stateLabel() const { return m_stateLabel; }
    /// True when the preview is complete and there is something to commit.
    bool canReset() const;
    /// Commits the previewed offsets without asking (what the confirmation's "Reset" does).
    void resetNow();
    QPushButton *resetButton() const { return m_resetButton; }

signals:
    /// The preview changed (a lookup by time arrived, or the target changed).
    void planChanged();
    /// The broker answered a confirmed reset.
    void finished(const QString &groupId, const QList<taskstream::kafka::OffsetResetResult> &results,
                  const taskstream::kafka::KafkaError &error);

private:
    void updatePlan();
    void updateControls();
    void confirm();
    QString skipWarningText() const;
    void onOffsetsForTimes(quint64 id, const kafka::TopicPartitionList &offsets, const kafka::KafkaError &error);
    void onReset(quint64 id, const QList<kafka::OffsetResetResult> &results, const kafka::KafkaError &error);

    QPointer<kafka::KafkaAdmin> m_admin;
    QString m_groupId;
    QList<kafka::PartitionLag> m_lags;
    OffsetResetPlanModel *m_plan;
    QComboBox *m_topic;
    QComboBox *m_target;
    QDateTimeEdit *m_time;
    QSpinBox *m_partition;
    QLineEdit *m_offset;
    QTableView *m_view;
    QLabel *m_status;
    QFormLayout *m_form = nullptr;
    QLabel *m_stateLabel;
    QLineEdit *m_confirmName;
    QLabel *m_skipWarning;
    QPushButton *m_resetButton;
    bool m_stateKnown = false;
    quint64 m_timesRequest = 0;
    quint64 m_resetRequest = 0;
};

} // namespace console
} // namespace taskstream

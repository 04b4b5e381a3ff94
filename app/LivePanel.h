#pragma once

#include "kafka/KafkaAdmin.h"

#include <memory>

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace taskstream::kafka {
class KafkaConsumer;
}
namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream {
namespace console {

class ClusterMonitor;
class LiveEventsFilterModel;
class LiveEventsModel;

/// The Live tab: TaskChanged broadcasts (todo.task_updates.broadcast) and ReminderTriggered
/// notifications (todo.reminders.events) as they happen, read straight from the topics without
/// joining a group, starting a little before the end. Filters by user and type; pause stops
/// reading (Kafka keeps the records, resume catches up); the table keeps the newest 5,000 rows.
class LivePanel : public QWidget
{
    Q_OBJECT
public:
    static const QString BroadcastTopic;
    static const QString RemindersTopic;
    /// Records read back from the end of each partition when the view starts.
    static constexpr int HistoryPerPartition = 200;

    explicit LivePanel(ClusterMonitor *monitor, QWidget *parent = nullptr);
    ~LivePanel() override;

    LiveEventsModel *model() const { return m_model; }
    LiveEventsFilterModel *proxy() const { return m_proxy; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *clearAction() const { return m_clearAction; }
    bool isReading() const;
    bool isPaused() const;

public slots:
    void setPaused(bool paused);

signals:
    void problem(const QString &message);

private:
    void onMetadata(const kafka::ClusterMetadata &metadata);
    void start(const kafka::ClusterMetadata &metadata);
    void stop();
    void onMessages(const QList<kafka::KafkaMessage> &messages);
    void updateStatus();

    ClusterMonitor *m_monitor;
    LiveEventsModel *m_model;
    LiveEventsFilterModel *m_proxy;
    QPointer<kafka::KafkaConsumer> m_consumer;
    std::unique_ptr<events::AsyncEventCodec> m_codec;
    QString m_bootstrap; ///< what the consumer reads from
    quint64 m_received = 0;

    QLineEdit *m_userFilter;
    QComboBox *m_typeBox;
    QTableView *m_view;
    QLabel *m_status;
    QAction *m_pauseAction;
    QAction *m_clearAction;
};

} // namespace console
} // namespace taskstream

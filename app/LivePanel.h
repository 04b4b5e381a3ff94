#pragma once

#include "kafka/KafkaAdmin.h"

#include <memory>

#include <QPointer>
#include <QUuid>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QWebSocket;

namespace taskstream::kafka {
class KafkaConsumer;
}
namespace taskstream::events {
class AsyncEventCodec;
}

namespace taskstream {
namespace console {

class ClusterMonitor;
class DaemonClient;
class LiveEventsFilterModel;
class LiveEventsModel;

/// The Live tab: TaskChanged broadcasts (todo.task_updates.broadcast) and ReminderTriggered
/// notifications (todo.reminders.events) as they happen, read straight from the topics without
/// joining a group, starting a little before the end; or one user's messages from the daemon's
/// WebSocket feed. Filters by user and type; pause stops reading (Kafka keeps the records, and the
/// feed resumes from its cursor); the table keeps the newest 5,000 rows.
class LivePanel : public QWidget
{
    Q_OBJECT
public:
    static const QString BroadcastTopic;
    static const QString RemindersTopic;
    /// Records read back from the end of each partition when the view starts.
    static constexpr int HistoryPerPartition = 200;

    enum class Source { Topics, Feed };

    /// \a client: the daemon's API for the feed source.
    LivePanel(ClusterMonitor *monitor, DaemonClient *client, QWidget *parent = nullptr);
    ~LivePanel() override;

    LiveEventsModel *model() const { return m_model; }
    LiveEventsFilterModel *proxy() const { return m_proxy; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *clearAction() const { return m_clearAction; }
    bool isReading() const;
    bool isPaused() const;
    Source source() const { return m_source; }
    /// Whether the feed's WebSocket is open and authenticated (welcome received).
    bool isFeedLive() const { return m_feedLive; }
    /// The status line under the view (what is read, how many events are shown of how many).
    QString statusText() const;
    QTableView *view() const { return m_view; }
    /// Width of a column that shows a whole UUID in \a view's font.
    static int uuidColumnWidth(const QTableView *view);

public slots:
    void setPaused(bool paused);
    /// Reads the topics, or the feed of the user in the user filter (a token's own user when
    /// the daemon was given one fixed token).
    void setSource(taskstream::console::LivePanel::Source source);

signals:
    void problem(const QString &message);

private:
    void onMetadata(const kafka::ClusterMetadata &metadata);
    void start(const kafka::ClusterMetadata &metadata);
    void stop();
    void onMessages(const QList<kafka::KafkaMessage> &messages);
    void updateStatus();
    QString shownText() const;
    void startFeed();
    void stopFeed();
    void onFeedMessage(const QString &text);
    QUuid filterUser() const;

    ClusterMonitor *m_monitor;
    LiveEventsModel *m_model;
    LiveEventsFilterModel *m_proxy;
    QPointer<kafka::KafkaConsumer> m_consumer;
    std::unique_ptr<events::AsyncEventCodec> m_codec;
    QString m_bootstrap;               ///< ClusterMonitor::connectionKey() the consumer reads from
    kafka::ClusterMetadata m_metadata; ///< the last metadata, to start reading on a source switch
    DaemonClient *m_client;
    QPointer<QWebSocket> m_socket;
    QString m_feedCursor; ///< where the feed stands, to resume without gaps after a pause
    bool m_feedLive = false;
    Source m_source = Source::Topics;
    QComboBox *m_sourceBox;
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

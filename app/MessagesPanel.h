#pragma once

#include "kafka/KafkaAdmin.h"

#include <QJsonArray>
#include <QWidget>

class QAction;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableView;

namespace taskstream {
namespace console {

class ClusterMonitor;
class MessageFilterProxyModel;
class MessageSearchBar;
class MessagesModel;
class TopicBrowser;

/// The Messages tab: reads a topic's records (all partitions or one) from the beginning, an
/// offset, the last N of each partition, or a time; shows each decoded with key, headers,
/// partition, offset and time; filters by key, type or text; copies records as JSON.
class MessagesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MessagesPanel(ClusterMonitor *monitor, QWidget *parent = nullptr);

    MessagesModel *model() const { return m_model; }
    MessageFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QAction *readAction() const { return m_readAction; }
    QAction *copyAction() const { return m_copyAction; }
    bool isReading() const;
    /// The search over the whole topic (time range, key, value, headers) and its export.
    MessageSearchBar *searchBar() const { return m_searchBar; }

    /// Selects \a topic (when the cluster has it) and, with \a partition >= 0, that partition.
    void selectTopic(const QString &topic, int partition = -1);
    /// "From" choices, in the order of the box.
    enum class From { Latest, Beginning, Offset, Timestamp };
    void setFrom(From from);
    void setOffset(qint64 offset);
    void setTimestamp(const QDateTime &time);
    /// The selected records (all shown when none is selected) as JSON objects.
    QJsonArray selectedRecordsJson() const;

public slots:
    void read();
    void copySelected();

signals:
    void problem(const QString &message);
    /// A read finished with \a count records.
    void readFinished(int count);

private:
    void onMetadata(const kafka::ClusterMetadata &metadata);
    void updatePartitions();
    void updateFromWidgets();
    void showCurrent();

    ClusterMonitor *m_monitor;
    MessagesModel *m_model;
    MessageFilterProxyModel *m_proxy;
    TopicBrowser *m_browser;
    kafka::ClusterMetadata m_metadata;

    QComboBox *m_topicBox;
    QComboBox *m_partitionBox;
    QComboBox *m_fromBox;
    QSpinBox *m_countSpin;
    QLineEdit *m_offsetEdit;
    QDateTimeEdit *m_timeEdit;
    QSpinBox *m_maxSpin;
    QLineEdit *m_keyFilter;
    QLineEdit *m_typeFilter;
    QLineEdit *m_textFilter;
    QTableView *m_view;
    QPlainTextEdit *m_detail;
    QLabel *m_status;
    QAction *m_readAction;
    QAction *m_copyAction;
    MessageSearchBar *m_searchBar;
};

} // namespace console
} // namespace taskstream

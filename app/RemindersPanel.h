#pragma once

#include "kafka/KafkaAdmin.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace taskstream {
namespace console {

class ClusterMonitor;
class DaemonClient;
class RemindersModel;

/// The Reminders tab: every user's reminders through the daemon's admin API
/// (GET /api/v1/admin/reminders) — pending, fired and dismissed, with their partition of
/// todo.reminders.events, the member that owns it, the due time and lateness, the task's state —
/// and for the selected one, "why didn't this fire?" in words (RemindersModel's explainReminder()).
/// Who owns a partition comes from the broker's description of reminder-trigger-cg where the
/// broker gives one, else from what the connected daemon holds. Everything is asynchronous.
/// The tab reads only: there is nothing here a read-only connection has to hide.
class RemindersPanel : public QWidget
{
    Q_OBJECT
public:
    RemindersPanel(ClusterMonitor *monitor, DaemonClient *client, QWidget *parent = nullptr);

    RemindersModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QAction *reloadAction() const { return m_reloadAction; }
    /// The explanation shown for the selected reminder.
    QString explanation() const;
    QString statusText() const;
    /// "pending", "fired", "dismissed" or empty for all.
    void setStatusFilter(const QString &status);
    bool isLoading() const { return m_loading; }
    /// No mutating action lives here; kept so every panel can be switched the same way.
    void setReadOnly(bool) {}

public slots:
    /// Reads the reminders (and the trigger group's members) again.
    void reload();

signals:
    /// A reload finished (successfully or not: see statusText()).
    void loaded();
    void problem(const QString &message);

private:
    void onGroupsDescribed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error);
    void showCurrent();

    ClusterMonitor *m_monitor;
    DaemonClient *m_client;
    RemindersModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_statusBox;
    QTableView *m_view;
    QPlainTextEdit *m_explanation;
    QLabel *m_status;
    QAction *m_reloadAction;
    QPointer<kafka::KafkaAdmin> m_describer; ///< the admin client asked to describe the group
    quint64 m_describeRequest = 0;
    bool m_loading = false;
};

} // namespace console
} // namespace taskstream

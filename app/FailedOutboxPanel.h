#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QTableView;

namespace taskstream {
namespace console {

class DaemonClient;
class FailedOutboxModel;

/// The failed outbox records of the daemon (GET /api/v1/outbox/failed, an admin request) with
/// Reload and Retry selected (POST /api/v1/outbox/{seq}/retry for each, then a reload). Without a
/// daemon URL and token it says where to set them. Requests are asynchronous; failures go out
/// through problem().
class FailedOutboxPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FailedOutboxPanel(QWidget *parent = nullptr);

    /// The client of the daemon's API (the Tasks tab's, with the sandbox's admin tokens).
    void setClient(DaemonClient *client);

    FailedOutboxModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QAction *reloadAction() const { return m_reloadAction; }
    QAction *retryAction() const { return m_retryAction; }
    /// Read-only: the retry is hidden and refused.
    void setReadOnly(bool readOnly);
    /// The line above the list: the count, or what to configure.
    QString statusText() const;
    bool isBusy() const { return m_pending > 0; }

public slots:
    void reload();
    void retrySelected();

signals:
    void problem(const QString &message);
    void information(const QString &message);
    /// A reload finished (successfully or not).
    void reloaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateActions();
    void showNotConfigured();

    DaemonClient *m_client = nullptr;
    FailedOutboxModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QAction *m_reloadAction;
    QAction *m_retryAction;
    bool m_readOnly = false;
    int m_pending = 0; ///< requests under way
};

} // namespace console
} // namespace taskstream

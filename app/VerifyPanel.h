#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkReply;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace taskstream {
namespace console {

class DaemonClient;
struct DaemonReply;
class VerifyReportModel;

/// The Delivery tab: the delivery verifier of the connected daemon (GET /api/v1/verify,
/// docs/verify.md). "Verify" asks for a report over a window (since/until as times or ages), for
/// one group or all, with a settle time; the request runs asynchronously, with a busy bar and
/// Cancel. The report shows a verdict line, the outbox and topic figures, one row per group
/// (events lost, in flight, duplicate effects, order violations, the three latencies) and, for the
/// selected group, the first event ids the report lists. Errors (no daemon, a refused token, a
/// daemon that cannot verify now, an answer that is not a report) are shown as a message.
class VerifyPanel : public QWidget
{
    Q_OBJECT
public:
    VerifyPanel(DaemonClient *client, QWidget *parent = nullptr);

    VerifyReportModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *verifyButton() const { return m_verifyButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QString verdictText() const;
    QString summaryText() const;
    QString detailsText() const;
    QString statusText() const;
    bool isRunning() const { return m_running; }
    void setWindow(const QString &since, const QString &until);
    /// A group of the catalog, or empty for every group.
    void setGroup(const QString &group);
    void setSettleSeconds(int seconds);
    /// No mutating action lives here; kept so every panel can be switched the same way.
    void setReadOnly(bool) {}

public slots:
    /// Asks the daemon for a verification with the chosen window, group and settle time.
    void verify();
    /// Stops waiting for the running verification (the daemon finishes it on its own).
    void cancel();

signals:
    /// A verification ended: a report, an error or a cancel (see statusText()).
    void finished();
    void problem(const QString &message);

private:
    void onReply(const DaemonReply &reply);
    void setRunning(bool running);
    void showCurrent();
    void showError(const QString &message);

    DaemonClient *m_client;
    VerifyReportModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_sinceEdit;
    QLineEdit *m_untilEdit;
    QComboBox *m_groupBox;
    QSpinBox *m_settleBox;
    QPushButton *m_verifyButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_busy;
    QLabel *m_verdict;
    QLabel *m_summary;
    QTableView *m_view;
    QPlainTextEdit *m_details;
    QLabel *m_status;
    QPointer<QNetworkReply> m_reply;
    quint64 m_request = 0; ///< the running request's number; answers to earlier ones are dropped
    bool m_running = false;
};

} // namespace console
} // namespace taskstream

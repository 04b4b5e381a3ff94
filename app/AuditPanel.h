#pragma once

#include "DaemonClient.h"

#include <optional>

#include <QWidget>

class QAction;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace taskstream {
namespace console {

class AuditModel;

/// The Audit tab: searches the daemon's audit log (`GET /api/v1/audit`) by user, task, event
/// type, time and words, a page at a time, and shows the selected entry's JSON. The daemon is the
/// one of the Tasks tab (or the sandbox, whose admin token sees every user). Requests are
/// asynchronous; a new search supersedes one still running, whose answer is then ignored.
class AuditPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPanel(DaemonClient *client, QWidget *parent = nullptr);

    AuditModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPlainTextEdit *entryView() const { return m_entryView; }
    QAction *searchAction() const { return m_searchAction; }
    QAction *loadMoreAction() const { return m_loadMoreAction; }
    /// Asks for a file, then exports the entries the filters and time range select (not only the
    /// page shown) as CSV or JSON lines, by the file's suffix.
    QAction *exportAction() const { return m_exportAction; }

    /// The filters, as typed in the bar: a user id or demo name, a task id, an event type (full
    /// or short name; empty for any), a time range (invalid for any) and words.
    void setUserFilter(const QString &text);
    void setTaskFilter(const QString &text);
    void setTypeFilter(const QString &type);
    void setFrom(const QDateTime &from);
    void setTo(const QDateTime &to);
    void setText(const QString &words);
    /// Who did it: a user id or demo name (the token's subject), empty for anyone; and the source:
    /// "api", "console", "worker" (any worker), or empty for any.
    void setActorFilter(const QString &text);
    void setSourceFilter(const QString &source);
    /// Entries asked for per page (1–500).
    void setPageSize(int entries);

    /// The search the filter bar describes, or nullopt and the reason (for people) when a filter
    /// cannot be sent.
    std::optional<AuditSearch> searchFromFilters(QString *error) const;

    bool isBusy() const { return m_busy; }
    /// Whether the last page said more entries match.
    bool hasMore() const { return !m_nextCursor.isEmpty(); }
    quint64 requestsSent() const { return m_requestsSent; }
    /// Answers that came after a newer search was sent and were dropped.
    quint64 staleRepliesIgnored() const { return m_staleReplies; }

    /// The line under the results (how many shown, or why none).
    QString summaryText() const;
    /// Whether the daemon runs the audit role: unknown until a search found nothing and its roles
    /// were read (GET /api/v1/info).
    enum class AuditRole { Unknown, Running, NotRunning };
    AuditRole auditRole() const { return m_auditRole; }

    /// The sandbox runs: search with its admin token.
    void useSandbox();
    void sandboxStopped();

    /// Exports the entries of the filters and time range (words do not apply) to \a path: CSV when
    /// it ends in .csv, JSON lines otherwise. exportFinished() follows.
    void exportTo(const QString &path);
    bool isExporting() const { return m_exporting; }

public slots:
    /// A first page with the filters of the bar.
    void search();
    /// The next page of the last search.
    void loadMore();

signals:
    void problem(const QString &message);
    /// A later search succeeded: the problem it reported before (\a message) no longer holds.
    void problemResolved(const QString &message);
    /// The answer to the current search (or its next page) arrived; \a ok false for an error.
    void searchFinished(bool ok);
    /// An export ended: written to \a path, or \a ok false and why in \a message.
    void exportFinished(bool ok, const QString &path, const QString &message);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void send(const AuditSearch &search, bool firstPage);
    void setBusy(bool busy);
    void showSelectedEntry();
    void updateSummary();
    void updateTokenHint();

    DaemonClient *m_client;
    AuditModel *m_model;
    QWidget *m_filterBar;
    QLineEdit *m_userEdit;
    QLineEdit *m_taskEdit;
    QComboBox *m_typeBox;
    QDateTimeEdit *m_fromEdit;
    QDateTimeEdit *m_toEdit;
    QLineEdit *m_textEdit;
    QLineEdit *m_actorEdit;
    QComboBox *m_sourceBox;
    QPushButton *m_exportButton;
    QAction *m_exportAction;
    bool m_exporting = false;
    QPushButton *m_searchButton;
    QPushButton *m_loadMoreButton;
    QProgressBar *m_busyBar;
    QLabel *m_summary;
    QLabel *m_tokenHint;
    QTableView *m_view;
    QPlainTextEdit *m_entryView;
    QAction *m_searchAction;
    QAction *m_loadMoreAction;

    AuditSearch m_lastSearch; ///< the filters of the rows shown, for the next page
    QString m_nextCursor;
    quint64 m_generation = 0; ///< bumped by every search; an answer for an older one is stale
    quint64 m_requestsSent = 0;
    quint64 m_staleReplies = 0;
    int m_pageSize = 50;
    bool m_busy = false;
    bool m_searched = false;
    bool m_sandbox = false;
    QString m_lastProblem; ///< the search problem reported last, until a search succeeds
    AuditRole m_auditRole = AuditRole::Unknown;
    QStringList m_roles; ///< the daemon's roles when the audit role is not among them
};

} // namespace console
} // namespace taskstream

#pragma once

#include "common/Result.h"
#include "processing/DlqTools.h"

#include <functional>
#include <memory>

#include <QPointer>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QInputDialog;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;

namespace taskstream {
class ObjectThread;
}
namespace taskstream::processing {
struct DlqMark;
class DlqMarks;
} // namespace taskstream::processing

namespace taskstream {
namespace console {

class ClusterMonitor;
class DaemonClient;
class FailedOutboxPanel;
class ProduceDialog;
class LedgerConnection;
class DlqErrorClassFilterModel;
class DlqLoader;
class DlqRecordsModel;
struct DlqRow;
class DlqTopicsModel;
class ReplayDialog;

/// The DLQ tab: every DLQ topic of the catalog with its record count, the records of the selected
/// one with their diagnostics (filterable by error class) and the decoded record below, and the
/// repair actions: replay selected or all records (a dry-run preview first, then the replay
/// through core's DlqReplayer and its result), discard (a mark kept by core's DlqMarks next to the
/// replay ledger; handled records are hidden unless asked) and export as JSON. A second page lists
/// the daemon's failed outbox records. Nothing here blocks: browsing and replaying are
/// asynchronous, dialogs are opened, not executed.
class DlqPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DlqPanel(ClusterMonitor *monitor, QWidget *parent = nullptr);
    /// The most records read from one DLQ topic.
    static constexpr int MaxRecords = 250000;
    ~DlqPanel() override;

    DlqTopicsModel *topicsModel() const { return m_topicsModel; }
    DlqRecordsModel *recordsModel() const { return m_recordsModel; }
    DlqErrorClassFilterModel *recordsProxy() const { return m_recordsProxy; }
    QTableView *recordsView() const { return m_recordsView; }
    /// The open replay preview or result dialog, if any.
    ReplayDialog *replayDialog() const;

    QAction *reloadAction() const { return m_reloadAction; }
    QAction *replaySelectedAction() const { return m_replaySelectedAction; }
    QAction *replayAllAction() const { return m_replayAllAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *discardAction() const { return m_discardAction; }
    QAction *undoDiscardAction() const { return m_undoDiscardAction; }
    /// "Edit and resend…" of the one selected record (a mutating action: hide it when read-only).
    QAction *editResendAction() const { return m_editResendAction; }
    /// The open "Edit and resend" dialog, if any.
    ProduceDialog *resendDialog() const;
    QCheckBox *showHandledBox() const { return m_showHandledBox; }
    QAction *previousPageAction() const { return m_prevPageAction; }
    QAction *nextPageAction() const { return m_nextPageAction; }
    /// "Records 1–1,000 of 100,000 shown, page 1 of 100".
    QLabel *pageLabel() const { return m_pageLabel; }
    /// Shows page \a page of the records passing the filter (0-based, clamped).
    void showPage(int page);
    /// The open "Discard…" confirmation, if any.
    QInputDialog *discardDialog() const;
    FailedOutboxPanel *outboxPanel() const { return m_outboxPanel; }
    /// Shows the failed outbox page (true) or the DLQ records (false).
    void showOutboxPage(bool outbox);
    /// The client of the daemon's API for the failed outbox page.
    void setDaemonClient(DaemonClient *client);
    /// True when discard marks are kept by the daemon (an admin-capable API is set), so everyone
    /// sees them; false: this machine's ledger only.
    bool marksAreShared() const;
    /// The line saying where discard marks are kept.
    QLabel *marksSourceLabel() const { return m_marksSource; }
    /// Read-only: replay, discard, undo and the outbox retry are hidden and refused.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    /// Selects \a topic in the DLQ list and reads its records.
    void selectTopic(const QString &topic);
    QString currentTopic() const;
    /// Writes the records shown (after the error-class filter) to \a path as JSON.
    bool exportTo(const QString &path);
    /// exportTo() on a worker thread, as Export JSON… does: the JSON of 100,000 records takes
    /// many seconds to make. exportFinished() follows, with information() or problem().
    void exportInBackground(const QString &path);
    /// Where the replay ledger lives (a SQLite file); by default in the application's data folder.
    void setLedgerUrl(const QString &url) { m_ledgerUrl = url; }

public slots:
    /// Reads the records of the selected DLQ topic again.
    void reload();
    void replaySelected();
    void replayAll();
    void exportJson();
    /// Asks for a note, then marks the selected records discarded.
    void discardSelected();
    /// Removes the discard marks of the selected records.
    void undoDiscardSelected();
    /// Marks \a records discarded by the OS user with \a note, on the ledger's thread; false when
    /// there is nothing to mark. The outcome follows: marksChanged() and information(), or problem().
    bool discard(const QList<processing::DlqRecord> &records, const QString &note);
    /// Removes the discard marks of \a records, as discard() does.
    bool undoDiscard(const QList<processing::DlqRecord> &records);
    /// Opens "Edit and resend" (a ProduceDialog) for the one selected record.
    void editAndResendSelected();

signals:
    void problem(const QString &message);
    void information(const QString &message);
    /// A browse of the selected DLQ finished and the records view shows its records.
    void recordsLoaded();
    /// A replay preview dialog is open.
    void previewShown();
    /// A real replay finished; the result dialog is open.
    void replayFinished(const taskstream::processing::ReplayReport &report);
    /// The marks of the records shown were read again (after a browse, discard, undo or replay).
    void marksChanged();
    /// An exportInBackground() to \a path ended; \a ok when the file was written.
    void exportFinished(const QString &path, bool ok);

private:
    void onTopicSelected();
    void onRowsRead(quint64 generation, const QList<DlqRow> &rows);
    void onLoadFinished(quint64 generation, int count, const kafka::KafkaError &error);
    /// Shows no records (those shown are freed on the reading thread).
    void clearRecords();
    void onReplayFinished(quint64 ticket, const processing::ReplayReport &report);
    void startReplay(const QList<processing::DlqRecord> &records);
    void finishReplay(const processing::ReplayReport &report);
    /// Runs \a request through the replayer on the ledger's thread; onReplayFinished() gets \a ticket.
    void runReplay(const processing::ReplayRequest &request, quint64 ticket);
    QString ledgerUrl() const;
    /// Runs \a work on the ledger's thread with its connection to the ledger, opened on first use;
    /// \a work gets null (on this thread) when the ledger cannot be opened.
    void onLedger(std::function<void(LedgerConnection *)> work);
    /// Reads the marks of the records shown on the ledger's thread, then shows them, emits
    /// marksChanged() and runs \a then.
    void refreshMarks(std::function<void()> then = {});
    /// Runs \a change on the ledger's thread; then \a failed with the reason, or the marks are read
    /// again and \a done runs, on this thread.
    void changeMarks(std::function<Result<void>(processing::DlqMarks &)> change,
                     std::function<void(const QString &why)> failed, std::function<void()> done);
    void applyMarks(const QHash<QString, processing::DlqMark> &marks);
    /// Local marks with the discards replaced by the daemon's shared ones (when shared).
    void mergeSharedMarks(const QHash<QString, processing::DlqMark> &local, const QString &topic, quint64 generation,
                          std::function<void()> then);
    /// The records of \a records without those discarded in the shared marks; the refused ones
    /// are appended to \a refused as report items.
    QList<processing::DlqRecord> withoutSharedDiscards(const QList<processing::DlqRecord> &records,
                                                       QList<processing::ReplayItem> *refused) const;
    void updateMarksSource();
    void updateCountLabel();
    void updatePageLabel();
    QList<processing::DlqRecord> selectedRecords() const;
    void updateErrorClasses();
    void updateActions();
    void updateDetails();
    void showDialog(ReplayDialog *dialog);

    ClusterMonitor *m_monitor;
    DlqTopicsModel *m_topicsModel;
    DlqRecordsModel *m_recordsModel;
    DlqErrorClassFilterModel *m_recordsProxy;

    QTableView *m_topicsView = nullptr;
    QTableView *m_recordsView = nullptr;
    QComboBox *m_errorClassCombo = nullptr;
    QLabel *m_recordsLabel = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QPointer<ReplayDialog> m_dialog;

    QAction *m_reloadAction = nullptr;
    QAction *m_replaySelectedAction = nullptr;
    QAction *m_replayAllAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_discardAction = nullptr;
    QAction *m_undoDiscardAction = nullptr;
    QAction *m_editResendAction = nullptr;
    QPointer<ProduceDialog> m_resendDialog;
    QCheckBox *m_showHandledBox = nullptr;
    QAction *m_prevPageAction = nullptr;
    QAction *m_nextPageAction = nullptr;
    QLabel *m_pageLabel = nullptr;
    QPointer<QInputDialog> m_discardDialog;
    QTabWidget *m_pages = nullptr;
    FailedOutboxPanel *m_outboxPanel = nullptr;

    /// Reads the DLQ topics on a thread of its own: fetching, decoding and making rows never
    /// hold the window, whatever the size of the DLQ.
    DlqLoader *m_loader = nullptr;
    quint64 m_loadGeneration = 0; ///< only the latest read is shown
    QString m_browsingTopic;
    QString m_ledgerUrl;
    /// Hosts the connection to the ledger and the replayer that writes to it: marks, dry runs and
    /// replays never block the window.
    ObjectThread *m_ledgerThread = nullptr;
    QList<std::function<void(LedgerConnection *)>> m_ledgerQueue; ///< waiting for the connection
    quint64 m_marksGeneration = 0;                                ///< only the latest read of the marks is shown
    quint64 m_nextTicket = 0;
    quint64 m_previewTicket = 0;
    quint64 m_replayTicket = 0;
    QList<processing::DlqRecord> m_pendingReplay;
    QPointer<DaemonClient> m_client;
    QLabel *m_marksSource = nullptr;
    QHash<QString, processing::DlqMark> m_sharedDiscards; ///< the daemon's discards of the topic shown
    bool m_readOnly = false;
    QList<processing::ReplayItem> m_sharedRefused; ///< left out of the running replay: discarded for everyone
};

} // namespace console
} // namespace taskstream

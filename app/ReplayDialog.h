#pragma once

#include "processing/DlqTools.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace taskstream {
namespace console {

/// Shows a DLQ replay report: as a preview (a dry run: what would be replayed, what the loop
/// guard refuses and why) with a button that starts the real replay, or as the replay's result.
class ReplayDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Preview, Result };

    ReplayDialog(Mode mode, const taskstream::processing::ReplayReport &report, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    const taskstream::processing::ReplayReport &report() const { return m_report; }
    /// The records a confirmed preview replays.
    int replayableCount() const;
    /// The text of the status column for \a status, as the user reads it.
    static QString statusText(taskstream::processing::ReplayItem::Status status);

private:
    Mode m_mode;
    taskstream::processing::ReplayReport m_report;
    QLabel *m_summary;
    QTableWidget *m_table;
    QDialogButtonBox *m_buttons;
};

} // namespace console
} // namespace taskstream

#pragma once

#include "TopicSearch.h"

#include <functional>

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace taskstream {
namespace console {

class ClusterMonitor;

/// The Messages tab's search: a time range and words for the key, the value and the headers,
/// searched over the whole topic (or partition) on a thread of its own (TopicSearch) with a
/// progress bar and Cancel; the matches go to the tab's table as they come and can be exported as
/// JSON lines. It only reads, so a read-only connection keeps it.
class MessageSearchBar : public QWidget
{
    Q_OBJECT
public:
    /// \a source gives the topic and partition (-1: all) chosen in the tab.
    MessageSearchBar(ClusterMonitor *monitor, std::function<std::pair<QString, int>()> source,
                     QWidget *parent = nullptr);

    /// The criteria from the fields, for the tab's topic and partition.
    SearchRequest request() const;
    void setTimeRange(const QDateTime &from, const QDateTime &to); ///< invalid: unbounded
    void setKeyText(const QString &text);
    void setValueText(const QString &text);
    void setHeaderText(const QString &text);
    /// Matches of the last search (so far, while it runs).
    const QList<DecodedRecord> &matches() const { return m_matches; }
    bool isSearching() const { return m_search->isRunning(); }
    QString statusText() const;
    QPushButton *searchButton() const { return m_searchButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QPushButton *exportButton() const { return m_exportButton; }
    QProgressBar *progressBar() const { return m_progress; }

public slots:
    void search();
    void cancel();
    /// Asks for a file, then writes the matches there as JSON lines.
    void exportMatches();
    /// Writes the matches to \a path as JSON lines, off this thread; exported() follows.
    void exportTo(const QString &path);

signals:
    /// A search starts: the table should be emptied for its matches.
    void searchStarted();
    void matched(const QList<taskstream::console::DecodedRecord> &records);
    void searchFinished(qint64 scanned, qint64 matches, bool cancelled, const QString &error);
    void exported(const QString &path, int count, const QString &error);
    void problem(const QString &message);

private:
    void updateButtons();

    ClusterMonitor *m_monitor;
    std::function<std::pair<QString, int>()> m_source;
    TopicSearch *m_search;
    QCheckBox *m_fromBox;
    QDateTimeEdit *m_fromEdit;
    QCheckBox *m_toBox;
    QDateTimeEdit *m_toEdit;
    QLineEdit *m_keyEdit;
    QLineEdit *m_valueEdit;
    QLineEdit *m_headerEdit;
    QPushButton *m_searchButton;
    QPushButton *m_cancelButton;
    QPushButton *m_exportButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    QList<DecodedRecord> m_matches;
};

} // namespace console
} // namespace taskstream

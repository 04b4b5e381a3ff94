#pragma once

#include "TopicBrowser.h"

#include <QObject>
#include <QPointer>

namespace taskstream {
class ObjectThread;
}

namespace taskstream {
namespace console {

/// What to look for in a topic: a time range and words in the key, the value (decoded JSON, or
/// the raw bytes when they do not decode) and the headers. Empty criteria match everything; words
/// match case-insensitively.
struct SearchRequest
{
    QString topic;
    int partition = -1;          ///< -1: every partition
    qint64 fromMs = -1;          ///< first record time (ms since the epoch); -1: from the beginning
    qint64 toMs = -1;            ///< last record time; -1: up to the end
    QString keyText;             ///< a substring of the key (as text)
    QString valueText;           ///< a substring of the value
    QString headerText;          ///< "name" (a header of that name) or "name=words" (its value contains them)
    int maxMatches = 10000;      ///< stop after this many matches
    qint64 maxScanned = 5000000; ///< stop after reading this many records
    int timeoutMs = 600000;
    QString schemaRegistryUrl;

    /// Whether \a record meets the criteria (the time range included).
    bool matches(const DecodedRecord &record) const;
};

/// Runs one search at a time on a thread of its own: a TopicBrowser reads the topic there (assign
/// only, no group, no commits) and only the matches come back to the caller's thread, in batches,
/// with the progress. cancel() stops it where it is; finished() follows every start() exactly once.
class TopicSearch : public QObject
{
    Q_OBJECT
public:
    explicit TopicSearch(QObject *parent = nullptr);
    ~TopicSearch() override;

    /// Starts \a request with the client properties \a config (a search under way is cancelled).
    void start(const kafka::KafkaConfig &config, const SearchRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }

    /// Writes \a records to \a path as JSON lines (one record's DecodedRecord::toJson() a line), on
    /// a pool thread; exported() follows with the count or an error.
    void exportJsonLines(const QList<DecodedRecord> &records, const QString &path);

signals:
    void matched(const QList<taskstream::console::DecodedRecord> &records);
    /// \a scanned records read so far of about \a total (0 while unknown), \a matches of them matched.
    void progress(qint64 scanned, qint64 total, qint64 matches);
    /// The search ended: completed, cancelled, stopped at a limit, or failed with \a error.
    void finished(qint64 scanned, qint64 matches, bool cancelled, const QString &error);
    /// An export ended: \a count lines written, or \a error.
    void exported(const QString &path, int count, const QString &error);

private:
    void ensureThread();

    ObjectThread *m_thread = nullptr;
    QPointer<QObject> m_worker;
    quint64 m_generation = 0; ///< answers of an earlier (cancelled) search are ignored
    bool m_running = false;
    bool m_pendingStart = false;
    kafka::KafkaConfig m_pendingConfig;
    SearchRequest m_pendingRequest;
};

} // namespace console
} // namespace taskstream

Q_DECLARE_METATYPE(taskstream::console::SearchRequest)

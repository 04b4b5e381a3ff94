#pragma once

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaError.h"
#include "models/DlqRows.h"

#include <QObject>

namespace taskstream {
class ObjectThread;
}

namespace taskstream {
namespace console {

class DlqReadWorker;

/// Reads DLQ topics for the console off the GUI thread. A DlqBrowser on a thread of its own (an
/// ObjectThread) fetches and decodes the records; they are made into compact rows (DlqRow) there
/// and handed over in batches of at most MaxBatch rows, at least BatchIntervalMs apart unless full,
/// so the window inserts a batch in well under a frame and a DLQ of 100,000 records never holds
/// the event loop. Rows that are no longer wanted are freed on that thread too (dispose()).
class DlqLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxBatch = 1000;
    static constexpr int BatchIntervalMs = 50;

    explicit DlqLoader(QObject *parent = nullptr);
    /// Ends the reading thread (waiting for it: a browse is closed there).
    ~DlqLoader() override;

    /// Reads \a topic with \a config (from its low to its high watermark, at most \a maxRecords,
    /// within \a timeoutMs); a read still running is abandoned. rowsRead() and finished() carry
    /// \a generation, so the answers of an abandoned read are told apart.
    void load(quint64 generation, const kafka::KafkaConfig &config, const QString &topic, int maxRecords,
              int timeoutMs);
    /// Abandons the read running, if any; nothing more comes of it.
    void cancel();
    /// Frees \a rows on the reading thread.
    void dispose(QList<QList<DlqRow>> rows);

signals:
    /// A batch of rows, by partition and offset within the batch.
    void rowsRead(quint64 generation, const QList<taskstream::console::DlqRow> &rows);
    /// The read ended: \a count rows were read in all; \a error says why it ended early.
    void finished(quint64 generation, int count, const taskstream::kafka::KafkaError &error);

private:
    /// Runs \a call on the worker once it is started.
    void post(std::function<void(DlqReadWorker *)> call);

    ObjectThread *m_thread = nullptr;
    QList<std::function<void(DlqReadWorker *)>> m_queue; ///< calls waiting for the thread to start
};

} // namespace console
} // namespace taskstream

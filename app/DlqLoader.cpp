#include "DlqLoader.h"

#include "common/ObjectThread.h"
#include "processing/DlqTools.h"

#include <memory>

#include <QLoggingCategory>
#include <QTimer>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcDlqLoader, "taskstream.console.dlq")

/// Lives on the reading thread: the browser, the row maker and the batch being filled.
class DlqReadWorker : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxBatch = DlqLoader::MaxBatch;
    static constexpr int BatchIntervalMs = DlqLoader::BatchIntervalMs;

    DlqReadWorker()
    {
        m_flush.setSingleShot(true);
        m_flush.setInterval(BatchIntervalMs);
        connect(&m_flush, &QTimer::timeout, this, &DlqReadWorker::flush);
    }

    void load(quint64 generation, const kafka::KafkaConfig &config, const QString &topic, int maxRecords, int timeoutMs)
    {
        cancel();
        m_generation = generation;
        m_maker = DlqRowMaker();
        m_count = 0;
        m_browser = new processing::DlqBrowser(config, {}, this);
        m_browser->setKeepRecords(false);
        connect(m_browser, &processing::DlqBrowser::recordsRead, this, &DlqReadWorker::onRecords);
        connect(m_browser, &processing::DlqBrowser::finished, this,
                [this](const QList<processing::DlqRecord> &, const kafka::KafkaError &error) {
                    flush();
                    emit finished(m_generation, m_count, error);
                    // Its consumer is closed here, on this thread, never in the window's.
                    m_browser->deleteLater();
                    m_browser = nullptr;
                });
        m_browser->browse(topic, maxRecords, timeoutMs);
    }

    void cancel()
    {
        m_flush.stop();
        m_pending.clear();
        if (m_browser) {
            m_browser->disconnect(this);
            m_browser->deleteLater();
            m_browser = nullptr;
        }
    }

signals:
    void rowsRead(quint64 generation, const QList<taskstream::console::DlqRow> &rows);
    void finished(quint64 generation, int count, const taskstream::kafka::KafkaError &error);

private:
    void onRecords(const QList<processing::DlqRecord> &records)
    {
        for (const processing::DlqRecord &r : records) {
            m_pending.append(m_maker.make(r));
            ++m_count;
            if (m_pending.size() >= MaxBatch)
                flush();
        }
        if (!m_pending.isEmpty() && !m_flush.isActive())
            m_flush.start();
    }

    void flush()
    {
        m_flush.stop();
        if (m_pending.isEmpty())
            return;
        std::sort(m_pending.begin(), m_pending.end(), DlqRow::lessThan);
        emit rowsRead(m_generation, std::exchange(m_pending, {}));
    }

    processing::DlqBrowser *m_browser = nullptr;
    quint64 m_generation = 0;
    DlqRowMaker m_maker;
    QList<DlqRow> m_pending;
    int m_count = 0;
    QTimer m_flush;
};

DlqLoader::DlqLoader(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<QList<DlqRow>>();
    qRegisterMetaType<kafka::KafkaError>();
}

DlqLoader::~DlqLoader()
{
    // Destroys the worker (and a browse still running) on its thread and waits for the thread.
    delete m_thread;
}

void DlqLoader::post(std::function<void(DlqReadWorker *)> call)
{
    if (m_thread && m_thread->isStarted()) {
        auto *worker = m_thread->objectAs<DlqReadWorker>();
        QMetaObject::invokeMethod(
            worker, [worker, call = std::move(call)] { call(worker); }, Qt::QueuedConnection);
        return;
    }
    m_queue << std::move(call);
    if (m_thread)
        return; // starting
    m_thread = new ObjectThread(QStringLiteral("dlq-reader"), this);
    connect(m_thread, &ObjectThread::started, this, [this] {
        auto *worker = m_thread->objectAs<DlqReadWorker>();
        connect(worker, &DlqReadWorker::rowsRead, this, &DlqLoader::rowsRead, Qt::QueuedConnection);
        connect(worker, &DlqReadWorker::finished, this, &DlqLoader::finished, Qt::QueuedConnection);
        const auto queued = std::exchange(m_queue, {});
        for (const auto &c : queued)
            post(c);
    });
    m_thread->start([](QString *) -> QObject * { return new DlqReadWorker; });
}

void DlqLoader::load(quint64 generation, const kafka::KafkaConfig &config, const QString &topic, int maxRecords,
                     int timeoutMs)
{
    post([=](DlqReadWorker *w) { w->load(generation, config, topic, maxRecords, timeoutMs); });
}

void DlqLoader::cancel()
{
    if (m_thread)
        post([](DlqReadWorker *w) { w->cancel(); });
}

void DlqLoader::dispose(QList<QList<DlqRow>> rows)
{
    if (rows.isEmpty())
        return;
    // Freed inside the call, on the reading thread. Not by the call's end of life: whichever thread
    // lets go of a queued call last destroys it, and that may be this one (a race that freed
    // 100,000 rows here in 100 ms).
    auto held = std::make_shared<QList<QList<DlqRow>>>(std::move(rows));
    post([held](DlqReadWorker *) { const QList<QList<DlqRow>> gone = std::exchange(*held, {}); });
}

} // namespace console
} // namespace taskstream

#include "DlqLoader.moc"

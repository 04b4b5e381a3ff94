#include "TopicSearch.h"

#include "common/ObjectThread.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcSearch, "taskstream.console.search")

namespace taskstream {
namespace console {

namespace {

bool containsText(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

} // namespace

bool SearchRequest::matches(const DecodedRecord &record) const
{
    if (fromMs >= 0 && record.timestampMs >= 0 && record.timestampMs < fromMs)
        return false;
    if (toMs >= 0 && record.timestampMs > toMs)
        return false;
    if (!keyText.isEmpty() && !containsText(record.keyText(), keyText))
        return false;
    if (!valueText.isEmpty()) {
        const QString value = record.event.isEmpty()
                                  ? QString::fromUtf8(record.rawValue)
                                  : QString::fromUtf8(QJsonDocument(record.event).toJson(QJsonDocument::Compact));
        if (!containsText(value, valueText))
            return false;
    }
    if (!headerText.isEmpty()) {
        const qsizetype eq = headerText.indexOf(QLatin1Char('='));
        const QString name = (eq < 0 ? headerText : headerText.left(eq)).trimmed();
        const QString words = eq < 0 ? QString() : headerText.mid(eq + 1);
        bool found = false;
        for (const kafka::Header &h : record.headers) {
            if ((name.isEmpty() || h.key.compare(name, Qt::CaseInsensitive) == 0) &&
                (eq < 0 || containsText(QString::fromUtf8(h.value), words))) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

/// Lives on the search thread: reads with a TopicBrowser, keeps the matches, reports progress.
class SearchWorker : public QObject
{
    Q_OBJECT
public:
    SearchWorker() : m_browser(new TopicBrowser(this))
    {
        connect(m_browser, &TopicBrowser::rangeKnown, this, [this](qint64 records) { m_total = records; });
        connect(m_browser, &TopicBrowser::recordsRead, this, &SearchWorker::onRecords);
        connect(m_browser, &TopicBrowser::finished, this, [this](int, const kafka::KafkaError &error) {
            if (m_active)
                end(false, error.isError() ? error.message() : limitReached());
        });
    }

    void run(quint64 generation, const kafka::KafkaConfig &config, const SearchRequest &request)
    {
        m_generation = generation;
        m_request = request;
        m_scanned = 0;
        m_matches = 0;
        m_total = 0;
        m_active = true;
        m_sinceProgress.start();
        BrowseRequest browse;
        browse.topic = request.topic;
        browse.partition = request.partition;
        browse.from = request.fromMs >= 0 ? BrowseRequest::From::Timestamp : BrowseRequest::From::Beginning;
        browse.timestampMs = qMax<qint64>(0, request.fromMs);
        browse.maxRecords = int(qMin<qint64>(request.maxScanned, std::numeric_limits<int>::max()));
        browse.timeoutMs = request.timeoutMs;
        browse.schemaRegistryUrl = request.schemaRegistryUrl;
        m_browser->browse(config, browse);
    }

    void cancel(quint64 generation)
    {
        if (generation != m_generation || !m_active)
            return;
        m_browser->cancel();
        end(true, {});
    }

    void exportTo(const QList<DecodedRecord> &records, const QString &path)
    {
        QSaveFile file(path);
        QString error;
        if (!file.open(QIODevice::WriteOnly)) {
            error = file.errorString();
        } else {
            for (const DecodedRecord &r : records) {
                QByteArray line = QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact);
                line += '\n';
                if (file.write(line) != line.size()) {
                    error = file.errorString();
                    break;
                }
            }
            if (error.isEmpty() && !file.commit())
                error = file.errorString();
        }
        emit exported(path, error.isEmpty() ? int(records.size()) : 0, error);
    }

signals:
    void matched(quint64 generation, const QList<taskstream::console::DecodedRecord> &records);
    void progress(quint64 generation, qint64 scanned, qint64 total, qint64 matches);
    void finished(quint64 generation, qint64 scanned, qint64 matches, bool cancelled, const QString &error);
    void exported(const QString &path, int count, const QString &error);

private:
    QString limitReached() const
    {
        if (m_matches >= m_request.maxMatches)
            return tr("stopped at %n match(es)", nullptr, m_request.maxMatches);
        if (m_scanned >= m_request.maxScanned)
            return tr("stopped after reading %1 records").arg(m_request.maxScanned);
        return {};
    }

    void onRecords(const QList<DecodedRecord> &records)
    {
        if (!m_active)
            return;
        QList<DecodedRecord> hits;
        for (const DecodedRecord &r : records) {
            ++m_scanned;
            if (m_request.matches(r)) {
                hits.append(r);
                if (m_matches + hits.size() >= m_request.maxMatches)
                    break;
            }
        }
        m_matches += hits.size();
        if (!hits.isEmpty())
            emit matched(m_generation, hits);
        if (m_sinceProgress.elapsed() >= 100) {
            m_sinceProgress.restart();
            emit progress(m_generation, m_scanned, qMax(m_total, m_scanned), m_matches);
        }
        if (m_matches >= m_request.maxMatches) {
            m_browser->cancel();
            end(false, limitReached());
        }
    }

    void end(bool cancelled, const QString &error)
    {
        m_active = false;
        emit progress(m_generation, m_scanned, qMax(m_total, m_scanned), m_matches);
        emit finished(m_generation, m_scanned, m_matches, cancelled, error);
    }

    TopicBrowser *m_browser;
    SearchRequest m_request;
    quint64 m_generation = 0;
    qint64 m_scanned = 0;
    qint64 m_matches = 0;
    qint64 m_total = 0;
    bool m_active = false;
    QElapsedTimer m_sinceProgress;
};

TopicSearch::TopicSearch(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<QList<DecodedRecord>>();
}

TopicSearch::~TopicSearch()
{
    // Destroys the worker (and its browser: consumer closed) on its thread, then ends the thread.
    delete m_thread;
}

void TopicSearch::ensureThread()
{
    if (m_thread)
        return;
    m_thread = new ObjectThread(QStringLiteral("console-search"), this);
    connect(m_thread, &ObjectThread::started, this, [this] {
        auto *worker = m_thread->objectAs<SearchWorker>();
        m_worker = worker;
        connect(worker, &SearchWorker::matched, this, [this](quint64 generation, const QList<DecodedRecord> &records) {
            if (generation == m_generation)
                emit matched(records);
        });
        connect(worker, &SearchWorker::progress, this,
                [this](quint64 generation, qint64 scanned, qint64 total, qint64 matches) {
                    if (generation == m_generation)
                        emit progress(scanned, total, matches);
                });
        connect(worker, &SearchWorker::finished, this,
                [this](quint64 generation, qint64 scanned, qint64 matches, bool cancelled, const QString &error) {
                    if (generation != m_generation)
                        return;
                    m_running = false;
                    emit finished(scanned, matches, cancelled, error);
                });
        connect(worker, &SearchWorker::exported, this, &TopicSearch::exported);
        if (m_pendingStart) {
            m_pendingStart = false;
            const quint64 generation = m_generation;
            const kafka::KafkaConfig config = m_pendingConfig;
            const SearchRequest request = m_pendingRequest;
            QMetaObject::invokeMethod(
                worker, [worker, generation, config, request] { worker->run(generation, config, request); });
        }
    });
    connect(m_thread, &ObjectThread::failed, this, [this](const QString &why) {
        m_running = false;
        emit finished(0, 0, false, why);
    });
    m_thread->start([](QString *) -> QObject * { return new SearchWorker; });
}

void TopicSearch::start(const kafka::KafkaConfig &config, const SearchRequest &request)
{
    if (m_running)
        cancel();
    ++m_generation;
    m_running = true;
    qCInfo(lcSearch) << "searching" << request.topic;
    if (!m_worker) {
        m_pendingStart = true;
        m_pendingConfig = config;
        m_pendingRequest = request;
        ensureThread();
        return;
    }
    auto *worker = static_cast<SearchWorker *>(m_worker.data());
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(worker,
                              [worker, generation, config, request] { worker->run(generation, config, request); });
}

void TopicSearch::cancel()
{
    if (!m_running)
        return;
    if (m_pendingStart) {
        m_pendingStart = false;
        m_running = false;
        emit finished(0, 0, true, {});
        return;
    }
    auto *worker = static_cast<SearchWorker *>(m_worker.data());
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(worker, [worker, generation] { worker->cancel(generation); });
}

void TopicSearch::exportJsonLines(const QList<DecodedRecord> &records, const QString &path)
{
    ensureThread();
    if (!m_worker) {
        // The thread is starting: export once it runs.
        connect(
            m_thread, &ObjectThread::started, this, [this, records, path] { exportJsonLines(records, path); },
            Qt::SingleShotConnection);
        return;
    }
    auto *worker = static_cast<SearchWorker *>(m_worker.data());
    QMetaObject::invokeMethod(worker, [worker, records, path] { worker->exportTo(records, path); });
}

} // namespace console
} // namespace taskstream

#include "TopicSearch.moc"

#include "MessageSearchBar.h"

#include "ClusterMonitor.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

MessageSearchBar::MessageSearchBar(ClusterMonitor *monitor, std::function<std::pair<QString, int>()> source,
                                   QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_source(std::move(source)), m_search(new TopicSearch(this)),
      m_fromBox(new QCheckBox(tr("From"), this)), m_fromEdit(new QDateTimeEdit(this)),
      m_toBox(new QCheckBox(tr("to"), this)), m_toEdit(new QDateTimeEdit(this)), m_keyEdit(new QLineEdit(this)),
      m_valueEdit(new QLineEdit(this)), m_headerEdit(new QLineEdit(this)),
      m_searchButton(new QPushButton(tr("Search topic"), this)), m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_exportButton(new QPushButton(tr("Export JSON lines…"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("messageSearchBar"));
    for (QDateTimeEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setEnabled(false);
    }
    m_fromEdit->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
    m_toEdit->setDateTime(QDateTime::currentDateTime());
    m_fromBox->setToolTip(tr("Only records written at or after this time"));
    m_toBox->setToolTip(tr("Only records written at or before this time"));
    connect(m_fromBox, &QCheckBox::toggled, m_fromEdit, &QWidget::setEnabled);
    connect(m_toBox, &QCheckBox::toggled, m_toEdit, &QWidget::setEnabled);
    m_keyEdit->setObjectName(QStringLiteral("searchKey"));
    m_keyEdit->setPlaceholderText(tr("Key contains"));
    m_valueEdit->setObjectName(QStringLiteral("searchValue"));
    m_valueEdit->setPlaceholderText(tr("Value contains"));
    m_headerEdit->setObjectName(QStringLiteral("searchHeader"));
    m_headerEdit->setPlaceholderText(tr("Header (name or name=words)"));
    for (QLineEdit *edit : {m_keyEdit, m_valueEdit, m_headerEdit}) {
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::returnPressed, this, &MessageSearchBar::search);
    }
    m_searchButton->setObjectName(QStringLiteral("searchButton"));
    m_searchButton->setToolTip(tr("Read the whole topic (or the chosen partition) in the background and keep the "
                                  "records that match"));
    m_cancelButton->setObjectName(QStringLiteral("searchCancelButton"));
    m_exportButton->setObjectName(QStringLiteral("searchExportButton"));
    m_exportButton->setToolTip(tr("Save the matches as JSON lines, one record a line"));
    m_progress->setObjectName(QStringLiteral("searchProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_status->setObjectName(QStringLiteral("searchStatus"));
    connect(m_searchButton, &QPushButton::clicked, this, &MessageSearchBar::search);
    connect(m_cancelButton, &QPushButton::clicked, this, &MessageSearchBar::cancel);
    connect(m_exportButton, &QPushButton::clicked, this, &MessageSearchBar::exportMatches);

    connect(m_search, &TopicSearch::matched, this, [this](const QList<DecodedRecord> &records) {
        m_matches += records;
        emit matched(records);
    });
    connect(m_search, &TopicSearch::progress, this, [this](qint64 scanned, qint64 total, qint64 matches) {
        // The bar counts in per mille so that huge topics fit an int.
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(qMin<qint64>(1000, scanned * 1000 / total)) : 0);
        m_status->setText(
            tr("%1 of about %2 records read, %n match(es)", nullptr, int(matches)).arg(scanned).arg(total));
    });
    connect(m_search, &TopicSearch::finished, this,
            [this](qint64 scanned, qint64 matches, bool cancelled, const QString &error) {
                m_progress->hide();
                QString text = tr("%n match(es)", nullptr, int(matches)) +
                               tr(" in %n record(s) read", nullptr, int(qMin<qint64>(scanned, INT_MAX)));
                if (cancelled)
                    text += tr("; cancelled");
                else if (!error.isEmpty())
                    text += QStringLiteral("; ") + error;
                m_status->setText(text);
                updateButtons();
                emit searchFinished(scanned, matches, cancelled, error);
            });
    connect(m_search, &TopicSearch::exported, this, [this](const QString &path, int count, const QString &error) {
        if (error.isEmpty())
            m_status->setText(tr("%n match(es) written to %1", nullptr, count).arg(path));
        else
            emit problem(tr("The matches could not be written to %1: %2").arg(path, error));
        emit exported(path, count, error);
    });

    // Two rows, so the tab can still shrink: the criteria, then the buttons and the progress.
    auto *criteria = new QHBoxLayout;
    criteria->addWidget(m_fromBox);
    criteria->addWidget(m_fromEdit);
    criteria->addWidget(m_toBox);
    criteria->addWidget(m_toEdit);
    criteria->addWidget(m_keyEdit, 1);
    criteria->addWidget(m_valueEdit, 2);
    criteria->addWidget(m_headerEdit, 1);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_searchButton);
    actions->addWidget(m_cancelButton);
    actions->addWidget(m_progress);
    actions->addWidget(m_exportButton);
    actions->addWidget(m_status, 1);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(criteria);
    layout->addLayout(actions);
    updateButtons();
}

SearchRequest MessageSearchBar::request() const
{
    SearchRequest r;
    const auto [topic, partition] = m_source();
    r.topic = topic;
    r.partition = partition;
    r.fromMs = m_fromBox->isChecked() ? m_fromEdit->dateTime().toMSecsSinceEpoch() : -1;
    r.toMs = m_toBox->isChecked() ? m_toEdit->dateTime().toMSecsSinceEpoch() : -1;
    r.keyText = m_keyEdit->text();
    r.valueText = m_valueEdit->text();
    r.headerText = m_headerEdit->text().trimmed();
    r.schemaRegistryUrl = m_monitor->schemaRegistryUrl();
    return r;
}

void MessageSearchBar::setTimeRange(const QDateTime &from, const QDateTime &to)
{
    m_fromBox->setChecked(from.isValid());
    if (from.isValid())
        m_fromEdit->setDateTime(from.toLocalTime());
    m_toBox->setChecked(to.isValid());
    if (to.isValid())
        m_toEdit->setDateTime(to.toLocalTime());
}

void MessageSearchBar::setKeyText(const QString &text)
{
    m_keyEdit->setText(text);
}

void MessageSearchBar::setValueText(const QString &text)
{
    m_valueEdit->setText(text);
}

void MessageSearchBar::setHeaderText(const QString &text)
{
    m_headerEdit->setText(text);
}

QString MessageSearchBar::statusText() const
{
    return m_status->text();
}

void MessageSearchBar::search()
{
    const SearchRequest r = request();
    if (m_monitor->bootstrapServers().isEmpty() || r.topic.isEmpty()) {
        emit problem(tr("Connect to a cluster and choose a topic first."));
        return;
    }
    if (r.fromMs >= 0 && r.toMs >= 0 && r.toMs < r.fromMs) {
        emit problem(tr("The search's time range ends before it starts."));
        return;
    }
    m_matches.clear();
    emit searchStarted();
    m_progress->setRange(0, 0); // busy until the range is known
    m_progress->show();
    m_status->setText(tr("Searching %1…").arg(r.topic));
    m_search->start(m_monitor->clientConfig(), r);
    updateButtons();
}

void MessageSearchBar::cancel()
{
    m_search->cancel();
}

void MessageSearchBar::exportMatches()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export matches"), QStringLiteral("matches.jsonl"),
                                                      tr("JSON lines (*.jsonl *.ndjson);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path);
}

void MessageSearchBar::exportTo(const QString &path)
{
    m_search->exportJsonLines(m_matches, path);
}

void MessageSearchBar::updateButtons()
{
    const bool running = m_search->isRunning();
    m_searchButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_exportButton->setEnabled(!running && !m_matches.isEmpty());
}

} // namespace console
} // namespace taskstream

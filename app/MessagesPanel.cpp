#include "MessagesPanel.h"

#include "ClusterMonitor.h"
#include "MessageSearchBar.h"
#include "TopicBrowser.h"
#include "models/MessageFilterProxyModel.h"
#include "models/MessagesModel.h"
#include "models/RecordDecoding.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

MessagesPanel::MessagesPanel(ClusterMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_model(new MessagesModel(this)), m_proxy(new MessageFilterProxyModel(this)),
      m_browser(new TopicBrowser(this)), m_topicBox(new QComboBox(this)), m_partitionBox(new QComboBox(this)),
      m_fromBox(new QComboBox(this)), m_countSpin(new QSpinBox(this)), m_offsetEdit(new QLineEdit(this)),
      m_timeEdit(new QDateTimeEdit(this)), m_maxSpin(new QSpinBox(this)), m_keyFilter(new QLineEdit(this)),
      m_typeFilter(new QLineEdit(this)), m_textFilter(new QLineEdit(this)), m_view(new QTableView(this)),
      m_detail(new QPlainTextEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("messagesPanel"));
    m_proxy->setSourceModel(m_model);
    m_topicBox->setObjectName(QStringLiteral("messagesTopicBox"));
    m_topicBox->setMinimumContentsLength(14);
    m_topicBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_partitionBox->setObjectName(QStringLiteral("messagesPartitionBox"));
    m_fromBox->addItem(tr("Last records"));
    m_fromBox->addItem(tr("Beginning"));
    m_fromBox->addItem(tr("Offset"));
    m_fromBox->addItem(tr("Time"));
    m_fromBox->setToolTip(tr("Where to start reading in each partition"));
    m_countSpin->setRange(1, 10000);
    m_countSpin->setValue(100);
    m_countSpin->setSuffix(tr(" per partition"));
    m_offsetEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,18}")), m_offsetEdit));
    m_offsetEdit->setText(QStringLiteral("0"));
    m_offsetEdit->setPlaceholderText(tr("offset"));
    m_timeEdit->setCalendarPopup(true);
    m_timeEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_timeEdit->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
    m_maxSpin->setRange(1, 10000);
    m_maxSpin->setValue(1000);
    m_maxSpin->setPrefix(tr("at most "));
    m_maxSpin->setToolTip(tr("The view keeps at most this many records"));
    connect(m_fromBox, &QComboBox::currentIndexChanged, this, &MessagesPanel::updateFromWidgets);
    connect(m_topicBox, &QComboBox::currentIndexChanged, this, &MessagesPanel::updatePartitions);

    m_readAction = new QAction(tr("&Read"), this);
    m_readAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_readAction->setToolTip(tr("Read the topic's records from the chosen position (Ctrl+Shift+M)"));
    connect(m_readAction, &QAction::triggered, this, &MessagesPanel::read);
    m_copyAction = new QAction(tr("&Copy as JSON"), this);
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAction->setToolTip(tr("Copy the selected records, or all shown, as JSON (Ctrl+Shift+C)"));
    connect(m_copyAction, &QAction::triggered, this, &MessagesPanel::copySelected);
    auto *readButton = new QPushButton(m_readAction->text().remove(QLatin1Char('&')), this);
    readButton->setObjectName(QStringLiteral("messagesReadButton"));
    readButton->setToolTip(m_readAction->toolTip());
    connect(readButton, &QPushButton::clicked, m_readAction, &QAction::trigger);
    auto *copyButton = new QPushButton(m_copyAction->text().remove(QLatin1Char('&')), this);
    copyButton->setToolTip(m_copyAction->toolTip());
    connect(copyButton, &QPushButton::clicked, m_copyAction, &QAction::trigger);

    for (auto [edit, text] :
         {std::pair{m_keyFilter, tr("Filter by key")}, std::pair{m_typeFilter, tr("Filter by type")},
          std::pair{m_textFilter, tr("Filter by text")}}) {
        edit->setPlaceholderText(text);
        edit->setClearButtonEnabled(true);
    }
    connect(m_keyFilter, &QLineEdit::textChanged, m_proxy, &MessageFilterProxyModel::setKeyFilter);
    connect(m_typeFilter, &QLineEdit::textChanged, m_proxy, &MessageFilterProxyModel::setTypeFilter);
    connect(m_textFilter, &QLineEdit::textChanged, m_proxy, &MessageFilterProxyModel::setTextFilter);

    m_view->setObjectName(QStringLiteral("messagesView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(MessagesModel::TimeColumn, Qt::AscendingOrder);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(MessagesModel::ValueColumn, QHeaderView::Stretch);
    m_view->addAction(m_copyAction);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MessagesPanel::showCurrent);
    m_detail->setObjectName(QStringLiteral("messageDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a record to see it decoded, with its key and headers."));

    auto *source = new QHBoxLayout;
    source->addWidget(new QLabel(tr("Topic:"), this));
    source->addWidget(m_topicBox, 2);
    source->addWidget(m_partitionBox);
    source->addWidget(new QLabel(tr("from"), this));
    source->addWidget(m_fromBox);
    source->addWidget(m_countSpin);
    source->addWidget(m_offsetEdit);
    source->addWidget(m_timeEdit);
    source->addWidget(m_maxSpin);
    source->addWidget(readButton);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_keyFilter);
    filters->addWidget(m_typeFilter);
    filters->addWidget(m_textFilter, 2);
    filters->addWidget(copyButton);
    // The search reads the whole topic on a thread of its own; its matches fill the table.
    m_searchBar = new MessageSearchBar(
        m_monitor,
        [this] {
            return std::pair<QString, int>(m_topicBox->currentText(), m_partitionBox->currentData().isValid()
                                                                          ? m_partitionBox->currentData().toInt()
                                                                          : -1);
        },
        this);
    connect(m_searchBar, &MessageSearchBar::searchStarted, this, [this] {
        m_model->clear();
        m_model->setMaxRows(m_searchBar->request().maxMatches);
        m_detail->clear();
    });
    connect(m_searchBar, &MessageSearchBar::matched, m_model, &MessagesModel::appendRecords);
    connect(m_searchBar, &MessageSearchBar::problem, this, &MessagesPanel::problem);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(source);
    layout->addLayout(filters);
    layout->addWidget(m_searchBar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    addAction(m_readAction);
    m_readAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_copyAction);

    connect(m_monitor, &ClusterMonitor::metadataUpdated, this, &MessagesPanel::onMetadata);
    connect(m_browser, &TopicBrowser::recordsRead, m_model, &MessagesModel::appendRecords);
    connect(m_browser, &TopicBrowser::finished, this, [this](int count, const kafka::KafkaError &error) {
        m_readAction->setEnabled(true);
        if (error.isError()) {
            m_status->setText(tr("%n record(s) read; stopped: %1", nullptr, count).arg(error.message()));
            emit problem(
                tr("Reading the topic failed (%1). Check the connection and read again.").arg(error.message()));
        } else {
            m_status->setText(tr("%n record(s) read", nullptr, count));
        }
        m_view->resizeColumnToContents(MessagesModel::TimeColumn);
        m_view->resizeColumnToContents(MessagesModel::KeyColumn);
        emit readFinished(count);
    });
    updateFromWidgets();
    updatePartitions();
}

bool MessagesPanel::isReading() const
{
    return m_browser->isBusy();
}

void MessagesPanel::onMetadata(const kafka::ClusterMetadata &metadata)
{
    m_metadata = metadata;
    QStringList names;
    for (const kafka::TopicInfo &t : metadata.topics)
        names << t.name;
    names.sort();
    const QString current = m_topicBox->currentText();
    QStringList shown;
    for (int i = 0; i < m_topicBox->count(); ++i)
        shown << m_topicBox->itemText(i);
    if (shown != names) {
        m_topicBox->blockSignals(true);
        m_topicBox->clear();
        m_topicBox->addItems(names);
        m_topicBox->setCurrentIndex(qMax(0, names.indexOf(current)));
        m_topicBox->blockSignals(false);
    }
    updatePartitions();
}

void MessagesPanel::updatePartitions()
{
    const kafka::TopicInfo *t = m_metadata.topic(m_topicBox->currentText());
    const int count = t ? int(t->partitions.size()) : 0;
    if (m_partitionBox->count() == count + 1)
        return;
    const int current = m_partitionBox->currentData().isValid() ? m_partitionBox->currentData().toInt() : -1;
    m_partitionBox->clear();
    m_partitionBox->addItem(tr("all partitions"), -1);
    for (int p = 0; p < count; ++p)
        m_partitionBox->addItem(tr("partition %1").arg(p), p);
    m_partitionBox->setCurrentIndex(qMax(0, m_partitionBox->findData(current)));
}

void MessagesPanel::updateFromWidgets()
{
    const auto from = From(m_fromBox->currentIndex());
    m_countSpin->setVisible(from == From::Latest);
    m_offsetEdit->setVisible(from == From::Offset);
    m_timeEdit->setVisible(from == From::Timestamp);
}

void MessagesPanel::selectTopic(const QString &topic, int partition)
{
    const int i = m_topicBox->findText(topic);
    if (i >= 0)
        m_topicBox->setCurrentIndex(i);
    updatePartitions();
    m_partitionBox->setCurrentIndex(qMax(0, m_partitionBox->findData(partition)));
}

void MessagesPanel::setFrom(From from)
{
    m_fromBox->setCurrentIndex(int(from));
}

void MessagesPanel::setOffset(qint64 offset)
{
    m_offsetEdit->setText(QString::number(offset));
}

void MessagesPanel::setTimestamp(const QDateTime &time)
{
    m_timeEdit->setDateTime(time.toLocalTime());
}

void MessagesPanel::read()
{
    const QString topic = m_topicBox->currentText();
    if (m_monitor->bootstrapServers().isEmpty() || topic.isEmpty()) {
        emit problem(tr("Connect to a cluster and choose a topic first."));
        return;
    }
    BrowseRequest request;
    request.topic = topic;
    request.partition = m_partitionBox->currentData().isValid() ? m_partitionBox->currentData().toInt() : -1;
    switch (From(m_fromBox->currentIndex())) {
    case From::Latest:
        request.from = BrowseRequest::From::Latest;
        break;
    case From::Beginning:
        request.from = BrowseRequest::From::Beginning;
        break;
    case From::Offset:
        request.from = BrowseRequest::From::Offset;
        break;
    case From::Timestamp:
        request.from = BrowseRequest::From::Timestamp;
        break;
    }
    request.latestCount = m_countSpin->value();
    request.offset = m_offsetEdit->text().toLongLong();
    request.timestampMs = m_timeEdit->dateTime().toMSecsSinceEpoch();
    request.maxRecords = m_maxSpin->value();
    m_model->clear();
    m_model->setMaxRows(m_maxSpin->value());
    m_detail->clear();
    m_status->setText(tr("Reading %1…").arg(topic));
    m_readAction->setEnabled(false);
    request.schemaRegistryUrl = m_monitor->schemaRegistryUrl();
    m_browser->browse(m_monitor->clientConfig(), request);
}

QJsonArray MessagesPanel::selectedRecordsJson() const
{
    QJsonArray out;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            out.append(m_proxy->index(r, 0).data(MessagesModel::JsonRole).toJsonObject());
        return out;
    }
    for (const QModelIndex &i : rows)
        out.append(i.data(MessagesModel::JsonRole).toJsonObject());
    return out;
}

void MessagesPanel::copySelected()
{
    const QJsonArray records = selectedRecordsJson();
    const QByteArray json =
        records.size() == 1 ? QJsonDocument(records.first().toObject()).toJson() : QJsonDocument(records).toJson();
    QApplication::clipboard()->setText(QString::fromUtf8(json));
    m_status->setText(tr("%n record(s) copied as JSON", nullptr, int(records.size())));
}

void MessagesPanel::showCurrent()
{
    const QModelIndex i = m_view->currentIndex();
    if (!i.isValid()) {
        m_detail->clear();
        return;
    }
    const QJsonObject json = i.data(MessagesModel::JsonRole).toJsonObject();
    QString text = QString::fromUtf8(QJsonDocument(json).toJson());
    // A value that does not decode: its bytes as a hex dump with the printable characters.
    if (json.contains(QStringLiteral("value_base64"))) {
        const QByteArray raw = QByteArray::fromBase64(json.value(QStringLiteral("value_base64")).toString().toLatin1());
        text += QLatin1Char('\n') + tr("The value (%n byte(s)) as hex and text:", nullptr, int(raw.size())) +
                QLatin1Char('\n') + hexDump(raw);
    }
    m_detail->setPlainText(text);
}

} // namespace console
} // namespace taskstream

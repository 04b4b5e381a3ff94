#include "LivePanel.h"

#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "events/AsyncEventCodec.h"
#include "kafka/KafkaConsumer.h"
#include "models/LiveEventsFilterModel.h"
#include "models/LiveEventsModel.h"
#include "models/RecordDecoding.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QUrlQuery>
#include <QUuid>
#include <QVBoxLayout>
#include <QWebSocket>

namespace taskstream {
namespace console {

Q_DECLARE_LOGGING_CATEGORY(lcConsole)

const QString LivePanel::BroadcastTopic = QStringLiteral("todo.task_updates.broadcast");
const QString LivePanel::RemindersTopic = QStringLiteral("todo.reminders.events");

LivePanel::LivePanel(ClusterMonitor *monitor, DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_model(new LiveEventsModel(this)), m_proxy(new LiveEventsFilterModel(this)),
      m_codec(std::make_unique<events::AsyncEventCodec>(events::CodecConfig{})), m_client(client),
      m_sourceBox(new QComboBox(this)), m_userFilter(new QLineEdit(this)), m_typeBox(new QComboBox(this)),
      m_view(new QTableView(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("livePanel"));
    m_proxy->setSourceModel(m_model);
    m_userFilter->setObjectName(QStringLiteral("liveUserFilter"));
    m_userFilter->setPlaceholderText(tr("Filter by user (id or demo name)"));
    m_userFilter->setClearButtonEnabled(true);
    connect(m_userFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        QString filter = text.trimmed();
        for (const DemoUsers::User &u : DemoUsers::all())
            if (u.name.compare(filter, Qt::CaseInsensitive) == 0)
                filter = u.id.toString(QUuid::WithoutBraces);
        m_proxy->setUserFilter(filter);
    });
    m_sourceBox->setObjectName(QStringLiteral("liveSourceBox"));
    m_sourceBox->addItem(tr("Kafka topics (every user)"));
    m_sourceBox->addItem(tr("Daemon feed (one user)"));
    m_sourceBox->setToolTip(tr("Read the broadcast topics directly, or the daemon's WebSocket feed as the user "
                               "in the filter sees it (needs the daemon's URL and token, or the sandbox)"));
    connect(m_sourceBox, &QComboBox::activated, this, [this](int index) { setSource(Source(index)); });
    m_typeBox->addItem(tr("All types"), QString());
    m_typeBox->addItem(QStringLiteral("TaskChanged"), QStringLiteral("TaskChanged"));
    m_typeBox->addItem(QStringLiteral("ReminderTriggered"), QStringLiteral("ReminderTriggered"));
    m_typeBox->addItem(QStringLiteral("NotificationCreated"), QStringLiteral("NotificationCreated"));
    connect(m_typeBox, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setTypeFilter(m_typeBox->currentData().toString()); });

    m_pauseAction = new QAction(tr("&Pause"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pauseAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pauseAction->setToolTip(tr("Stop reading new events; resume catches up (Ctrl+Shift+P)"));
    connect(m_pauseAction, &QAction::toggled, this, &LivePanel::setPaused);
    m_clearAction = new QAction(tr("C&lear"), this);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_clearAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_clearAction, &QAction::triggered, m_model, &LiveEventsModel::clear);
    addActions({m_pauseAction, m_clearAction});
    auto *pauseButton = new QPushButton(tr("Pause"), this);
    pauseButton->setObjectName(QStringLiteral("livePauseButton"));
    pauseButton->setCheckable(true);
    pauseButton->setToolTip(m_pauseAction->toolTip());
    connect(pauseButton, &QPushButton::toggled, m_pauseAction, &QAction::setChecked);
    connect(m_pauseAction, &QAction::toggled, pauseButton, [pauseButton](bool paused) {
        pauseButton->setChecked(paused);
        pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    });
    auto *clearButton = new QPushButton(tr("Clear"), this);
    connect(clearButton, &QPushButton::clicked, m_clearAction, &QAction::trigger);

    m_view->setObjectName(QStringLiteral("liveView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(LiveEventsModel::TitleColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->resizeSection(
        LiveEventsModel::TimeColumn, m_view->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000__")));
    m_view->horizontalHeader()->resizeSection(
        LiveEventsModel::TypeColumn, m_view->fontMetrics().horizontalAdvance(QStringLiteral("NotificationCreated__")));
    // A whole UUID, with the cell's margins, in the user and task columns.
    const int uuidWidth = uuidColumnWidth(m_view);
    m_view->horizontalHeader()->resizeSection(LiveEventsModel::UserColumn, uuidWidth);
    m_view->horizontalHeader()->resizeSection(LiveEventsModel::TaskColumn, uuidWidth);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_sourceBox);
    bar->addWidget(m_userFilter, 2);
    bar->addWidget(m_typeBox);
    bar->addStretch(1);
    bar->addWidget(pauseButton);
    bar->addWidget(clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    connect(m_monitor, &ClusterMonitor::metadataUpdated, this, &LivePanel::onMetadata);
    connect(m_monitor, &ClusterMonitor::stateChanged, this, [this](ClusterMonitor::State state) {
        if (state == ClusterMonitor::State::Disconnected) {
            stop();
            m_metadata = {};
        }
    });
    connect(m_monitor, &ClusterMonitor::sandboxStopped, this, &LivePanel::stopFeed);
    // Follow the newest rows unless the user scrolled up to read.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 2)
            QMetaObject::invokeMethod(m_view, &QAbstractItemView::scrollToBottom, Qt::QueuedConnection);
    });
    // The count is of the rows shown: it follows the filters.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &LivePanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LivePanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LivePanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LivePanel::updateStatus);
    updateStatus();
}

LivePanel::~LivePanel()
{
    stop();
    if (m_socket)
        m_socket->disconnect(this);
}

bool LivePanel::isReading() const
{
    return !m_consumer.isNull();
}

bool LivePanel::isPaused() const
{
    return m_pauseAction->isChecked();
}

void LivePanel::onMetadata(const kafka::ClusterMetadata &metadata)
{
    m_metadata = metadata;
    if (m_source != Source::Topics)
        return;
    if (m_consumer && m_bootstrap == m_monitor->connectionKey())
        return;
    stop();
    start(metadata);
}

void LivePanel::start(const kafka::ClusterMetadata &metadata)
{
    kafka::TopicPartitionList parts;
    for (const QString &topic : {BroadcastTopic, RemindersTopic})
        if (const kafka::TopicInfo *t = metadata.topic(topic))
            for (const kafka::PartitionInfo &p : t->partitions)
                // librdkafka's logical "tail" offset: this many records back from the end.
                parts.append({topic, p.id, -2000 - HistoryPerPartition});
    if (parts.isEmpty()) {
        updateStatus();
        return;
    }
    auto *consumer = new kafka::KafkaConsumer(this);
    kafka::KafkaConfig cfg = m_monitor->clientConfig(); // with the profile's security settings
    cfg.set(QStringLiteral("group.id"),
            QStringLiteral("taskstream-console-live-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
    cfg.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-live"));
    // Live means a short wait for new records (the embedded broker answers a waiting fetch late).
    cfg.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50"));
    kafka::KafkaError e;
    if (!consumer->open(cfg, &e) || (e = consumer->assign(parts)).isError()) {
        delete consumer;
        qCWarning(lcConsole) << "live view cannot read the broadcast topics:" << e.toString();
        emit problem(tr("The live view cannot read %1 (%2).").arg(BroadcastTopic, e.toString()));
        return;
    }
    connect(consumer, &kafka::KafkaConsumer::messagesReceived, this, &LivePanel::onMessages);
    m_consumer = consumer;
    m_bootstrap = m_monitor->connectionKey();
    if (isPaused())
        m_consumer->pause(parts);
    updateStatus();
}

void LivePanel::stop()
{
    if (!m_consumer)
        return;
    m_consumer->disconnect(this);
    m_consumer->close();
    m_consumer->deleteLater();
    m_consumer = nullptr;
    m_bootstrap.clear();
    updateStatus();
}

void LivePanel::setSource(Source source)
{
    if (m_sourceBox->currentIndex() != int(source))
        m_sourceBox->setCurrentIndex(int(source));
    if (source == m_source && (source == Source::Topics || m_socket))
        return;
    m_source = source;
    m_model->clear();
    if (source == Source::Topics) {
        stopFeed();
        if (!m_metadata.topics.isEmpty())
            start(m_metadata);
    } else {
        stop();
        m_feedCursor.clear();
        startFeed();
    }
    updateStatus();
}

QUuid LivePanel::filterUser() const
{
    const QString text = m_userFilter->text().trimmed();
    for (const DemoUsers::User &u : DemoUsers::all())
        if (u.name.compare(text, Qt::CaseInsensitive) == 0)
            return u.id;
    return QUuid::fromString(text);
}

void LivePanel::startFeed()
{
    stopFeed();
    if (!m_client || !m_client->isConfigured()) {
        emit problem(tr("The daemon's feed needs its URL and a token: enter them in the Tasks tab, or start the "
                        "embedded sandbox."));
        updateStatus();
        return;
    }
    const QUuid user = filterUser();
    const QString token = m_client->tokenFor(user);
    if (token.isEmpty()) {
        emit problem(tr("Enter the user whose feed to show in the user filter (a demo user's name or a user id)."));
        updateStatus();
        return;
    }
    QUrl url = m_client->feedUrl();
    if (!m_feedCursor.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("cursor"), m_feedCursor);
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &LivePanel::onFeedMessage);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                if (!m_socket)
                    return;
                emit problem(tr("The daemon's feed failed (%1). Check the daemon's URL and token, then "
                                "choose the feed again.")
                                 .arg(m_socket->errorString()));
            });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        m_feedLive = false;
        updateStatus();
    });
    m_socket->open(request);
    updateStatus();
}

void LivePanel::stopFeed()
{
    m_feedLive = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->close(QWebSocketProtocol::CloseCodeNormal);
    socket->deleteLater();
    updateStatus();
}

void LivePanel::onFeedMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QStringLiteral("type")).toString();
    const QString cursor = message.value(QStringLiteral("cursor")).toString();
    if (!cursor.isEmpty())
        m_feedCursor = cursor;
    if (type == QLatin1String("welcome")) {
        m_feedLive = true;
        updateStatus();
        return;
    }
    if (type == QLatin1String("resume_incomplete")) {
        emit problem(tr("Part of what the feed missed while paused is no longer available (%1).")
                         .arg(message.value(QStringLiteral("reason")).toString()));
        return;
    }
    if (type != QLatin1String("task_changed") && type != QLatin1String("notification"))
        return;
    LiveEvent e;
    if (!LiveEvent::fromCloudEvent(message.value(QStringLiteral("event")).toObject(), -1, &e))
        return;
    for (const DemoUsers::User &u : DemoUsers::all())
        if (u.id.toString(QUuid::WithoutBraces) == e.userId)
            e.userName = u.name;
    ++m_received;
    m_model->append({e});
    updateStatus();
}

void LivePanel::setPaused(bool paused)
{
    if (m_pauseAction->isChecked() != paused)
        m_pauseAction->setChecked(paused); // comes back here through toggled()
    if (m_source == Source::Feed) {
        // The feed resumes from its cursor: nothing is missed while paused.
        paused ? stopFeed() : startFeed();
        return;
    }
    if (m_consumer) {
        const kafka::TopicPartitionList parts = m_consumer->assignment();
        paused ? m_consumer->pause(parts) : m_consumer->resume(parts);
    }
    updateStatus();
}

void LivePanel::onMessages(const QList<kafka::KafkaMessage> &messages)
{
    QList<LiveEvent> events;
    for (const kafka::KafkaMessage &m : messages) {
        const DecodedRecord r = decodeRecord(m, *m_codec);
        LiveEvent e;
        if (!r.decodeError.isEmpty() || !LiveEvent::fromCloudEvent(r.event, m.timestampMs, &e))
            continue;
        for (const DemoUsers::User &u : DemoUsers::all())
            if (u.id.toString(QUuid::WithoutBraces) == e.userId)
                e.userName = u.name;
        events.append(e);
    }
    m_received += quint64(events.size());
    m_model->append(events);
    updateStatus();
}

QString LivePanel::statusText() const
{
    return m_status->text();
}

int LivePanel::uuidColumnWidth(const QTableView *view)
{
    // Text plus the cell's margins on both sides (the style's focus frame margin and a little air).
    const int margin = 2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1) + 8;
    return view->fontMetrics().horizontalAdvance(QStringLiteral("00000000-0000-0000-0000-000000000000")) + margin;
}

QString LivePanel::shownText() const
{
    const int all = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (shown == all)
        return tr("%n event(s) shown.", nullptr, all);
    return tr("%1 of %n event(s) shown (filtered).", nullptr, all).arg(shown);
}

void LivePanel::updateStatus()
{
    if (m_source == Source::Feed) {
        if (isPaused())
            m_status->setText(tr("Paused.") + QLatin1Char(' ') + shownText());
        else if (m_feedLive)
            m_status->setText(tr("Reading the daemon's feed.") + QLatin1Char(' ') + shownText());
        else
            m_status->setText(tr("Not connected to the daemon's feed."));
        return;
    }
    if (!m_consumer)
        m_status->setText(tr("Not reading: connect to a cluster with the topic %1.").arg(BroadcastTopic) +
                          (m_model->rowCount() > 0 ? QLatin1Char(' ') + shownText() : QString()));
    else if (isPaused())
        m_status->setText(tr("Paused.") + QLatin1Char(' ') + shownText());
    else
        m_status->setText(tr("Reading %1 and %2.").arg(BroadcastTopic, RemindersTopic) + QLatin1Char(' ') +
                          shownText());
}

} // namespace console
} // namespace taskstream

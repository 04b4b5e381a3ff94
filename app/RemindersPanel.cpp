#include "RemindersPanel.h"

#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "models/RemindersModel.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

namespace {
const QString kTriggerGroup = QStringLiteral("reminder-trigger-cg");
const QString kRemindersTopic = QStringLiteral("todo.reminders.events");
constexpr int kLimit = 1000;
} // namespace

RemindersPanel::RemindersPanel(ClusterMonitor *monitor, DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_client(client), m_model(new RemindersModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_statusBox(new QComboBox(this)), m_view(new QTableView(this)),
      m_explanation(new QPlainTextEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("remindersPanel"));
    qRegisterMetaType<QList<kafka::GroupInfo>>();
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RemindersModel::SortRole);

    m_statusBox->setObjectName(QStringLiteral("remindersStatusBox"));
    m_statusBox->addItem(tr("All reminders"), QString());
    m_statusBox->addItem(tr("Pending"), QStringLiteral("pending"));
    m_statusBox->addItem(tr("Fired"), QStringLiteral("fired"));
    m_statusBox->addItem(tr("Dismissed"), QStringLiteral("dismissed"));
    connect(m_statusBox, &QComboBox::currentIndexChanged, this, &RemindersPanel::reload);

    m_reloadAction = new QAction(tr("Read reminders &again"), this);
    m_reloadAction->setToolTip(tr("Read every user's reminders from the daemon again"));
    connect(m_reloadAction, &QAction::triggered, this, &RemindersPanel::reload);
    auto *reloadButton = new QPushButton(tr("Read again"), this);
    reloadButton->setObjectName(QStringLiteral("remindersReloadButton"));
    reloadButton->setToolTip(m_reloadAction->toolTip());
    connect(reloadButton, &QPushButton::clicked, m_reloadAction, &QAction::trigger);

    m_view->setObjectName(QStringLiteral("remindersView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RemindersModel::DueColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RemindersModel::TitleColumn, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RemindersPanel::showCurrent);
    m_explanation->setObjectName(QStringLiteral("reminderExplanation"));
    m_explanation->setReadOnly(true);
    m_explanation->setPlaceholderText(tr("Select a reminder to see why it fired, or why it did not."));
    m_status->setObjectName(QStringLiteral("remindersStatus"));
    m_status->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    bar->addWidget(m_statusBox);
    bar->addStretch(1);
    bar->addWidget(reloadButton);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_explanation);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    addAction(m_reloadAction);
    m_status->setText(tr("Reminders are read through the daemon's API with an admin token."));
}

QString RemindersPanel::explanation() const
{
    return m_explanation->toPlainText();
}

QString RemindersPanel::statusText() const
{
    return m_status->text();
}

void RemindersPanel::setStatusFilter(const QString &status)
{
    m_statusBox->setCurrentIndex(qMax(0, m_statusBox->findData(status)));
}

void RemindersPanel::reload()
{
    if (!m_client->isAdminConfigured()) {
        m_status->setText(tr("Reading every user's reminders needs the daemon's API with an admin token: set the "
                             "daemon URL and token in the connection profile, or start the sandbox."));
        emit loaded();
        return;
    }
    // The broker's view of the trigger group, where it has one (a real cluster); asked alongside.
    if (kafka::KafkaAdmin *admin = m_monitor->admin()) {
        if (m_describer != admin) {
            if (m_describer)
                m_describer->disconnect(this);
            m_describer = admin;
            connect(admin, &kafka::KafkaAdmin::groupsDescribed, this, &RemindersPanel::onGroupsDescribed);
        }
        m_describeRequest = admin->describeGroups({kTriggerGroup});
    }
    m_loading = true;
    m_status->setText(tr("Reading reminders…"));
    m_client->listAllReminders(m_statusBox->currentData().toString(), kLimit, this, [this](const DaemonReply &reply) {
        m_loading = false;
        if (!reply.ok()) {
            m_status->setText(tr("The reminders could not be read: %1").arg(reply.error));
            emit problem(tr("Reading the reminders failed (%1). Check the daemon URL and that the token is an "
                            "admin token.")
                             .arg(reply.error));
            emit loaded();
            return;
        }
        const QJsonObject body = reply.body.object();
        QList<ReminderRow> rows;
        for (const QJsonValue &v : body.value(QStringLiteral("items")).toArray())
            rows << ReminderRow::fromJson(v.toObject());
        // "Now" on the daemon's clock: lateness and "due in" agree with the daemon's view.
        QDateTime now = QDateTime::fromString(body.value(QStringLiteral("now")).toString(), Qt::ISODateWithMs);
        if (!now.isValid())
            now = QDateTime::currentDateTimeUtc();
        const QString selected = m_view->currentIndex().data(RemindersModel::IdRole).toString();
        m_model->setReminders(rows, TriggerState::fromJson(body.value(QStringLiteral("trigger")).toObject()), now);
        int overdue = 0;
        for (const ReminderRow &r : std::as_const(rows))
            overdue += r.status == QLatin1String("pending") && r.overdue ? 1 : 0;
        QString text = tr("%n reminder(s)", nullptr, int(rows.size()));
        if (overdue > 0)
            text += tr("; %n pending past its time", nullptr, overdue);
        if (rows.size() >= kLimit)
            text += tr(" (the first %1 only)").arg(kLimit);
        m_status->setText(text);
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            if (!selected.isEmpty() && m_proxy->index(r, 0).data(RemindersModel::IdRole).toString() == selected)
                m_view->selectRow(r);
        }
        showCurrent();
        emit loaded();
    });
}

void RemindersPanel::onGroupsDescribed(quint64 id, const QList<kafka::GroupInfo> &groups,
                                       const kafka::KafkaError &error)
{
    if (id != m_describeRequest)
        return;
    std::optional<QHash<int, QString>> owners;
    for (const kafka::GroupInfo &g : groups) {
        // "Unknown" (a broker without DescribeGroups, the embedded one) tells nothing about owners.
        if (g.groupId != kTriggerGroup || error.isError() || g.error.isError() || g.state == QLatin1String("Unknown"))
            continue;
        QHash<int, QString> map;
        for (const kafka::GroupMemberInfo &m : g.members) {
            for (const kafka::TopicPartition &tp : m.assignment) {
                if (tp.topic == kRemindersTopic)
                    map.insert(tp.partition, m.host.isEmpty() ? m.clientId : m.clientId + QLatin1Char('@') + m.host);
            }
        }
        owners = map;
    }
    m_model->setBrokerOwners(owners);
    showCurrent();
}

void RemindersPanel::showCurrent()
{
    const QModelIndex i = m_view->currentIndex();
    m_explanation->setPlainText(i.isValid() ? i.data(RemindersModel::ExplanationRole).toString() : QString());
}

} // namespace console
} // namespace taskstream

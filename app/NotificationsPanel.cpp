#include "NotificationsPanel.h"

#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "models/NotificationsModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QUuid>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

namespace {
constexpr int kLimit = 500;
}

NotificationsPanel::NotificationsPanel(DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new NotificationsModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_userBox(new QComboBox(this)), m_unreadBox(new QCheckBox(this)),
      m_view(new QTableView(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("notificationsPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(NotificationsModel::SortRole);

    m_userBox->setObjectName(QStringLiteral("notificationsUserBox"));
    m_userBox->setEditable(true);
    m_userBox->setInsertPolicy(QComboBox::NoInsert);
    m_userBox->setMinimumContentsLength(36);
    m_userBox->lineEdit()->setPlaceholderText(tr("a user's id"));
    for (const DemoUsers::User &u : DemoUsers::all())
        m_userBox->addItem(tr("%1 (%2)").arg(u.name, u.id.toString(QUuid::WithoutBraces)),
                           u.id.toString(QUuid::WithoutBraces));
    m_userBox->setToolTip(tr("Whose notifications to show: a demo user, or any user's id"));
    connect(m_userBox, &QComboBox::activated, this, &NotificationsPanel::reload);
    connect(m_userBox->lineEdit(), &QLineEdit::returnPressed, this, &NotificationsPanel::reload);

    m_unreadBox->setObjectName(QStringLiteral("notificationsUnreadBox"));
    m_unreadBox->setText(tr("Unread only"));
    connect(m_unreadBox, &QCheckBox::toggled, this, &NotificationsPanel::reload);

    auto *reloadButton = new QPushButton(tr("Read again"), this);
    reloadButton->setObjectName(QStringLiteral("notificationsReloadButton"));
    reloadButton->setToolTip(tr("Read this user's notifications from the daemon again"));
    connect(reloadButton, &QPushButton::clicked, this, &NotificationsPanel::reload);

    m_view->setObjectName(QStringLiteral("notificationsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(NotificationsModel::CreatedColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(NotificationsModel::TitleColumn, QHeaderView::Stretch);
    m_status->setObjectName(QStringLiteral("notificationsStatus"));
    m_status->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("User:"), this));
    bar->addWidget(m_userBox, 1);
    bar->addWidget(m_unreadBox);
    bar->addWidget(reloadButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    m_status->setText(tr("Notifications are read through the daemon's API with an admin token."));
}

QString NotificationsPanel::statusText() const
{
    return m_status->text();
}

void NotificationsPanel::setUser(const QString &userId)
{
    const int i = m_userBox->findData(userId);
    if (i >= 0)
        m_userBox->setCurrentIndex(i);
    else
        m_userBox->setEditText(userId);
}

void NotificationsPanel::setUnreadOnly(bool unreadOnly)
{
    const QSignalBlocker block(m_unreadBox);
    m_unreadBox->setChecked(unreadOnly);
}

void NotificationsPanel::reload()
{
    // The typed text counts unless it is the shown item's own text.
    QString user = m_userBox->currentText().trimmed();
    if (m_userBox->currentIndex() >= 0 && user == m_userBox->itemText(m_userBox->currentIndex()))
        user = m_userBox->currentData().toString();
    if (QUuid::fromString(user).isNull()) {
        m_status->setText(
            tr("'%1' is not a user's id (a UUID such as 0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a).").arg(user));
        emit loaded();
        return;
    }
    if (!m_client->isAdminConfigured()) {
        m_status->setText(tr("Reading a user's notifications needs the daemon's API with an admin token: set the "
                             "daemon URL and token in the connection profile, or start the sandbox."));
        emit loaded();
        return;
    }
    m_loading = true;
    m_status->setText(tr("Reading notifications…"));
    m_client->listUserNotifications(
        QUuid::fromString(user), m_unreadBox->isChecked(), kLimit, this, [this](const DaemonReply &reply) {
            m_loading = false;
            if (!reply.ok()) {
                m_model->clear();
                m_status->setText(tr("The notifications could not be read: %1").arg(reply.error));
                emit problem(tr("Reading the notifications failed (%1). Check the daemon URL and that the token is "
                                "an admin token.")
                                 .arg(reply.error));
                emit loaded();
                return;
            }
            const QJsonObject body = reply.body.object();
            QList<NotificationRow> rows;
            for (const QJsonValue &v : body.value(QStringLiteral("items")).toArray())
                rows << NotificationRow::fromJson(v.toObject());
            m_model->setNotifications(rows);
            QString text = tr("%n notification(s)", nullptr, int(rows.size())) +
                           tr("; %n unread in all", nullptr, body.value(QStringLiteral("unread_count")).toInt());
            if (!body.value(QStringLiteral("next_cursor")).isNull())
                text += tr(" (the newest %1 only)").arg(kLimit);
            m_status->setText(text);
            emit loaded();
        });
}

} // namespace console
} // namespace taskstream

#include "HealthStrip.h"

#include "DaemonClient.h"
#include "models/ConsumerGroupsModel.h"
#include "models/DlqTopicsModel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QPalette>
#include <QPushButton>

namespace taskstream {
namespace console {

namespace {

// Mid-tone hues, drawn as a tinted background and a border under the palette's text colour, so the
// text stays readable on light and dark themes alike.
QColor levelColor(HealthBadge::Level level, const QPalette &palette)
{
    switch (level) {
    case HealthBadge::Level::Ok:
        return QColor(0x2e, 0xa0, 0x43);
    case HealthBadge::Level::Warning:
        return QColor(0xd9, 0x8e, 0x04);
    case HealthBadge::Level::Error:
        return QColor(0xd6, 0x30, 0x31);
    case HealthBadge::Level::Unknown:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::WindowText);
}

} // namespace

HealthStrip::HealthStrip(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("healthStrip"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    const char *names[] = {"groupsBadge", "dlqBadge", "outboxBadge"};
    for (int i = 0; i < 3; ++i) {
        auto *button = new QPushButton(this);
        button->setObjectName(QString::fromLatin1(names[i]));
        button->setFlat(true);
        button->setCursor(Qt::PointingHandCursor);
        connect(button, &QPushButton::clicked, this, [this, i] { emit badgeClicked(Badge(i)); });
        layout->addWidget(button);
        m_buttons[i] = button;
        restyle(Badge(i));
    }
    layout->addStretch(1);
    updateGroups();
    updateDlq();
    setBadge(Badge::Outbox, m_evaluator.outbox(m_outbox));
}

void HealthStrip::setSources(ConsumerGroupsModel *groups, DlqTopicsModel *dlq, DaemonClient *daemon)
{
    m_groups = groups;
    m_dlq = dlq;
    m_daemon = daemon;
    connect(groups, &ConsumerGroupsModel::lagRecorded, this, &HealthStrip::updateGroups);
    connect(groups, &QAbstractItemModel::modelReset, this, &HealthStrip::updateGroups);
    connect(groups, &QAbstractItemModel::rowsRemoved, this, &HealthStrip::updateGroups);
    connect(dlq, &QAbstractItemModel::dataChanged, this, &HealthStrip::updateDlq);
    connect(dlq, &QAbstractItemModel::modelReset, this, &HealthStrip::updateDlq);
    updateGroups();
    updateDlq();
}

void HealthStrip::refresh()
{
    updateGroups();
    updateDlq();
    requestOutbox();
}

void HealthStrip::updateGroups()
{
    QList<HealthEvaluator::GroupState> states;
    for (int row = 0; m_groups && row < m_groups->rowCount(); ++row) {
        const QModelIndex idx = m_groups->index(row, 0);
        if (idx.data(ConsumerGroupsModel::StatusRole).toInt() < 0)
            continue; // not judged yet
        const QString group = idx.data(ConsumerGroupsModel::GroupIdRole).toString();
        const GroupStatusResult result = m_groups->status(group);
        states.append({group, result.status, result.reason});
    }
    setBadge(Badge::Groups, m_evaluator.groups(states));
}

void HealthStrip::updateDlq()
{
    QList<HealthEvaluator::DlqCount> counts;
    for (int row = 0; m_dlq && row < m_dlq->rowCount(); ++row) {
        const QModelIndex idx = m_dlq->index(row, 0);
        counts.append(
            {idx.data(DlqTopicsModel::TopicRole).toString(), idx.data(DlqTopicsModel::CountRole).toLongLong()});
    }
    setBadge(Badge::Dlq, m_evaluator.dlq(counts));
}

void HealthStrip::requestOutbox()
{
    const bool configured = m_daemon && m_daemon->isConfigured();
    if (!configured) {
        m_outbox = OutboxHealth();
        setBadge(Badge::Outbox, m_evaluator.outbox(m_outbox));
        return;
    }
    if (!m_outbox.configured) {
        m_outbox.configured = true;
        setBadge(Badge::Outbox, m_evaluator.outbox(m_outbox));
    }
    if (m_outboxPending)
        return;
    m_outboxPending = true;
    m_daemon->info(this, [this, generation = m_outboxGeneration](const DaemonReply &reply) {
        if (generation != m_outboxGeneration)
            return; // about the cluster before: clusterChanged() reset the badge
        m_outboxPending = false;
        m_outbox.configured = true;
        if (!reply.ok()) {
            m_outbox.known = false;
            m_outbox.error = reply.error;
        } else {
            const QJsonObject o = reply.body.object();
            m_outbox.known = true;
            m_outbox.error.clear();
            m_outbox.pending = o.value(QStringLiteral("outbox_depth")).toInteger();
            m_outbox.failed = o.value(QStringLiteral("outbox_failed")).toInteger();
            m_outbox.oldestPendingAgeSeconds = o.value(QStringLiteral("outbox_oldest_pending_age_seconds")).toInteger();
        }
        setBadge(Badge::Outbox, m_evaluator.outbox(m_outbox));
    });
}

void HealthStrip::clusterChanged()
{
    ++m_outboxGeneration;
    m_outboxPending = false;
    m_outbox = OutboxHealth();
    m_outbox.configured = m_daemon && m_daemon->isConfigured();
    setBadge(Badge::Outbox, m_evaluator.outbox(m_outbox));
}

void HealthStrip::setBadge(Badge which, const HealthBadge &badge)
{
    // Every refresh judges the badges again, mostly to the same verdict. Touching the button then
    // would cost a style sheet polish and a relayout of the window for nothing.
    const int i = int(which);
    const HealthBadge before = m_badges[i];
    m_badges[i] = badge;
    if (badge.text != before.text || m_buttons[i]->text() != badge.text)
        m_buttons[i]->setText(badge.text);
    if (badge.toolTip != before.toolTip) {
        m_buttons[i]->setToolTip(badge.toolTip);
        m_buttons[i]->setAccessibleDescription(badge.toolTip);
    }
    if (badge.level != before.level || m_buttons[i]->styleSheet().isEmpty())
        restyle(which);
}

HealthBadge HealthStrip::badge(Badge which) const
{
    return m_badges[int(which)];
}

QPushButton *HealthStrip::button(Badge which) const
{
    return m_buttons[int(which)];
}

void HealthStrip::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (int i = 0; i < 3; ++i)
            restyle(Badge(i));
    }
}

void HealthStrip::restyle(Badge which)
{
    const QColor c = levelColor(m_badges[int(which)].level, palette());
    m_buttons[int(which)]->setStyleSheet(
        QStringLiteral("QPushButton { border: 1px solid %1; border-radius: 9px; padding: 1px 10px;"
                       " background-color: rgba(%2, %3, %4, 56); }")
            .arg(c.name())
            .arg(c.red())
            .arg(c.green())
            .arg(c.blue()));
}

} // namespace console
} // namespace taskstream

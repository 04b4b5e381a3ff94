#include "ReplayDialog.h"

#include "widgets/ButtonTexts.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

using processing::ReplayItem;

QString ReplayDialog::statusText(ReplayItem::Status status)
{
    switch (status) {
    case ReplayItem::WouldReplay:
        return tr("would replay");
    case ReplayItem::Replayed:
        return tr("replayed");
    case ReplayItem::Refused:
        return tr("refused");
    case ReplayItem::AlreadyReplayed:
        return tr("already replayed");
    case ReplayItem::Failed:
        return tr("failed");
    }
    return {};
}

ReplayDialog::ReplayDialog(Mode mode, const processing::ReplayReport &report, QWidget *parent)
    : QDialog(parent), m_mode(mode), m_report(report)
{
    setObjectName(mode == Mode::Preview ? QStringLiteral("replayPreviewDialog") : QStringLiteral("replayResultDialog"));
    setWindowTitle(mode == Mode::Preview ? tr("Replay preview") : tr("Replay result"));
    auto *layout = new QVBoxLayout(this);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("replaySummary"));
    m_summary->setWordWrap(true);
    const int refused = report.count(ReplayItem::Refused);
    const int already = report.count(ReplayItem::AlreadyReplayed);
    if (mode == Mode::Preview) {
        m_summary->setText(tr("Dry run: %n record(s) would go back to their original topic, processed only by the "
                              "group that dead-lettered each (the Group column); other groups on the topic skip them.",
                              nullptr, report.count(ReplayItem::WouldReplay)) +
                           QLatin1Char(' ') +
                           tr("%n refused (loop guard or discarded; the list says why).", nullptr, refused) +
                           QLatin1Char(' ') + tr("Nothing has been published yet."));
    } else {
        m_summary->setText(tr("%n record(s) replayed.", nullptr, report.count(ReplayItem::Replayed)) +
                           QLatin1Char(' ') + tr("%n refused.", nullptr, refused) + QLatin1Char(' ') +
                           tr("%n already replayed.", nullptr, already) + QLatin1Char(' ') +
                           tr("%n failed.", nullptr, report.count(ReplayItem::Failed)));
    }
    layout->addWidget(m_summary);

    m_table = new QTableWidget(int(report.items.size()), 6, this);
    m_table->setObjectName(QStringLiteral("replayItems"));
    m_table->setHorizontalHeaderLabels(
        {tr("DLQ record"), tr("Back to"), tr("Group"), tr("Status"), tr("Reason"), tr("New offset")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    for (int row = 0; row < report.items.size(); ++row) {
        const ReplayItem &item = report.items.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(item.coordinates));
        m_table->setItem(row, 1, new QTableWidgetItem(item.target));
        // Without a group (a record dead-lettered before groups were recorded) every group reads it.
        auto *group = new QTableWidgetItem(item.group.isEmpty() ? tr("every group on the topic") : item.group);
        if (item.group.isEmpty())
            group->setForeground(QColor(0xc0, 0x20, 0x20));
        m_table->setItem(row, 2, group);
        m_table->setItem(row, 3, new QTableWidgetItem(statusText(item.status)));
        m_table->setItem(row, 4, new QTableWidgetItem(item.reason));
        m_table->setItem(row, 5,
                         new QTableWidgetItem(item.targetOffset >= 0 ? QString::number(item.targetOffset) : QString()));
        if (item.status == ReplayItem::Refused || item.status == ReplayItem::Failed)
            m_table->item(row, 3)->setForeground(QColor(0xc0, 0x20, 0x20));
    }
    m_table->resizeColumnsToContents();
    layout->addWidget(m_table, 1);

    if (mode == Mode::Preview) {
        m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
        auto *replay =
            m_buttons->addButton(tr("Replay %n record(s)", nullptr, replayableCount()), QDialogButtonBox::AcceptRole);
        replay->setObjectName(QStringLiteral("confirmReplayButton"));
        replay->setEnabled(replayableCount() > 0);
        replay->setDefault(replayableCount() > 0);
    } else {
        m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    }
    ButtonTexts::apply(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    resize(720, 360);
}

int ReplayDialog::replayableCount() const
{
    return m_report.count(ReplayItem::WouldReplay);
}

} // namespace console
} // namespace taskstream

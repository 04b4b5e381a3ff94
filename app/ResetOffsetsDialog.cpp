#include "ResetOffsetsDialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

ResetOffsetsDialog::ResetOffsetsDialog(kafka::KafkaAdmin *admin, const QString &groupId,
                                       const QList<kafka::PartitionLag> &lags, QWidget *parent)
    : QDialog(parent), m_admin(admin), m_groupId(groupId), m_lags(lags), m_plan(new OffsetResetPlanModel(this))
{
    setWindowTitle(tr("Reset offsets of %1").arg(groupId));
    setObjectName(QStringLiteral("resetOffsetsDialog"));

    m_topic = new QComboBox(this);
    m_topic->setObjectName(QStringLiteral("resetTopic"));
    m_topic->addItem(tr("All topics of the group"), QString());
    QStringList topics;
    int maxPartition = 0;
    for (const kafka::PartitionLag &l : lags) {
        if (!topics.contains(l.topic))
            topics << l.topic;
        maxPartition = qMax(maxPartition, l.partition);
    }
    for (const QString &t : std::as_const(topics))
        m_topic->addItem(t, t);

    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("resetTarget"));
    m_target->addItem(tr("Earliest (the oldest record kept)"), int(ResetTarget::Earliest));
    m_target->addItem(tr("Latest (skip everything unread)"), int(ResetTarget::Latest));
    m_target->addItem(tr("A time (the first record at or after it)"), int(ResetTarget::Timestamp));
    m_target->addItem(tr("An offset of one partition"), int(ResetTarget::Offset));

    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setObjectName(QStringLiteral("resetTime"));
    m_time->setCalendarPopup(true);
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_partition = new QSpinBox(this);
    m_partition->setObjectName(QStringLiteral("resetPartition"));
    m_partition->setRange(0, maxPartition);
    m_offset = new QLineEdit(QStringLiteral("0"), this);
    m_offset->setObjectName(QStringLiteral("resetOffset"));
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,18}")), m_offset));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("resetPreview"));
    m_view->setModel(m_plan);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(OffsetResetPlanModel::PartitionColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->setWordWrap(false);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("resetStatus"));
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(this);
    m_resetButton = buttons->addButton(tr("Reset…"), QDialogButtonBox::DestructiveRole);
    m_resetButton->setObjectName(QStringLiteral("resetButton"));
    // Destructive: red, and never the default button.
    m_resetButton->setStyleSheet(QStringLiteral("QPushButton:enabled { color: #c02020; font-weight: bold; }"));
    m_resetButton->setAutoDefault(false);
    buttons->addButton(QDialogButtonBox::Close);
    connect(m_resetButton, &QPushButton::clicked, this, &ResetOffsetsDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Topic:"), m_topic);
    form->addRow(tr("Reset &to:"), m_target);
    form->addRow(tr("T&ime:"), m_time);
    form->addRow(tr("&Partition:"), m_partition);
    form->addRow(tr("&Offset:"), m_offset);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview (nothing changes until you confirm):"), this));
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 420);

    if (m_admin) {
        connect(m_admin, &kafka::KafkaAdmin::offsetsForTimesReady, this, &ResetOffsetsDialog::onOffsetsForTimes);
        connect(m_admin, &kafka::KafkaAdmin::groupOffsetsReset, this, &ResetOffsetsDialog::onReset);
    }
    connect(m_topic, &QComboBox::currentIndexChanged, this, &ResetOffsetsDialog::updatePlan);
    connect(m_target, &QComboBox::currentIndexChanged, this, &ResetOffsetsDialog::updatePlan);
    connect(m_time, &QDateTimeEdit::dateTimeChanged, this, &ResetOffsetsDialog::updatePlan);
    connect(m_partition, &QSpinBox::valueChanged, this, &ResetOffsetsDialog::updatePlan);
    connect(m_offset, &QLineEdit::textChanged, this, &ResetOffsetsDialog::updatePlan);
    updatePlan();
}

void ResetOffsetsDialog::setTarget(const QString &topic, ResetTarget target, qint64 value, int partition)
{
    const QSignalBlocker b1(m_topic), b2(m_target), b3(m_time), b4(m_partition), b5(m_offset);
    m_topic->setCurrentIndex(qMax(0, m_topic->findData(topic)));
    m_target->setCurrentIndex(m_target->findData(int(target)));
    if (target == ResetTarget::Timestamp)
        m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(value));
    if (target == ResetTarget::Offset) {
        m_offset->setText(QString::number(value));
        m_partition->setValue(partition);
    }
    updatePlan();
}

bool ResetOffsetsDialog::canReset() const
{
    return m_admin && !m_timesRequest && !m_resetRequest && !m_plan->offsetsToCommit().isEmpty();
}

void ResetOffsetsDialog::updatePlan()
{
    const auto target = ResetTarget(m_target->currentData().toInt());
    const QString topic = m_topic->currentData().toString();
    m_timesRequest = 0;
    m_status->clear();
    QList<OffsetResetPlanModel::Row> rows;
    if (target == ResetTarget::Offset && topic.isEmpty()) {
        m_status->setText(tr("Choose one topic to set the offset of one of its partitions."));
    } else {
        const qint64 value =
            target == ResetTarget::Timestamp ? m_time->dateTime().toMSecsSinceEpoch() : m_offset->text().toLongLong();
        rows = OffsetResetPlanModel::plan(m_lags, topic, target, value, m_partition->value());
        if (target == ResetTarget::Timestamp && !rows.isEmpty() && m_admin) {
            kafka::TopicPartitionList query;
            for (const OffsetResetPlanModel::Row &r : std::as_const(rows))
                query.append({r.topic, r.partition, value});
            m_timesRequest = m_admin->fetchOffsetsForTimes(query);
        }
        if (rows.isEmpty())
            m_status->setText(tr("The group has no such partition."));
    }
    m_plan->setRows(rows);
    updateControls();
    emit planChanged();
}

void ResetOffsetsDialog::updateControls()
{
    const auto target = ResetTarget(m_target->currentData().toInt());
    m_time->setEnabled(target == ResetTarget::Timestamp);
    m_partition->setEnabled(target == ResetTarget::Offset);
    m_offset->setEnabled(target == ResetTarget::Offset);
    m_resetButton->setEnabled(canReset());
}

void ResetOffsetsDialog::onOffsetsForTimes(quint64 id, const kafka::TopicPartitionList &offsets,
                                           const kafka::KafkaError &error)
{
    if (id != m_timesRequest)
        return;
    m_timesRequest = 0;
    QList<OffsetResetPlanModel::Row> rows = m_plan->rows();
    OffsetResetPlanModel::applyOffsetsForTimes(rows, offsets, error);
    m_plan->setRows(rows);
    updateControls();
    emit planChanged();
}

void ResetOffsetsDialog::confirm()
{
    if (!canReset())
        return;
    const int count = int(m_plan->offsetsToCommit().size());
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Reset offsets"),
                                tr("Reset the committed offsets of group \"%1\" on %n partition(s)? Its "
                                   "consumers read from the new offsets when they start again.",
                                   nullptr, count)
                                    .arg(m_groupId),
                                QMessageBox::Cancel, this);
    QPushButton *reset = box->addButton(tr("Reset"), QMessageBox::DestructiveRole);
    reset->setStyleSheet(QStringLiteral("color: #c02020; font-weight: bold;"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, reset](QAbstractButton *clicked) {
        if (clicked == reset)
            resetNow();
    });
    box->open();
}

void ResetOffsetsDialog::resetNow()
{
    if (!canReset())
        return;
    m_resetRequest = m_admin->resetGroupOffsets(m_groupId, m_plan->offsetsToCommit());
    m_status->setText(tr("Resetting…"));
    updateControls();
}

void ResetOffsetsDialog::onReset(quint64 id, const QList<kafka::OffsetResetResult> &results,
                                 const kafka::KafkaError &error)
{
    if (id != m_resetRequest)
        return;
    m_resetRequest = 0;
    if (error.isError()) {
        m_status->setText(
            error.code() == kafka::KafkaError::GroupNotEmpty
                ? tr("Refused: the group has active members. Stop its consumers, then reset (%1).").arg(error.message())
                : tr("The reset failed: %1").arg(error.toString()));
    } else {
        m_status->setText(tr("Reset %n partition(s).", nullptr, int(results.size())));
    }
    updateControls();
    emit finished(m_groupId, results, error);
}

} // namespace console
} // namespace taskstream

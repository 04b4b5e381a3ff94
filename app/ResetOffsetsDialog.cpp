#include "ResetOffsetsDialog.h"

#include "widgets/ButtonTexts.h"

#include <climits>

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
    m_skipWarning = new QLabel(this);
    m_skipWarning->setObjectName(QStringLiteral("resetSkipWarning"));
    m_skipWarning->setWordWrap(true);
    m_skipWarning->setStyleSheet(QStringLiteral("QLabel { color: #c02020; font-weight: bold; }"));
    m_skipWarning->hide();
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("resetGroupState"));
    m_stateLabel->setWordWrap(true);
    m_confirmName = new QLineEdit(this);
    m_confirmName->setObjectName(QStringLiteral("resetConfirmGroupName"));
    m_confirmName->setPlaceholderText(groupId);

    auto *buttons = new QDialogButtonBox(this);
    m_resetButton = buttons->addButton(tr("Reset…"), QDialogButtonBox::DestructiveRole);
    m_resetButton->setObjectName(QStringLiteral("resetButton"));
    // Destructive: red, and never the default button.
    m_resetButton->setStyleSheet(QStringLiteral("QPushButton:enabled { color: #c02020; font-weight: bold; }"));
    m_resetButton->setAutoDefault(false);
    buttons->addButton(QDialogButtonBox::Close);
    ButtonTexts::apply(buttons);
    connect(m_resetButton, &QPushButton::clicked, this, &ResetOffsetsDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    m_form = form;
    form->addRow(tr("&Topic:"), m_topic);
    form->addRow(tr("Reset &to:"), m_target);
    form->addRow(tr("T&ime:"), m_time);
    form->addRow(tr("&Partition:"), m_partition);
    form->addRow(tr("&Offset:"), m_offset);
    form->addRow(tr("&Group name:"), m_confirmName);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stateLabel);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview (nothing changes until you confirm):"), this));
    layout->addWidget(m_view, 1);
    layout->addWidget(m_skipWarning);
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
    connect(m_confirmName, &QLineEdit::textChanged, this, &ResetOffsetsDialog::updateControls);
    setGroupState(QString());
    updatePlan();
}

void ResetOffsetsDialog::setGroupState(const QString &state)
{
    m_stateKnown = !state.isEmpty() && state != QLatin1String("Unknown");
    if (m_stateKnown) {
        m_stateLabel->setText(tr("Group state: %1, no active members.").arg(state));
        m_stateLabel->setStyleSheet(QString());
    } else {
        m_stateLabel->setText(tr("State unknown: the broker cannot tell whether group \"%1\" has live consumers. "
                                 "Make sure they are stopped, then type the group's name to reset.")
                                  .arg(m_groupId));
        m_stateLabel->setStyleSheet(QStringLiteral("QLabel { color: #c02020; font-weight: bold; }"));
    }
    m_confirmName->setVisible(!m_stateKnown);
    if (QWidget *label = m_form->labelForField(m_confirmName))
        label->setVisible(!m_stateKnown);
    updateControls();
}

QString ResetOffsetsDialog::skipWarningText() const
{
    int partitions = 0;
    const qint64 skipped = m_plan->skippedUnread(&partitions);
    if (skipped <= 0)
        return {};
    QString text = tr("This reset skips %n unread record(s)", nullptr, int(qMin<qint64>(skipped, INT_MAX))) +
                   QLatin1Char(' ') + tr("on %n partition(s): the group never processes them.", nullptr, partitions);
    const auto target = ResetTarget(m_target->currentData().toInt());
    if (target == ResetTarget::Timestamp) {
        for (const OffsetResetPlanModel::Row &r : m_plan->rows())
            if (r.high >= 0 && r.newOffset == r.high && OffsetResetPlanModel::skippedUnread(r) > 0) {
                text += QLatin1Char(' ') + tr("For that time the broker answered \"the end\" (no record at or "
                                              "after it, or a broker that cannot look records up by time).");
                break;
            }
    }
    return text;
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
    return m_admin && !m_timesRequest && !m_resetRequest && !m_plan->offsetsToCommit().isEmpty() &&
           (m_stateKnown || m_confirmName->text().trimmed() == m_groupId);
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
    const QString skip = skipWarningText();
    m_skipWarning->setText(skip);
    m_skipWarning->setVisible(!skip.isEmpty());
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
    QString text = tr("Reset the committed offsets of group \"%1\" on %n partition(s)? Its "
                      "consumers read from the new offsets when they start again.",
                      nullptr, count)
                       .arg(m_groupId);
    if (const QString skip = skipWarningText(); !skip.isEmpty())
        text += QStringLiteral("\n\n") + skip;
    if (!m_stateKnown)
        text += QStringLiteral("\n\n") + tr("The group's state is unknown: its consumers may be running.");
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Reset offsets"), text, QMessageBox::Cancel, this);
    ButtonTexts::apply(box);
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

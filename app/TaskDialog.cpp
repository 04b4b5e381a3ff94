#include "TaskDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace taskstream {
namespace console {

TaskDialog::TaskDialog(const QJsonObject &task, QWidget *parent)
    : QDialog(parent), m_task(task), m_title(new QLineEdit(this)), m_description(new QPlainTextEdit(this)),
      m_priority(new QComboBox(this)), m_hasDue(new QCheckBox(tr("Due"), this)), m_due(new QDateTimeEdit(this))
{
    setWindowTitle(task.isEmpty() ? tr("New task") : tr("Edit task"));
    m_title->setObjectName(QStringLiteral("taskTitleEdit"));
    m_title->setMaxLength(500);
    m_title->setText(task.value(QStringLiteral("title")).toString());
    m_description->setPlainText(task.value(QStringLiteral("description")).toString());
    m_priority->addItem(tr("Low"), QStringLiteral("Low"));
    m_priority->addItem(tr("Medium"), QStringLiteral("Medium"));
    m_priority->addItem(tr("High"), QStringLiteral("High"));
    m_priority->setCurrentIndex(
        qMax(0, m_priority->findData(task.value(QStringLiteral("priority")).toString(QStringLiteral("Medium")))));
    const QDateTime due = QDateTime::fromString(task.value(QStringLiteral("due_date")).toString(), Qt::ISODateWithMs);
    m_hasDue->setChecked(due.isValid());
    m_due->setCalendarPopup(true);
    m_due->setDateTime(due.isValid() ? due.toLocalTime() : QDateTime::currentDateTime().addDays(1));
    m_due->setEnabled(due.isValid());
    connect(m_hasDue, &QCheckBox::toggled, m_due, &QWidget::setEnabled);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Priority:"), m_priority);
    auto *dueRow = new QHBoxLayout;
    dueRow->addWidget(m_hasDue);
    dueRow->addWidget(m_due, 1);
    form->addRow(tr("Due date:"), dueRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_title->text().trimmed().isEmpty());
    };
    connect(m_title, &QLineEdit::textChanged, this, updateOk);
    updateOk();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QJsonObject TaskDialog::fields() const
{
    QJsonObject o{{QStringLiteral("title"), m_title->text().trimmed()},
                  {QStringLiteral("description"), m_description->toPlainText()},
                  {QStringLiteral("priority"), m_priority->currentData().toString()}};
    o.insert(QStringLiteral("due_date"), m_hasDue->isChecked()
                                             ? QJsonValue(m_due->dateTime().toUTC().toString(Qt::ISODate))
                                             : QJsonValue(QJsonValue::Null));
    return o;
}

QJsonObject TaskDialog::changes() const
{
    QJsonObject o = fields();
    if (m_task.isEmpty()) {
        if (o.value(QStringLiteral("due_date")).isNull())
            o.remove(QStringLiteral("due_date"));
        return o;
    }
    QJsonObject changed;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QJsonValue before = m_task.value(it.key());
        if (it.key() == QLatin1String("due_date")) {
            const QDateTime a = QDateTime::fromString(before.toString(), Qt::ISODateWithMs);
            const QDateTime b = QDateTime::fromString(it.value().toString(), Qt::ISODate);
            if (a.isValid() == b.isValid() && (!a.isValid() || a.secsTo(b) == 0))
                continue;
        } else if (before == it.value() || (before.isUndefined() && it.value().toString().isEmpty())) {
            continue;
        }
        changed.insert(it.key(), it.value());
    }
    return changed;
}

} // namespace console
} // namespace taskstream

#include "TaskDialog.h"

#include "widgets/ButtonTexts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace taskstream {
namespace console {

TaskDialog::TaskDialog(const QJsonObject &task, QWidget *parent)
    : QDialog(parent), m_task(task), m_title(new QLineEdit(this)), m_description(new QPlainTextEdit(this)),
      m_priority(new QComboBox(this)), m_hasDue(new QCheckBox(tr("Due"), this)), m_due(new QDateTimeEdit(this)),
      m_tags(new QLineEdit(this)), m_recurrence(new QComboBox(this)), m_anchor(new QComboBox(this)),
      m_reminders(new QLineEdit(this)), m_error(new QLabel(this))
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
    m_due->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));

    m_tags->setObjectName(QStringLiteral("taskTagsEdit"));
    m_tags->setPlaceholderText(tr("comma-separated, e.g. work, urgent"));
    QStringList tags;
    for (const QJsonValue &v : task.value(QStringLiteral("tags")).toArray())
        tags << v.toString();
    m_tags->setText(tags.join(QStringLiteral(", ")));

    // The API's words, or any iCalendar RRULE typed in.
    m_recurrence->setObjectName(QStringLiteral("taskRecurrenceBox"));
    m_recurrence->setEditable(true);
    m_recurrence->addItem(tr("none"), QString());
    m_recurrence->addItem(QStringLiteral("daily"), QStringLiteral("daily"));
    m_recurrence->addItem(QStringLiteral("weekly"), QStringLiteral("weekly"));
    m_recurrence->addItem(QStringLiteral("monthly"), QStringLiteral("monthly"));
    m_recurrence->setToolTip(tr("daily, weekly, monthly or an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO,WE; "
                                "needs a due date"));
    const QString pattern = task.value(QStringLiteral("recurrence_pattern")).toString();
    if (pattern.isEmpty())
        m_recurrence->setCurrentIndex(0);
    else if (const int i = m_recurrence->findData(pattern); i >= 0)
        m_recurrence->setCurrentIndex(i);
    else
        m_recurrence->setEditText(pattern);

    // Todoist's "every" and "every!".
    m_anchor->setObjectName(QStringLiteral("taskAnchorBox"));
    m_anchor->addItem(tr("the due date"), QStringLiteral("due"));
    m_anchor->addItem(tr("the completion"), QStringLiteral("completion"));
    m_anchor->setToolTip(tr("When a repeating task is done, the next one is due at the pattern's next time after "
                            "its due date (and after the completion), or counted from the completion"));
    m_anchor->setCurrentIndex(
        qMax(0, m_anchor->findData(task.value(QStringLiteral("recurrence_anchor")).toString(QStringLiteral("due")))));

    m_reminders->setObjectName(QStringLiteral("taskRemindersEdit"));
    m_reminders->setPlaceholderText(tr("minutes before the due date, e.g. 10, 60 (empty: the daemon's default)"));
    QStringList minutes;
    for (const QJsonValue &v : task.value(QStringLiteral("remind_before_minutes")).toArray())
        minutes << QString::number(v.toInteger());
    m_reminders->setText(minutes.join(QStringLiteral(", ")));

    m_error->setObjectName(QStringLiteral("taskDialogError"));
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c02020; }"));
    m_error->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Priority:"), m_priority);
    auto *dueRow = new QHBoxLayout;
    dueRow->addWidget(m_hasDue);
    dueRow->addWidget(m_due, 1);
    form->addRow(tr("Due date:"), dueRow);
    form->addRow(tr("T&ags:"), m_tags);
    form->addRow(tr("&Repeats:"), m_recurrence);
    form->addRow(tr("Counted &from:"), m_anchor);
    form->addRow(tr("&Reminders:"), m_reminders);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ButtonTexts::apply(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        const QString why = validationError();
        m_error->setText(why);
        m_error->setVisible(!why.isEmpty());
        buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
    };
    connect(m_title, &QLineEdit::textChanged, this, updateOk);
    connect(m_tags, &QLineEdit::textChanged, this, updateOk);
    connect(m_reminders, &QLineEdit::textChanged, this, updateOk);
    connect(m_recurrence, &QComboBox::currentTextChanged, this, updateOk);
    auto updateAnchor = [this] {
        m_anchor->setEnabled(m_recurrence->currentIndex() != 0 ||
                             m_recurrence->currentText() != m_recurrence->itemText(0));
    };
    connect(m_recurrence, &QComboBox::currentTextChanged, this, updateAnchor);
    updateAnchor();
    connect(m_hasDue, &QCheckBox::toggled, this, updateOk);
    updateOk();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

namespace {
QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = part.trimmed();
        if (!t.isEmpty() && !out.contains(t))
            out << t;
    }
    return out;
}
} // namespace

QString TaskDialog::validationError() const
{
    if (m_title->text().trimmed().isEmpty())
        return tr("A task needs a title.");
    const QStringList tags = splitList(m_tags->text());
    if (tags.size() > 20)
        return tr("At most 20 tags.");
    for (const QString &t : tags)
        if (t.size() > 64)
            return tr("A tag has at most 64 characters (\"%1…\").").arg(t.left(20));
    const QStringList minutes = splitList(m_reminders->text());
    if (minutes.size() > 10)
        return tr("At most 10 reminders.");
    for (const QString &m : minutes) {
        bool ok = false;
        const qint64 v = m.toLongLong(&ok);
        if (!ok || v < 0 || v > 366LL * 24 * 60)
            return tr("Reminders are whole minutes from 0 to a year before the due date (\"%1\").").arg(m);
    }
    const bool repeats = !m_recurrence->currentText().trimmed().isEmpty() && m_recurrence->currentIndex() != 0;
    if ((repeats || !minutes.isEmpty()) && !m_hasDue->isChecked())
        return tr("Repeats and reminders need a due date.");
    return {};
}

QJsonObject TaskDialog::fields() const
{
    QJsonObject o{{QStringLiteral("title"), m_title->text().trimmed()},
                  {QStringLiteral("description"), m_description->toPlainText()},
                  {QStringLiteral("priority"), m_priority->currentData().toString()}};
    o.insert(QStringLiteral("due_date"), m_hasDue->isChecked()
                                             ? QJsonValue(m_due->dateTime().toUTC().toString(Qt::ISODate))
                                             : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("tags"), QJsonArray::fromStringList(splitList(m_tags->text())));
    // The first entry is "none"; an edited text that equals it is none too.
    QString pattern = m_recurrence->currentText().trimmed();
    if (m_recurrence->currentIndex() == 0 && pattern == m_recurrence->itemText(0))
        pattern.clear();
    else if (const int i = m_recurrence->findText(pattern); i > 0)
        pattern = m_recurrence->itemData(i).toString();
    o.insert(QStringLiteral("recurrence_pattern"), pattern.isEmpty() ? QJsonValue(QJsonValue::Null) : pattern);
    if (!pattern.isEmpty())
        o.insert(QStringLiteral("recurrence_anchor"), m_anchor->currentData().toString());
    QJsonArray minutes;
    for (const QString &m : splitList(m_reminders->text()))
        minutes.append(m.toLongLong());
    o.insert(QStringLiteral("remind_before_minutes"), minutes);
    return o;
}

QJsonObject TaskDialog::changes() const
{
    QJsonObject o = fields();
    if (m_task.isEmpty()) {
        for (const QString &k : {QStringLiteral("due_date"), QStringLiteral("recurrence_pattern")})
            if (o.value(k).isNull())
                o.remove(k);
        for (const QString &k : {QStringLiteral("tags"), QStringLiteral("remind_before_minutes")})
            if (o.value(k).toArray().isEmpty())
                o.remove(k);
        if (o.value(QStringLiteral("recurrence_anchor")).toString() == QLatin1String("due"))
            o.remove(QStringLiteral("recurrence_anchor")); // the default
        return o;
    }
    QJsonObject changed;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        QJsonValue before = m_task.value(it.key());
        if (it.key() == QLatin1String("recurrence_anchor") && before.isUndefined())
            before = QStringLiteral("due"); // a daemon before anchors: every series counted from the due date
        if (it.key() == QLatin1String("due_date")) {
            const QDateTime a = QDateTime::fromString(before.toString(), Qt::ISODateWithMs);
            const QDateTime b = QDateTime::fromString(it.value().toString(), Qt::ISODate);
            if (a.isValid() == b.isValid() && (!a.isValid() || a.secsTo(b) == 0))
                continue;
        } else if (it.value().isArray()) {
            if (before.toArray() == it.value().toArray())
                continue;
        } else if (it.value().isNull()) {
            if (before.isNull() || before.isUndefined() || before.toString().isEmpty())
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

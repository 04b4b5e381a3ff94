#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace taskstream {
namespace console {

/// Edits a task's title, description, priority, due date, tags, recurrence (with what the next
/// occurrence counts from) and reminders (minutes before the due date); changes() gives the
/// fields to send.
class TaskDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a task: the task to edit, or empty for a new one.
    explicit TaskDialog(const QJsonObject &task, QWidget *parent = nullptr);

    /// For a new task every field; for an existing one only those that changed.
    QJsonObject changes() const;
    /// What is wrong with the fields as typed (one line), empty when they can be sent.
    QString validationError() const;

    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QComboBox *recurrenceBox() const { return m_recurrence; }
    /// What the next occurrence counts from: "due" (the due date) or "completion".
    QComboBox *anchorBox() const { return m_anchor; }
    QLineEdit *remindersEdit() const { return m_reminders; }
    QCheckBox *hasDueBox() const { return m_hasDue; }

private:
    QJsonObject fields() const;

    QJsonObject m_task;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QComboBox *m_priority;
    QCheckBox *m_hasDue;
    QDateTimeEdit *m_due;
    QLineEdit *m_tags;
    QComboBox *m_recurrence;
    QComboBox *m_anchor;
    QLineEdit *m_reminders;
    QLabel *m_error;
};

} // namespace console
} // namespace taskstream

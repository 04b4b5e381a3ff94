#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPlainTextEdit;

namespace taskstream {
namespace console {

/// Edits a task's title, description, priority and due date; changes() gives the fields to send.
class TaskDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a task: the task to edit, or empty for a new one.
    explicit TaskDialog(const QJsonObject &task, QWidget *parent = nullptr);

    /// For a new task every field; for an existing one only those that changed.
    QJsonObject changes() const;

private:
    QJsonObject fields() const;

    QJsonObject m_task;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QComboBox *m_priority;
    QCheckBox *m_hasDue;
    QDateTimeEdit *m_due;
};

} // namespace console
} // namespace taskstream

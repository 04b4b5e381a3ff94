#pragma once

#include "events/Event.h"

#include <functional>
#include <memory>

#include <QWidget>

namespace taskstream::events {
struct SchemaNode;
}

namespace taskstream {
namespace console {

/// A form for one Taskstream event type, built from the type's current Avro schema: a line per
/// field (uuid with a "New" button, time, enum choice, yes/no, comma-separated list, an optional
/// field with a checkbox that sets it, a nested record as a group). event() reads the form into an
/// Avro-shaped Event that the codecs encode; setEvent() fills it from a decoded one. A new event
/// gets a fresh event id and the current time.
class EventForm : public QWidget
{
    Q_OBJECT
public:
    explicit EventForm(QWidget *parent = nullptr);
    ~EventForm() override;

    /// Rebuilds the form for \a fullName (e.g. "com.todo.events.TaskCreated"); false for a type
    /// with no known schema (the form is then empty).
    bool setEventType(const QString &fullName);
    QString eventType() const { return m_type; }
    /// Fills the form from \a event (of the form's type; a different type rebuilds it first).
    void setEvent(const events::Event &event);
    /// The event the form describes, or a null event with *error naming the first bad field.
    events::Event event(QString *error) const;
    /// The editor of the top-level field \a name (for tests and focus), or null.
    QWidget *fieldEditor(const QString &name) const;

signals:
    /// Some field changed.
    void edited();

private:
    struct Editor;
    std::unique_ptr<Editor> makeEditor(const events::SchemaNode *node, const QString &name, QWidget *parent);

    QString m_type;
    std::unique_ptr<Editor> m_root;
    QWidget *m_body = nullptr;
};

} // namespace console
} // namespace taskstream

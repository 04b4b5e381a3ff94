#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace taskstream {
namespace console {

/// An inline bar above the views for messages that need the user's attention (a connection
/// problem and what to do about it). Stays until closed or cleared, unlike a status bar message.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Information, Error };
    Q_ENUM(Level)

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(const QString &text, Level level = Level::Error);
    void clearMessage();

    QString text() const;
    Level level() const { return m_level; }

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    Level m_level = Level::Information;
};

} // namespace console
} // namespace taskstream

#include "StableLabel.h"

#include <QEvent>
#include <QLabel>

namespace taskstream {
namespace console {

StableLabel::StableLabel(QWidget *parent) : QWidget(parent), m_label(new QLabel(this))
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_label->setTextFormat(Qt::PlainText);
}

void StableLabel::setText(const QString &text)
{
    if (m_label->text() != text)
        m_label->setText(text);
}

QString StableLabel::text() const
{
    return m_label->text();
}

QSize StableLabel::sizeHint() const
{
    // One line of the label's font: the same for every text.
    const QMargins m = m_label->contentsMargins();
    return {m_label->fontMetrics().averageCharWidth() * 20 + m.left() + m.right(),
            m_label->fontMetrics().height() + 2 * m_label->margin() + m.top() + m.bottom()};
}

QSize StableLabel::minimumSizeHint() const
{
    return {0, sizeHint().height()};
}

void StableLabel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_label->setGeometry(rect());
}

void StableLabel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateGeometry(); // a new line height
}

} // namespace console
} // namespace taskstream

#pragma once

#include <QWidget>

class QLabel;

namespace taskstream {
namespace console {

/// A one-line label whose text changes often (a page position, a count while reading) without
/// laying out the window again. A QLabel's setText() invalidates its parent's layout every time,
/// and the layout request climbs the parents to the tab widgets, which repaint everything they
/// hold: each page step repainted the whole tab. Here the QLabel lives in a widget without a
/// layout, whose size hint is one line of text whatever the text, so a new text repaints the
/// label only. Texts longer than the room given are cut off: give it a stretch factor.
class StableLabel : public QWidget
{
    Q_OBJECT
public:
    explicit StableLabel(QWidget *parent = nullptr);

    /// The label shown (for its text, alignment, font and buddy).
    QLabel *label() const { return m_label; }
    void setText(const QString &text);
    QString text() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_label;
};

} // namespace console
} // namespace taskstream

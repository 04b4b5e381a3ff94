#pragma once

#include <QProxyStyle>

namespace taskstream {
namespace console {

/// A proxy of the application's style that draws scroll bars from a cached image while their
/// state (size, range, position, pressed and hovered parts, palette) stays the same.
///
/// Fusion draws a scroll bar's groove and outline as gradients and lines as tall as the bar. Qt's
/// raster engine hands every fill of more than about 96 rows to its GUI thread pool and waits for
/// it, so on a busy machine each scroll bar painted cost the window's thread a wait for another
/// thread to be scheduled, several milliseconds, on every tab switch and refresh
/// (bench_console_refresh). Copying the cached image is one blit on the window's thread.
class CachedScrollBarStyle : public QProxyStyle
{
    Q_OBJECT
public:
    explicit CachedScrollBarStyle(QStyle *base = nullptr);

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;

    /// Scroll bars drawn by the base style so far (each a cache miss); for tests.
    qint64 drawnByBase() const { return m_drawn; }

private:
    mutable qint64 m_drawn = 0;
};

} // namespace console
} // namespace taskstream

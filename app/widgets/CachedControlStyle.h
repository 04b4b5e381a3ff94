#pragma once

#include <QProxyStyle>

namespace taskstream {
namespace console {

/// A proxy of the application's style that draws scroll bars and header sections from cached
/// images while their state (size, range and position, pressed and hovered parts, palette) stays
/// the same.
///
/// Qt's raster engine hands a fill or line that spans more than about 96 rows or pixels to its GUI
/// thread pool and waits for it. Fusion draws a scroll bar's groove and outline, and the lines
/// along each header section, that way, so on a busy machine every scroll bar and header painted
/// cost the window's thread a wait for other threads to be scheduled, several milliseconds, on
/// every tab switch and refresh (bench_console_refresh). Copying a cached image is one blit on the
/// window's thread.
class CachedControlStyle : public QProxyStyle
{
    Q_OBJECT
public:
    explicit CachedControlStyle(QStyle *base = nullptr);

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget = nullptr) const override;

    /// Controls drawn by the base style so far (each a cache miss); for tests.
    qint64 drawnByBase() const { return m_drawn; }

private:
    /// Draws \a draw's picture of \a rect from the cache under \a key, drawing it first if needed.
    template <typename Draw>
    void drawCached(const QString &key, const QRect &rect, const QPalette &palette, QPainter *painter, Draw draw) const;

    mutable qint64 m_drawn = 0;
};

} // namespace console
} // namespace taskstream

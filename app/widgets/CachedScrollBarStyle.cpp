#include "CachedScrollBarStyle.h"

#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyleOptionSlider>

namespace taskstream {
namespace console {

CachedScrollBarStyle::CachedScrollBarStyle(QStyle *base) : QProxyStyle(base) {}

void CachedScrollBarStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option,
                                              QPainter *painter, const QWidget *widget) const
{
    const auto *bar = qstyleoption_cast<const QStyleOptionSlider *>(option);
    if (control != CC_ScrollBar || !bar || option->rect.isEmpty() || !painter->transform().isIdentity()) {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    // Everything the picture depends on. A bar's position within its widget does not matter.
    const QString key =
        QStringLiteral("taskstream-scrollbar-%1x%2@%3-o%4-s%5-sc%6-a%7-r%8:%9-p%10-v%11-ps%12-ss%13-u%14-d%15-pal%16")
            .arg(option->rect.width())
            .arg(option->rect.height())
            .arg(dpr)
            .arg(int(bar->orientation))
            .arg(uint(bar->state))
            .arg(uint(bar->subControls))
            .arg(uint(bar->activeSubControls))
            .arg(bar->minimum)
            .arg(bar->maximum)
            .arg(bar->sliderPosition)
            .arg(bar->sliderValue)
            .arg(bar->pageStep)
            .arg(bar->singleStep)
            .arg(int(bar->upsideDown))
            .arg(int(bar->direction))
            .arg(bar->palette.cacheKey());
    QPixmap picture;
    if (!QPixmapCache::find(key, &picture)) {
        picture = QPixmap(option->rect.size() * dpr);
        picture.setDevicePixelRatio(dpr);
        // Opaque, so drawing it is a plain copy rather than a blend.
        picture.fill(bar->palette.color(QPalette::Window));
        QPainter p(&picture);
        QStyleOptionSlider at = *bar;
        at.rect = QRect(QPoint(0, 0), option->rect.size());
        QProxyStyle::drawComplexControl(control, &at, &p, widget);
        p.end();
        ++m_drawn;
        QPixmapCache::insert(key, picture);
    }
    painter->drawPixmap(option->rect.topLeft(), picture);
}

} // namespace console
} // namespace taskstream

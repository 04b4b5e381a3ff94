#include "CachedControlStyle.h"

#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyleOptionHeader>
#include <QStyleOptionSlider>

namespace taskstream {
namespace console {

CachedControlStyle::CachedControlStyle(QStyle *base) : QProxyStyle(base) {}

template <typename Draw>
void CachedControlStyle::drawCached(const QString &key, const QRect &rect, const QPalette &palette, QPainter *painter,
                                    Draw draw) const
{
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    const QString fullKey =
        key + QStringLiteral("-%1x%2@%3-pal%4").arg(rect.width()).arg(rect.height()).arg(dpr).arg(palette.cacheKey());
    QPixmap picture;
    if (!QPixmapCache::find(fullKey, &picture)) {
        picture = QPixmap(rect.size() * dpr);
        picture.setDevicePixelRatio(dpr);
        // Opaque, so drawing it is a plain copy rather than a blend.
        picture.fill(palette.color(QPalette::Window));
        QPainter p(&picture);
        draw(p, QRect(QPoint(0, 0), rect.size()));
        p.end();
        ++m_drawn;
        QPixmapCache::insert(fullKey, picture);
    }
    painter->drawPixmap(rect.topLeft(), picture);
}

void CachedControlStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option,
                                            QPainter *painter, const QWidget *widget) const
{
    const auto *bar = qstyleoption_cast<const QStyleOptionSlider *>(option);
    if (control != CC_ScrollBar || !bar || option->rect.isEmpty() || !painter->transform().isIdentity()) {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    // Everything the picture depends on besides its size and palette.
    const QString key = QStringLiteral("taskstream-scrollbar-o%1-s%2-sc%3-a%4-r%5:%6-p%7-v%8-ps%9-ss%10-u%11-d%12")
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
                            .arg(int(bar->direction));
    drawCached(key, option->rect, bar->palette, painter, [&](QPainter &p, const QRect &at) {
        QStyleOptionSlider moved = *bar;
        moved.rect = at;
        QProxyStyle::drawComplexControl(control, &moved, &p, widget);
    });
}

void CachedControlStyle::drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                                     const QWidget *widget) const
{
    // The section's background and frame; its label and sort arrow are drawn apart (CE_HeaderLabel).
    const auto *header = qstyleoption_cast<const QStyleOptionHeader *>(option);
    if (element != CE_HeaderSection || !header || option->rect.isEmpty() || !painter->transform().isIdentity()) {
        QProxyStyle::drawControl(element, option, painter, widget);
        return;
    }
    const auto *header2 = qstyleoption_cast<const QStyleOptionHeaderV2 *>(option);
    const QString key = QStringLiteral("taskstream-headersection-o%1-s%2-p%3-sp%4-si%5-t%6-d%7")
                            .arg(int(header->orientation))
                            .arg(uint(header->state))
                            .arg(int(header->position))
                            .arg(int(header->selectedPosition))
                            .arg(int(header->sortIndicator))
                            .arg(header2 ? int(header2->isSectionDragTarget) : -1)
                            .arg(int(header->direction));
    drawCached(key, option->rect, header->palette, painter, [&](QPainter &p, const QRect &at) {
        if (header2) {
            QStyleOptionHeaderV2 moved = *header2;
            moved.rect = at;
            QProxyStyle::drawControl(element, &moved, &p, widget);
        } else {
            QStyleOptionHeader moved = *header;
            moved.rect = at;
            QProxyStyle::drawControl(element, &moved, &p, widget);
        }
    });
}

} // namespace console
} // namespace taskstream

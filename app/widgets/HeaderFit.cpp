#include "HeaderFit.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QStyle>
#include <QStyleOptionHeader>

namespace taskstream {
namespace console {
namespace HeaderFit {

int neededWidth(const QHeaderView *header, int section)
{
    const QAbstractItemModel *model = header->model();
    if (!model)
        return 0;
    const QString text = model->headerData(section, header->orientation(), Qt::DisplayRole).toString();
    // The style's own size for the header: text, margins and room for the sort indicator.
    QStyleOptionHeader option;
    option.initFrom(header);
    option.section = section;
    option.text = text;
    option.sortIndicator = QStyleOptionHeader::SortDown;
    const QSize styled = header->style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), header);
    const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, &option, header);
    const int arrow = header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, &option, header);
    return qMax(styled.width(), header->fontMetrics().horizontalAdvance(text) + 2 * margin + arrow + margin);
}

void fit(QHeaderView *header)
{
    if (!header->model())
        return;
    for (int section = 0; section < header->count(); ++section) {
        if (header->isSectionHidden(section))
            continue;
        const QHeaderView::ResizeMode mode = header->sectionResizeMode(section);
        if (mode != QHeaderView::Interactive && mode != QHeaderView::Fixed)
            continue;
        if (header->stretchLastSection() && section == header->count() - 1)
            continue;
        const int needed = neededWidth(header, section);
        if (header->sectionSize(section) < needed)
            header->resizeSection(section, needed);
    }
}

void fitAll(QWidget *root)
{
    const QList<QHeaderView *> headers = root->findChildren<QHeaderView *>();
    for (QHeaderView *header : headers) {
        if (header->orientation() != Qt::Horizontal)
            continue;
        fit(header);
        // Texts change with the model (a reset, a language change): fit again.
        if (QAbstractItemModel *model = header->model()) {
            QObject::connect(model, &QAbstractItemModel::headerDataChanged, header, [header] { fit(header); });
            QObject::connect(model, &QAbstractItemModel::modelReset, header, [header] { fit(header); });
        }
    }
}

} // namespace HeaderFit
} // namespace console
} // namespace taskstream

#include "ButtonTexts.h"

#include <QDialogButtonBox>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace taskstream {
namespace console {

namespace {
QString textOf(QDialogButtonBox::StandardButton which)
{
    switch (which) {
    case QDialogButtonBox::Ok:
        return ButtonTexts::tr("OK");
    case QDialogButtonBox::Cancel:
        return ButtonTexts::tr("Cancel");
    case QDialogButtonBox::Close:
        return ButtonTexts::tr("Close");
    case QDialogButtonBox::Yes:
        return ButtonTexts::tr("&Yes");
    case QDialogButtonBox::No:
        return ButtonTexts::tr("&No");
    default:
        return {};
    }
}

constexpr QDialogButtonBox::StandardButton kButtons[] = {QDialogButtonBox::Ok, QDialogButtonBox::Cancel,
                                                         QDialogButtonBox::Close, QDialogButtonBox::Yes,
                                                         QDialogButtonBox::No};
} // namespace

void ButtonTexts::apply(QDialogButtonBox *box)
{
    for (const QDialogButtonBox::StandardButton which : kButtons)
        if (QPushButton *button = box->button(which))
            button->setText(textOf(which));
}

void ButtonTexts::apply(QMessageBox *box)
{
    for (const QDialogButtonBox::StandardButton which : kButtons)
        if (QAbstractButton *button = box->button(QMessageBox::StandardButton(int(which))))
            button->setText(textOf(which));
}

void ButtonTexts::apply(QInputDialog *dialog)
{
    dialog->setOkButtonText(textOf(QDialogButtonBox::Ok));
    dialog->setCancelButtonText(textOf(QDialogButtonBox::Cancel));
}

} // namespace console
} // namespace taskstream

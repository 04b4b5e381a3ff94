#pragma once

#include <QCoreApplication>

class QDialogButtonBox;
class QInputDialog;
class QMessageBox;

namespace taskstream {
namespace console {

/// The texts of Qt's standard buttons (OK, Cancel, Close, Yes, No) in the console's own
/// translations, so a dialog reads in one language even where Qt's translations are not installed.
class ButtonTexts
{
    Q_DECLARE_TR_FUNCTIONS(ButtonTexts)
public:
    static void apply(QDialogButtonBox *box);
    static void apply(QMessageBox *box);
    static void apply(QInputDialog *dialog);
};

} // namespace console
} // namespace taskstream

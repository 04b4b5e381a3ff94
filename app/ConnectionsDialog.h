#pragma once

#include "ConnectionProfile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace taskstream {
namespace console {

class ConnectionProfilesModel;
class ConnectionTester;

/// "Connections…": the saved profiles on the left, the selected one's form on the right. Save
/// (a changed name renames), Delete, Test connection (asynchronous, reported under the form) and
/// Connect, which saves the profile and asks the window to connect with it.
class ConnectionsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionsDialog(ConnectionProfileStore *store, QWidget *parent = nullptr);
    ~ConnectionsDialog() override;

    /// Shows the profile named \a name (the last used one when empty) and reads the list again.
    void showProfile(const QString &name = {});
    /// The profile as the form shows it (with the password typed in, remembered or not).
    ConnectionProfile formProfile() const;
    void setFormProfile(const ConnectionProfile &profile);

    ConnectionProfilesModel *model() const { return m_model; }
    ConnectionTester *tester() const { return m_tester; }

    /// Validates the form and starts a test connection; false (with the problems shown) when the
    /// form is not valid.
    bool testConnection();
    /// Validates and saves the form; false (with the problems shown) when it is not valid.
    bool saveProfile();

signals:
    /// Connect was pressed with a valid, saved \a profile (its password may be empty: then the
    /// window asks for it).
    void connectRequested(const taskstream::console::ConnectionProfile &profile);

private:
    void newProfile();
    void deleteProfile();
    void connectProfile();
    void onSelectionChanged();
    void onTestFinished(bool ok, int brokers, const QString &message);
    void updateFields();
    void showStatus(const QString &text, bool error);
    void browseFile(QLineEdit *edit, const QString &title);

    ConnectionProfileStore *m_store;
    ConnectionProfilesModel *m_model;
    ConnectionTester *m_tester;
    QString m_editing; ///< the saved name of the profile in the form; empty for a new one

    QTableView *m_list = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_bootstrapEdit = nullptr;
    QComboBox *m_protocolBox = nullptr;
    QComboBox *m_mechanismBox = nullptr;
    QLineEdit *m_userEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QCheckBox *m_rememberBox = nullptr;
    QCheckBox *m_readOnlyBox = nullptr;
    QLineEdit *m_caEdit = nullptr;
    QLineEdit *m_certEdit = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QCheckBox *m_verifyBox = nullptr;
    QLineEdit *m_registryEdit = nullptr;
    QLineEdit *m_apiUrlEdit = nullptr;
    QLineEdit *m_apiTokenEdit = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_connectButton = nullptr;
};

} // namespace console
} // namespace taskstream

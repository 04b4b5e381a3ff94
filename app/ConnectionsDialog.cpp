#include "ConnectionsDialog.h"

#include "ConnectionTester.h"
#include "models/ConnectionProfilesModel.h"
#include "widgets/ButtonTexts.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

namespace {
constexpr int TestTimeoutMs = 10000;
}

ConnectionsDialog::ConnectionsDialog(ConnectionProfileStore *store, QWidget *parent)
    : QDialog(parent), m_store(store), m_model(new ConnectionProfilesModel(this)), m_tester(new ConnectionTester(this))
{
    setObjectName(QStringLiteral("connectionsDialog"));
    setWindowTitle(tr("Connections"));

    m_list = new QTableView(this);
    m_list->setObjectName(QStringLiteral("profilesView"));
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->setColumnHidden(ConnectionProfilesModel::SecurityColumn, true);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConnectionsDialog::onSelectionChanged);
    connect(m_list, &QTableView::doubleClicked, this, &ConnectionsDialog::connectProfile);

    auto *newButton = new QPushButton(tr("&New"), this);
    m_deleteButton = new QPushButton(tr("De&lete"), this);
    connect(newButton, &QPushButton::clicked, this, &ConnectionsDialog::newProfile);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectionsDialog::deleteProfile);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(newButton);
    listButtons->addWidget(m_deleteButton);
    listButtons->addStretch(1);
    auto *listLayout = new QVBoxLayout;
    listLayout->addWidget(m_list, 1);
    listLayout->addLayout(listButtons);

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("profileNameEdit"));
    m_bootstrapEdit = new QLineEdit(this);
    m_bootstrapEdit->setObjectName(QStringLiteral("profileBootstrapEdit"));
    m_bootstrapEdit->setPlaceholderText(tr("HOST:PORT, several separated by commas"));
    m_protocolBox = new QComboBox(this);
    m_protocolBox->setObjectName(QStringLiteral("protocolBox"));
    for (auto p : {ConnectionProfile::SecurityProtocol::Plaintext, ConnectionProfile::SecurityProtocol::Ssl,
                   ConnectionProfile::SecurityProtocol::SaslPlaintext, ConnectionProfile::SecurityProtocol::SaslSsl})
        m_protocolBox->addItem(ConnectionProfile::protocolName(p), int(p));
    m_mechanismBox = new QComboBox(this);
    m_mechanismBox->setObjectName(QStringLiteral("mechanismBox"));
    for (auto m : {ConnectionProfile::SaslMechanism::Plain, ConnectionProfile::SaslMechanism::ScramSha256,
                   ConnectionProfile::SaslMechanism::ScramSha512})
        m_mechanismBox->addItem(ConnectionProfile::mechanismName(m), int(m));
    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(QStringLiteral("userEdit"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_passwordEdit->setPlaceholderText(tr("asked for when connecting"));
    m_rememberBox = new QCheckBox(tr("&Remember password and token"), this);
    m_rememberBox->setObjectName(QStringLiteral("rememberBox"));
    m_rememberBox->setToolTip(
        tr("Keep the SASL password and the API token in the console's settings file, readable by your user "
           "account but not encrypted. Off: they are kept only until the console closes."));

    m_readOnlyBox = new QCheckBox(tr("Read-&only: hide every action that changes something"), this);
    m_readOnlyBox->setObjectName(QStringLiteral("readOnlyBox"));
    m_readOnlyBox->setToolTip(tr("For looking only, e.g. at production: no replay, offset reset, discard, outbox "
                                 "retry, task edits or produce while connected with this profile."));

    auto fileEdit = [this](const QString &objectName, const QString &title) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(objectName);
        edit->setClearButtonEnabled(true);
        QAction *browse = edit->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
        browse->setToolTip(tr("Choose a file"));
        connect(browse, &QAction::triggered, this, [this, edit, title] { browseFile(edit, title); });
        return edit;
    };
    m_caEdit = fileEdit(QStringLiteral("caFileEdit"), tr("CA certificate"));
    m_caEdit->setPlaceholderText(tr("the system's CA certificates"));
    m_certEdit = fileEdit(QStringLiteral("certFileEdit"), tr("Client certificate"));
    m_certEdit->setPlaceholderText(tr("optional, for mutual TLS"));
    m_keyEdit = fileEdit(QStringLiteral("keyFileEdit"), tr("Client key"));
    m_keyEdit->setPlaceholderText(tr("optional, for mutual TLS"));
    m_verifyBox = new QCheckBox(tr("&Verify the brokers' host names"), this);
    m_verifyBox->setObjectName(QStringLiteral("verifyBox"));
    m_registryEdit = new QLineEdit(this);
    m_registryEdit->setObjectName(QStringLiteral("registryEdit"));
    m_registryEdit->setPlaceholderText(tr("optional, http://HOST:PORT"));
    m_apiUrlEdit = new QLineEdit(this);
    m_apiUrlEdit->setObjectName(QStringLiteral("profileApiUrlEdit"));
    m_apiUrlEdit->setPlaceholderText(tr("optional, http://HOST:PORT of taskstreamd"));
    m_apiTokenEdit = new QLineEdit(this);
    m_apiTokenEdit->setObjectName(QStringLiteral("profileApiTokenEdit"));
    m_apiTokenEdit->setEchoMode(QLineEdit::Password);
    m_apiTokenEdit->setPlaceholderText(tr("optional, from `taskstreamd token --user ID`"));

    auto *kafkaBox = new QGroupBox(tr("Kafka"), this);
    auto *kafkaForm = new QFormLayout(kafkaBox);
    kafkaForm->addRow(tr("&Name:"), m_nameEdit);
    kafkaForm->addRow(tr("&Bootstrap servers:"), m_bootstrapEdit);
    kafkaForm->addRow(tr("&Security protocol:"), m_protocolBox);
    kafkaForm->addRow(tr("SASL &mechanism:"), m_mechanismBox);
    kafkaForm->addRow(tr("&User name:"), m_userEdit);
    kafkaForm->addRow(tr("&Password:"), m_passwordEdit);
    kafkaForm->addRow(QString(), m_rememberBox);
    kafkaForm->addRow(tr("&CA file:"), m_caEdit);
    kafkaForm->addRow(tr("Client c&ertificate:"), m_certEdit);
    kafkaForm->addRow(tr("Client &key:"), m_keyEdit);
    kafkaForm->addRow(QString(), m_verifyBox);
    kafkaForm->addRow(QString(), m_readOnlyBox);
    auto *servicesBox = new QGroupBox(tr("Services"), this);
    auto *servicesForm = new QFormLayout(servicesBox);
    servicesForm->addRow(tr("Schema &Registry:"), m_registryEdit);
    servicesForm->addRow(tr("&Daemon API:"), m_apiUrlEdit);
    servicesForm->addRow(tr("API &token:"), m_apiTokenEdit);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("connectionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_saveButton = new QPushButton(tr("&Save"), this);
    m_connectButton = new QPushButton(tr("C&onnect"), this);
    m_connectButton->setDefault(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    ButtonTexts::apply(buttons);
    buttons->addButton(m_testButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_saveButton, QDialogButtonBox::ApplyRole);
    buttons->addButton(m_connectButton, QDialogButtonBox::AcceptRole);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionsDialog::testConnection);
    connect(m_saveButton, &QPushButton::clicked, this, &ConnectionsDialog::saveProfile);
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectionsDialog::connectProfile);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *formLayout = new QVBoxLayout;
    formLayout->addWidget(kafkaBox);
    formLayout->addWidget(servicesBox);
    formLayout->addWidget(m_status);
    formLayout->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addLayout(listLayout, 2);
    top->addLayout(formLayout, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);

    connect(m_protocolBox, &QComboBox::currentIndexChanged, this, &ConnectionsDialog::updateFields);
    connect(m_tester, &ConnectionTester::finished, this, &ConnectionsDialog::onTestFinished);
    resize(900, 560);
    showProfile();
}

ConnectionsDialog::~ConnectionsDialog() = default;

void ConnectionsDialog::showProfile(const QString &name)
{
    m_model->reload(*m_store);
    const QString wanted = name.isEmpty() ? m_store->lastUsed() : name;
    int row = m_model->rowOf(wanted);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row >= 0) {
        m_list->selectRow(row);
        m_list->setCurrentIndex(m_model->index(row, 0));
        onSelectionChanged();
    } else {
        newProfile();
    }
}

void ConnectionsDialog::onSelectionChanged()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    const QString name = current.data(ConnectionProfilesModel::NameRole).toString();
    if (std::optional<ConnectionProfile> p = m_store->profile(name)) {
        m_editing = name;
        setFormProfile(*p);
    }
    m_tester->cancel();
    showStatus({}, false);
    updateFields();
}

void ConnectionsDialog::newProfile()
{
    m_editing.clear();
    m_list->clearSelection();
    ConnectionProfile p;
    p.bootstrapServers = QStringLiteral("localhost:9092");
    setFormProfile(p);
    m_nameEdit->setFocus(Qt::OtherFocusReason);
    showStatus(tr("A new profile: fill in the form and press Save or Connect."), false);
    updateFields();
}

ConnectionProfile ConnectionsDialog::formProfile() const
{
    ConnectionProfile p;
    p.name = m_nameEdit->text().trimmed();
    p.bootstrapServers = m_bootstrapEdit->text().trimmed();
    p.securityProtocol = ConnectionProfile::SecurityProtocol(m_protocolBox->currentData().toInt());
    p.saslMechanism = ConnectionProfile::SaslMechanism(m_mechanismBox->currentData().toInt());
    p.username = m_userEdit->text().trimmed();
    p.password = m_passwordEdit->text();
    p.rememberSecrets = m_rememberBox->isChecked();
    p.readOnly = m_readOnlyBox->isChecked();
    p.caFile = m_caEdit->text().trimmed();
    p.certificateFile = m_certEdit->text().trimmed();
    p.keyFile = m_keyEdit->text().trimmed();
    p.verifyHostname = m_verifyBox->isChecked();
    p.schemaRegistryUrl = m_registryEdit->text().trimmed();
    p.apiUrl = m_apiUrlEdit->text().trimmed();
    p.apiToken = m_apiTokenEdit->text().trimmed();
    return p;
}

void ConnectionsDialog::setFormProfile(const ConnectionProfile &p)
{
    m_nameEdit->setText(p.name);
    m_bootstrapEdit->setText(p.bootstrapServers);
    m_protocolBox->setCurrentIndex(m_protocolBox->findData(int(p.securityProtocol)));
    m_mechanismBox->setCurrentIndex(m_mechanismBox->findData(int(p.saslMechanism)));
    m_userEdit->setText(p.username);
    m_passwordEdit->setText(p.password);
    m_rememberBox->setChecked(p.rememberSecrets);
    m_readOnlyBox->setChecked(p.readOnly);
    m_caEdit->setText(p.caFile);
    m_certEdit->setText(p.certificateFile);
    m_keyEdit->setText(p.keyFile);
    m_verifyBox->setChecked(p.verifyHostname);
    m_registryEdit->setText(p.schemaRegistryUrl);
    m_apiUrlEdit->setText(p.apiUrl);
    m_apiTokenEdit->setText(p.apiToken);
    updateFields();
}

void ConnectionsDialog::updateFields()
{
    const ConnectionProfile p = formProfile();
    // "Remember" stays available without SASL: it also covers the API token.
    for (QWidget *w : {static_cast<QWidget *>(m_mechanismBox), static_cast<QWidget *>(m_userEdit),
                       static_cast<QWidget *>(m_passwordEdit)})
        w->setEnabled(p.usesSasl());
    for (QWidget *w : {static_cast<QWidget *>(m_caEdit), static_cast<QWidget *>(m_certEdit),
                       static_cast<QWidget *>(m_keyEdit), static_cast<QWidget *>(m_verifyBox)})
        w->setEnabled(p.usesTls());
    m_deleteButton->setEnabled(!m_editing.isEmpty());
}

void ConnectionsDialog::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    m_status->setProperty("error", error);
}

bool ConnectionsDialog::saveProfile()
{
    const ConnectionProfile p = formProfile();
    QStringList problems = p.validate();
    if (p.name != m_editing && m_store->contains(p.name))
        problems << tr("A profile named \"%1\" exists already.").arg(p.name);
    if (!problems.isEmpty()) {
        showStatus(problems.join(QLatin1Char('\n')), true);
        return false;
    }
    if (!m_editing.isEmpty() && m_editing != p.name) {
        QString why;
        if (!m_store->rename(m_editing, p.name, &why)) {
            showStatus(why, true);
            return false;
        }
    }
    m_store->save(p);
    m_editing = p.name;
    const QString password = m_passwordEdit->text();
    const QString token = m_apiTokenEdit->text();
    showProfile(p.name);
    // The form keeps what was typed in for this session, remembered or not.
    m_passwordEdit->setText(password);
    m_apiTokenEdit->setText(token);
    showStatus(p.rememberSecrets || (p.password.isEmpty() && p.apiToken.isEmpty())
                   ? tr("Saved \"%1\".").arg(p.name)
                   : tr("Saved \"%1\" without its password and token; they are asked for when connecting.").arg(p.name),
               false);
    return true;
}

void ConnectionsDialog::deleteProfile()
{
    if (m_editing.isEmpty())
        return;
    const QString name = m_editing;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete profile"),
                                tr("Delete the connection profile \"%1\"?").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ButtonTexts::apply(box);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, name](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_store->remove(name);
        m_editing.clear();
        showProfile();
        showStatus(tr("Deleted \"%1\".").arg(name), false);
    });
    box->open();
}

bool ConnectionsDialog::testConnection()
{
    const ConnectionProfile p = formProfile();
    QStringList problems = p.validate();
    problems.removeAll(tr("Give the profile a name.")); // a test needs no name
    if (p.needsPassword())
        problems << tr("Enter the password to test the connection.");
    if (!problems.isEmpty()) {
        showStatus(problems.join(QLatin1Char('\n')), true);
        return false;
    }
    showStatus(tr("Testing %1…").arg(p.bootstrapServers), false);
    m_testButton->setEnabled(false);
    m_tester->start(p.toKafkaConfig(), TestTimeoutMs);
    return true;
}

void ConnectionsDialog::onTestFinished(bool ok, int, const QString &message)
{
    m_testButton->setEnabled(true);
    showStatus(message, !ok);
}

void ConnectionsDialog::connectProfile()
{
    if (!saveProfile())
        return;
    emit connectRequested(formProfile());
    accept();
}

void ConnectionsDialog::browseFile(QLineEdit *edit, const QString &title)
{
    auto *dialog = new QFileDialog(this, title, edit->text());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({tr("PEM files (*.pem *.crt *.cer *.key)"), tr("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
    dialog->open();
}

} // namespace console
} // namespace taskstream

#include "TasksPanel.h"

#include "DaemonClient.h"
#include "DemoLoadGenerator.h"
#include "TaskDialog.h"
#include "models/TasksModel.h"
#include "widgets/ButtonTexts.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

TasksPanel::TasksPanel(DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new TasksModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_urlEdit(new QLineEdit(this)), m_tokenEdit(new QLineEdit(this)), m_userBox(new QComboBox(this)),
      m_view(new QTableView(this)), m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("tasksPanel"));
    m_urlEdit->setObjectName(QStringLiteral("apiUrlEdit"));
    m_urlEdit->setPlaceholderText(tr("http://HOST:PORT of taskstreamd"));
    m_urlEdit->setClearButtonEnabled(true);
    m_tokenEdit->setObjectName(QStringLiteral("apiTokenEdit"));
    m_tokenEdit->setPlaceholderText(tr("a token from `taskstreamd token --user ID`"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_userBox->setObjectName(QStringLiteral("taskUserBox"));
    m_userBox->setEditable(true);
    m_userBox->setMinimumContentsLength(20);
    for (const DemoUsers::User &u : DemoUsers::all())
        m_userBox->addItem(u.name, u.id);
    m_userBox->setToolTip(tr("A demo user of the sandbox, or a user id (UUID)"));
    connect(m_urlEdit, &QLineEdit::editingFinished, this, &TasksPanel::applyEndpoint);
    connect(m_tokenEdit, &QLineEdit::editingFinished, this, &TasksPanel::applyEndpoint);
    connect(m_userBox, &QComboBox::activated, this, &TasksPanel::reload);
    connect(m_userBox->lineEdit(), &QLineEdit::returnPressed, this, &TasksPanel::reload);

    auto makeAction = [this](const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        QWidget::addAction(a);
        return a;
    };
    m_reloadAction =
        makeAction(tr("Re&load"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), tr("Read the user's tasks again"));
    m_newAction = makeAction(tr("&New task…"), QKeySequence::New, tr("Create a task for the user"));
    m_editAction = makeAction(tr("&Edit…"), QKeySequence(Qt::Key_F2), tr("Edit the selected task"));
    m_completeAction =
        makeAction(tr("&Complete"), QKeySequence(Qt::CTRL | Qt::Key_Return), tr("Mark the selected task completed"));
    m_deleteAction = makeAction(tr("De&lete"), QKeySequence::Delete, tr("Delete the selected task"));
    connect(m_reloadAction, &QAction::triggered, this, &TasksPanel::reload);
    connect(m_newAction, &QAction::triggered, this, [this] { editTask({}); });
    connect(m_editAction, &QAction::triggered, this, [this] {
        const QModelIndex i = m_view->currentIndex();
        if (i.isValid())
            editTask(i.data(TasksModel::TaskRole).toJsonObject());
    });
    connect(m_completeAction, &QAction::triggered, this, &TasksPanel::completeSelected);
    connect(m_deleteAction, &QAction::triggered, this, &TasksPanel::deleteSelected);

    m_view->setObjectName(QStringLiteral("tasksView"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TasksModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Times and the id in full; the title takes the room left.
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(TasksModel::TitleColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(TasksModel::TagsColumn, QHeaderView::Interactive);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // the API's order until a click
    m_view->setSortingEnabled(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    connect(m_view, &QTableView::doubleClicked, m_editAction, &QAction::trigger);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TasksPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TasksPanel::updateActions);

    auto *form = new QFormLayout;
    auto *endpoint = new QHBoxLayout;
    endpoint->addWidget(m_urlEdit, 2);
    endpoint->addWidget(new QLabel(tr("Token:"), this));
    endpoint->addWidget(m_tokenEdit, 3);
    form->addRow(tr("Daemon API:"), endpoint);
    form->addRow(tr("&User:"), m_userBox);
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addActions({m_reloadAction, m_newAction, m_editAction, m_completeAction, m_deleteAction});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(form);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);
    updateActions();
}

void TasksPanel::useSandbox(const QString &url)
{
    if (!m_sandbox)
        m_savedUrl = m_urlEdit->text().trimmed();
    m_sandbox = true;
    m_urlEdit->setText(url);
    m_tokenEdit->clear();
    m_tokenEdit->setPlaceholderText(tr("issued by the sandbox for each user"));
    m_tokenEdit->setEnabled(false);
    m_urlEdit->setEnabled(false);
    reload();
}

void TasksPanel::sandboxStopped()
{
    if (!m_sandbox)
        return;
    m_sandbox = false;
    m_urlEdit->setText(m_savedUrl);
    m_urlEdit->setEnabled(true);
    m_tokenEdit->setEnabled(true);
    m_tokenEdit->setPlaceholderText(tr("a token from `taskstreamd token --user ID`"));
    m_client->setTokenProvider({});
    m_client->setEndpoint({}, {});
    m_model->clear();
    m_summary->clear();
}

void TasksPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Coming back to the tab shows the tasks as they are now (the demo load changes them).
    if (m_client->isConfigured())
        reload();
}

QString TasksPanel::savedApiUrl() const
{
    return m_sandbox ? m_savedUrl : m_urlEdit->text().trimmed();
}

void TasksPanel::setSavedApiUrl(const QString &url)
{
    m_savedUrl = url;
    if (!m_sandbox) {
        m_urlEdit->setText(url);
        applyEndpoint();
    }
}

void TasksPanel::setDaemonEndpoint(const QString &url, const QString &token)
{
    if (!token.isEmpty())
        m_tokenEdit->setText(token);
    setSavedApiUrl(url);
}

void TasksPanel::applyEndpoint()
{
    if (m_sandbox)
        return;
    m_client->setEndpoint(QUrl::fromUserInput(m_urlEdit->text().trimmed()), m_tokenEdit->text());
}

QUuid TasksPanel::currentUser() const
{
    const QString text = m_userBox->currentText().trimmed();
    for (const DemoUsers::User &u : DemoUsers::all())
        if (u.name == text)
            return u.id;
    return QUuid::fromString(text);
}

void TasksPanel::setCurrentUser(const QUuid &user)
{
    const int i = m_userBox->findData(user);
    if (i >= 0)
        m_userBox->setCurrentIndex(i);
    else
        m_userBox->setEditText(user.toString(QUuid::WithoutBraces));
}

void TasksPanel::reload()
{
    applyEndpoint();
    const QUuid user = currentUser();
    if (user.isNull()) {
        emit problem(
            tr("\"%1\" is not a user: pick a demo user or enter a user id (a UUID).").arg(m_userBox->currentText()));
        return;
    }
    m_summary->setText(tr("Loading…"));
    const quint64 mutations = m_mutations;
    m_client->listTasks(user, this, [this, user, mutations](const DaemonReply &r) {
        if (mutations != m_mutations) {
            // A change was sent meanwhile: this list may predate it. Ask again.
            emit requestFinished();
            reload();
            return;
        }
        if (user != currentUser()) {
            emit requestFinished();
            return;
        }
        if (!r.ok()) {
            m_summary->clear();
            emit problem(r.error);
            emit requestFinished();
            return;
        }
        const QJsonObject body = r.body.object();
        m_model->setTasks(body.value(QStringLiteral("items")).toArray());
        m_summary->setText(tr("%n task(s)", nullptr, body.value(QStringLiteral("total")).toInt()));
        emit requestFinished();
    });
}

QString TasksPanel::selectedTaskId() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() && m_view->selectionModel()->isRowSelected(i.row(), {})
               ? i.data(TasksModel::TaskIdRole).toString()
               : QString();
}

void TasksPanel::updateActions()
{
    const QString id = selectedTaskId();
    const bool has = !id.isEmpty();
    const int row = m_model->rowOf(id);
    const bool pending =
        row >= 0 && m_model->task(row).value(QStringLiteral("status")).toString() != QLatin1String("completed");
    m_newAction->setEnabled(!m_readOnly);
    m_editAction->setEnabled(!m_readOnly && has);
    m_completeAction->setEnabled(!m_readOnly && pending);
    m_deleteAction->setEnabled(!m_readOnly && has);
}

void TasksPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (QAction *a : {m_newAction, m_editAction, m_completeAction, m_deleteAction})
        a->setVisible(!readOnly);
    updateActions();
}

void TasksPanel::editTask(const QJsonObject &task)
{
    if (m_readOnly)
        return;
    auto *dialog = new TaskDialog(task, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid user = currentUser();
    const QString id = task.value(QStringLiteral("id")).toString();
    connect(dialog, &QDialog::accepted, this, [this, dialog, user, id] {
        const QJsonObject changes = dialog->changes();
        auto done = [this](const DaemonReply &r) {
            if (r.ok()) {
                m_model->upsertTask(r.body.object());
                updateActions();
            } else {
                emit problem(r.error);
            }
            emit requestFinished();
        };
        ++m_mutations;
        if (id.isEmpty())
            m_client->createTask(user, changes, this, done);
        else if (!changes.isEmpty())
            m_client->updateTask(user, id, changes, this, done);
    });
    dialog->open();
}

void TasksPanel::completeSelected()
{
    const QString id = selectedTaskId();
    if (id.isEmpty() || m_readOnly)
        return;
    ++m_mutations;
    m_client->completeTask(currentUser(), id, this, [this](const DaemonReply &r) {
        if (r.ok()) {
            m_model->upsertTask(r.body.object());
            updateActions();
        } else {
            emit problem(r.error);
        }
        emit requestFinished();
    });
}

void TasksPanel::deleteSelected()
{
    const QString id = selectedTaskId();
    if (id.isEmpty() || m_readOnly)
        return;
    const QString title = m_model->task(m_model->rowOf(id)).value(QStringLiteral("title")).toString();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete task"),
                                tr("Delete the task \"%1\"? The API keeps no way to bring it back.").arg(title),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ButtonTexts::apply(box);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes)
            deleteTask(id);
    });
    box->open();
}

void TasksPanel::deleteTask(const QString &id)
{
    if (m_readOnly)
        return;
    ++m_mutations;
    m_client->deleteTask(currentUser(), id, this, [this, id](const DaemonReply &r) {
        if (r.ok()) {
            m_model->removeTask(id);
            emit information(tr("The task was deleted."));
        } else {
            emit problem(r.error);
        }
        emit requestFinished();
    });
}

} // namespace console
} // namespace taskstream

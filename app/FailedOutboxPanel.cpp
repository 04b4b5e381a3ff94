#include "FailedOutboxPanel.h"

#include "DaemonClient.h"
#include "models/FailedOutboxModel.h"

#include <memory>

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

FailedOutboxPanel::FailedOutboxPanel(QWidget *parent)
    : QWidget(parent), m_model(new FailedOutboxModel(this)), m_view(new QTableView(this)), m_status(new QLabel(this))
{
    // No shortcuts: Ctrl+Shift+B and Ctrl+R already read and replay the DLQ records in this tab.
    m_reloadAction = new QAction(tr("Re&load"), this);
    m_reloadAction->setToolTip(tr("Read the failed outbox records from the daemon again"));
    m_retryAction = new QAction(tr("Re&try selected"), this);
    m_retryAction->setToolTip(tr("Put the selected records back in the outbox's line; the relay sends them again"));
    connect(m_reloadAction, &QAction::triggered, this, &FailedOutboxPanel::reload);
    connect(m_retryAction, &QAction::triggered, this, &FailedOutboxPanel::retrySelected);

    m_status->setObjectName(QStringLiteral("failedOutboxStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *tools = new QToolBar(this);
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(m_reloadAction);
    tools->addAction(m_retryAction);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(FailedOutboxModel::SortRole);
    m_view->setObjectName(QStringLiteral("failedOutboxView"));
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FailedOutboxModel::SeqColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(FailedOutboxModel::ReasonColumn, QHeaderView::Stretch);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FailedOutboxPanel::updateActions);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(tools);
    layout->addWidget(m_view, 1);
    showNotConfigured();
    updateActions();
}

void FailedOutboxPanel::setClient(DaemonClient *client)
{
    m_client = client;
    updateActions();
}

void FailedOutboxPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_retryAction->setVisible(!readOnly);
    updateActions();
}

QString FailedOutboxPanel::statusText() const
{
    return m_status->text();
}

void FailedOutboxPanel::showNotConfigured()
{
    m_status->setText(tr("No daemon API is set. Enter the daemon's URL and an admin token "
                         "(taskstreamd token --role admin) in the Tasks tab, or start the embedded sandbox, "
                         "then reload."));
}

void FailedOutboxPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The list is read when it is looked at, not on every refresh of the cluster.
    if (m_pending == 0)
        reload();
}

void FailedOutboxPanel::updateActions()
{
    const bool configured = m_client && m_client->isAdminConfigured();
    m_reloadAction->setEnabled(configured && m_pending == 0);
    m_retryAction->setEnabled(!m_readOnly && configured && m_pending == 0 && m_view->selectionModel()->hasSelection());
}

void FailedOutboxPanel::reload()
{
    if (!m_client || !m_client->isAdminConfigured()) {
        m_model->clear();
        showNotConfigured();
        updateActions();
        emit reloaded();
        return;
    }
    ++m_pending;
    m_status->setText(tr("Reading the failed outbox records…"));
    updateActions();
    m_client->listFailedOutbox(1000, this, [this](const DaemonReply &r) {
        --m_pending;
        if (r.ok()) {
            m_model->setItems(r.body.object().value(QLatin1String("items")).toArray());
            m_status->setText(m_model->rowCount() == 0
                                  ? tr("No failed outbox records: the relay delivered everything it was given.")
                                  : tr("%n outbox record(s) could not be delivered. Fix the cause (the reason "
                                       "says what), then retry them.",
                                       nullptr, m_model->rowCount()));
        } else {
            m_status->setText(tr("The failed outbox records could not be read."));
            emit problem(r.error);
        }
        updateActions();
        emit reloaded();
    });
}

void FailedOutboxPanel::retrySelected()
{
    if (!m_client || m_pending > 0 || m_readOnly)
        return;
    QList<qint64> seqs;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        seqs << row.data(FailedOutboxModel::SeqRole).toLongLong();
    if (seqs.isEmpty()) {
        emit information(tr("Select the outbox records to retry first."));
        return;
    }
    // One request per record; the list is read again once every answer is in.
    auto errors = std::make_shared<QStringList>();
    auto retried = std::make_shared<int>(0);
    m_pending += int(seqs.size());
    updateActions();
    for (qint64 seq : std::as_const(seqs)) {
        m_client->retryOutbox(seq, this, [this, errors, retried, seq](const DaemonReply &r) {
            if (r.ok())
                ++*retried;
            else
                errors->append(tr("record %1: %2").arg(seq).arg(r.error));
            if (--m_pending > 0)
                return;
            if (!errors->isEmpty())
                emit problem(tr("%n outbox record(s) could not be put back in line: %1", nullptr, int(errors->size()))
                                 .arg(errors->join(QLatin1String("; "))));
            else
                emit information(
                    tr("%n outbox record(s) are back in line; the relay sends them again.", nullptr, *retried));
            reload();
        });
    }
}

} // namespace console
} // namespace taskstream

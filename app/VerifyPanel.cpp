#include "VerifyPanel.h"

#include "DaemonClient.h"
#include "config/TopicCatalog.h"
#include "models/VerifyReportModel.h"

#include <memory>

#include <QComboBox>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

VerifyPanel::VerifyPanel(DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new VerifyReportModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_sinceEdit(new QLineEdit(this)), m_untilEdit(new QLineEdit(this)), m_groupBox(new QComboBox(this)),
      m_settleBox(new QSpinBox(this)), m_verifyButton(new QPushButton(this)), m_cancelButton(new QPushButton(this)),
      m_busy(new QProgressBar(this)), m_verdict(new QLabel(this)), m_summary(new QLabel(this)),
      m_view(new QTableView(this)), m_details(new QPlainTextEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("verifyPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(VerifyReportModel::SortRole);

    m_sinceEdit->setObjectName(QStringLiteral("verifySinceEdit"));
    m_sinceEdit->setPlaceholderText(tr("1h"));
    m_sinceEdit->setToolTip(tr("Start of the window: an age (45s, 90m, 2h, 1d) or an ISO 8601 time with its offset "
                               "(2026-12-06T10:00:00Z). Empty: the last hour."));
    m_untilEdit->setObjectName(QStringLiteral("verifyUntilEdit"));
    m_untilEdit->setPlaceholderText(tr("now"));
    m_untilEdit->setToolTip(tr("End of the window, written as the start. Empty: now. The window is at most 24 hours."));
    m_groupBox->setObjectName(QStringLiteral("verifyGroupBox"));
    m_groupBox->addItem(tr("All groups"), QString());
    for (const ConsumerGroupSpec &g : TopicCatalog::builtin().consumerGroups())
        m_groupBox->addItem(g.name, g.name);
    m_settleBox->setObjectName(QStringLiteral("verifySettleBox"));
    m_settleBox->setRange(0, 3600);
    m_settleBox->setValue(30);
    m_settleBox->setSuffix(tr(" s"));
    m_settleBox->setToolTip(tr("Events younger than this that are not yet published or processed are in flight, not "
                               "lost. 0 on a pipeline known to be at rest."));
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verifyButton->setText(tr("&Verify"));
    m_verifyButton->setToolTip(tr("Reconcile the outbox, the topics and each group's ledger over the window"));
    connect(m_verifyButton, &QPushButton::clicked, this, &VerifyPanel::verify);
    m_cancelButton->setObjectName(QStringLiteral("verifyCancelButton"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &VerifyPanel::cancel);
    m_busy->setObjectName(QStringLiteral("verifyBusy"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();

    m_verdict->setObjectName(QStringLiteral("verifyVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_summary->setObjectName(QStringLiteral("verifySummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->hide(); // shown with the first answer
    m_summary->hide();

    m_view->setObjectName(QStringLiteral("verifyView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the report's order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &VerifyPanel::showCurrent);
    m_details->setObjectName(QStringLiteral("verifyDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a group to see its figures and the first events it lost."));
    m_status->setObjectName(QStringLiteral("verifyStatus"));
    m_status->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Since:"), this));
    bar->addWidget(m_sinceEdit, 1);
    bar->addWidget(new QLabel(tr("Until:"), this));
    bar->addWidget(m_untilEdit, 1);
    bar->addWidget(new QLabel(tr("Group:"), this));
    bar->addWidget(m_groupBox);
    bar->addWidget(new QLabel(tr("Settle time:"), this));
    bar->addWidget(m_settleBox);
    bar->addWidget(m_verifyButton);
    bar->addWidget(m_cancelButton);
    bar->addWidget(m_busy);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_verdict);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    connect(m_sinceEdit, &QLineEdit::returnPressed, this, &VerifyPanel::verify);
    connect(m_untilEdit, &QLineEdit::returnPressed, this, &VerifyPanel::verify);
    m_status->setText(tr("The connected daemon verifies delivery with an admin token; nothing is changed."));
}

QString VerifyPanel::verdictText() const
{
    return m_verdict->text();
}

QString VerifyPanel::summaryText() const
{
    return m_summary->text();
}

QString VerifyPanel::detailsText() const
{
    return m_details->toPlainText();
}

QString VerifyPanel::statusText() const
{
    return m_status->text();
}

void VerifyPanel::setWindow(const QString &since, const QString &until)
{
    m_sinceEdit->setText(since);
    m_untilEdit->setText(until);
}

void VerifyPanel::setGroup(const QString &group)
{
    m_groupBox->setCurrentIndex(qMax(0, m_groupBox->findData(group)));
}

void VerifyPanel::setSettleSeconds(int seconds)
{
    m_settleBox->setValue(seconds);
}

void VerifyPanel::setRunning(bool running)
{
    m_running = running;
    m_verifyButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_busy->setVisible(running);
}

void VerifyPanel::verify()
{
    if (m_running)
        return;
    if (!m_client->isAdminConfigured()) {
        showError(tr("Verifying delivery needs the daemon's API with an admin token: set the daemon URL and token in "
                     "the connection profile, or start the sandbox."));
        emit finished();
        return;
    }
    VerifyRequest request;
    request.since = m_sinceEdit->text();
    request.until = m_untilEdit->text();
    request.group = m_groupBox->currentData().toString();
    request.settleSeconds = m_settleBox->value();
    const quint64 id = ++m_request;
    setRunning(true);
    m_status->setText(tr("Verifying… the daemon reads the outbox, the topics and the ledgers."));
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    m_reply = m_client->verifyDelivery(request, this, [this, id, started](const DaemonReply &reply) {
        if (id != m_request)
            return; // canceled, or an earlier request
        setRunning(false);
        m_reply.clear();
        onReply(reply);
        if (reply.ok() && m_model->hasReport())
            m_status->setText(tr("Verified in %1 s.").arg(double(started->elapsed()) / 1000.0, 0, 'f', 1));
        emit finished();
    });
}

void VerifyPanel::cancel()
{
    if (!m_running)
        return;
    ++m_request; // the answer, if one still comes, is dropped
    setRunning(false);
    if (m_reply)
        m_reply->abort();
    m_reply.clear();
    m_status->setText(tr("Canceled. The daemon finishes that verification on its own; a new one may have to wait "
                         "for it."));
    emit finished();
}

void VerifyPanel::onReply(const DaemonReply &reply)
{
    if (!reply.ok()) {
        QString message;
        if (reply.status == 403)
            message = tr("The daemon refused: verifying delivery needs an admin token (%1).").arg(reply.error);
        else if (reply.status == 503 || reply.status == 409)
            message = reply.retryAfterSeconds >= 0
                          ? tr("The daemon cannot verify now (%1); try again in %n second(s).", nullptr,
                               reply.retryAfterSeconds)
                                .arg(reply.error)
                          : tr("The daemon cannot verify now (%1); try again later.").arg(reply.error);
        else
            message = tr("The verification failed: %1").arg(reply.error);
        showError(message);
        return;
    }
    QString error;
    const std::optional<VerifyReportData> report = VerifyReportData::fromJson(reply.body, &error);
    if (!report) {
        showError(error);
        return;
    }
    m_model->setReport(*report);
    m_verdict->setText(m_model->verdictText());
    m_verdict->setStyleSheet(report->clean ? QStringLiteral("QLabel { color: #1b6e20; }")
                                           : QStringLiteral("QLabel { color: #b01c1c; }"));
    m_summary->setText(m_model->summaryText());
    m_verdict->show();
    m_summary->show();
    // The first group that is not clean is selected: its lost events show at once.
    int select = 0;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        if (!m_proxy->index(r, 0).data(VerifyReportModel::CleanRole).toBool()) {
            select = r;
            break;
        }
    }
    if (m_proxy->rowCount() > 0)
        m_view->selectRow(select);
    showCurrent();
}

void VerifyPanel::showError(const QString &message)
{
    m_model->clear();
    m_verdict->setText(tr("No verdict: %1").arg(message));
    m_verdict->setStyleSheet({});
    m_summary->clear();
    m_verdict->show();
    m_summary->hide();
    m_details->clear();
    m_status->setText(message);
    emit problem(message);
}

void VerifyPanel::showCurrent()
{
    const QModelIndex i = m_proxy->mapToSource(m_view->currentIndex());
    m_details->setPlainText(i.isValid() ? VerifyReportModel::detailsText(m_model->groupRow(i.row())) : QString());
}

} // namespace console
} // namespace taskstream

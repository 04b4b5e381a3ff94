#include "AuditPanel.h"

#include "DemoLoadGenerator.h"
#include "events/Event.h"
#include "models/AuditModel.h"

#include <algorithm>
#include <utility>

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

namespace {
constexpr int MaxTextLength = 200; // the API's bound on q
constexpr int MaxPageSize = 500;

/// The lowest value of the time fields, shown as "any": no bound.
QDateTime anyTime()
{
    return QDateTime(QDate(2000, 1, 1), QTime(0, 0));
}
} // namespace

AuditPanel::AuditPanel(DaemonClient *client, QWidget *parent)
    : QWidget(parent), m_client(client), m_model(new AuditModel(this)), m_filterBar(new QWidget(this)),
      m_userEdit(new QLineEdit(m_filterBar)), m_taskEdit(new QLineEdit(m_filterBar)),
      m_typeBox(new QComboBox(m_filterBar)), m_fromEdit(new QDateTimeEdit(m_filterBar)),
      m_toEdit(new QDateTimeEdit(m_filterBar)), m_textEdit(new QLineEdit(m_filterBar)),
      m_actorEdit(new QLineEdit(m_filterBar)), m_sourceBox(new QComboBox(m_filterBar)),
      m_exportButton(new QPushButton(tr("E&xport…"), m_filterBar)),
      m_searchButton(new QPushButton(tr("&Search"), m_filterBar)),
      m_loadMoreButton(new QPushButton(tr("Load &more"), m_filterBar)), m_busyBar(new QProgressBar(this)),
      m_summary(new QLabel(this)), m_tokenHint(new QLabel(this)), m_view(new QTableView(this)),
      m_entryView(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("auditPanel"));

    QHash<QString, QString> names;
    QStringList demoNames;
    for (const DemoUsers::User &u : DemoUsers::all()) {
        names.insert(u.id.toString(QUuid::WithoutBraces), u.name);
        demoNames << u.name;
    }
    m_model->setUserNames(names);

    m_userEdit->setObjectName(QStringLiteral("auditUserEdit"));
    m_userEdit->setPlaceholderText(tr("any user (a user id, or a demo user's name)"));
    m_userEdit->setClearButtonEnabled(true);
    auto *completer = new QCompleter(demoNames, m_userEdit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_userEdit->setCompleter(completer);
    m_taskEdit->setObjectName(QStringLiteral("auditTaskEdit"));
    m_taskEdit->setPlaceholderText(tr("any task (a task id)"));
    m_taskEdit->setClearButtonEnabled(true);
    m_typeBox->setObjectName(QStringLiteral("auditTypeBox"));
    m_typeBox->addItem(tr("any"), QString());
    QList<events::EventTypeInfo> types = events::EventTypes::all();
    std::sort(types.begin(), types.end(),
              [](const events::EventTypeInfo &a, const events::EventTypeInfo &b) { return a.fullName < b.fullName; });
    for (const events::EventTypeInfo &t : std::as_const(types)) {
        if (m_typeBox->findData(t.fullName) < 0)
            m_typeBox->addItem(t.fullName.mid(t.fullName.lastIndexOf(QLatin1Char('.')) + 1), t.fullName);
    }
    for (QDateTimeEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setMinimumDateTime(anyTime());
        edit->setSpecialValueText(tr("any"));
        edit->setDateTime(anyTime());
    }
    m_fromEdit->setObjectName(QStringLiteral("auditFromEdit"));
    m_fromEdit->setToolTip(tr("Entries that occurred at or after this local time; \"any\" for no bound"));
    m_toEdit->setObjectName(QStringLiteral("auditToEdit"));
    m_toEdit->setToolTip(tr("Entries that occurred before this local time; \"any\" for no bound"));
    m_textEdit->setObjectName(QStringLiteral("auditTextEdit"));
    m_textEdit->setPlaceholderText(tr("words in the type or payload (all must occur)"));
    m_textEdit->setClearButtonEnabled(true);
    m_textEdit->setMaxLength(MaxTextLength);
    m_actorEdit->setObjectName(QStringLiteral("auditActorEdit"));
    m_actorEdit->setPlaceholderText(tr("anyone (who did it: a user id, or a demo user's name)"));
    m_actorEdit->setClearButtonEnabled(true);
    auto *actorCompleter = new QCompleter(demoNames, m_actorEdit);
    actorCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    m_actorEdit->setCompleter(actorCompleter);
    m_sourceBox->setObjectName(QStringLiteral("auditSourceBox"));
    m_sourceBox->addItem(tr("any"), QString());
    m_sourceBox->addItem(tr("API"), QStringLiteral("api"));
    m_sourceBox->addItem(tr("console"), QStringLiteral("console"));
    m_sourceBox->addItem(tr("workers"), QStringLiteral("worker"));
    m_sourceBox->setToolTip(tr("Where the change came from: a request to the API, the console, or a worker "
                               "reacting to another event"));

    m_searchAction = new QAction(tr("&Search"), this);
    m_searchAction->setToolTip(tr("Search the audit log with these filters (Return in any field)"));
    connect(m_searchAction, &QAction::triggered, this, &AuditPanel::search);
    m_loadMoreAction = new QAction(tr("Load &more"), this);
    m_loadMoreAction->setToolTip(tr("Add the next page of entries"));
    m_loadMoreAction->setEnabled(false);
    connect(m_loadMoreAction, &QAction::triggered, this, &AuditPanel::loadMore);
    m_searchButton->setObjectName(QStringLiteral("auditSearchButton"));
    m_searchButton->setToolTip(m_searchAction->toolTip());
    connect(m_searchButton, &QPushButton::clicked, m_searchAction, &QAction::trigger);
    m_loadMoreButton->setObjectName(QStringLiteral("auditLoadMoreButton"));
    m_loadMoreButton->setToolTip(m_loadMoreAction->toolTip());
    m_loadMoreButton->setEnabled(false);
    connect(m_loadMoreButton, &QPushButton::clicked, m_loadMoreAction, &QAction::trigger);
    connect(m_loadMoreAction, &QAction::changed, m_loadMoreButton,
            [this] { m_loadMoreButton->setEnabled(m_loadMoreAction->isEnabled()); });
    m_exportAction = new QAction(tr("E&xport…"), this);
    m_exportAction->setToolTip(tr("Save every entry of these filters and time range (not only those shown) as "
                                  "CSV or JSON lines"));
    connect(m_exportAction, &QAction::triggered, this, [this] {
        QString filter;
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the audit log"), QStringLiteral("audit.csv"),
                                                          tr("CSV (*.csv);;JSON lines (*.jsonl)"), &filter);
        if (path.isEmpty())
            return;
        QString chosen = path;
        if (QFileInfo(chosen).suffix().isEmpty())
            chosen += filter.contains(QLatin1String("jsonl")) ? QStringLiteral(".jsonl") : QStringLiteral(".csv");
        exportTo(chosen);
    });
    m_exportButton->setObjectName(QStringLiteral("auditExportButton"));
    m_exportButton->setToolTip(m_exportAction->toolTip());
    connect(m_exportButton, &QPushButton::clicked, m_exportAction, &QAction::trigger);
    auto *resetButton = new QPushButton(tr("&Reset"), m_filterBar);
    resetButton->setToolTip(tr("Clear every filter"));
    connect(resetButton, &QPushButton::clicked, this, [this] {
        m_userEdit->clear();
        m_taskEdit->clear();
        m_typeBox->setCurrentIndex(0);
        m_fromEdit->setDateTime(anyTime());
        m_toEdit->setDateTime(anyTime());
        m_textEdit->clear();
        m_actorEdit->clear();
        m_sourceBox->setCurrentIndex(0);
    });

    m_busyBar->setObjectName(QStringLiteral("auditBusy"));
    m_busyBar->setRange(0, 0); // indeterminate: the daemon does not say how long
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyBar->setToolTip(tr("Searching…"));
    QSizePolicy keepPlace = m_busyBar->sizePolicy();
    keepPlace.setRetainSizeWhenHidden(true); // the window's layout stays still while searching
    m_busyBar->setSizePolicy(keepPlace);
    m_busyBar->hide();

    auto *grid = new QGridLayout(m_filterBar);
    grid->setContentsMargins(0, 0, 0, 0);
    auto addField = [this, grid](int row, int column, const QString &text, QWidget *field) {
        auto *label = new QLabel(text, m_filterBar);
        label->setBuddy(field);
        grid->addWidget(label, row, column);
        grid->addWidget(field, row, column + 1);
    };
    addField(0, 0, tr("&User:"), m_userEdit);
    addField(0, 2, tr("Tas&k:"), m_taskEdit);
    addField(0, 4, tr("&Type:"), m_typeBox);
    addField(1, 0, tr("&From:"), m_fromEdit);
    addField(1, 2, tr("T&o:"), m_toEdit);
    addField(1, 4, tr("&Words:"), m_textEdit);
    addField(2, 0, tr("W&ho:"), m_actorEdit);
    addField(2, 2, tr("Sour&ce:"), m_sourceBox);
    // Two by two: four buttons in a row made the tab (and so the window) wider than a small screen.
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_searchButton, 0, 0);
    buttons->addWidget(m_loadMoreButton, 0, 1);
    buttons->addWidget(resetButton, 1, 0);
    buttons->addWidget(m_exportButton, 1, 1);
    grid->addLayout(buttons, 0, 6, 3, 1, Qt::AlignTop);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(3, 2);
    grid->setColumnStretch(5, 2);

    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(AuditModel::SummaryColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_view->fontMetrics();
    auto widthOf = [&metrics](const QString &sample) { return metrics.horizontalAdvance(sample) + 24; };
    header->resizeSection(AuditModel::TimeColumn, widthOf(QStringLiteral("0000-00-00 00:00:00")));
    header->resizeSection(AuditModel::TypeColumn, widthOf(QStringLiteral("ReminderScheduled")));
    header->resizeSection(AuditModel::UserColumn, widthOf(QStringLiteral("01234567-89ab")));
    header->resizeSection(AuditModel::ActorColumn, widthOf(QStringLiteral("01234567-89ab (API)")));
    header->resizeSection(AuditModel::TaskColumn, widthOf(QStringLiteral("01234567-89ab")));
    header->resizeSection(AuditModel::TopicColumn, widthOf(QStringLiteral("todo.reminders.events")));
    header->resizeSection(AuditModel::PartitionColumn,
                          widthOf(m_model->headerData(AuditModel::PartitionColumn, Qt::Horizontal).toString()));
    header->resizeSection(AuditModel::OffsetColumn, widthOf(QStringLiteral("0000000")));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditPanel::showSelectedEntry);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditPanel::showSelectedEntry);

    m_entryView->setObjectName(QStringLiteral("auditEntryView"));
    m_entryView->setReadOnly(true);
    m_entryView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_entryView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_entryView->setPlaceholderText(tr("Select an entry to see it as JSON."));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("auditSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(m_entryView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_summary->setObjectName(QStringLiteral("auditSummary"));
    m_tokenHint->setObjectName(QStringLiteral("auditTokenHint"));
    m_tokenHint->setWordWrap(true);
    auto *status = new QHBoxLayout;
    status->addWidget(m_summary, 1);
    status->addWidget(m_busyBar);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_tokenHint);
    layout->addWidget(splitter, 1);
    layout->addLayout(status);
    updateTokenHint();
}

void AuditPanel::setUserFilter(const QString &text)
{
    m_userEdit->setText(text);
}

void AuditPanel::setTaskFilter(const QString &text)
{
    m_taskEdit->setText(text);
}

void AuditPanel::setTypeFilter(const QString &type)
{
    int i = type.isEmpty() ? 0 : m_typeBox->findData(type);
    if (i < 0)
        i = m_typeBox->findText(type);
    m_typeBox->setCurrentIndex(std::max(i, 0));
}

void AuditPanel::setFrom(const QDateTime &from)
{
    m_fromEdit->setDateTime(from.isValid() ? from.toLocalTime() : anyTime());
}

void AuditPanel::setTo(const QDateTime &to)
{
    m_toEdit->setDateTime(to.isValid() ? to.toLocalTime() : anyTime());
}

void AuditPanel::setText(const QString &words)
{
    m_textEdit->setText(words);
}

void AuditPanel::setActorFilter(const QString &text)
{
    m_actorEdit->setText(text);
}

void AuditPanel::setSourceFilter(const QString &source)
{
    m_sourceBox->setCurrentIndex(std::max(m_sourceBox->findData(source), 0));
}

void AuditPanel::setPageSize(int entries)
{
    m_pageSize = std::clamp(entries, 1, MaxPageSize);
}

std::optional<AuditSearch> AuditPanel::searchFromFilters(QString *error) const
{
    AuditSearch s;
    s.limit = m_pageSize;
    const QString userText = m_userEdit->text().trimmed();
    if (!userText.isEmpty()) {
        for (const DemoUsers::User &u : DemoUsers::all())
            if (u.name.compare(userText, Qt::CaseInsensitive) == 0)
                s.user = u.id;
        if (s.user.isNull())
            s.user = QUuid::fromString(userText);
        if (s.user.isNull()) {
            *error = tr("\"%1\" is not a user: enter a user id (a UUID) or a demo user's name, or leave "
                        "the field empty for every user.")
                         .arg(userText);
            return std::nullopt;
        }
    }
    const QString taskText = m_taskEdit->text().trimmed();
    if (!taskText.isEmpty()) {
        s.task = QUuid::fromString(taskText);
        if (s.task.isNull()) {
            *error = tr("\"%1\" is not a task id: enter a task's id (a UUID), or leave the field empty for "
                        "every task.")
                         .arg(taskText);
            return std::nullopt;
        }
    }
    const QString actorText = m_actorEdit->text().trimmed();
    if (!actorText.isEmpty()) {
        QUuid actor;
        for (const DemoUsers::User &u : DemoUsers::all())
            if (u.name.compare(actorText, Qt::CaseInsensitive) == 0)
                actor = u.id;
        if (actor.isNull())
            actor = QUuid::fromString(actorText);
        if (actor.isNull()) {
            *error = tr("\"%1\" is not someone who can act: enter a user id (a UUID) or a demo user's name, or "
                        "leave the field empty for anyone.")
                         .arg(actorText);
            return std::nullopt;
        }
        s.actor = actor.toString(QUuid::WithoutBraces);
    }
    s.source = m_sourceBox->currentData().toString();
    s.type = m_typeBox->currentData().toString();
    if (m_fromEdit->dateTime() != m_fromEdit->minimumDateTime())
        s.from = m_fromEdit->dateTime();
    if (m_toEdit->dateTime() != m_toEdit->minimumDateTime())
        s.to = m_toEdit->dateTime();
    if (s.from.isValid() && s.to.isValid() && s.from >= s.to) {
        const QString format = m_fromEdit->displayFormat();
        *error = tr("The time range is empty: \"from\" (%1) must be before \"to\" (%2). Correct one of "
                    "them, or set it to \"any\".")
                     .arg(s.from.toString(format), s.to.toString(format));
        return std::nullopt;
    }
    s.text = m_textEdit->text().simplified();
    static const QRegularExpression wordChar(QStringLiteral("[\\p{L}\\p{N}]"));
    if (!s.text.isEmpty() && !s.text.contains(wordChar)) {
        *error = tr("\"%1\" has no word to look for: enter letters or digits, or leave the field empty.").arg(s.text);
        return std::nullopt;
    }
    return s;
}

void AuditPanel::search()
{
    m_searched = true;
    QString error;
    const std::optional<AuditSearch> s = searchFromFilters(&error);
    if (!s) {
        emit problem(error);
        return;
    }
    ++m_generation; // whatever is still running answers an older question
    m_lastSearch = *s;
    m_nextCursor.clear();
    send(*s, true);
}

void AuditPanel::loadMore()
{
    if (m_busy || m_nextCursor.isEmpty())
        return;
    AuditSearch s = m_lastSearch;
    s.cursor = m_nextCursor;
    send(s, false);
}

void AuditPanel::send(const AuditSearch &search, bool firstPage)
{
    const quint64 generation = m_generation;
    ++m_requestsSent;
    setBusy(true);
    m_client->searchAudit(search, this, [this, generation, firstPage](const DaemonReply &r) {
        if (generation != m_generation) {
            ++m_staleReplies;
            return;
        }
        setBusy(false);
        if (!r.ok()) {
            const QString detail = r.body.object().value(QStringLiteral("detail")).toString();
            QString message = r.error;
            if (r.status == 401)
                message = tr("The daemon refused the token (%1). Enter a valid token in the Tasks tab.").arg(detail);
            else if (r.status == 403)
                message = tr("Only an admin token may search other users' entries (%1). Enter one in the "
                             "Tasks tab (taskstreamd token --role admin), or leave the user empty.")
                              .arg(detail);
            else if (r.status == 400)
                message = tr("The daemon did not accept the search: %1. Correct the filters and search "
                             "again.")
                              .arg(detail.isEmpty() ? r.error : detail);
            else if (r.status == 503)
                message = tr("The daemon's database did not answer (%1). Search again in a moment.").arg(detail);
            if (firstPage)
                m_model->clear();
            m_nextCursor.clear();
            updateSummary();
            m_lastProblem = message;
            emit problem(message);
            emit searchFinished(false);
            return;
        }
        if (!m_lastProblem.isEmpty())
            emit problemResolved(std::exchange(m_lastProblem, QString()));
        const QJsonObject body = r.body.object();
        const QJsonArray items = body.value(QStringLiteral("items")).toArray();
        if (firstPage)
            m_model->setEntries(items);
        else
            m_model->appendEntries(items);
        m_nextCursor = body.value(QStringLiteral("next_cursor")).toString();
        if (m_model->rowCount() == 0 && !hasMore()) {
            // Nothing found: say why when the daemon does not record events at all.
            m_client->info(this, [this, generation](const DaemonReply &info) {
                if (generation != m_generation)
                    return;
                // A user's token gets the version only: then the roles stay unknown.
                if (info.ok() && info.body.object().contains(QStringLiteral("roles"))) {
                    const QJsonArray roles = info.body.object().value(QStringLiteral("roles")).toArray();
                    m_roles.clear();
                    for (const QJsonValue &v : roles)
                        m_roles << v.toString();
                    m_auditRole = m_roles.contains(QLatin1String("audit")) ? AuditRole::Running : AuditRole::NotRunning;
                } else {
                    m_auditRole = AuditRole::Unknown;
                }
                updateSummary();
                emit searchFinished(true);
            });
            updateSummary();
            return;
        }
        updateSummary();
        emit searchFinished(true);
    });
}

void AuditPanel::exportTo(const QString &path)
{
    if (m_exporting)
        return;
    QString error;
    const std::optional<AuditSearch> s = searchFromFilters(&error);
    if (!s) {
        emit problem(error);
        emit exportFinished(false, path, error);
        return;
    }
    const QString format =
        path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? QStringLiteral("csv") : QStringLiteral("jsonl");
    m_exporting = true;
    m_exportAction->setEnabled(false);
    m_exportButton->setEnabled(false);
    m_summary->setText(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path)));
    m_client->exportAudit(*s, format, path, this, [this, path](const DaemonReply &r) {
        m_exporting = false;
        m_exportAction->setEnabled(true);
        m_exportButton->setEnabled(true);
        updateSummary();
        if (!r.ok() || !r.error.isEmpty()) {
            QString message = r.error;
            if (r.status == 403)
                message = tr("Only an admin token may export other users' entries. Enter one in the Tasks tab, "
                             "or leave the user empty.");
            else if (r.status == 404)
                message = tr("The daemon does not offer the audit export (it is older than this console).");
            message = tr("The audit log was not exported: %1").arg(message);
            emit problem(message);
            emit exportFinished(false, path, message);
            return;
        }
        m_summary->setText(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)));
        emit exportFinished(true, path, QString());
    });
}

QString AuditPanel::summaryText() const
{
    return m_summary->text();
}

void AuditPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_busyBar->setVisible(busy);
    m_loadMoreAction->setEnabled(!busy && hasMore());
}

void AuditPanel::updateSummary()
{
    m_loadMoreAction->setEnabled(!m_busy && hasMore());
    const int rows = m_model->rowCount();
    if (rows == 0 && !hasMore() && m_auditRole == AuditRole::NotRunning)
        m_summary->setText(tr("No entry matches. The daemon does not run the audit role (its roles: %1), so "
                              "no new events are recorded in the audit log.")
                               .arg(m_roles.isEmpty() ? tr("none") : m_roles.join(QStringLiteral(", "))));
    else if (rows == 0 && !hasMore() && m_auditRole == AuditRole::Running)
        m_summary->setText(tr("No entry matches. Events reach the audit log a moment after they happen."));
    else if (rows == 0 && !hasMore())
        m_summary->setText(tr("No entry matches."));
    else if (hasMore())
        m_summary->setText(tr("%n entry(ies) shown; more match (Load more).", nullptr, rows));
    else
        m_summary->setText(tr("%n entry(ies) shown; no more match.", nullptr, rows));
}

void AuditPanel::updateTokenHint()
{
    if (m_sandbox || m_client->hasAdminToken())
        m_tokenHint->setText(tr("Searching as the sandbox's administrator: every user's entries."));
    else
        m_tokenHint->setText(tr("Searching the daemon of the Tasks tab with its token: an admin token "
                                "sees every user's entries, a user's token only that user's."));
}

void AuditPanel::showSelectedEntry()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_entryView->clear();
        return;
    }
    m_entryView->setPlainText(
        QString::fromUtf8(QJsonDocument(m_model->entry(current.row())).toJson(QJsonDocument::Indented)));
}

void AuditPanel::useSandbox()
{
    m_sandbox = true;
    updateTokenHint();
    m_searched = false;
    if (isVisible())
        search();
}

void AuditPanel::sandboxStopped()
{
    m_sandbox = false;
    ++m_generation; // an answer still on its way came from the daemon that stopped
    setBusy(false);
    m_nextCursor.clear();
    m_model->clear();
    m_summary->clear();
    m_searched = false;
    updateTokenHint();
}

void AuditPanel::keyPressEvent(QKeyEvent *event)
{
    // Line edits, spin boxes and combo boxes pass Return on; from a filter field it searches.
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && focusWidget() &&
        m_filterBar->isAncestorOf(focusWidget())) {
        event->accept();
        search();
        return;
    }
    QWidget::keyPressEvent(event);
}

void AuditPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateTokenHint();
    // The first visit shows the newest entries; later ones keep the search the user made.
    if (!m_searched && m_client->isConfigured())
        search();
}

} // namespace console
} // namespace taskstream

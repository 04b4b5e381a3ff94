#include "widgets/EventForm.h"

#include "events/AvroSchema.h"

#include <vector>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

namespace taskstream {
namespace console {

using events::SchemaNode;

/// One field's editor: its widget, how to read it (null QVariant = Avro null) and how to fill it.
struct EventForm::Editor
{
    QWidget *widget = nullptr;
    /// Reads the value; on bad input returns false with *error set (the field path is added by the caller).
    std::function<bool(QVariant *value, QString *error)> read;
    std::function<void(const QVariant &value)> write;
    std::vector<std::pair<QString, std::unique_ptr<Editor>>> fields; ///< a record's fields, in schema order
};

namespace {

bool isUuid(const SchemaNode *node)
{
    return node->kind == SchemaNode::String && node->logicalType == QLatin1String("uuid");
}

bool isTimestamp(const SchemaNode *node)
{
    return node->kind == SchemaNode::Long && node->logicalType.startsWith(QLatin1String("timestamp-"));
}

/// The non-null branch of a ["null", X] union, or null for any other node.
const SchemaNode *optionalBranch(const SchemaNode *node)
{
    if (node->kind != SchemaNode::Union || node->branches.size() != 2)
        return nullptr;
    if (node->branches.at(0)->kind == SchemaNode::Null)
        return node->branches.at(1);
    if (node->branches.at(1)->kind == SchemaNode::Null)
        return node->branches.at(0);
    return nullptr;
}

} // namespace

EventForm::EventForm(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

EventForm::~EventForm() = default;

std::unique_ptr<EventForm::Editor> EventForm::makeEditor(const SchemaNode *node, const QString &name, QWidget *parent)
{
    auto editor = std::make_unique<Editor>();
    if (const SchemaNode *inner = optionalBranch(node)) {
        // An optional field: a checkbox says whether it is set; the value's editor follows it.
        auto *box = new QWidget(parent);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        auto *set = new QCheckBox(box);
        set->setObjectName(name + QStringLiteral("_set"));
        set->setToolTip(tr("Unchecked: the field is null"));
        std::shared_ptr<Editor> value = makeEditor(inner, name, box);
        value->widget->setEnabled(false);
        connect(set, &QCheckBox::toggled, value->widget, &QWidget::setEnabled);
        connect(set, &QCheckBox::toggled, this, &EventForm::edited);
        row->addWidget(set);
        row->addWidget(value->widget, 1);
        editor->widget = box;
        editor->read = [set, value](QVariant *v, QString *error) {
            if (!set->isChecked()) {
                *v = QVariant();
                return true;
            }
            return value->read(v, error);
        };
        editor->write = [set, value](const QVariant &v) {
            set->setChecked(v.isValid());
            if (v.isValid())
                value->write(v);
        };
        return editor;
    }
    switch (node->kind) {
    case SchemaNode::Record: {
        auto *group = new QGroupBox(parent);
        auto *form = new QFormLayout(group);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        for (const SchemaNode::Field &f : node->fields) {
            std::unique_ptr<Editor> child = makeEditor(f.type, f.name, group);
            child->widget->setToolTip(f.type->describe());
            form->addRow(f.name + QLatin1Char(':'), child->widget);
            editor->fields.emplace_back(f.name, std::move(child));
        }
        editor->widget = group;
        Editor *self = editor.get();
        editor->read = [self](QVariant *v, QString *error) {
            QVariantMap map;
            for (const auto &[field, child] : self->fields) {
                QVariant fv;
                if (!child->read(&fv, error)) {
                    *error = field + QStringLiteral(": ") + *error;
                    return false;
                }
                map.insert(field, fv);
            }
            *v = map;
            return true;
        };
        editor->write = [self](const QVariant &v) {
            const QVariantMap map = v.toMap();
            for (const auto &[field, child] : self->fields)
                child->write(map.value(field));
        };
        return editor;
    }
    case SchemaNode::Enum: {
        auto *combo = new QComboBox(parent);
        combo->addItems(node->symbols);
        connect(combo, &QComboBox::currentIndexChanged, this, &EventForm::edited);
        editor->widget = combo;
        editor->read = [combo](QVariant *v, QString *) {
            *v = combo->currentText();
            return true;
        };
        editor->write = [combo](const QVariant &v) { combo->setCurrentIndex(qMax(0, combo->findText(v.toString()))); };
        return editor;
    }
    case SchemaNode::Boolean: {
        auto *check = new QCheckBox(parent);
        connect(check, &QCheckBox::toggled, this, &EventForm::edited);
        editor->widget = check;
        editor->read = [check](QVariant *v, QString *) {
            *v = check->isChecked();
            return true;
        };
        editor->write = [check](const QVariant &v) { check->setChecked(v.toBool()); };
        return editor;
    }
    default:
        break;
    }
    if (isTimestamp(node)) {
        auto *time = new QDateTimeEdit(parent);
        time->setTimeSpec(Qt::UTC);
        time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
        time->setCalendarPopup(true);
        time->setDateTime(QDateTime::currentDateTimeUtc());
        connect(time, &QDateTimeEdit::dateTimeChanged, this, &EventForm::edited);
        editor->widget = time;
        editor->read = [time](QVariant *v, QString *) {
            *v = time->dateTime().toMSecsSinceEpoch();
            return true;
        };
        editor->write = [time](const QVariant &v) {
            time->setDateTime(QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC));
        };
        return editor;
    }
    if (isUuid(node)) {
        auto *box = new QWidget(parent);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        auto *line = new QLineEdit(box);
        line->setObjectName(name);
        line->setPlaceholderText(QStringLiteral("00000000-0000-0000-0000-000000000000"));
        // A new event starts with fresh ids (and the time now, below).
        line->setText(QUuid::createUuid().toString(QUuid::WithoutBraces));
        auto *fresh = new QPushButton(tr("New"), box);
        fresh->setToolTip(tr("Put a new random UUID in this field"));
        connect(fresh, &QPushButton::clicked, line,
                [line] { line->setText(QUuid::createUuid().toString(QUuid::WithoutBraces)); });
        connect(line, &QLineEdit::textChanged, this, &EventForm::edited);
        row->addWidget(line, 1);
        row->addWidget(fresh);
        editor->widget = box;
        editor->read = [line](QVariant *v, QString *error) {
            const QString text = line->text().trimmed();
            if (QUuid::fromString(text).isNull()) {
                *error = tr("not a UUID: \"%1\"").arg(text);
                return false;
            }
            *v = QUuid::fromString(text).toString(QUuid::WithoutBraces);
            return true;
        };
        editor->write = [line](const QVariant &v) { line->setText(v.toString()); };
        return editor;
    }
    auto *line = new QLineEdit(parent);
    line->setObjectName(name);
    connect(line, &QLineEdit::textChanged, this, &EventForm::edited);
    editor->widget = line;
    switch (node->kind) {
    case SchemaNode::String:
        editor->read = [line](QVariant *v, QString *) {
            *v = line->text();
            return true;
        };
        editor->write = [line](const QVariant &v) { line->setText(v.toString()); };
        break;
    case SchemaNode::Int:
    case SchemaNode::Long:
        editor->read = [line](QVariant *v, QString *error) {
            bool ok = false;
            const qint64 n = line->text().trimmed().toLongLong(&ok);
            if (!ok) {
                *error = tr("not a whole number: \"%1\"").arg(line->text());
                return false;
            }
            *v = n;
            return true;
        };
        editor->write = [line](const QVariant &v) { line->setText(QString::number(v.toLongLong())); };
        break;
    case SchemaNode::Float:
    case SchemaNode::Double:
        editor->read = [line](QVariant *v, QString *error) {
            bool ok = false;
            const double d = line->text().trimmed().toDouble(&ok);
            if (!ok) {
                *error = tr("not a number: \"%1\"").arg(line->text());
                return false;
            }
            *v = d;
            return true;
        };
        editor->write = [line](const QVariant &v) { line->setText(QString::number(v.toDouble())); };
        break;
    case SchemaNode::Array:
        if (node->items && node->items->kind == SchemaNode::String) {
            line->setPlaceholderText(tr("comma-separated"));
            editor->read = [line](QVariant *v, QString *) {
                QVariantList items;
                for (const QString &part : line->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
                    if (!part.trimmed().isEmpty())
                        items << part.trimmed();
                *v = items;
                return true;
            };
            editor->write = [line](const QVariant &v) { line->setText(v.toStringList().join(QStringLiteral(", "))); };
            break;
        }
        [[fallthrough]];
    default: {
        // A type no Taskstream contract uses today (bytes, maps, other unions): say so, never guess.
        line->setEnabled(false);
        line->setText(tr("(%1: not editable here)").arg(node->describe()));
        const QString described = node->describe();
        editor->read = [described](QVariant *, QString *error) {
            *error = tr("a field of type %1 cannot be composed in this form").arg(described);
            return false;
        };
        editor->write = [](const QVariant &) {};
        break;
    }
    }
    return editor;
}

bool EventForm::setEventType(const QString &fullName)
{
    m_type = fullName;
    m_root.reset();
    delete m_body;
    m_body = nullptr;
    const events::AvroSchema schema = events::SchemaStore::builtIn().current(fullName);
    if (!schema.isValid() || !schema.root() || schema.root()->kind != SchemaNode::Record)
        return false;
    m_root = makeEditor(schema.root(), fullName, this);
    m_body = m_root->widget;
    static_cast<QGroupBox *>(m_body)->setTitle(fullName.section(QLatin1Char('.'), -1));
    layout()->addWidget(m_body);
    return true;
}

void EventForm::setEvent(const events::Event &event)
{
    if (event.type() != m_type || !m_root)
        setEventType(event.type());
    if (m_root)
        m_root->write(event.data());
}

events::Event EventForm::event(QString *error) const
{
    if (!m_root) {
        *error = tr("no schema is known for event type %1").arg(m_type);
        return {};
    }
    QVariant data;
    if (!m_root->read(&data, error))
        return {};
    return events::Event(m_type, data.toMap());
}

QWidget *EventForm::fieldEditor(const QString &name) const
{
    if (!m_root)
        return nullptr;
    for (const auto &[field, child] : m_root->fields) {
        if (field == name)
            return child->widget;
    }
    return nullptr;
}

} // namespace console
} // namespace taskstream

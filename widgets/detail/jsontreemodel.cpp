#include "detail/jsontreemodel.h"

#include "common/format.h"
#include "expr/jsonfieldpaths.h"

#include <simdjson.h>

#include <QStringList>

#include <vector>

namespace streamscope {

namespace {

// Longer strings are cut in the tree (copy value still copies all of it).
constexpr int kMaxShownChars = 500;
// simdjson's element counts saturate here; beyond it, count by iterating.
constexpr std::size_t kSaturatedCount = 0xFFFFFF;

QString fromView(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QString shownString(std::string_view s)
{
    const bool cut = s.size() > std::size_t(kMaxShownChars) * 4;
    QString text = fromView(cut ? s.substr(0, std::size_t(kMaxShownChars) * 4) : s);
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), kMaxShownChars) + 3);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        if (out.size() > kMaxShownChars) {
            out += QChar(0x2026); // …
            return out;
        }
        if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    if (cut)
        out += QChar(0x2026);
    out += QLatin1Char('"');
    return out;
}

QString typeName(simdjson::dom::element_type type)
{
    using simdjson::dom::element_type;
    switch (type) {
    case element_type::OBJECT: return QStringLiteral("object");
    case element_type::ARRAY: return QStringLiteral("array");
    case element_type::STRING: return QStringLiteral("string");
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return QStringLiteral("number");
    case element_type::BOOL: return QStringLiteral("boolean");
    case element_type::NULL_VALUE: return QStringLiteral("null");
    }
    return {};
}

bool isContainer(const simdjson::dom::element &e)
{
    return e.type() == simdjson::dom::element_type::OBJECT || e.type() == simdjson::dom::element_type::ARRAY;
}

qsizetype childCount(const simdjson::dom::element &e)
{
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (!e.get_object().get(object)) {
        if (object.size() < kSaturatedCount)
            return qsizetype(object.size());
        qsizetype n = 0;
        for (auto it = object.begin(); it != object.end(); ++it)
            ++n;
        return n;
    }
    if (!e.get_array().get(array)) {
        if (array.size() < kSaturatedCount)
            return qsizetype(array.size());
        qsizetype n = 0;
        for (auto it = array.begin(); it != array.end(); ++it)
            ++n;
        return n;
    }
    return 0;
}

} // namespace

struct JsonTreeModel::Document {
    simdjson::dom::parser parser; // owns the tape every element points into
    simdjson::dom::element root;
};

struct JsonTreeModel::Node {
    Node *parent = nullptr;
    int row = 0;
    simdjson::dom::element element;
    std::string_view key;   // the member name, when the parent is an object
    bool inArray = false;   // an element of an array: its step is [row]
    bool rootValue = false; // a payload that is a scalar: the one row "value"
    std::vector<std::unique_ptr<Node>> children;
    qsizetype total = 0; // members or elements of a container
    bool started = false;
    simdjson::dom::object::iterator nextMember;
    simdjson::dom::array::iterator nextElement;
};

Result<std::shared_ptr<const JsonTreeModel::Document>> JsonTreeModel::parse(const std::optional<QByteArray> &payload)
{
    if (!payload)
        return Error::badInput(tr("not JSON: a null value (a tombstone)"));
    if (payload->isEmpty())
        return Error::badInput(tr("not JSON: an empty value"));
    auto document = std::make_shared<Document>();
    // simdjson copies the bytes into its own padded buffer.
    const auto error = document->parser.parse(payload->constData(), std::size_t(payload->size())).get(document->root);
    if (error) {
        QString reason = QString::fromUtf8(simdjson::error_message(error));
        if (!reason.isEmpty())
            reason[0] = reason[0].toLower(); // "not JSON: the input is not valid UTF-8"
        return Error::badInput(tr("not JSON: %1").arg(reason));
    }
    return std::shared_ptr<const Document>(std::move(document));
}

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(std::shared_ptr<const Document> document)
{
    beginResetModel();
    m_root.reset();
    m_document = std::move(document);
    if (m_document) {
        m_root = std::make_unique<Node>();
        if (isContainer(m_document->root)) {
            m_root->element = m_document->root;
            m_root->total = childCount(m_root->element);
            fetch(m_root.get(), kFetchBatch);
        } else {
            auto value = std::make_unique<Node>();
            value->parent = m_root.get();
            value->element = m_document->root;
            value->rootValue = true;
            m_root->children.push_back(std::move(value));
            m_root->total = 1;
            m_root->started = true;
        }
    }
    endResetModel();
}

void JsonTreeModel::clear() { setDocument(nullptr); }

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

void JsonTreeModel::fetch(Node *node, int count)
{
    simdjson::dom::object object;
    simdjson::dom::array array;
    const bool isObject = !node->element.get_object().get(object);
    if (!isObject && node->element.get_array().get(array))
        return;
    if (!node->started) {
        node->started = true;
        if (isObject)
            node->nextMember = object.begin();
        else
            node->nextElement = array.begin();
    }
    for (int i = 0; i < count && qsizetype(node->children.size()) < node->total; ++i) {
        auto child = std::make_unique<Node>();
        child->parent = node;
        child->row = int(node->children.size());
        if (isObject) {
            child->key = node->nextMember.key();
            child->element = node->nextMember.value();
            ++node->nextMember;
        } else {
            child->element = *node->nextElement;
            child->inArray = true;
            ++node->nextElement;
        }
        child->total = childCount(child->element);
        node->children.push_back(std::move(child));
    }
}

QString JsonTreeModel::pathOf(const Node *node) const
{
    QStringList steps;
    for (const Node *n = node; n && n != m_root.get() && !n->rootValue; n = n->parent)
        steps.prepend(n->inArray ? QStringLiteral("[%1]").arg(n->row)
                                 : expr::pathStep(QByteArrayView(n->key.data(), qsizetype(n->key.size()))));
    return QStringLiteral("value") + steps.join(QString());
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!m_root || row < 0 || column < 0 || column >= NUM_COLUMNS || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *node = nodeOf(parent);
    if (std::size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = nodeOf(child);
    Node *parent = node->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row, 0, parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!m_root || (parent.isValid() && parent.column() != 0))
        return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const { return NUM_COLUMNS; }

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (!m_root || (parent.isValid() && parent.column() != 0))
        return false;
    return nodeOf(parent)->total > 0;
}

bool JsonTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (!m_root || (parent.isValid() && parent.column() != 0))
        return false;
    const Node *node = nodeOf(parent);
    return qsizetype(node->children.size()) < node->total;
}

void JsonTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeOf(parent);
    const int first = int(node->children.size());
    const int count = int(std::min<qsizetype>(kFetchBatch, node->total - first));
    beginInsertRows(parent, first, first + count - 1);
    fetch(node, count);
    endInsertRows();
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    const simdjson::dom::element &e = node->element;
    using simdjson::dom::element_type;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            if (node->rootValue)
                return QStringLiteral("value");
            if (node->inArray)
                return QStringLiteral("[%1]").arg(node->row);
            return node->key.empty() ? QStringLiteral("\"\"") : fromView(node->key);
        case ValueColumn:
            switch (e.type()) {
            case element_type::OBJECT: return QStringLiteral("{%1}").arg(format::count(node->total));
            case element_type::ARRAY: return QStringLiteral("[%1]").arg(format::count(node->total));
            case element_type::STRING: return shownString(e.get_string().value_unsafe());
            default: return QString::fromStdString(simdjson::to_string(e));
            }
        case TypeColumn:
            return typeName(e.type());
        }
        return {};
    case Qt::ToolTipRole:
    case PathRole:
        return pathOf(node);
    case CopyValueRole:
        if (e.type() == element_type::STRING)
            return fromView(e.get_string().value_unsafe());
        return QString::fromStdString(simdjson::minify(e));
    case IsContainerRole:
        return isContainer(e);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

} // namespace streamscope

#pragma once
// A payload's JSON as a tree: name | value | type. Lazy: a node's children
// are built when the view asks for them (canFetchMore/fetchMore on
// expansion), kJsonFetchBatch at a time, so an array of a million elements
// costs a thousand rows until it is scrolled through.
//
// Payloads are parsed with simdjson, the parser of the expression language,
// so that "not JSON" here means what it means in the filter bar (null, empty,
// invalid, integers beyond 64 bits, invalid UTF-8 in a string, nesting
// deeper than 1024; docs/filter-language.md). Every node knows its path in
// the language (value.a.b[2]), for "copy path" and "plot this field".

#include "util/result.h"

#include <QAbstractItemModel>
#include <QByteArray>

#include <memory>
#include <optional>

namespace streamscope {

class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn = 0, ValueColumn, TypeColumn, NUM_COLUMNS };
    enum Roles {
        PathRole = Qt::UserRole + 1, // the expression path: value.a.b[2]
        CopyValueRole,               // a string's text; else the JSON text (minified)
        IsContainerRole,             // an object or an array
    };
    static constexpr int kFetchBatch = 1000;

    // A parsed payload: read-only, shareable between threads.
    struct Document;
    // "not JSON: <reason>" when the payload is not JSON.
    static Result<std::shared_ptr<const Document>> parse(const std::optional<QByteArray> &payload);

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    void setDocument(std::shared_ptr<const Document> document);
    void clear();
    bool isEmpty() const { return !m_document; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    void fetch(Node *node, int count);
    QString pathOf(const Node *node) const;

    std::shared_ptr<const Document> m_document;
    std::unique_ptr<Node> m_root; // the top-level rows are its children
};

} // namespace streamscope

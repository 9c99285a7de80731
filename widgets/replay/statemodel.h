#pragma once
// The engine's state at the cursor as a tree: name | value | changed.
//
//   Watermark            10:42:03.120          advanced 1.002 s
//     iot.readings[0]    10:42:03.120 · holds the watermark back
//   Keys                 40 keys · 83 windows
//     sensor-007         2 windows · 17 events  window updated
//       [10:42:00 – 10:42:10)  open · 9 events  updated
//         count          9                      was 8
//   Timers · Dedupe · Counters
//
// What the step to the cursor changed is marked from its StepReport (the
// "changed" column names it); what differs from the previously shown
// snapshot is marked too ("was …"), which after a jump is everything that
// moved since. Moving the cursor updates the tree in place — rows are
// inserted, removed and changed, never reset — so that a view keeps its
// expanded rows and selection across steps.

#include "engine/engine.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <map>
#include <memory>

namespace streamscope {

class StateModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn = 0, ValueColumn, ChangeColumn, NUM_COLUMNS };
    enum class NodeKind { Section, Partition, Key, Window, WindowDetail, Aggregate, Timer, Counter };
    enum Roles {
        NodeKindRole = Qt::UserRole + 1, // NodeKind as int
        KeyRole,                         // QByteArray: the key of a key, window or aggregate row
        WindowStartRole,                 // qint64, window rows and below
        WindowEndRole,
        ChangedRole,                     // bool: this row changed
        ChangedBelowRole,                // bool: a row below it changed
        IdRole,                          // QString: stable among siblings
    };

    explicit StateModel(QObject *parent = nullptr);
    ~StateModel() override;

    // Names partitions "topic[p]" instead of "topic 0 [p]".
    void setTopics(const QStringList &topics);
    // Orders aggregates as the pipeline declares them (else by name).
    void setPipeline(const PipelineSpec &spec);
    // previous: the snapshot shown before, or null.
    void setStep(const EngineSnapshot &snapshot, const StepReport &report, const EngineSnapshot *previous);
    void clear();

    // The row of a section ("Watermark", "Keys", "Timers", "Dedupe",
    // "Counters"), a key, or a key's window.
    QModelIndex sectionIndex(const QString &id) const;
    QModelIndex keyIndex(const QByteArray &key) const;
    QModelIndex windowIndex(const QByteArray &key, const TimeWindow &window) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Node;

private:
    std::unique_ptr<Node> build(const EngineSnapshot &snapshot, const StepReport &report, const EngineSnapshot *previous);
    // A window's rows, without marks.
    std::unique_ptr<Node> windowRows(const WindowSnapshot &window, const std::vector<TimerSnapshot> &timers);
    // Whether m_windowRows holds rows made from this window and these timers.
    bool sameRows(const WindowSnapshot &window, const std::vector<TimerSnapshot> &timers) const;
    void sync(Node *old, Node *fresh, const QModelIndex &parentIndex);
    static std::unique_ptr<Node> clone(const Node &node, Node *parent);
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column = 0) const;
    QString partitionName(const PartitionRef &ref) const;

    QStringList m_topics;
    QStringList m_aggregateOrder;
    std::unique_ptr<Node> m_root;
    // The next step builds every row afresh (names or order depend on what changed).
    bool m_rebuildAll = true;
    // The rows of the windows shown, as windowRows() made them (the key
    // rows reused as they were keep theirs too).
    struct CachedWindowRows {
        WindowSnapshot window;
        std::vector<TimerSnapshot> timers;
        std::unique_ptr<Node> rows;
    };
    std::map<std::pair<QByteArray, TimeWindow>, CachedWindowRows> m_windowRows, m_nextWindowRows;
};

} // namespace streamscope

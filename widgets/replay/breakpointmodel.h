#pragma once
// The replay debugger's breakpoints as a table: enabled | kind | condition |
// hits. The list is what the controller checks (ReplayController::
// setBreakpoints gets breakpoints(), disabled ones included, so that the
// indexes it reports at a stop are rows of this model); the model counts
// the hits it is told about (noteStop) and marks the rows that hit at the
// latest stop — bold, in the "changed this step" colour, with an arrow —
// until the next stop.
//
// Also here, because every user of the list needs them and core has no place
// for UI words: the kinds' names, a readable condition text, the JSON form
// that the main window keeps per session in QSettings, and the rows a step
// hits (for a caller that has the engine but only a seq from Player::runUntil).

#include "replay/breakpoint.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace streamscope {

class BreakpointModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { EnabledColumn = 0, KindColumn, ConditionColumn, HitsColumn, NUM_COLUMNS };
    enum Roles {
        KindRole = Qt::UserRole + 1, // int: Breakpoint::Kind
        HitCountRole,                // int
        LastHitSeqRole,              // qint64: -1 when never hit
        AtStopRole,                  // bool: hit at the latest stop
    };

    explicit BreakpointModel(QObject *parent = nullptr);
    ~BreakpointModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    // Every breakpoint in row order, each with its enabled flag.
    QList<Breakpoint> breakpoints() const;
    const Breakpoint &breakpoint(int row) const { return m_rows.at(row).breakpoint; }
    // Replaces the list (hit counts and the stop marks start over).
    void setBreakpoints(const QList<Breakpoint> &breakpoints);
    // These take the breakpoint as given: validate first (BreakpointCheck::create).
    int addBreakpoint(const Breakpoint &breakpoint); // returns its row
    // A changed condition starts its hit count over; the same condition keeps it.
    void replaceBreakpoint(int row, const Breakpoint &breakpoint);
    void removeBreakpoint(int row) { removeRows(row, 1); }
    void setEnabled(int row, bool enabled);
    void setAllEnabled(bool enabled);
    bool anyEnabled() const;

    int hitCount(int row) const { return m_rows.at(row).hits; }
    std::int64_t lastHitSeq(int row) const { return m_rows.at(row).lastHitSeq; }
    bool isAtStop(int row) const { return m_rows.at(row).atStop; }
    // The seq of the latest stop (-1: none since the last reset).
    std::int64_t stopSeq() const { return m_stopSeq; }

    // Playback stopped at seq because of the breakpoints in hitRows: each
    // counts one hit (a row named twice, once) and is marked until the next
    // stop. Rows out of range are ignored.
    void noteStop(std::int64_t seq, const QList<int> &hitRows);
    // Removes the marks of the latest stop (the cursor moved on).
    void clearStopMarks();
    void resetHitCounts();

    // --- Words for the UI ---
    // "Late event dropped"
    static QString kindName(Breakpoint::Kind kind);
    // One sentence: when this kind stops playback.
    static QString kindHelp(Breakpoint::Kind kind);
    // Whether the kind has fields to fill in (else it can be added as is).
    static bool kindHasFields(Breakpoint::Kind kind);
    static bool kindTakesKey(Breakpoint::Kind kind);
    static QList<Breakpoint::Kind> allKinds();
    static QString comparisonSymbol(Breakpoint::Comparison comparison); // ">="
    static QList<Breakpoint::Comparison> allComparisons();
    // Breakpoint::describe() in the views' forms: the watermark time in local
    // time, keys escaped when not UTF-8, thresholds without exponent noise.
    static QString conditionText(const Breakpoint &breakpoint);
    static QString keyText(const QByteArray &key);

    // --- JSON, for QSettings ---
    // {"kind":"stateCondition","enabled":true,"aggregate":"avg_temp",
    //  "comparison":">","threshold":25,"key":"sensor-001"}; a key that is not
    // UTF-8 text is {"keyBase64":"…"} instead; no key (any key) has neither.
    static QJsonObject toJson(const Breakpoint &breakpoint);
    static QJsonArray toJson(const QList<Breakpoint> &breakpoints);
    // Validated as BreakpointCheck::create does: settings may be stale or edited.
    static Result<Breakpoint> fromJson(const QJsonValue &value);
    // The valid entries, in order; a reason for each one skipped in problems.
    static QList<Breakpoint> fromJson(const QJsonArray &array, QStringList *problems = nullptr);
    static QString kindId(Breakpoint::Kind kind); // "stateCondition"
    static std::optional<Breakpoint::Kind> kindFromId(const QString &id);

    // Whether two breakpoints are the same (all fields that their kind uses,
    // and the enabled flag).
    static bool same(const Breakpoint &a, const Breakpoint &b, bool compareEnabled = true);

    // The rows of breakpoints that the step (already applied to engine) hits:
    // what a caller passes to noteStop after Player::runUntil, which reports
    // only the seq. Breakpoints that do not compile never hit.
    static QList<int> hitRows(const QList<Breakpoint> &breakpoints, const StepReport &report, const Engine &engine,
                              expr::EventContext &event);

signals:
    // The list or an enabled flag changed (not hit counts).
    void breakpointsChanged();

private:
    struct Row {
        Breakpoint breakpoint;
        int hits = 0;
        std::int64_t lastHitSeq = -1;
        bool atStop = false;
    };

    void rowsChanged(int first, int last);

    QList<Row> m_rows;
    std::int64_t m_stopSeq = -1;
};

} // namespace streamscope

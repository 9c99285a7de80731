#pragma once
// Conditions that stop playback (DESIGN.md, "breakpoint"), checked after
// each step against what the step did.

#include "engine/engine.h"
#include "expr/expression.h"

#include <QString>
#include <optional>

namespace streamscope {

struct Breakpoint {
    enum class Kind {
        FilterMatch,       // the event matches an expression
        LateEvent,         // accepted or dropped
        LateAccepted,
        LateDropped,
        WindowFires,       // optionally for one key
        WatermarkPasses,   // the combined watermark reaches a time
        WatermarkAdvances, // any advance
        StateCondition,    // a window's aggregate compared with a threshold, optionally for one key
        SessionMerge,
        Duplicate,
    };
    enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual };

    Kind kind = Kind::LateEvent;
    bool enabled = true;
    QString expression;          // FilterMatch
    std::optional<QByteArray> key; // WindowFires, StateCondition
    std::int64_t timeMs = 0;     // WatermarkPasses
    QString aggregate;           // StateCondition: an aggregate's name
    Comparison comparison = Comparison::Greater;
    double threshold = 0;        // StateCondition

    QString describe() const;
};

// A breakpoint ready to be checked: its expression compiled.
class BreakpointCheck
{
public:
    static Result<BreakpointCheck> create(const Breakpoint &breakpoint);
    // Whether the step (already applied to engine) hits the breakpoint.
    bool hits(const StepReport &report, const Engine &engine, expr::EventContext &event) const;
    // A filter match looks at the event alone (not at the step): it can be
    // checked wherever the event is, even where the engine is not.
    bool looksAtEventOnly() const { return m_breakpoint.kind == Breakpoint::Kind::FilterMatch; }
    bool matchesEvent(expr::EventContext &event) const { return m_breakpoint.enabled && m_expression && m_expression->matches(event); }
    const Breakpoint &breakpoint() const { return m_breakpoint; }

private:
    Breakpoint m_breakpoint;
    std::optional<expr::Expression> m_expression;
};

} // namespace streamscope

#pragma once
// The marks of the replay timeline: where in a session late events arrived
// and windows fired. Collected from the steps a Player executes while it
// indexes the session (Player::setStepObserver), so the marks fill in as the
// checkpoints are built and cost no extra pass over the session.

#include "engine/engine.h"

#include <vector>

namespace streamscope {

struct TimelineMark {
    enum class Kind : std::uint8_t { LateAccepted, LateDropped, Firing, LateFiring, Merge, Duplicate };
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    Kind kind = Kind::Firing;
    friend bool operator==(const TimelineMark &, const TimelineMark &) = default;
};

class TimelineMarkCollector
{
public:
    // Beyond this many marks, only late events are still collected: they are
    // what a user looks for, and firings of a busy pipeline are dense anyway.
    static constexpr std::size_t kMaxMarks = 4'000'000;

    // Records each step once: steps at or below the highest seq seen are
    // re-executions and are ignored.
    void observe(const StepReport &report, const EngineEvent &event);
    // The marks collected since the last take(), by seq.
    std::vector<TimelineMark> take();
    void reset();

private:
    std::vector<TimelineMark> m_pending;
    std::size_t m_total = 0;
    std::int64_t m_highestSeq = -1;
};

} // namespace streamscope

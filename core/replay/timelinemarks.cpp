#include "replay/timelinemarks.h"

namespace streamscope {

void TimelineMarkCollector::observe(const StepReport &report, const EngineEvent &event)
{
    if (event.seq <= m_highestSeq)
        return;
    m_highestSeq = event.seq;
    auto add = [&](TimelineMark::Kind kind) {
        const bool late = kind == TimelineMark::Kind::LateAccepted || kind == TimelineMark::Kind::LateDropped;
        if (m_total >= kMaxMarks && !late)
            return;
        m_pending.push_back({event.seq, event.arrivalUs, kind});
        ++m_total;
    };
    for (const EngineChange &change : report.changes) {
        switch (change.kind) {
        case ChangeKind::LateAccepted: add(TimelineMark::Kind::LateAccepted); break;
        case ChangeKind::LateDropped: add(TimelineMark::Kind::LateDropped); break;
        case ChangeKind::WindowsMerged: add(TimelineMark::Kind::Merge); break;
        case ChangeKind::DedupeHit: add(TimelineMark::Kind::Duplicate); break;
        default: break;
        }
    }
    // One mark per kind of firing per step is enough for a timeline.
    bool onTime = false, late = false;
    for (const WindowResult &result : report.results) {
        if (result.kind == FireKind::Late)
            late = true;
        else if (result.kind == FireKind::OnTime)
            onTime = true;
    }
    if (onTime)
        add(TimelineMark::Kind::Firing);
    if (late)
        add(TimelineMark::Kind::LateFiring);
}

std::vector<TimelineMark> TimelineMarkCollector::take()
{
    std::vector<TimelineMark> marks;
    marks.swap(m_pending);
    return marks;
}

void TimelineMarkCollector::reset()
{
    m_pending.clear();
    m_total = 0;
    m_highestSeq = -1;
}

} // namespace streamscope

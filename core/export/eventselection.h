#pragma once
// Which events of a session an export, a republish or a reproducer takes:
// a range of seqs, an explicit list of seqs (the GUI's marked or displayed
// rows), a filter expression (docs/filter-language.md) — each optional, all
// that are given must hold. Events are always visited in seq order.

#include "session/sessionreader.h"
#include "util/result.h"

#include <QString>
#include <atomic>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace streamscope {

struct SeqRange {
    std::int64_t first = 0;                                    // inclusive
    std::int64_t last = std::numeric_limits<std::int64_t>::max(); // inclusive

    // "FROM:TO" with both ends inclusive; either may be left out ("100:",
    // ":99"); a single "N" is N:N.
    static Result<SeqRange> parse(const QString &text);
    QString toString() const;
    bool contains(std::int64_t seq) const { return seq >= first && seq <= last; }
};

struct EventSelection {
    std::optional<SeqRange> range;
    std::optional<std::vector<std::int64_t>> seqs; // sorted, no duplicates
    QString filter;                                // empty: every event

    bool selectsAll() const { return !range && !seqs && filter.isEmpty(); }

    // "3,7,10-20" (ranges inclusive; spaces, commas and newlines separate).
    static Result<std::vector<std::int64_t>> parseSeqList(const QString &text);

    // Visits the selected events in seq order until visit returns false.
    // progress(done, total) now and then: candidates examined of those to
    // examine. Stops with an error when cancel is set.
    Status forEach(SessionReader &reader, const std::function<bool(const EventView &)> &visit,
                   const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                   const std::atomic<bool> *cancel = nullptr) const;
};

} // namespace streamscope

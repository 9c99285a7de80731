#pragma once
// The payload of the event in an EventContext, parsed as JSON on first use
// (internal to core/expr: the one place besides the evaluator that sees
// simdjson, which streamscope_core links privately).

#include "event/event.h"

#include <simdjson.h>

#include <cstdint>

namespace streamscope::expr::detail {

struct JsonDocument {
    enum class State : std::uint8_t { Unparsed, Parsed, NotJson };

    simdjson::dom::parser parser; // reused: its buffers grow to the largest payload seen
    simdjson::dom::element root;
    State state = State::Unparsed;
    std::int64_t parses = 0;

    // The payload's root element, or nullptr when the value is null, empty
    // or not JSON (including what simdjson refuses: integers beyond 64 bits,
    // invalid UTF-8 inside strings, nesting deeper than 1024).
    const simdjson::dom::element *rootOf(const EventView &event)
    {
        if (state == State::Unparsed)
            parse(event);
        return state == State::Parsed ? &root : nullptr;
    }

private:
    void parse(const EventView &event);
};

} // namespace streamscope::expr::detail

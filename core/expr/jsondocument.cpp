#include "expr/jsondocument.h"

namespace streamscope::expr::detail {

void JsonDocument::parse(const EventView &event)
{
    ++parses;
    state = State::NotJson;
    if (event.value.isNull() || event.value.size <= 0)
        return;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end; the event's
    // bytes promise none, so the parser copies them into its own padded
    // buffer, allocated once and reused (bench/filter measures the copy).
    const auto error = parser.parse(event.value.data, std::size_t(event.value.size)).get(root);
    if (!error)
        state = State::Parsed;
}

} // namespace streamscope::expr::detail

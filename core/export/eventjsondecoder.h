#pragma once
// One line of a kcat -J dump, or of Streamscope's JSON-lines export, back
// into an event (docs/export.md, "Import"): topic, partition and offset are
// required, and so are key and payload (a string or null, or their _b64
// forms, which win over the display string); tstype and ts go together;
// headers is kcat's flat array of names and values (headers_b64 wins);
// arrival_us is taken when present; seq, broker and unknown fields are
// ignored. Errors name the field, or the column where the JSON broke.

#include "event/event.h"
#include "export/jsonscanner.h"
#include "util/result.h"

#include <optional>

namespace streamscope {

struct DecodedEventLine {
    Event event; // seq and arrivalUs not set
    std::optional<std::int64_t> arrivalUs;
};

class EventJsonDecoder
{
public:
    // The line without its newline. A message for the user on failure
    // ("column 17: expected ':'…", "partition: expected an integer").
    Result<DecodedEventLine> decode(QByteArrayView line);

private:
    QByteArray m_field; // scratch buffers, kept between lines
    QByteArray m_text;
};

} // namespace streamscope

#pragma once
// Export of a session's events to JSON lines (kcat -J compatible) or CSV —
// the core of `streamscope-cli export` and of the GUI's "Export…"
// (docs/export.md). Nothing but events leaves the session: not its source
// description, not its properties, so no secret can be in an export.

#include "export/eventselection.h"

#include <atomic>
#include <functional>

namespace streamscope {

enum class ExportFormat { JsonLines, Csv };

// "jsonl" (also "json") or "csv".
Result<ExportFormat> parseExportFormat(const QString &text);

struct ExportReport {
    std::int64_t events = 0; // written
    std::int64_t bytes = 0;
};

// Writes the selected events of the session to outputPath ("-": standard
// output; a regular file appears only when complete). progress(events
// examined, events to examine) now and then, on the calling thread.
Result<ExportReport> exportEvents(const QString &sessionPath, ExportFormat format, const EventSelection &selection,
                                  const QString &outputPath,
                                  const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                                  const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope

#pragma once
// The pipeline file format: one `key: value` per line, `#` starts a comment.
// Documented with examples in docs/pipelines.md.
//
//   name: iot per sensor
//   topics: iot.readings
//   event_time: value.ts
//   event_time_unit: ms
//   watermark: bounded 2s
//   idle_timeout: 30s
//   key: value.sensor
//   window: tumbling 10s
//   allowed_lateness: 5s
//   aggregate: count
//   aggregate: avg(value.temperature_c) as avg_temp
//
// Errors name the line and column, and what was expected there.

#include "engine/pipelinespec.h"
#include "util/result.h"

namespace streamscope {

struct PipelineError {
    int line = 0;   // 1-based
    int column = 0; // 1-based, in characters
    QString message;
    QString toString() const { return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message); }
};

// Parses and validates (expressions compile, sizes are positive…).
std::variant<PipelineSpec, PipelineError> parsePipeline(const QString &text);
// As parsePipeline, reading a file; errors become "FILE:LINE:COLUMN: message".
Result<PipelineSpec> loadPipelineFile(const QString &path);
// The file form of a pipeline: parsePipeline(toPipelineText(p)) == p.
QString toPipelineText(const PipelineSpec &spec);

// "250ms", "5s", "1m", "2h", "1d", "1h30m" → milliseconds.
std::optional<std::int64_t> parseDurationMs(QStringView text);
QString formatDurationMs(std::int64_t ms);

// The most windows a sliding window may put one event in (size / slide).
constexpr std::int64_t kMaxWindowsPerEvent = 1000;

} // namespace streamscope

#pragma once
// A pipeline run's window results and late (dropped) events as JSON lines
// or CSV, in the order they happened (docs/export.md, "Pipeline results").
// JSON lines are exactly what `streamscope-cli run --json` prints: objects
// with "type":"window" or "type":"late". CSV has one row of either type:
//
//   type,seq,key,window_start,window_end,fire,firing,watermark,
//   <one column per aggregate>,event_count,seqs,topic,partition,offset,event_time
//
// seq is the trigger seq of a window result and the seq of a late event;
// seqs (the window's lineage) is space-separated; fields that do not apply
// to a row's type are empty, and so is a watermark before the first one.

#include "engine/pipelinespec.h"
#include "export/sessionexport.h"

namespace streamscope {

struct ResultExportReport {
    std::int64_t results = 0;
    std::int64_t lateEvents = 0;
};

Result<ResultExportReport> exportPipelineResults(const QString &sessionPath, const PipelineSpec &pipeline,
                                                 ExportFormat format, const QString &outputPath,
                                                 const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                                                 const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope

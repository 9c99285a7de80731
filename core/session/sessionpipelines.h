#pragma once
// Pipelines kept inside a session file (the `pipelines` table, format
// version 2): a reproducer carries the pipeline it reproduces, and the GUI
// keeps the pipelines a user debugged with the stream they were debugged on.
// SessionReader::pipelines() reads them back; SessionWriter::storePipeline()
// stores one into a session being written.

#include "util/result.h"

#include <QString>

namespace streamscope {

// Stores a pipeline file's text under a name into an existing session,
// replacing one of that name, in one transaction. The file is verified
// first, as any session is; a version 1 file is upgraded to version 2.
// Works while the session is being recorded into (SQLite serialises the
// writers).
Status storePipeline(const QString &sessionPath, const QString &name, const QString &pipelineText);

} // namespace streamscope

#pragma once
// A kcat -J dump, or Streamscope's own JSON-lines export, into a new
// session that opens and replays as a recorded one (docs/export.md,
// "Import"):
//
// - seqs follow the order of the lines;
// - arrival time is the line's arrival_us when it has one, else derived from
//   its Kafka timestamp (ts × 1000), held back so that it never goes back in
//   time — the same input always gives the same session;
// - where reading began is recorded per partition (its first offset);
// - a line that cannot be an event — malformed JSON, a missing field, an
//   offset that repeats or goes back within its partition, an arrival_us
//   that goes back — is reported with its line number, and either skipped
//   or, by default, makes the whole import fail with no file left behind.
// Blank lines are ignored.

#include "util/result.h"

#include <QIODevice>
#include <QString>
#include <atomic>
#include <functional>

namespace streamscope {

struct ImportOptions {
    enum class OnError { Reject, Skip };
    OnError onError = OnError::Reject;
    QString inputName; // for the session's source description ("-" for standard input)
};

struct ImportLineError {
    std::int64_t line = 0; // 1-based
    QString message;
};

struct ImportReport {
    std::int64_t lines = 0;   // read, blank ones included
    std::int64_t events = 0;  // imported
    std::int64_t skipped = 0; // malformed lines left out (OnError::Skip)
};

// Reads JSON lines from `in` into a new session at sessionPath (which must
// not exist; it appears only when the import succeeds). onLineError sees
// every malformed line as it is found. With OnError::Reject, any malformed
// line fails the import (bad input) after all lines have been checked.
// progress(bytes read) now and then.
Result<ImportReport> importJsonLines(QIODevice &in, const QString &sessionPath, const ImportOptions &options,
                                     const std::function<void(const ImportLineError &)> &onLineError = {},
                                     const std::function<void(std::int64_t)> &progress = {},
                                     const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope

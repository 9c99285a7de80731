#pragma once
// "Save session as": a self-contained copy of a session — one file, no WAL —
// taken from a consistent snapshot, so it works while the session is still
// being recorded into (the recording goes on).

#include "util/result.h"

#include <QString>

namespace streamscope {

// Copies `from` (verified as any session is) to `to`, replacing `to` if it
// exists; the copy appears under its name only when complete.
Status copySession(const QString &from, const QString &to);

} // namespace streamscope

#pragma once
// The session file format: its tables, its version, and the checks that make
// a file from elsewhere safe to read (DESIGN.md, principle 8).
//
// Version history (PRAGMA user_version):
//   1  events in chunks (see chunkcodec.h), topics, recordings, retention gaps.

#include "session/sqlite.h"

namespace streamscope::schema {

constexpr int kFormatVersion = 1;
constexpr int kApplicationId = 0x53537331; // "SSs1" in the SQLite header

// Creates every table of a new session file.
Status create(sqlite::Database &db);

// Cheap checks before SQLite touches the file: it exists, is a regular
// readable file, has an SQLite header with our application id and format
// version, and is as long as that header says (not truncated).
Status checkFileHeader(const QString &path);

// True for a file left in write-ahead-log mode without its log beside it
// (copied after a crash): everything is in the file, but SQLite would create
// -wal and -shm files next to it to read it, or fail where it cannot.
bool isWalModeWithoutLog(const QString &path);

// Everything after opening: application id, format version, a schema
// identical to ours — no extra table, index, trigger or view, no altered
// definition — and then integrity (quick_check). Failures are bad input.
// quick_check reads the whole file (a second or more for millions of
// events), so it runs once per file in a process: again only when the
// file changed (size, time, inode), and never for a file this process
// writes itself (markWrittenHere).
Status verify(sqlite::Database &db);

// A session this process is writing (a recording): its readers skip
// quick_check while it is open. When the writer closes, the file as it then
// is counts as checked; any later change is checked again.
void markWritingHere(const QString &path);
void markWrittenHere(const QString &path);

} // namespace streamscope::schema

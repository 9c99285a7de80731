#pragma once
// The session file format: its tables, its version, and the checks that make
// a file from elsewhere safe to read (DESIGN.md, principle 8).
//
// Version history (PRAGMA user_version):
//   1  events in chunks (see chunkcodec.h), topics, recordings, retention gaps.
//   2  + pipelines: pipeline files stored in the session (a reproducer carries
//      its pipeline; the GUI keeps the user's). Version 1 files are still
//      read as they are; storing a pipeline into one upgrades it to 2 (adds
//      the table), after which Streamscope before 2 no longer opens it.

#include "session/sqlite.h"

namespace streamscope::schema {

constexpr int kFormatVersion = 2;       // what new files are written as
constexpr int kOldestReadableVersion = 1;
constexpr int kApplicationId = 0x53537331; // "SSs1" in the SQLite header

// Creates every table of a new session file.
Status create(sqlite::Database &db);

// Brings a file of an older version readable by this one up to
// kFormatVersion, inside the caller's transaction. Nothing to do for a
// current file.
Status upgrade(sqlite::Database &db);

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
// How much of the file verify() reads: the whole file (SQLite's quick_check,
// once per file per process), or only what opening needs (header, version,
// schema) — for a window that shows rows at once and checks the rest in
// the background with another verify().
enum class Extent { WholeFile, StructureOnly };
Status verify(sqlite::Database &db, Extent extent = Extent::WholeFile);

// A session this process is writing (a recording): its readers skip
// quick_check while it is open. When the writer closes, the file as it then
// is counts as checked; any later change is checked again.
void markWritingHere(const QString &path);
void markWrittenHere(const QString &path);
// A verified file this process changed in one short transaction (a stored
// pipeline): its new state counts as checked, unless a writer here has it
// open (then its readers skip the check anyway).
void markModifiedHere(const QString &path);

} // namespace streamscope::schema

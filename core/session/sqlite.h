#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements,
// and errors turned into streamscope::Error with the file name in them.

#include "util/result.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace streamscope::sqlite {

class Statement
{
public:
    Statement() = default;
    Statement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, const QString &text);
    Statement &bindBlob(int index, const char *data, std::int64_t size); // size < 0: NULL
    Statement &bindNull(int index);

    // Steps once: true when a row is available, false when done; errors in *error.
    bool step(Status *error = nullptr);
    Status run(); // steps to completion
    void reset();

    std::int64_t int64(int column) const;
    bool isNull(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const; // a copy

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

class Database
{
public:
    enum class Mode {
        ReadOnly,  // untrusted file, opened with every defensive setting
        Immutable, // as ReadOnly, for a file nobody writes: no locks, no -wal or -shm created
        ReadWrite, // an existing file we will append to (still defensive)
        Create,    // a new file
    };

    static Result<std::unique_ptr<Database>> open(const QString &path, Mode mode);
    ~Database();

    Status exec(const char *sql);
    Result<Statement> prepare(const char *sql);
    // Single-value queries for PRAGMAs and counts.
    Result<std::int64_t> queryInt(const char *sql);
    Result<QString> queryText(const char *sql);

    QString errorMessage() const;
    const QString &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

private:
    Database(sqlite3 *db, QString path) : m_db(db), m_path(std::move(path)) {}
    sqlite3 *m_db = nullptr;
    QString m_path;
};

// Reads whole blobs of one column straight into our buffers (one copy, where
// a SELECT copies twice). The handle is kept between reads and moved from row
// to row; close() it before starting a new read transaction, since an open
// handle keeps the connection's snapshot.
class BlobReader
{
public:
    BlobReader(const char *table, const char *column) : m_table(table), m_column(column) {}
    ~BlobReader() { close(); }
    BlobReader(const BlobReader &) = delete;
    BlobReader &operator=(const BlobReader &) = delete;

    // Into `into`, reusing its capacity.
    Status read(Database &db, std::int64_t rowid, QByteArray &into);
    void close();

private:
    const char *m_table;
    const char *m_column;
    sqlite3_blob *m_blob = nullptr;
};

QString sqliteVersion();

} // namespace streamscope::sqlite

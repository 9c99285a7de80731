#include "session/sqlite.h"

#include <QUrl>

#include <sqlite3.h>

namespace streamscope::sqlite {

namespace {

// A damaged or foreign file is bad input (exit 2); anything else — I/O,
// locks, memory — is the world failing (exit 1).
Error errorFor(int rc, QString message)
{
    const int primary = rc & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        return Error::badInput(std::move(message));
    return Error::runtime(std::move(message));
}

} // namespace

QString sqliteVersion() { return QString::fromLatin1(sqlite3_libversion()); }

Status BlobReader::read(Database &db, std::int64_t rowid, QByteArray &bytes)
{
    int rc = m_blob ? sqlite3_blob_reopen(m_blob, rowid)
                    : sqlite3_blob_open(db.handle(), "main", m_table, m_column, rowid, 0, &m_blob);
    if (rc != SQLITE_OK) {
        const QString why = db.errorMessage();
        close();
        return Error::runtime(why);
    }
    const int size = sqlite3_blob_bytes(m_blob);
    bytes.resize(size);
    rc = sqlite3_blob_read(m_blob, bytes.data(), size, 0);
    if (rc != SQLITE_OK) {
        const QString why = db.errorMessage();
        close();
        return Error::runtime(why);
    }
    return {};
}

void BlobReader::close()
{
    if (m_blob)
        sqlite3_blob_close(m_blob);
    m_blob = nullptr;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement &Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, const char *data, std::int64_t size)
{
    if (size < 0)
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_blob64(m_stmt, index, size ? data : "", sqlite3_uint64(size), SQLITE_STATIC);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step(Status *error)
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE && error)
        *error = errorFor(rc, QString::fromUtf8(sqlite3_errmsg(m_db)));
    return false;
}

Status Statement::run()
{
    Status error;
    while (step(&error)) {
    }
    reset();
    return error;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? QByteArray(static_cast<const char *>(p), n) : QByteArray();
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, Mode mode)
{
    // A URI so that mode=ro is enforced by SQLite itself.
    QString uri = path == QLatin1String(":memory:") ? path : QString::fromUtf8(QUrl::fromLocalFile(path).toEncoded());
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        uri += QStringLiteral("?mode=ro");
        break;
    case Mode::Immutable:
        flags |= SQLITE_OPEN_READONLY;
        uri += QStringLiteral("?mode=ro&immutable=1");
        break;
    case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::Create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    }
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(uri.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString why = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(db);
        return errorFor(rc, QStringLiteral("cannot open %1: %2").arg(path, why));
    }
    std::unique_ptr<Database> database(new Database(db, path));
    // Session files are untrusted input (DESIGN.md, principle 8): nothing in
    // the file may run code or change the file behind our back. A setting
    // SQLite does not take is a refusal to open, not a silent downgrade.
    const std::pair<int, int> settings[] = {
        {SQLITE_DBCONFIG_DEFENSIVE, 1},
        {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
        {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
        {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0},
        {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
        {SQLITE_DBCONFIG_ENABLE_VIEW, 0},
    };
    for (const auto &[option, value] : settings) {
        int applied = -1;
        if (sqlite3_db_config(db, option, value, &applied) != SQLITE_OK || applied != value)
            return Error::runtime(QStringLiteral("cannot open %1 safely: SQLite %2 refused a defensive setting (%3)")
                                      .arg(path, sqliteVersion())
                                      .arg(option));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    // Check every b-tree cell as it is read, and read through read() rather
    // than a memory map, as SQLite advises for files from elsewhere.
    const char *pragmas[] = {"PRAGMA cell_size_check=ON", "PRAGMA mmap_size=0", nullptr};
    for (const char **pragma = pragmas; *pragma; ++pragma)
        if (Status st = database->exec(*pragma); !st)
            return st.error();
    if (mode == Mode::ReadOnly || mode == Mode::Immutable)
        if (Status st = database->exec("PRAGMA query_only=ON"); !st)
            return st.error();
    return database;
}

Database::~Database()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

QString Database::errorMessage() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }

Status Database::exec(const char *sql)
{
    char *message = nullptr;
    if (const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message); rc != SQLITE_OK) {
        const QString why = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return errorFor(rc, QStringLiteral("%1: %2").arg(m_path, why));
    }
    return {};
}

Result<Statement> Database::prepare(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr); rc != SQLITE_OK)
        return errorFor(rc, QStringLiteral("%1: %2").arg(m_path, errorMessage()));
    return Statement(m_db, stmt);
}

Result<std::int64_t> Database::queryInt(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    Status error;
    if (!stmt->step(&error))
        return error.ok() ? Error::runtime(QStringLiteral("%1: no result for %2").arg(m_path, QLatin1String(sql)))
                          : error.error();
    return stmt->int64(0);
}

Result<QString> Database::queryText(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    Status error;
    if (!stmt->step(&error))
        return error.ok() ? Error::runtime(QStringLiteral("%1: no result for %2").arg(m_path, QLatin1String(sql)))
                          : error.error();
    return stmt->text(0);
}

} // namespace streamscope::sqlite

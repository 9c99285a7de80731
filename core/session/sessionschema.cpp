#include "session/sessionschema.h"

#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>

#include <sys/stat.h>
#include <QFileInfo>
#include <QList>
#include <QtEndian>

namespace streamscope::schema {

namespace {

// Chunk rows carry the index columns a reader needs without touching the
// blob; `data` is last so that those columns sit on the row's first page.
constexpr const char *kTables[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE chunks(first_seq INTEGER PRIMARY KEY, event_count INTEGER NOT NULL, "
    "first_arrival_us INTEGER NOT NULL, last_arrival_us INTEGER NOT NULL, "
    "min_timestamp_ms INTEGER NOT NULL, max_timestamp_ms INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE TABLE chunk_partitions(topic_id INTEGER NOT NULL, partition INTEGER NOT NULL, "
    "first_seq INTEGER NOT NULL, first_offset INTEGER NOT NULL, last_offset INTEGER NOT NULL, "
    "event_count INTEGER NOT NULL, PRIMARY KEY(topic_id, partition, first_seq)) WITHOUT ROWID",
    // Where reading of each partition began (first recording that saw it), so
    // that appending continues a partition that has no events yet.
    "CREATE TABLE partition_starts(topic_id INTEGER NOT NULL, partition INTEGER NOT NULL, "
    "start_offset INTEGER NOT NULL, skip_before_ms INTEGER NOT NULL, PRIMARY KEY(topic_id, partition)) WITHOUT ROWID",
    "CREATE TABLE recordings(id INTEGER PRIMARY KEY, started_us INTEGER NOT NULL, ended_us INTEGER, "
    "first_seq INTEGER NOT NULL, source TEXT NOT NULL)",
    "CREATE TABLE retention_gaps(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, partition INTEGER NOT NULL, "
    "first_missing INTEGER NOT NULL, last_missing INTEGER NOT NULL, detected_us INTEGER NOT NULL)",
};

// Added by version 2: named pipeline files, in the order they were first stored.
constexpr const char *kTablesSince2[] = {
    "CREATE TABLE pipelines(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, text TEXT NOT NULL)",
};

struct SchemaObject {
    QString type, name, table, sql;
    friend bool operator==(const SchemaObject &, const SchemaObject &) = default;
};

Result<QList<SchemaObject>> readSchema(sqlite::Database &db)
{
    auto stmt = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
    if (!stmt)
        return stmt.error();
    QList<SchemaObject> objects;
    Status error;
    while (stmt->step(&error))
        objects.append({stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3)});
    if (!error)
        return error.error();
    return objects;
}

// The tables of a version, created inside the caller's transaction.
Status createTables(sqlite::Database &db, int version)
{
    for (const char *sql : kTables)
        if (Status st = db.exec(sql); !st)
            return st;
    if (version >= 2)
        for (const char *sql : kTablesSince2)
            if (Status st = db.exec(sql); !st)
                return st;
    return {};
}

// The schema every file of a readable version has, exactly.
const QList<SchemaObject> &expectedSchema(int version)
{
    static const auto of = [](int v) {
        auto db = sqlite::Database::open(QStringLiteral(":memory:"), sqlite::Database::Mode::Create);
        Q_ASSERT(db);
        Status st = createTables(**db, v);
        Q_ASSERT(st);
        auto objects = readSchema(**db);
        Q_ASSERT(objects);
        return objects.value();
    };
    static const QList<SchemaObject> expected[] = {of(1), of(2)};
    static_assert(std::size(expected) == kFormatVersion - kOldestReadableVersion + 1);
    return expected[version - kOldestReadableVersion];
}

bool isReadableVersion(qint64 version) { return version >= kOldestReadableVersion && version <= kFormatVersion; }

Error bad(const sqlite::Database &db, const QString &why)
{
    return Error::badInput(QStringLiteral("%1: %2").arg(db.path(), why));
}

// The same words whether the header or SQLite found the problem.
QString foreignApplication() { return QStringLiteral("not a Streamscope session: an SQLite database of another application"); }

QString unknownVersion(qint64 version)
{
    if (version > kFormatVersion)
        return QStringLiteral("session format %1 is newer than this Streamscope reads (up to %2); "
                              "open it with a newer Streamscope")
            .arg(version)
            .arg(kFormatVersion);
    return QStringLiteral("not a Streamscope session: unknown format version %1").arg(version);
}

QString describe(const SchemaObject &o) { return QStringLiteral("%1 \"%2\"").arg(o.type, o.name); }

} // namespace

Status create(sqlite::Database &db)
{
    if (Status st = db.exec("PRAGMA page_size=65536"); !st)
        return st;
    if (Status st = db.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId).toUtf8().constData()); !st)
        return st;
    if (Status st = db.exec(QStringLiteral("PRAGMA user_version=%1").arg(kFormatVersion).toUtf8().constData()); !st)
        return st;
    if (Status st = db.exec("BEGIN"); !st)
        return st;
    if (Status st = createTables(db, kFormatVersion); !st) {
        (void)db.exec("ROLLBACK");
        return st;
    }
    return db.exec("COMMIT");
}

Status upgrade(sqlite::Database &db)
{
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return version.error();
    if (*version == kFormatVersion)
        return {};
    if (!isReadableVersion(*version))
        return bad(db, unknownVersion(*version));
    // 1 → 2: the pipelines table.
    for (const char *sql : kTablesSince2)
        if (Status st = db.exec(sql); !st)
            return st;
    return db.exec(QStringLiteral("PRAGMA user_version=%1").arg(kFormatVersion).toUtf8().constData());
}

Status checkFileHeader(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error::badInput(QStringLiteral("%1: no such file").arg(path));
    if (!info.isFile())
        return Error::badInput(QStringLiteral("%1: not a regular file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(100);
    auto bad = [&](const QString &why) { return Error::badInput(QStringLiteral("%1: %2").arg(path, why)); };
    if (header.isEmpty())
        return bad(QStringLiteral("not a Streamscope session: the file is empty"));
    const QByteArray magic = QByteArrayLiteral("SQLite format 3\0");
    if (!header.startsWith(magic) && !magic.startsWith(header))
        return bad(QStringLiteral("not a Streamscope session: not an SQLite database"));
    if (header.size() < 100)
        return bad(QStringLiteral("the file is truncated: %1 bytes, less than an SQLite header").arg(header.size()));

    // The fields of SQLite's 100-byte header (sqlite.org/fileformat.html)
    // that tell whose file it is and how long it must be. Checked here so
    // that SQLite never parses the schema of a file that is not ours.
    const auto u8 = [&](int at) { return quint8(header[at]); };
    const auto u16 = [&](int at) { return qFromBigEndian<quint16>(header.constData() + at); };
    const auto u32 = [&](int at) { return qFromBigEndian<quint32>(header.constData() + at); };
    const qint64 pageSize = u16(16) == 1 ? 65536 : u16(16);
    const bool sane = pageSize >= 512 && (pageSize & (pageSize - 1)) == 0 && u8(21) == 64 && u8(22) == 32
        && u8(23) == 32 && u8(18) >= 1 && u8(18) <= 2 && u8(19) >= 1 && u8(19) <= 2;
    const bool ours = qint32(u32(68)) == kApplicationId;
    if (!ours)
        return bad(sane ? foreignApplication()
                        : QStringLiteral("not a Streamscope session: not a valid SQLite database"));
    if (!sane)
        return bad(QStringLiteral("the file is damaged: its SQLite header is invalid"));
    const qint64 version = qint32(u32(60));
    if (!isReadableVersion(version))
        return bad(unknownVersion(version));
    // The page count is valid when the "version valid for" field matches the
    // change counter. A write-ahead log beside the file (a recording in
    // progress or cut short) holds pages the file does not have yet.
    const qint64 pages = u32(28);
    if (pages > 0 && u32(92) == u32(24) && !QFileInfo::exists(path + QStringLiteral("-wal"))
        && info.size() < pages * pageSize)
        return bad(QStringLiteral("the file is truncated: %1 bytes of %2").arg(info.size()).arg(pages * pageSize));
    return {};
}

bool isWalModeWithoutLog(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(20);
    return header.size() == 20 && header[18] == 2 && header[19] == 2
        && !QFileInfo::exists(path + QStringLiteral("-wal"));
}

namespace {

QMutex &checkedMutex()
{
    static QMutex mutex;
    return mutex;
}

QSet<QString> &checked() // identities of files that passed quick_check
{
    static QSet<QString> files;
    return files;
}

QSet<QString> &writtenHere() // sessions a writer of this process has open
{
    static QSet<QString> files;
    return files;
}

// Which file, and which version of it: a changed file is checked again.
QString fileIdentity(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    QString identity = QStringLiteral("%1:%2:%3:%4.%5").arg(st.st_dev).arg(st.st_ino).arg(st.st_size).arg(st.st_mtim.tv_sec).arg(st.st_mtim.tv_nsec);
    // A log beside the file is part of what is read.
    if (::stat(QFile::encodeName(path + QStringLiteral("-wal")).constData(), &st) == 0)
        identity += QStringLiteral("+%1:%2.%3").arg(st.st_size).arg(st.st_mtim.tv_sec).arg(st.st_mtim.tv_nsec);
    return identity;
}

} // namespace

Status verify(sqlite::Database &db, Extent extent)
{
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId)
        return bad(db, QStringLiteral("not a Streamscope session: %1").arg(db.errorMessage()));
    if (*appId != kApplicationId)
        return bad(db, foreignApplication());
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return bad(db, QStringLiteral("cannot read the format version: %1").arg(db.errorMessage()));
    if (!isReadableVersion(*version))
        return bad(db, unknownVersion(*version));

    // The schema before anything reads a table: quick_check evaluates CHECK
    // constraints, so a planted one must be refused before it could run.
    // Reading sqlite_schema only parses the definitions.
    auto actual = readSchema(db);
    if (!actual)
        return bad(db, QStringLiteral("the schema is damaged or was modified: %1").arg(db.errorMessage()));
    const QList<SchemaObject> &expected = expectedSchema(int(*version));
    for (const SchemaObject &object : *actual) {
        if (expected.contains(object))
            continue;
        const auto same = std::find_if(expected.begin(), expected.end(),
                                       [&](const SchemaObject &e) { return e.name == object.name; });
        QString what;
        if (same == expected.end())
            what = QStringLiteral("unexpected %1").arg(describe(object));
        else if (same->type != object.type)
            what = QStringLiteral("%1 was replaced by a %2").arg(describe(*same), object.type);
        else
            what = QStringLiteral("%1 was altered").arg(describe(object));
        return bad(db, QStringLiteral("the file was modified and is not trusted: %1").arg(what));
    }
    for (const SchemaObject &object : expected)
        if (!actual->contains(object))
            return bad(db, QStringLiteral("the file is incomplete: %1 is missing").arg(describe(object)));

    if (extent == Extent::StructureOnly)
        return {};
    const QString identity = fileIdentity(db.path());
    {
        QMutexLocker lock(&checkedMutex());
        if (writtenHere().contains(QFileInfo(db.path()).canonicalFilePath()) || checked().contains(identity))
            return {};
    }
    auto check = db.queryText("PRAGMA quick_check(1)");
    if (!check)
        return bad(db, QStringLiteral("the file is damaged: %1").arg(db.errorMessage()));
    if (*check != QLatin1String("ok"))
        return bad(db, QStringLiteral("the file is damaged: %1")
                           .arg(QString(*check).remove(QLatin1String("*** in database main ***")).simplified()));
    if (!identity.isEmpty()) {
        QMutexLocker lock(&checkedMutex());
        checked().insert(identity);
    }
    return {};
}

void markWritingHere(const QString &path)
{
    QMutexLocker lock(&checkedMutex());
    writtenHere().insert(QFileInfo(path).canonicalFilePath());
}

void markModifiedHere(const QString &path)
{
    const QString identity = fileIdentity(path);
    QMutexLocker lock(&checkedMutex());
    if (!identity.isEmpty() && !writtenHere().contains(QFileInfo(path).canonicalFilePath()))
        checked().insert(identity);
}

void markWrittenHere(const QString &path)
{
    const QString identity = fileIdentity(path);
    QMutexLocker lock(&checkedMutex());
    writtenHere().remove(QFileInfo(path).canonicalFilePath());
    if (!identity.isEmpty())
        checked().insert(identity);
}

} // namespace streamscope::schema

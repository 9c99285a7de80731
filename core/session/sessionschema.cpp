#include "session/sessionschema.h"

#include <QFile>
#include <QFileInfo>
#include <QList>

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

const QList<SchemaObject> &expectedSchema()
{
    static const QList<SchemaObject> expected = [] {
        auto db = sqlite::Database::open(QStringLiteral(":memory:"), sqlite::Database::Mode::Create);
        Q_ASSERT(db);
        Status st = create(**db);
        Q_ASSERT(st);
        auto objects = readSchema(**db);
        Q_ASSERT(objects);
        return objects.value();
    }();
    return expected;
}

Error bad(const sqlite::Database &db, const QString &why)
{
    return Error::badInput(QStringLiteral("%1: %2").arg(db.path(), why));
}

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
    for (const char *sql : kTables) {
        if (Status st = db.exec(sql); !st) {
            (void)db.exec("ROLLBACK");
            return st;
        }
    }
    return db.exec("COMMIT");
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
    if (header.isEmpty())
        return Error::badInput(QStringLiteral("%1: not a Streamscope session: the file is empty").arg(path));
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return Error::badInput(QStringLiteral("%1: not a Streamscope session: not an SQLite database").arg(path));
    return {};
}

Status verify(sqlite::Database &db)
{
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId)
        return bad(db, QStringLiteral("not a Streamscope session: %1").arg(db.errorMessage()));
    if (*appId != kApplicationId)
        return bad(db, QStringLiteral("not a Streamscope session: an SQLite database of another application"));
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return bad(db, QStringLiteral("cannot read the format version: %1").arg(db.errorMessage()));
    if (*version > kFormatVersion)
        return bad(db, QStringLiteral("session format %1 is newer than this Streamscope reads (up to %2); "
                                      "open it with a newer Streamscope")
                           .arg(*version)
                           .arg(kFormatVersion));
    if (*version < 1)
        return bad(db, QStringLiteral("not a Streamscope session: unknown format version %1").arg(*version));

    auto check = db.queryText("PRAGMA quick_check(5)");
    if (!check)
        return bad(db, QStringLiteral("the file is damaged: %1").arg(db.errorMessage()));
    if (*check != QLatin1String("ok"))
        return bad(db, QStringLiteral("the file is damaged: %1").arg(*check));

    auto actual = readSchema(db);
    if (!actual)
        return bad(db, QStringLiteral("cannot read the schema: %1").arg(actual.error().message));
    const QList<SchemaObject> &expected = expectedSchema();
    for (const SchemaObject &object : *actual) {
        if (!expected.contains(object)) {
            const bool known = std::any_of(expected.begin(), expected.end(),
                                           [&](const SchemaObject &e) { return e.name == object.name; });
            return bad(db, QStringLiteral("the file was modified and is not trusted: %1 %2 \"%3\"")
                               .arg(known ? QStringLiteral("altered") : QStringLiteral("unexpected"), object.type,
                                    object.name));
        }
    }
    for (const SchemaObject &object : expected)
        if (!actual->contains(object))
            return bad(db, QStringLiteral("the file is incomplete: %1 \"%2\" is missing").arg(object.type, object.name));
    return {};
}

} // namespace streamscope::schema

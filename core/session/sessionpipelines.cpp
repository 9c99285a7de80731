#include "session/sessionpipelines.h"

#include "session/sessionschema.h"
#include "session/sqlite.h"

namespace streamscope {

Status storePipeline(const QString &sessionPath, const QString &name, const QString &pipelineText)
{
    if (name.isEmpty())
        return Error::badInput(QStringLiteral("a stored pipeline needs a name"));
    if (Status st = schema::checkFileHeader(sessionPath); !st)
        return st;
    // Verified on a read-only connection first, as SessionWriter::openForAppend
    // does: a read-write one would already act on a tampered file.
    {
        auto readOnly = sqlite::Database::open(sessionPath, sqlite::Database::Mode::ReadOnly);
        if (!readOnly)
            return Error::badInput(readOnly.error().message);
        if (Status st = schema::verify(**readOnly); !st)
            return st;
    }
    auto db = sqlite::Database::open(sessionPath, sqlite::Database::Mode::ReadWrite);
    if (!db)
        return db.error();
    sqlite::Database &database = **db;
    if (Status st = database.exec("BEGIN IMMEDIATE"); !st)
        return st;
    Status st = schema::upgrade(database);
    if (st) {
        auto upsert = database.prepare("INSERT INTO pipelines(name, text) VALUES(?1, ?2) "
                                       "ON CONFLICT(name) DO UPDATE SET text = excluded.text");
        st = upsert ? upsert->bind(1, name).bind(2, pipelineText).run() : Status(upsert.error());
    }
    if (st)
        st = database.exec("COMMIT");
    if (!st) {
        (void)database.exec("ROLLBACK");
        return Error::runtime(QStringLiteral("cannot store pipeline \"%1\" in %2: %3").arg(name, sessionPath, st.error().message));
    }
    db->reset(); // closed before the file's new state counts as checked
    schema::markModifiedHere(sessionPath);
    return {};
}

} // namespace streamscope

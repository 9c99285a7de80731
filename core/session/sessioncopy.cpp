#include "session/sessioncopy.h"

#include "session/sessionschema.h"
#include "session/sqlite.h"

#include <QFile>
#include <QFileInfo>

namespace streamscope {

Status copySession(const QString &from, const QString &to)
{
    if (QFileInfo(from).canonicalFilePath() == QFileInfo(to).canonicalFilePath() && QFileInfo::exists(to))
        return Error::badInput(QStringLiteral("%1 is the session itself").arg(to));
    if (Status st = schema::checkFileHeader(from); !st)
        return st;
    auto db = sqlite::Database::open(from, sqlite::Database::Mode::ReadOnly);
    if (!db)
        return Error::badInput(db.error().message);
    if (Status st = schema::verify(**db); !st)
        return st;
    // VACUUM INTO writes a compact copy of one read snapshot, with the
    // header's application id and format version, as a rollback-journal
    // (single) file.
    // The connection is opened read-only, so the source cannot change; its
    // query-only guard would also refuse writing the copy, which is a
    // different file.
    if (Status st = (*db)->exec("PRAGMA query_only=OFF"); !st)
        return st;
    const QString partial = to + QStringLiteral(".partial");
    QFile::remove(partial);
    auto vacuum = (*db)->prepare("VACUUM INTO ?1");
    if (!vacuum)
        return vacuum.error();
    if (Status st = vacuum->bind(1, partial).run(); !st) {
        QFile::remove(partial);
        return Error::runtime(QStringLiteral("cannot write %1: %2").arg(to, st.error().message));
    }
    if (QFileInfo::exists(to) && !QFile::remove(to)) {
        QFile::remove(partial);
        return Error::runtime(QStringLiteral("cannot replace %1").arg(to));
    }
    if (!QFile::rename(partial, to)) {
        QFile::remove(partial);
        return Error::runtime(QStringLiteral("cannot create %1").arg(to));
    }
    return {};
}

} // namespace streamscope

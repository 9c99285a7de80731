// Session files are untrusted input (DESIGN.md, principle 8). A real session
// is written, then turned into hostile variants — random, truncated, newer,
// foreign, tampered — and each must give exactly one clear error and exit
// code 2 from `streamscope-cli info`, the same error from the SessionReader
// API, no crash, and no change to the file: nothing in it was executed.

#include "testsupport.h"

#include "session/sessionpipelines.h"
#include "session/sessionsummary.h"
#include "session/sessionwriter.h"
#include "session/sqlite.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTest>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <functional>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// Makes the file under test at `path`; returns why it could not, or nothing.
using Maker = std::function<QString(const QString &path)>;

constexpr qint64 kPageSize = 65536; // schema::create sets it

// The session every hostile variant starts from: two topics, three chunks,
// the middle one holding a value large enough to need overflow pages.
QString writeSession(const QString &path)
{
    auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
    if (!writer)
        return writer.error().message;
    const int orders = (*writer)->topicId(QStringLiteral("orders"));
    const int payments = (*writer)->topicId(QStringLiteral("payments"));
    const QByteArray big(200 * 1024, 'x');
    const HeaderView headers[] = {{BytesView::of("trace", 5), BytesView::of("abc", 3)}};
    std::int64_t offsets[2][3] = {};
    ChunkBuilder builder;
    std::int64_t seq = 0;
    for (int chunk = 0; chunk < 3; ++chunk) {
        const int events = chunk == 2 ? 5 : 10;
        for (int i = 0; i < events; ++i, ++seq) {
            const QByteArray value = chunk == 1 && i == 4 ? big : QByteArray("{\"n\":") + QByteArray::number(seq) + '}';
            EventView e;
            e.arrivalUs = 1'700'000'000'000'000 + seq * 1000;
            e.topicId = seq % 2 ? payments : orders;
            e.partition = int(seq % 3);
            e.offset = offsets[seq % 2][seq % 3]++;
            e.timestampMs = 1'700'000'000'000 + seq;
            e.timestampType = TimestampType::CreateTime;
            e.key = BytesView::of("key", 3);
            e.value = BytesView::of(value.constData(), value.size());
            if (seq % 4 == 0)
                e.headers = headers;
            builder.append(e); // copies the bytes: `value` may go
        }
        if (Status st = (*writer)->append(builder); !st)
            return st.error().message;
    }
    if (Status st = (*writer)->close(); !st)
        return st.error().message;
    return {};
}

// Trusted write access to a file, as an attacker with a normal SQLite would
// have: no defensive mode, writable schema allowed.
QString trustedExec(const QString &path, const QString &sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return why;
    }
    char *message = nullptr;
    QString why;
    if (sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK)
        why = QStringLiteral("%1 in: %2").arg(QString::fromUtf8(message ? message : sqlite3_errmsg(db)), sql);
    sqlite3_free(message);
    sqlite3_close(db);
    return why;
}

// Rewrites the blob of one chunk row with trusted access.
QString editChunk(const QString &path, std::int64_t firstSeq, const std::function<void(QByteArray &)> &edit)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    QString why;
    sqlite3_stmt *select = nullptr;
    QByteArray data;
    if (sqlite3_prepare_v2(db, "SELECT data FROM chunks WHERE first_seq = ?1", -1, &select, nullptr) == SQLITE_OK) {
        sqlite3_bind_int64(select, 1, firstSeq);
        if (sqlite3_step(select) == SQLITE_ROW)
            data = QByteArray(static_cast<const char *>(sqlite3_column_blob(select, 0)), sqlite3_column_bytes(select, 0));
        else
            why = QStringLiteral("no chunk at seq %1").arg(firstSeq);
    }
    sqlite3_finalize(select);
    if (why.isEmpty()) {
        edit(data);
        sqlite3_stmt *update = nullptr;
        sqlite3_prepare_v2(db, "UPDATE chunks SET data = ?1 WHERE first_seq = ?2", -1, &update, nullptr);
        sqlite3_bind_blob(update, 1, data.constData(), int(data.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 2, firstSeq);
        if (sqlite3_step(update) != SQLITE_DONE)
            why = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(update);
    }
    sqlite3_close(db);
    return why;
}

QString writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return file.errorString();
    return {};
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(rng.bounded(256));
    return bytes;
}

const QByteArray kSqliteMagic("SQLite format 3\0", 16);

// Composable makers.

Maker sessionThen(const QString &sql)
{
    return [sql](const QString &path) {
        if (QString why = writeSession(path); !why.isEmpty())
            return why;
        return trustedExec(path, sql);
    };
}

Maker sessionThenEditChunk(std::int64_t firstSeq, std::function<void(QByteArray &)> edit)
{
    return [firstSeq, edit](const QString &path) {
        if (QString why = writeSession(path); !why.isEmpty())
            return why;
        return editChunk(path, firstSeq, edit);
    };
}

// Keeps the first `keep` bytes; a negative keep counts from the end.
Maker truncatedSession(qint64 keep)
{
    return [keep](const QString &path) {
        if (QString why = writeSession(path); !why.isEmpty())
            return why;
        QFile file(path);
        const qint64 size = file.size();
        if (!file.resize(keep >= 0 ? keep : size + keep))
            return file.errorString();
        return QString();
    };
}

// Overwrites bytes at `offset` (from the end if negative) of a written session.
Maker sessionPatched(qint64 offset, const QByteArray &bytes)
{
    return [offset, bytes](const QString &path) {
        if (QString why = writeSession(path); !why.isEmpty())
            return why;
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return file.errorString();
        file.seek(offset >= 0 ? offset : file.size() + offset);
        file.write(bytes);
        return QString();
    };
}

// Corrupts the first bytes of the b-tree root page of `table`.
Maker sessionWithDamagedPage(const QString &table)
{
    return [table](const QString &path) {
        if (QString why = writeSession(path); !why.isEmpty())
            return why;
        sqlite3 *db = nullptr;
        sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1", -1, &stmt, nullptr);
        const QByteArray name = table.toUtf8();
        sqlite3_bind_text(stmt, 1, name.constData(), -1, SQLITE_TRANSIENT);
        const qint64 root = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        if (root < 2)
            return QStringLiteral("no root page for %1").arg(table);
        QFile file(path);
        if (!file.open(QIODevice::ReadWrite))
            return file.errorString();
        // Page type 0x0d (table leaf) with an impossible cell count and content offset.
        file.seek((root - 1) * kPageSize);
        file.write(QByteArray("\x0d\x00\x00\xff\xff\x00\x07", 7));
        return QString();
    };
}

struct FileState {
    bool exists = false;
    QByteArray sha;
    QDateTime modified;
    QStringList siblings; // what else is in the directory

    static FileState of(const QString &path)
    {
        FileState s;
        const QFileInfo info(path);
        s.exists = info.exists();
        s.siblings = info.dir().entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
        if (info.isFile()) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                s.sha = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
            s.modified = info.fileTime(QFileDevice::FileModificationTime);
        }
        return s;
    }
    friend bool operator==(const FileState &, const FileState &) = default;
};

// The file descriptors this process holds open on `path`, with their flags.
QList<int> openFlagsOf(const QString &path)
{
    QList<int> flags;
    const QString canonical = QFileInfo(path).canonicalFilePath();
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System)) {
        if (QFileInfo(fds.filePath(fd)).symLinkTarget() != canonical)
            continue;
        QFile info(QStringLiteral("/proc/self/fdinfo/%1").arg(fd));
        if (!info.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : info.readAll().split('\n'))
            if (line.startsWith("flags:"))
                flags << line.mid(6).trimmed().toInt(nullptr, 8);
    }
    return flags;
}

} // namespace

Q_DECLARE_METATYPE(Maker)

class TestSessionFiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    // Each file in its own directory, so that side files would be noticed.
    QString freshPath(const QString &name = QStringLiteral("session.sss"))
    {
        const QString dir = m_dir.filePath(QString::number(++m_counter));
        QDir().mkpath(dir);
        return QDir(dir).filePath(name);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Format 1 files (before pipelines were stored) still open; storing a
    // pipeline upgrades them to format 2 in place; names are unique (a second
    // store replaces the text); bad targets are refused and change nothing.
    void formatOneOpensAndStoringAPipelineUpgradesIt()
    {
        const QString path = freshPath();
        QCOMPARE(writeSession(path), QString());
        QCOMPARE(trustedExec(path, QStringLiteral("DROP TABLE pipelines; PRAGMA user_version=1")), QString());
        {
            auto reader = SessionReader::open(path);
            SS_VERIFY_OK(reader);
            QCOMPARE((*reader)->formatVersion(), 1);
            QCOMPARE((*reader)->eventCount(), 25);
            auto stored = (*reader)->pipelines();
            SS_VERIFY_OK(stored);
            QVERIFY(stored->isEmpty());
        }
        SS_VERIFY_OK(storePipeline(path, QStringLiteral("a"), QStringLiteral("window: tumbling 5s\n")));
        SS_VERIFY_OK(storePipeline(path, QStringLiteral("b"), QStringLiteral("window: tumbling 9s\n")));
        SS_VERIFY_OK(storePipeline(path, QStringLiteral("a"), QStringLiteral("window: tumbling 7s\n")));
        auto reader = SessionReader::open(path);
        SS_VERIFY_OK(reader);
        QCOMPARE((*reader)->formatVersion(), 2);
        QCOMPARE((*reader)->eventCount(), 25);
        auto stored = (*reader)->pipelines();
        SS_VERIFY_OK(stored);
        const QList<QPair<QString, QString>> expected = {{QStringLiteral("a"), QStringLiteral("window: tumbling 7s\n")},
                                                         {QStringLiteral("b"), QStringLiteral("window: tumbling 9s\n")}};
        QCOMPARE(*stored, expected);

        // Refused: no name, not a session, a tampered session.
        QVERIFY(!storePipeline(path, QString(), QStringLiteral("window: tumbling 5s\n")));
        const QString notSession = m_dir.filePath(QStringLiteral("not-a-session.sss"));
        QFile junk(notSession);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("just some text, not SQLite");
        junk.close();
        Status refused = storePipeline(notSession, QStringLiteral("a"), QStringLiteral("x"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::BadInput);
        QFile unchanged(notSession);
        QVERIFY(unchanged.open(QIODevice::ReadOnly));
        QCOMPARE(unchanged.readAll(), QByteArray("just some text, not SQLite"));
        const QString tampered = freshPath();
        QCOMPARE(sessionThen(QStringLiteral("CREATE VIEW spy AS SELECT 1"))(tampered), QString());
        QVERIFY(!storePipeline(tampered, QStringLiteral("a"), QStringLiteral("x")));
    }

    void sanity()
    {
        // The untampered session reads back: the variants below differ from
        // it only by what they break.
        const QString path = freshPath();
        QCOMPARE(writeSession(path), QString());
        const ProcessResult r = runCli({QStringLiteral("info"), path}, 30000);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("events:     25"));
        QVERIFY(r.err.isEmpty());
        QFile file(path);
        QCOMPARE(file.size() % kPageSize, 0);
        QVERIFY(file.size() >= 8 * kPageSize); // enough pages for the truncation rows to mean something
        const QList<Event> events = readAllEvents(path);
        QCOMPARE(events.size(), 25);
        QCOMPARE(events[14].value->size(), 200 * 1024);
    }

    void hostileFile_data()
    {
        QTest::addColumn<Maker>("make");
        QTest::addColumn<QStringList>("expected"); // each must appear in the one error line

        auto bytes = [](QByteArray b) -> Maker { return [b](const QString &path) { return writeBytes(path, b); }; };

        QTest::addRow("nonexistent") << Maker([](const QString &) { return QString(); }) << QStringList{"no such file"};
        QTest::addRow("directory") << Maker([](const QString &path) { return QDir().mkdir(path) ? QString() : QStringLiteral("mkdir"); })
                                   << QStringList{"not a regular file"};
        QTest::addRow("empty") << bytes({}) << QStringList{"empty"};
        QTest::addRow("fifo") << Maker([](const QString &path) {
            return mkfifo(QFile::encodeName(path).constData(), 0600) == 0 ? QString() : QStringLiteral("mkfifo");
        }) << QStringList{"not a regular file"};

        // Random bytes, without and with SQLite's magic in front.
        for (qint64 size : {1, 15, 99, 100, 4096, 100000})
            QTest::addRow("random %lld bytes", size) << bytes(randomBytes(size, quint32(size))) << QStringList{"not an SQLite database"};
        QTest::addRow("text file") << bytes("hello, I am a CSV file\n1,2,3\n") << QStringList{"not an SQLite database"};
        QTest::addRow("magic only") << bytes(kSqliteMagic) << QStringList{"truncated"};
        for (qint64 size : {50, 101, 1000, 4096, 65536, 70000, 300000})
            QTest::addRow("magic + random %lld bytes", size)
                << bytes(kSqliteMagic + randomBytes(size - kSqliteMagic.size(), quint32(size) + 7))
                << QStringList{size < 100 ? "truncated" : "not a Streamscope session"};

        // Truncated: in the header, at and around page boundaries, mid-file,
        // the last page, the last byte.
        for (qint64 keep : {10, 16, 50, 99, 100, 101, 1000, 65535, 65536, 65537, 131072, 200000})
            QTest::addRow("truncated to %lld bytes", keep) << truncatedSession(keep) << QStringList{"truncated"};
        QTest::addRow("truncated: last page gone") << truncatedSession(-kPageSize) << QStringList{"truncated"};
        QTest::addRow("truncated: half the last page gone") << truncatedSession(-kPageSize / 2) << QStringList{"truncated"};
        QTest::addRow("truncated: last byte gone") << truncatedSession(-1) << QStringList{"truncated"};

        // Not ours, or not this version of ours.
        QTest::addRow("another application's database")
            << Maker([](const QString &path) {
                   return trustedExec(path, QStringLiteral("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
                                                     "INSERT INTO notes(body) VALUES('hello')"));
               })
            << QStringList{"not a Streamscope session", "another application"};
        QTest::addRow("application_id changed") << sessionThen(QStringLiteral("PRAGMA application_id=1234"))
                                                << QStringList{"not a Streamscope session", "another application"};
        QTest::addRow("user_version 0") << sessionThen(QStringLiteral("PRAGMA user_version=0"))
                                        << QStringList{"format version 0"};
        QTest::addRow("user_version newer") << sessionThen(QStringLiteral("PRAGMA user_version=3"))
                                            << QStringList{"format 3", "newer"};
        QTest::addRow("user_version much newer") << sessionThen(QStringLiteral("PRAGMA user_version=2000000"))
                                                 << QStringList{"format 2000000", "newer"};

        // Planted SQL. Every body would change the file or call a function
        // with side effects if it ran.
        QTest::addRow("trigger")
            << sessionThen(QStringLiteral("CREATE TRIGGER evil AFTER INSERT ON recordings BEGIN DELETE FROM chunks; END"))
            << QStringList{"modified", "trigger", "evil"};
        QTest::addRow("trigger calling load_extension")
            << sessionThen(QStringLiteral("CREATE TRIGGER evil2 BEFORE DELETE ON meta BEGIN "
                                          "SELECT load_extension('/nonexistent/evil.so'); END"))
            << QStringList{"modified", "trigger", "evil2"};
        QTest::addRow("view")
            << sessionThen(QStringLiteral("CREATE VIEW spy AS SELECT load_extension('/nonexistent/evil.so') AS x"))
            << QStringList{"modified", "view", "spy"};
        QTest::addRow("view shadowing chunks")
            << sessionThen(QStringLiteral(
                   "DROP TABLE chunks; CREATE VIEW chunks(first_seq, event_count, first_arrival_us, last_arrival_us, "
                   "min_timestamp_ms, max_timestamp_ms, data) AS "
                   "SELECT 0, 1, 0, 0, 0, 0, load_extension('/nonexistent/evil.so')"))
            << QStringList{"modified", "view", "\"chunks\""};
        QTest::addRow("view shadowing meta")
            << sessionThen(QStringLiteral("DROP TABLE meta; CREATE VIEW meta(key, value) AS SELECT 'created_by', 'evil'"))
            << QStringList{"modified", "view", "\"meta\""};
        QTest::addRow("view shadowing topics")
            << sessionThen(QStringLiteral("DROP TABLE topics; CREATE VIEW topics(id, name) AS SELECT 0, 'orders' "
                                          "UNION ALL SELECT 1, 'payments'"))
            << QStringList{"modified", "view", "\"topics\""};
        QTest::addRow("extra table") << sessionThen(QStringLiteral("CREATE TABLE extra(x)"))
                                     << QStringList{"modified", "table", "\"extra\""};
        QTest::addRow("extra index") << sessionThen(QStringLiteral("CREATE INDEX by_count ON chunks(event_count)"))
                                     << QStringList{"modified", "index", "\"by_count\""};
        QTest::addRow("expression index") << sessionThen(QStringLiteral("CREATE INDEX by_len ON meta(length(value))"))
                                          << QStringList{"modified", "index", "\"by_len\""};
        QTest::addRow("analyze statistics") << sessionThen(QStringLiteral("ANALYZE"))
                                            << QStringList{"modified", "sqlite_stat1"};
        QTest::addRow("table dropped") << sessionThen(QStringLiteral("DROP TABLE retention_gaps"))
                                       << QStringList{"missing", "\"retention_gaps\""};
        // Altered definitions, written into the schema directly.
        auto alter = [](const QString &table, const QString &from, const QString &to) {
            return sessionThen(QStringLiteral("PRAGMA writable_schema=ON;"
                                              "UPDATE sqlite_schema SET sql = replace(sql, '%2', '%3') WHERE name = '%1';"
                                              "PRAGMA writable_schema=OFF;")
                                   .arg(table, from, to));
        };
        QTest::addRow("CHECK calling load_extension")
            << alter(QStringLiteral("meta"), QStringLiteral("value TEXT NOT NULL"),
                     QStringLiteral("value TEXT NOT NULL CHECK (load_extension(''/nonexistent/evil.so'') IS NULL)"))
            << QStringList{"modified", "altered", "\"meta\""};
        QTest::addRow("CHECK on chunks")
            << alter(QStringLiteral("chunks"), QStringLiteral("data BLOB NOT NULL"),
                     QStringLiteral("data BLOB NOT NULL CHECK (length(data) < 0)"))
            << QStringList{"modified", "altered", "\"chunks\""};
        QTest::addRow("DEFAULT with a function")
            << alter(QStringLiteral("recordings"), QStringLiteral("ended_us INTEGER"),
                     QStringLiteral("ended_us INTEGER DEFAULT (random())"))
            << QStringList{"modified", "altered", "\"recordings\""};
        QTest::addRow("generated column")
            << alter(QStringLiteral("topics"), QStringLiteral("name TEXT NOT NULL UNIQUE"),
                     QStringLiteral("name TEXT NOT NULL UNIQUE, shout AS (upper(name))"))
            << QStringList{"modified", "altered", "\"topics\""};
        // SQLite itself refuses this one while parsing the schema.
        QTest::addRow("generated column calling load_extension")
            << alter(QStringLiteral("topics"), QStringLiteral("name TEXT NOT NULL UNIQUE"),
                     QStringLiteral("name TEXT NOT NULL UNIQUE, evil AS (load_extension(''/nonexistent/evil.so''))"))
            << QStringList{"modified", "topics"};
        QTest::addRow("unparsable schema")
            << alter(QStringLiteral("topics"), QStringLiteral("name TEXT NOT NULL UNIQUE"), QStringLiteral("name TEXT NOT NULL UNIQUE,,"))
            << QStringList{"modified"};

        // Damaged inside, where only SQLite's own checks can see it.
        QTest::addRow("damaged b-tree page of topics") << sessionWithDamagedPage(QStringLiteral("topics")) << QStringList{"damaged"};
        QTest::addRow("damaged b-tree page of chunks") << sessionWithDamagedPage(QStringLiteral("chunks")) << QStringList{"damaged"};
        QTest::addRow("damaged SQLite header") << sessionPatched(16, QByteArray("\x03\x00", 2)) // page size 768: not a power of 2
                                               << QStringList{"damaged", "header"};

        // Event data: the blob of a chunk.
        QTest::addRow("chunk: payload byte flipped")
            << sessionThenEditChunk(10, [](QByteArray &d) { d[d.size() / 2] = char(d[d.size() / 2] ^ 0x01); })
            << QStringList{"corrupt event data", "seq 10"};
        QTest::addRow("chunk: last byte flipped")
            << sessionThenEditChunk(20, [](QByteArray &d) { d[d.size() - 1] = char(d[d.size() - 1] ^ 0x80); })
            << QStringList{"corrupt event data", "seq 20"};
        QTest::addRow("chunk: event count in blob")
            << sessionThenEditChunk(0, [](QByteArray &d) { d[4] = char(d[4] + 1); })
            << QStringList{"corrupt event data", "seq 0"};
        QTest::addRow("chunk: key length")
            << sessionThenEditChunk(10, [](QByteArray &d) {
                   // past the 12-byte chunk header: arrival, topic, partition, offset, timestamp, type, flags
                   d[12 + 34 + 3] = char(0x7f);
               })
            << QStringList{"corrupt event data", "seq 10"};
        QTest::addRow("chunk: cut short") << sessionThenEditChunk(10, [](QByteArray &d) { d.chop(10); })
                                          << QStringList{"corrupt event data", "seq 19", "cut short"};
        QTest::addRow("chunk: empty") << sessionThenEditChunk(20, [](QByteArray &d) { d.clear(); })
                                      << QStringList{"corrupt event data", "seq 20"};
        QTest::addRow("chunk: bytes appended") << sessionThenEditChunk(0, [](QByteArray &d) { d.append("trailing"); })
                                               << QStringList{"corrupt event data", "seq 9", "after the last event"};
        QTest::addRow("chunk: not a blob") << sessionThen(QStringLiteral("UPDATE chunks SET data = 'text' WHERE first_seq = 10"))
                                           << QStringList{"corrupt event data", "seq 10"};

        // The chunk index lies.
        QTest::addRow("index: event_count too high in the middle")
            << sessionThen(QStringLiteral("UPDATE chunks SET event_count = 11 WHERE first_seq = 0"))
            << QStringList{"event index", "seq 11"};
        QTest::addRow("index: event_count too low at the end")
            << sessionThen(QStringLiteral("UPDATE chunks SET event_count = 4 WHERE first_seq = 20"))
            << QStringList{"corrupt event data", "seq 20"};
        QTest::addRow("index: event_count zero")
            << sessionThen(QStringLiteral("UPDATE chunks SET event_count = 0 WHERE first_seq = 10"))
            << QStringList{"event index", "seq 10"};
        QTest::addRow("index: event_count negative")
            << sessionThen(QStringLiteral("UPDATE chunks SET event_count = -5 WHERE first_seq = 20"))
            << QStringList{"event index", "seq 20"};
        QTest::addRow("index: event_count not a number")
            << sessionThen(QStringLiteral("UPDATE chunks SET event_count = 'ten' WHERE first_seq = 0"))
            << QStringList{"event index", "seq 0"};
        QTest::addRow("index: seq gap")
            << sessionThen(QStringLiteral("UPDATE chunks SET first_seq = 21 WHERE first_seq = 20"))
            << QStringList{"event index", "seq 20"};
        QTest::addRow("index: topic ids not contiguous") << sessionThen(QStringLiteral("UPDATE topics SET id = 5 WHERE id = 1"))
                                                         << QStringList{"topic ids"};
        QTest::addRow("index: topic missing") << sessionThen(QStringLiteral("DELETE FROM topics WHERE id = 1"))
                                              << QStringList{"corrupt event data", "unknown topic id 1"};
    }

    void hostileFile()
    {
        QFETCH(Maker, make);
        QFETCH(QStringList, expected);
        const QString path = freshPath();
        const QString why = make(path);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // What a crashed writer leaves is covered elsewhere; these are closed files.
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        const FileState before = FileState::of(path);

        for (const QStringList &args : {QStringList{QStringLiteral("info"), path},
                                        QStringList{QStringLiteral("info"), QStringLiteral("--json"), path}}) {
            const ProcessResult r = runCli(args, 30000);
            QVERIFY2(r.finished, "streamscope-cli info did not finish");
            QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit code %1 (-1: crashed), stderr: %2")
                                                     .arg(r.exitCode)
                                                     .arg(QString::fromUtf8(r.err))));
            QVERIFY2(r.out.isEmpty(), r.out.constData());
            const QString err = QString::fromUtf8(r.err);
            QVERIFY2(err.endsWith(QLatin1Char('\n')) && err.count(QLatin1Char('\n')) == 1,
                     qPrintable(QStringLiteral("not exactly one line: %1").arg(err)));
            QVERIFY2(err.startsWith(QStringLiteral("streamscope-cli: %1").arg(path)), qPrintable(err));
            for (const QString &word : expected)
                QVERIFY2(err.contains(word, Qt::CaseInsensitive),
                         qPrintable(QStringLiteral("\"%1\" not in: %2").arg(word, err)));
            QCOMPARE(FileState::of(path), before);
            if (args.size() == 2)
                qInfo().noquote() << err.trimmed();
        }

        // The same through the API.
        QString apiError;
        ErrorKind apiKind = ErrorKind::Runtime;
        auto reader = SessionReader::open(path);
        if (!reader) {
            apiError = reader.error().message;
            apiKind = reader.error().kind;
        } else {
            auto summary = summarizeSession(**reader);
            QVERIFY2(!summary.ok(), "the API read the hostile file without complaint");
            apiError = summary.error().message;
            apiKind = summary.error().kind;
            // Direct access by seq fails the same way and does not crash.
            bool failed = false;
            for (std::int64_t seq = 0; seq < (*reader)->eventCount(); ++seq)
                failed = !(*reader)->event(seq).ok() || failed;
            QVERIFY(failed);
        }
        QVERIFY(apiKind == ErrorKind::BadInput);
        for (const QString &word : expected)
            QVERIFY2(apiError.contains(word, Qt::CaseInsensitive), qPrintable(apiError));
        reader = Error::runtime({}); // closes the file
        QCOMPARE(FileState::of(path), before);
    }

    // A session someone tampered with is not continued either, and the
    // planted trigger does not fire on our inserts.
    void appendRefusesTamperedSession()
    {
        const QString path = freshPath();
        QCOMPARE(writeSession(path), QString());
        QCOMPARE(trustedExec(path, QStringLiteral("CREATE TRIGGER wipe AFTER INSERT ON recordings BEGIN DELETE FROM chunks; END")),
                 QString());
        const FileState before = FileState::of(path);
        const ProcessResult r = runCli({QStringLiteral("record"), QStringLiteral("-b"), QStringLiteral("127.0.0.1:1"),
                                        QStringLiteral("-t"), QStringLiteral("orders"), QStringLiteral("-w"), path,
                                        QStringLiteral("--append"), QStringLiteral("--timeout"), QStringLiteral("3")},
                                       30000);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("trigger") && r.err.contains("wipe"), r.err.constData());
        QCOMPARE(FileState::of(path), before);

        auto writer = SessionWriter::openForAppend(path, {});
        QVERIFY(!writer);
        QVERIFY(writer.error().kind == ErrorKind::BadInput);
        QCOMPARE(FileState::of(path), before);
    }

    // After a clean close the session is one file: no -wal, no -shm.
    void cleanCloseLeavesOneFile()
    {
        const QString path = freshPath();
        const QDir dir = QFileInfo(path).dir();
        {
            auto writer = SessionWriter::create(path, {});
            QVERIFY(writer);
            ChunkBuilder builder;
            EventView e;
            e.topicId = (*writer)->topicId(QStringLiteral("t"));
            e.partition = 0;
            e.offset = 0;
            builder.append(e);
            SS_VERIFY_OK((*writer)->append(builder));
            QTRY_COMPARE((*writer)->stats().committedEvents, 1);
            // While recording, SQLite keeps its write-ahead log beside the file.
            QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
            SS_VERIFY_OK((*writer)->close());
            QCOMPARE(dir.entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});
        }
        QCOMPARE(dir.entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});
        // And it reads back with nothing else beside it.
        QCOMPARE(readAllEvents(path).size(), 1);
        QCOMPARE(dir.entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});
    }

    // A session opens when the file is read-only, and the reader opens it
    // read-only whatever the permissions (the tests may run as root, for
    // whom permissions stop nothing).
    void readOnlyFileOpens()
    {
        const QString path = freshPath();
        QCOMPARE(writeSession(path), QString());
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const FileState before = FileState::of(path);

        const ProcessResult r = runCli({QStringLiteral("info"), path}, 30000);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("events:     25"));
        QCOMPARE(FileState::of(path), before);

        {
            auto reader = SessionReader::open(path);
            QVERIFY2(reader, reader ? "" : qPrintable(reader.error().message));
            QCOMPARE((*reader)->eventCount(), 25);
            auto event = (*reader)->event(14);
            QVERIFY(event);
            QCOMPARE(event->value->size(), 200 * 1024);
            // Every descriptor SQLite holds on the file is read-only.
            const QList<int> flags = openFlagsOf(path);
            QVERIFY(!flags.isEmpty());
            for (int f : flags)
                QCOMPARE(f & O_ACCMODE, O_RDONLY);
        }
        QCOMPARE(FileState::of(path), before);

        // The read-only connection refuses writes even where the
        // permissions would allow them.
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const FileState writable = FileState::of(path);
        auto db = sqlite::Database::open(path, sqlite::Database::Mode::ReadOnly);
        QVERIFY(db);
        const Status wrote = (*db)->exec("INSERT INTO meta(key, value) VALUES('x', 'y')");
        QVERIFY(!wrote);
        QVERIFY2(wrote.error().message.contains(QLatin1String("readonly")), qPrintable(wrote.error().message));
        QVERIFY(!(*db)->exec("PRAGMA user_version=7"));
        db = Error::runtime({});
        QCOMPARE(FileState::of(path), writable);
    }

    // A file left in WAL mode whose log was not copied along (a crash, then
    // only the .sss was sent on) reads without files appearing beside it.
    void walModeFileWithoutLogReads()
    {
        const QString path = freshPath();
        QCOMPARE(sessionPatched(18, QByteArray("\x02\x02", 2))(path), QString());
        const FileState before = FileState::of(path);
        const ProcessResult r = runCli({QStringLiteral("info"), path}, 30000);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("events:     25"));
        QCOMPARE(FileState::of(path), before);
        QCOMPARE(readAllEvents(path).size(), 25);
        QCOMPARE(FileState::of(path), before);
    }

    // A session still being recorded (its write-ahead log beside it) reads.
    void liveSessionReads()
    {
        const QString path = freshPath();
        auto writer = SessionWriter::create(path, {});
        QVERIFY(writer);
        const int topic = (*writer)->topicId(QStringLiteral("t"));
        ChunkBuilder builder;
        for (int i = 0; i < 3; ++i) {
            EventView e;
            e.topicId = topic;
            e.partition = 0;
            e.offset = i;
            builder.append(e);
            SS_VERIFY_OK((*writer)->append(builder));
        }
        QTRY_COMPARE((*writer)->stats().committedEvents, 3);
        QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
        const ProcessResult r = runCli({QStringLiteral("info"), path}, 30000);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("events:     3"));
        SS_VERIFY_OK((*writer)->close());
        QCOMPARE(readAllEvents(path).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestSessionFiles)
#include "tst_sessionfiles.moc"

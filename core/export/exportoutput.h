#pragma once
// Where an export goes: standard output ("-"), a device or pipe that exists
// (/dev/null, a FIFO: written directly), or a regular file, written under a
// temporary name beside it and renamed into place by commit() — so a failed
// or cancelled export leaves no half file and an existing file is replaced
// only by a complete one.

#include "util/result.h"

#include <QIODevice>
#include <QString>
#include <memory>

namespace streamscope {

class ExportOutput
{
public:
    static Result<std::unique_ptr<ExportOutput>> open(const QString &path);
    ~ExportOutput(); // without commit(): a regular file is discarded

    Status write(const QByteArray &bytes);
    Status commit();
    const QString &path() const { return m_path; }
    bool isStandardOutput() const { return m_path == QLatin1String("-"); }

private:
    ExportOutput() = default;
    QString m_path;
    std::unique_ptr<QIODevice> m_device;
    bool m_atomic = false;
};

} // namespace streamscope

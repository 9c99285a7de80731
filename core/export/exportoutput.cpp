#include "export/exportoutput.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <unistd.h>

namespace streamscope {

Result<std::unique_ptr<ExportOutput>> ExportOutput::open(const QString &path)
{
    if (path.isEmpty())
        return Error::badInput(QStringLiteral("no output file given"));
    std::unique_ptr<ExportOutput> output(new ExportOutput);
    output->m_path = path;
    if (path == QLatin1String("-")) {
        auto file = std::make_unique<QFile>();
        if (!file->open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered))
            return Error::runtime(QStringLiteral("cannot write to standard output: %1").arg(file->errorString()));
        output->m_device = std::move(file);
        return output;
    }
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        // Never a temporary file and a rename here: that would replace the
        // device node (as root, even /dev/null) with a regular file.
        if (info.isDir())
            return Error::badInput(QStringLiteral("%1 is a folder, not a file").arg(path));
        auto file = std::make_unique<QFile>(path);
        if (!file->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return Error::badInput(QStringLiteral("cannot write %1: %2").arg(path, file->errorString()));
        output->m_device = std::move(file);
        return output;
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly))
        return Error::badInput(QStringLiteral("cannot write %1: %2").arg(path, file->errorString()));
    output->m_device = std::move(file);
    output->m_atomic = true;
    return output;
}

ExportOutput::~ExportOutput()
{
    if (m_atomic && m_device)
        static_cast<QSaveFile *>(m_device.get())->cancelWriting();
}

Status ExportOutput::write(const QByteArray &bytes)
{
    if (!m_device)
        return Error::runtime(QStringLiteral("%1 is closed").arg(m_path));
    qsizetype done = 0;
    while (done < bytes.size()) {
        const qint64 n = m_device->write(bytes.constData() + done, bytes.size() - done);
        if (n <= 0)
            return Error::runtime(QStringLiteral("writing %1 failed: %2")
                                      .arg(isStandardOutput() ? QStringLiteral("standard output") : m_path,
                                           m_device->errorString()));
        done += n;
    }
    return {};
}

Status ExportOutput::commit()
{
    if (!m_device)
        return {};
    if (m_atomic) {
        auto *file = static_cast<QSaveFile *>(m_device.get());
        if (!file->commit())
            return Error::runtime(QStringLiteral("cannot write %1: %2").arg(m_path, file->errorString()));
    } else {
        m_device->close();
    }
    m_device.reset();
    return {};
}

} // namespace streamscope

#include "progressline.h"

#include "cliutil.h"
#include "util/clock.h"

#include <cstdio>
#include <unistd.h>

namespace streamscope::cli {

ProgressLine::ProgressLine(bool enabled) : m_enabled(enabled), m_tty(isatty(STDERR_FILENO)), m_lastMs(monotonicMillis()) {}

bool ProgressLine::due() const { return m_enabled && monotonicMillis() - m_lastMs >= 500; }

void ProgressLine::show(const QString &line)
{
    if (!m_enabled)
        return;
    m_lastMs = monotonicMillis();
    if (m_tty) {
        std::fprintf(stderr, "\r\033[K%s", line.toUtf8().constData());
        std::fflush(stderr);
        m_open = true;
    } else {
        printErr(line);
    }
}

void ProgressLine::finish()
{
    if (m_open) {
        std::fprintf(stderr, "\n");
        std::fflush(stderr);
        m_open = false;
    }
}

} // namespace streamscope::cli

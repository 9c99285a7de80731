#pragma once
// A progress line on stderr, at most every half second: rewritten in place
// on a terminal, one line per update otherwise (as `record` does).

#include <QString>
#include <cstdint>

namespace streamscope::cli {

class ProgressLine
{
public:
    explicit ProgressLine(bool enabled);
    ~ProgressLine() { finish(); }

    // True when a line is due (callers skip building it otherwise).
    bool due() const;
    void show(const QString &line);
    // Ends the line on a terminal.
    void finish();

private:
    bool m_enabled;
    bool m_tty;
    bool m_open = false;
    std::int64_t m_lastMs = 0;
};

} // namespace streamscope::cli

#pragma once
// Error reporting for core: every failure carries a message a person can act
// on and a kind that decides the CLI exit code (bad input → 2, runtime → 1).

#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace streamscope {

enum class ErrorKind {
    BadInput, // the user gave something wrong: option, file, property, topic
    Runtime,  // the world failed: broker unreachable, disk full, I/O
};

struct Error {
    ErrorKind kind = ErrorKind::Runtime;
    QString message;

    static Error badInput(QString m) { return {ErrorKind::BadInput, std::move(m)}; }
    static Error runtime(QString m) { return {ErrorKind::Runtime, std::move(m)}; }
    int exitCode() const { return kind == ErrorKind::BadInput ? 2 : 1; }
};

// A value or an Error.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<T>(m_state); }
    const T &value() const { return std::get<T>(m_state); }
    T &operator*() { return value(); }
    T *operator->() { return &value(); }
    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations without a value: an optional error.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace streamscope

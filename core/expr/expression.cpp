#include "expr/expression.h"

#include "expr/evaluator.h"
#include "expr/lexer.h"
#include "expr/parser.h"

namespace streamscope::expr {

Expression::Expression() = default;

Expression::Expression(std::shared_ptr<const detail::Program> program) : m_program(std::move(program)) {}

std::variant<Expression, CompileError> Expression::compile(const QString &text)
{
    auto parsed = detail::parse(text);
    if (auto *program = std::get_if<std::shared_ptr<const detail::Program>>(&parsed))
        return Expression(std::move(*program));
    const detail::SourceError &e = std::get<detail::SourceError>(parsed);
    CompileError error;
    error.position = e.position;
    error.positionLength = std::max(e.length, 1);
    error.column = detail::columnAt(text, e.position);
    error.length = std::max(detail::columnAt(text, e.position + e.length) - error.column, 1);
    error.message = e.message;
    return error;
}

Value Expression::evaluate(EventContext &context) const
{
    if (!m_program)
        return {};
    return detail::Evaluator(*m_program, context).value(m_program->root);
}

bool Expression::matches(EventContext &context) const
{
    if (!m_program)
        return false;
    return detail::Evaluator(*m_program, context).test(m_program->root);
}

QString Expression::text() const { return m_program ? m_program->text : QString(); }
bool Expression::usesValue() const { return m_program && m_program->usesValue; }
bool Expression::usesJson() const { return m_program && m_program->usesJson; }

} // namespace streamscope::expr

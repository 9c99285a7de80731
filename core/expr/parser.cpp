#include "expr/parser.h"

#include "expr/expression.h"
#include "expr/lexer.h"

#include <algorithm>
#include <optional>

namespace streamscope::expr::detail {

namespace {

struct FieldName {
    const char *name;
    FieldId id;
};

constexpr FieldName kFields[] = {
    {"key", FieldId::Key},
    {"value", FieldId::Value},
    {"topic", FieldId::Topic},
    {"partition", FieldId::Partition},
    {"offset", FieldId::Offset},
    {"timestamp", FieldId::Timestamp},
    {"timestamp_type", FieldId::TimestampType},
    {"seq", FieldId::Seq},
    {"arrival", FieldId::Arrival},
    {"arrival_us", FieldId::ArrivalUs},
};

constexpr const char *kKeywords[] = {"and", "or", "not", "in", "contains", "matches", "exists", "true", "false", "null"};

std::optional<FieldId> fieldId(const QString &name)
{
    for (const FieldName &f : kFields)
        if (name == QLatin1String(f.name))
            return f.id;
    return std::nullopt;
}

bool isKeyword(const QString &name)
{
    return std::any_of(std::begin(kKeywords), std::end(kKeywords),
                       [&](const char *k) { return name == QLatin1String(k); });
}

// Edit distance with transpositions (optimal string alignment), for
// "did you mean": vaule → value is one edit.
int editDistance(const QString &a, const QString &b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

// The candidate closest to word, if close enough to be a typo.
QString closest(const QString &word, const QStringList &candidates)
{
    if (word.size() > 40)
        return {};
    const int allowed = word.size() <= 4 ? 1 : 2;
    QString best;
    int bestDistance = allowed + 1;
    for (const QString &c : candidates) {
        const int d = editDistance(word.toLower(), c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

QStringList keywordList()
{
    QStringList out;
    for (const char *k : kKeywords)
        out << QLatin1String(k);
    return out;
}

bool isComparison(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Equal:
    case TokenKind::NotEqual:
    case TokenKind::Less:
    case TokenKind::LessEqual:
    case TokenKind::Greater:
    case TokenKind::GreaterEqual:
        return true;
    default:
        return false;
    }
}

NodeKind comparisonKind(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Equal: return NodeKind::Equal;
    case TokenKind::NotEqual: return NodeKind::NotEqual;
    case TokenKind::Less: return NodeKind::Less;
    case TokenKind::LessEqual: return NodeKind::LessEqual;
    case TokenKind::Greater: return NodeKind::Greater;
    default: return NodeKind::GreaterEqual;
    }
}

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text), m_tokens(tokenize(text)), m_program(std::make_shared<Program>())
    {
        m_program->text = text;
    }

    std::variant<std::shared_ptr<const Program>, SourceError> run()
    {
        if (peek().kind == TokenKind::End)
            return SourceError{0, 1, QStringLiteral("the expression is empty")};
        const int root = parseOr();
        if (root >= 0 && peek().kind != TokenKind::End)
            trailing(peek());
        if (m_error)
            return *m_error;
        if (root < 0) // every failure sets m_error; this is a second line of defence
            return SourceError{0, 1, QStringLiteral("the expression could not be read")};
        m_program->root = root;
        return std::shared_ptr<const Program>(m_program);
    }

private:
    // Counts recursion (parentheses, !, unary minus) against the cap.
    class DepthGuard
    {
    public:
        explicit DepthGuard(Parser &parser) : m_parser(parser)
        {
            if (++m_parser.m_depth > kMaxExpressionDepth)
                m_parser.fail(m_parser.peek(), tooDeep());
        }
        ~DepthGuard() { --m_parser.m_depth; }
        bool ok() const { return m_parser.m_depth <= kMaxExpressionDepth; }

    private:
        Parser &m_parser;
    };

    static QString tooDeep()
    {
        return QStringLiteral("the expression nests more than %1 levels deep").arg(kMaxExpressionDepth);
    }

    const Token &peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)];
    }

    const Token &take()
    {
        const Token &t = m_tokens[m_index];
        if (m_index + 1 < m_tokens.size())
            ++m_index;
        return t;
    }

    static bool isWord(const Token &t, const char *word)
    {
        return t.kind == TokenKind::Name && t.name == QLatin1String(word);
    }

    QString show(const Token &t) const { return describe(t, m_text); }

    int fail(const Token &at, const QString &message)
    {
        if (!m_error) {
            if (at.kind == TokenKind::Error)
                m_error = SourceError{at.position, at.length, at.message};
            else
                m_error = SourceError{at.position, std::max(at.length, 1), message};
        }
        return -1;
    }

    // An error on the steps of a path token (after its root name).
    int failSteps(const Token &t, const QString &message)
    {
        if (!m_error)
            m_error = SourceError{t.stepsPosition, t.length - (t.stepsPosition - t.position), message};
        return -1;
    }

    int add(Node node)
    {
        int height = 0;
        int cost = node.kind == NodeKind::JsonPath ? 2 : node.kind == NodeKind::Matches ? 1 : 0;
        auto visit = [&](int child) {
            if (child < 0)
                return;
            const Node &c = m_program->nodes[std::size_t(child)];
            height = std::max(height, c.height);
            cost |= c.cost;
        };
        visit(node.lhs);
        visit(node.rhs);
        for (int child : node.children)
            visit(child);
        node.height = height + 1;
        node.cost = std::uint8_t(cost);
        // Evaluation is pure and never fails, so the order of the operands
        // of && and || cannot change the result: test the ones that need no
        // JSON parse or regular expression first, to skip those when they decide.
        if (node.kind == NodeKind::And || node.kind == NodeKind::Or)
            std::stable_sort(node.children.begin(), node.children.end(), [&](int a, int b) {
                return m_program->nodes[std::size_t(a)].cost < m_program->nodes[std::size_t(b)].cost;
            });
        if (node.height > kMaxExpressionDepth) {
            if (!m_error)
                m_error = SourceError{node.position, std::max(node.length, 1), tooDeep()};
            return -1;
        }
        m_program->nodes.push_back(std::move(node));
        return int(m_program->nodes.size() - 1);
    }

    Node nodeAt(NodeKind kind, const Token &t)
    {
        Node n;
        n.kind = kind;
        n.position = t.position;
        n.length = t.length;
        return n;
    }

    int parseOr()
    {
        DepthGuard guard(*this);
        if (!guard.ok())
            return -1;
        return parseChain(NodeKind::Or);
    }

    // a && b && c (or ||) as one node with n children: long chains, which
    // generated filters produce, stay flat instead of nesting.
    int parseChain(NodeKind kind)
    {
        const bool isOr = kind == NodeKind::Or;
        auto next = [&] { return isOr ? parseChain(NodeKind::And) : parseNot(); };
        auto isOperator = [&](const Token &t) {
            return isOr ? (t.kind == TokenKind::OrOr || isWord(t, "or")) : (t.kind == TokenKind::AndAnd || isWord(t, "and"));
        };
        const int first = next();
        if (first < 0 || !isOperator(peek()))
            return first;
        Node n = nodeAt(kind, peek());
        n.children.push_back(first);
        while (isOperator(peek())) {
            take();
            const int operand = next();
            if (operand < 0)
                return -1;
            n.children.push_back(operand);
        }
        return add(std::move(n));
    }

    int parseNot()
    {
        const Token &t = peek();
        if (t.kind != TokenKind::Bang && !isWord(t, "not"))
            return parseComparison();
        DepthGuard guard(*this);
        if (!guard.ok())
            return -1;
        Node n = nodeAt(NodeKind::Not, take());
        n.lhs = parseNot();
        if (n.lhs < 0)
            return -1;
        return add(std::move(n));
    }

    static bool startsComparison(const Token &t, const Token &after)
    {
        return isComparison(t.kind) || isWord(t, "in") || isWord(t, "contains") || isWord(t, "matches")
            || isWord(t, "exists") || (isWord(t, "not") && isWord(after, "in"));
    }

    int parseComparison()
    {
        const int lhs = parseSum();
        if (lhs < 0)
            return -1;
        const Token &t = peek();
        int result = -1;
        if (isComparison(t.kind)) {
            Node n = nodeAt(comparisonKind(t.kind), take());
            n.lhs = lhs;
            n.rhs = parseSum();
            if (n.rhs < 0)
                return -1;
            result = add(std::move(n));
        } else if (isWord(t, "in")) {
            result = parseSet(lhs, NodeKind::In);
        } else if (isWord(t, "not") && isWord(peek(1), "in")) {
            result = parseSet(lhs, NodeKind::NotIn);
        } else if (isWord(t, "contains")) {
            Node n = nodeAt(NodeKind::Contains, take());
            n.lhs = lhs;
            n.rhs = parseSum();
            if (n.rhs < 0)
                return -1;
            result = add(std::move(n));
        } else if (isWord(t, "matches")) {
            result = parseMatches(lhs);
        } else if (isWord(t, "exists")) {
            Node n = nodeAt(NodeKind::Exists, take());
            n.lhs = lhs;
            result = add(std::move(n));
        } else {
            return lhs;
        }
        if (result >= 0 && startsComparison(peek(), peek(1)))
            return fail(peek(), QStringLiteral("comparisons cannot be chained; combine them with &&, "
                                               "as in a < b && b < c"));
        return result;
    }

    int parseSet(int lhs, NodeKind kind)
    {
        Node n = nodeAt(kind, peek());
        if (kind == NodeKind::NotIn)
            take();
        take(); // in
        n.lhs = lhs;
        if (peek().kind != TokenKind::LeftBrace)
            return fail(peek(), QStringLiteral("expected \"{\" after \"in\", as in partition in {1, 2, 3}, found %1")
                                    .arg(show(peek())));
        const Token &open = take();
        if (peek().kind == TokenKind::RightBrace) {
            take();
            return add(std::move(n));
        }
        while (true) {
            const int item = parseSum();
            if (item < 0)
                return -1;
            int end = -1;
            if (peek().kind == TokenKind::DotDot) {
                take();
                end = parseSum();
                if (end < 0)
                    return -1;
            }
            n.children.push_back(item);
            n.children.push_back(end);
            if (peek().kind == TokenKind::Comma) {
                take();
                continue;
            }
            if (peek().kind == TokenKind::RightBrace) {
                take();
                return add(std::move(n));
            }
            return fail(peek(), QStringLiteral("expected \",\" or \"}\" in the set opened at column %1, found %2")
                                    .arg(columnAt(m_text, open.position))
                                    .arg(show(peek())));
        }
    }

    int parseMatches(int lhs)
    {
        Node n = nodeAt(NodeKind::Matches, take());
        n.lhs = lhs;
        const Token &t = peek();
        if (t.kind != TokenKind::Literal || !t.isString)
            return fail(t, QStringLiteral("expected a regular expression in quotes after \"matches\", "
                                          "as in matches r\"^sensor-0[0-9]+$\", found %1")
                               .arg(show(t)));
        take();
        QRegularExpression regex(QString::fromUtf8(t.value.bytes()));
        if (!regex.isValid()) {
            // The offset is into the pattern: exact in the text when the
            // string had no escapes, else point at the string.
            const int offset = regex.patternErrorOffset();
            const QString message = QStringLiteral("invalid regular expression: %1").arg(regex.errorString());
            if (m_error)
                return -1;
            if (t.verbatim && offset >= 0)
                m_error = SourceError{std::min(t.contentPosition + offset, t.position + t.length - 1), 1, message};
            else
                m_error = SourceError{t.position, t.length, message};
            return -1;
        }
        regex.optimize(); // compile now, not on the first event
        n.regex = int(m_program->regexes.size());
        m_program->regexes.push_back(std::move(regex));
        return add(std::move(n));
    }

    int parseSum()
    {
        int lhs = parseProduct();
        while (lhs >= 0 && (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus)) {
            const NodeKind kind = peek().kind == TokenKind::Plus ? NodeKind::Add : NodeKind::Subtract;
            Node n = nodeAt(kind, take());
            n.lhs = lhs;
            n.rhs = parseProduct();
            if (n.rhs < 0)
                return -1;
            lhs = add(std::move(n));
        }
        return lhs;
    }

    int parseProduct()
    {
        int lhs = parseUnary();
        while (lhs >= 0 && (peek().kind == TokenKind::Star || peek().kind == TokenKind::Slash
                            || peek().kind == TokenKind::Percent)) {
            const NodeKind kind = peek().kind == TokenKind::Star ? NodeKind::Multiply
                : peek().kind == TokenKind::Slash                ? NodeKind::Divide
                                                                 : NodeKind::Modulo;
            Node n = nodeAt(kind, take());
            n.lhs = lhs;
            n.rhs = parseUnary();
            if (n.rhs < 0)
                return -1;
            lhs = add(std::move(n));
        }
        return lhs;
    }

    int parseUnary()
    {
        if (peek().kind != TokenKind::Minus)
            return parsePrimary();
        DepthGuard guard(*this);
        if (!guard.ok())
            return -1;
        const Token &minus = take();
        const Token &operand = peek();
        // The one integer literal that fits only with its minus.
        if (operand.kind == TokenKind::Literal && operand.integerTooLarge
            && m_text.mid(operand.position, operand.length) == QLatin1String("9223372036854775808")) {
            take();
            Node n = nodeAt(NodeKind::Literal, minus);
            n.length = operand.position + operand.length - minus.position;
            n.literal = Value::fromInt(std::numeric_limits<std::int64_t>::min());
            return add(std::move(n));
        }
        const int child = parseUnary();
        if (child < 0)
            return -1;
        Node &c = m_program->nodes[std::size_t(child)];
        // Fold -5 and -5s into literals.
        if (c.kind == NodeKind::Literal && c.literal.isInt()
            && c.literal.intValue() != std::numeric_limits<std::int64_t>::min()) {
            c.literal = Value::fromInt(-c.literal.intValue());
            c.length += c.position - minus.position;
            c.position = minus.position;
            return child;
        }
        if (c.kind == NodeKind::Literal && c.literal.isDouble()) {
            c.literal = Value::fromDouble(-c.literal.doubleValue());
            c.length += c.position - minus.position;
            c.position = minus.position;
            return child;
        }
        Node n = nodeAt(NodeKind::Negate, minus);
        n.lhs = child;
        return add(std::move(n));
    }

    int parsePrimary()
    {
        const Token &t = peek();
        switch (t.kind) {
        case TokenKind::Literal: {
            if (t.integerTooLarge)
                return fail(t, t.message);
            take();
            Node n = nodeAt(NodeKind::Literal, t);
            n.literal = t.value;
            return add(std::move(n));
        }
        case TokenKind::LeftParen: {
            const Token &open = take();
            const int inner = parseOr();
            if (inner < 0)
                return -1;
            if (peek().kind != TokenKind::RightParen)
                return fail(peek(), QStringLiteral("expected \")\" to close the \"(\" at column %1, found %2")
                                        .arg(columnAt(m_text, open.position))
                                        .arg(show(peek())));
            take();
            return inner;
        }
        case TokenKind::Name:
            return parseName(take());
        case TokenKind::Path:
            return parsePath(take());
        default:
            return fail(t, expectedValue(t));
        }
    }

    QString expectedValue(const Token &found) const
    {
        if (m_index == 0 || found.position == 0)
            return QStringLiteral("expected a field or a value, found %1").arg(show(found));
        return QStringLiteral("expected a value after %1, found %2").arg(show(m_tokens[m_index - 1]), show(found));
    }

    int parseName(const Token &t)
    {
        if (isWord(t, "true") || isWord(t, "false") || isWord(t, "null")) {
            Node n = nodeAt(NodeKind::Literal, t);
            n.literal = isWord(t, "null") ? Value::null() : Value::fromBool(isWord(t, "true"));
            return add(std::move(n));
        }
        if (isWord(t, "exists")) {
            const Token &next = peek();
            if (next.kind == TokenKind::Name || next.kind == TokenKind::Path)
                return fail(t, QStringLiteral("\"exists\" goes after what it tests: write %1 exists")
                                   .arg(shortened(QStringView(m_text).mid(next.position, next.length))));
            return fail(t, QStringLiteral("\"exists\" goes after what it tests, as in headers.attempt exists"));
        }
        if (isKeyword(t.name)) {
            --m_index; // report the keyword itself, after what precedes it
            return fail(t, expectedValue(t));
        }
        if (const auto id = fieldId(t.name)) {
            Node n = nodeAt(NodeKind::Field, t);
            n.field = *id;
            if (*id == FieldId::Value)
                m_program->usesValue = true;
            return add(std::move(n));
        }
        if (t.name == QLatin1String("headers"))
            return fail(t, QStringLiteral("expected a header name: headers.NAME, as in headers.trace-id"));
        return unknownField(t);
    }

    int parsePath(const Token &t)
    {
        const int rootLength = int(t.name.size());
        if (t.name == QLatin1String("value")) {
            Node n = nodeAt(NodeKind::JsonPath, t);
            n.path = t.steps;
            m_program->usesValue = true;
            m_program->usesJson = true;
            return add(std::move(n));
        }
        if (t.name == QLatin1String("headers")) {
            if (t.steps.front().isIndex)
                return failSteps(t, QStringLiteral("headers are found by name: headers.NAME or headers[\"NAME\"]"));
            if (t.steps.size() > 1)
                return failSteps(t, QStringLiteral("a header's value is bytes, not JSON: headers.NAME has no fields"));
            Node n = nodeAt(NodeKind::Header, t);
            n.header = t.steps.front().key;
            return add(std::move(n));
        }
        if (fieldId(t.name) || isKeyword(t.name))
            return failSteps(t, QStringLiteral("\"%1\" has no fields; paths are for value.… (the JSON payload) "
                                               "and headers.…")
                                    .arg(shortened(t.name)));
        Token root = t;
        root.length = rootLength;
        return unknownField(root);
    }

    int unknownField(const Token &t)
    {
        const QString name = shortened(t.name);
        for (const char *k : kKeywords)
            if (name.compare(QLatin1String(k), Qt::CaseInsensitive) == 0)
                return fail(t, QStringLiteral("keywords are lower case: write \"%1\"").arg(QLatin1String(k)));
        QStringList known;
        for (const FieldName &f : kFields)
            known << QLatin1String(f.name);
        known << QStringLiteral("headers");
        const QString suggestion = closest(name, known);
        if (!suggestion.isEmpty())
            return fail(t, QStringLiteral("unknown field \"%1\"; did you mean \"%2\"?").arg(name, suggestion));
        const QString keyword = closest(name, keywordList());
        if (!keyword.isEmpty() && name.size() > 3)
            return fail(t, QStringLiteral("unknown word \"%1\"; did you mean \"%2\"?").arg(name, keyword));
        const bool afterOperator = m_index >= 2 && (isComparison(m_tokens[m_index - 2].kind)
                                                    || m_tokens[m_index - 2].kind == TokenKind::LeftBrace
                                                    || m_tokens[m_index - 2].kind == TokenKind::Comma
                                                    || isWord(m_tokens[m_index - 2], "contains"));
        if (afterOperator)
            return fail(t, QStringLiteral("unknown field \"%1\"; to compare with text, quote it: \"%1\"").arg(name));
        return fail(t, QStringLiteral("unknown field \"%1\"; fields of the JSON payload are written value.%1 "
                                      "(the event's fields: %2)")
                           .arg(name, fieldNames().join(QLatin1String(", "))));
    }

    void trailing(const Token &t)
    {
        if (t.kind == TokenKind::RightParen) {
            fail(t, QStringLiteral("unexpected \")\" without a matching \"(\""));
            return;
        }
        if (isWord(t, "not")) {
            fail(t, QStringLiteral("\"not\" goes before what it negates: write !(value.a exists), not (a == b), "
                                   "or a not in {…}"));
            return;
        }
        if (t.kind == TokenKind::Name && !isKeyword(t.name)) {
            for (const char *k : kKeywords) {
                if (t.name.compare(QLatin1String(k), Qt::CaseInsensitive) == 0) {
                    fail(t, QStringLiteral("keywords are lower case: write \"%1\"").arg(QLatin1String(k)));
                    return;
                }
            }
            const QString keyword = closest(t.name, keywordList());
            if (!keyword.isEmpty() && t.name.size() > 3) {
                fail(t, QStringLiteral("unexpected %1; did you mean \"%2\"?").arg(show(t), keyword));
                return;
            }
        }
        fail(t, QStringLiteral("unexpected %1 after a complete expression; combine conditions with && or ||")
                    .arg(show(t)));
    }

    const QString &m_text;
    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
    int m_depth = 0;
    std::shared_ptr<Program> m_program;
    std::optional<SourceError> m_error;
};

} // namespace

std::variant<std::shared_ptr<const Program>, SourceError> parse(const QString &text) { return Parser(text).run(); }

QStringList fieldNames()
{
    QStringList names;
    for (const FieldName &f : kFields) {
        names << QLatin1String(f.name);
        if (f.id == FieldId::Value)
            names << QStringLiteral("value.PATH");
    }
    names << QStringLiteral("headers.NAME");
    return names;
}

} // namespace streamscope::expr::detail

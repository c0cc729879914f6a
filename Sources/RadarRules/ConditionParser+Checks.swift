/// The parser's checks: types, nesting and the closing parenthesis, each failing at the offending token.
extension ConditionParser {
    static func comparison(_ symbol: ConditionToken.Symbol) -> ConditionNode.Comparison? {
        switch symbol {
        case .equal: .equal
        case .notEqual, .lessOrGreater: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }

    /// A node, refused when the tree would grow deeper than the limit.
    func node(
        _ kind: ConditionNode.Kind, _ type: FactType, _ range: Range<Int>, at token: ConditionToken
    ) throws(ConditionError) -> ConditionNode {
        let node = ConditionNode(kind, type: type, range: range)
        if node.height > maximumDepth { throw tooDeep(at: token) }
        return node
    }

    /// Counts one more level of parentheses, `not` or unary minus.
    mutating func enter(at token: ConditionToken) throws(ConditionError) {
        depth += 1
        if depth > maximumDepth { throw tooDeep(at: token) }
    }

    private func tooDeep(at token: ConditionToken) -> ConditionError {
        ConditionError(.tooDeep, at: token.position, "the condition nests more than \(maximumDepth) levels deep")
    }

    /// The `)` matching `open`; a missing one is blamed on `open` at the end, else on the token found instead.
    mutating func expectClosing(_ open: ConditionToken, inList: Bool) throws(ConditionError) -> ConditionToken {
        if current.isSymbol(.rightParenthesis) { return advance() }
        if current.kind == .end {
            throw ConditionError(.unexpectedToken, at: open.position, "this `(` is never closed")
        }
        throw ConditionError(
            .unexpectedToken, at: current.position,
            "expected \(inList ? "`,` or `)`" : "`)`") to close the `(` at column \(open.position + 1), "
                + "found \(spelling(current))")
    }

    func require(
        _ node: ConditionNode, is type: FactType, message: (String, String) -> String
    ) throws(ConditionError) {
        guard node.type != type else { return }
        throw ConditionError(.typeMismatch, at: node.range.lowerBound, message(snippet(node), node.type.spoken))
    }

    /// Both sides of a comparison, or a value and a list item, must have one type; the right one is blamed.
    func requireSameType(_ left: ConditionNode, _ right: ConditionNode) throws(ConditionError) {
        guard left.type != right.type else { return }
        throw ConditionError(
            .typeMismatch, at: right.range.lowerBound,
            "cannot compare \(snippet(left)) (\(left.type.spoken)) with \(snippet(right)) (\(right.type.spoken))")
    }

    /// The source of a node for a message, shortened when long.
    func snippet(_ node: ConditionNode) -> String {
        "`" + Self.shortened(String(source[node.range.clamped(to: 0..<source.count)])) + "`"
    }

    func spelling(_ token: ConditionToken, quoted: Bool = true) -> String {
        if token.kind == .end { return "the end of the condition" }
        let text = Self.shortened(String(source[token.range.clamped(to: 0..<source.count)]))
        return quoted ? "`\(text)`" : text
    }

    private static func shortened(_ text: String) -> String {
        text.count > 40 ? text.prefix(39) + "…" : text
    }
}

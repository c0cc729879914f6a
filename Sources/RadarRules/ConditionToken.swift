/// One lexical token of a condition and the characters it spans.
struct ConditionToken: Sendable, Hashable {
    /// Words with a meaning of their own; matched case-insensitively.
    enum Keyword: String, Sendable, Hashable, CaseIterable {
        case and, or, not, `in`, `is`, null, `true`, `false`
    }

    /// Punctuation and operators.
    enum Symbol: String, Sendable, Hashable {
        case leftParenthesis = "("
        case rightParenthesis = ")"
        case comma = ","
        case equal = "="
        case notEqual = "!="
        case lessOrGreater = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case plus = "+"
        case minus = "-"
        case times = "*"
        case divide = "/"
    }

    /// What was read: a name, a keyword, a literal, an operator or the end of the text.
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case keyword(Keyword)
        case number(Double)
        case string(String)
        case symbol(Symbol)
        case end
    }

    let kind: Kind
    let range: Range<Int>

    var position: Int { range.lowerBound }

    func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }

    func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }
}

/// A recursive-descent parser that builds and type-checks the tree of a condition in one pass.
///
/// Loosest first: `or`, `and`, `not`, comparisons (`= != <> < <= > >=`, `in`, `not in`, `is [not] null`),
/// `+ -`, `* /`, unary `-`, then facts, literals and parentheses.
struct ConditionParser {
    let source: [Character]
    let tokens: [ConditionToken]
    let knownFacts: [String: FactType]
    let maximumDepth: Int
    private var index = 0
    var depth = 0

    /// The checked tree of a condition whose value is true or false.
    static func parse(
        _ source: [Character], knownFacts: [String: FactType], maximumDepth: Int
    ) throws(ConditionError) -> ConditionNode {
        let tokens = try ConditionLexer.tokens(of: source)
        var parser = ConditionParser(
            source: source, tokens: tokens, knownFacts: knownFacts, maximumDepth: maximumDepth)
        if parser.current.kind == .end {
            throw ConditionError(.empty, at: 0, "the condition is empty")
        }
        let root = try parser.parseOr()
        let trailing = parser.current
        if trailing.isSymbol(.rightParenthesis) {
            throw ConditionError(.unexpectedToken, at: trailing.position, "unmatched `)`")
        } else if trailing.kind != .end {
            throw ConditionError(
                .unexpectedToken, at: trailing.position,
                "unexpected \(parser.spelling(trailing)) (join parts with `and` or `or`)")
        }
        try parser.require(root, is: .bool) { "a condition must be true or false, but \($0) is \($1)" }
        return root
    }

    private init(source: [Character], tokens: [ConditionToken], knownFacts: [String: FactType], maximumDepth: Int) {
        self.source = source
        self.tokens = tokens
        self.knownFacts = knownFacts
        self.maximumDepth = maximumDepth
    }

    var current: ConditionToken { tokens[index] }

    private var following: ConditionToken { tokens[min(index + 1, tokens.count - 1)] }

    mutating func advance() -> ConditionToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func parseOr() throws(ConditionError) -> ConditionNode {
        try parseChain(of: .or) { (parser: inout ConditionParser) throws(ConditionError) in
            try parser.parseAnd()
        }
    }

    private mutating func parseAnd() throws(ConditionError) -> ConditionNode {
        try parseChain(of: .and) { (parser: inout ConditionParser) throws(ConditionError) in
            try parser.parseNot()
        }
    }

    /// `a and b and c` as one node with three operands, so long chains stay shallow.
    private mutating func parseChain(
        of keyword: ConditionToken.Keyword,
        operand: (inout ConditionParser) throws(ConditionError) -> ConditionNode
    ) throws(ConditionError) -> ConditionNode {
        let first = try operand(&self)
        guard current.isKeyword(keyword) else { return first }
        var operands = [first]
        var lastOperator = current
        while current.isKeyword(keyword) {
            try require(operands[operands.count - 1], is: .bool) {
                "`\(keyword.rawValue)` needs true/false operands, but \($0) is \($1)"
            }
            lastOperator = advance()
            operands.append(try operand(&self))
        }
        try require(operands[operands.count - 1], is: .bool) {
            "`\(keyword.rawValue)` needs true/false operands, but \($0) is \($1)"
        }
        let range = first.range.lowerBound..<operands[operands.count - 1].range.upperBound
        return try node(keyword == .and ? .and(operands) : .or(operands), .bool, range, at: lastOperator)
    }

    private mutating func parseNot() throws(ConditionError) -> ConditionNode {
        guard current.isKeyword(.not) else { return try parseComparison() }
        let keyword = advance()
        try enter(at: keyword)
        let operand = try parseNot()
        depth -= 1
        try require(operand, is: .bool) { "`not` needs a true/false operand, but \($0) is \($1)" }
        return try node(.not(operand), .bool, keyword.position..<operand.range.upperBound, at: keyword)
    }

    private mutating func parseComparison() throws(ConditionError) -> ConditionNode {
        let left = try parseAdditive()
        let test: ConditionNode
        let operatorToken = current
        if case .symbol(let symbol) = operatorToken.kind, let comparison = Self.comparison(symbol) {
            _ = advance()
            let right = try parseAdditive()
            try requireSameType(left, right)
            if comparison.isOrdering, left.type == .bool {
                throw ConditionError(
                    .typeMismatch, at: operatorToken.position,
                    "`\(spelling(operatorToken, quoted: false))` cannot order true/false values")
            }
            let range = left.range.lowerBound..<right.range.upperBound
            test = try node(.comparison(comparison, left, right), .bool, range, at: operatorToken)
        } else if operatorToken.isKeyword(.is) {
            _ = advance()
            let negated = current.isKeyword(.not)
            if negated { _ = advance() }
            guard current.isKeyword(.null) else {
                throw ConditionError(
                    .unexpectedToken, at: current.position,
                    "expected `null` after `\(negated ? "is not" : "is")`, found \(spelling(current))")
            }
            let null = advance()
            test = try node(
                .nullCheck(left, negated: negated), .bool, left.range.lowerBound..<null.range.upperBound,
                at: operatorToken)
        } else if operatorToken.isKeyword(.in) || (operatorToken.isKeyword(.not) && following.isKeyword(.in)) {
            let negated = operatorToken.isKeyword(.not)
            _ = advance()
            if negated { _ = advance() }
            test = try parseList(of: left, negated: negated, at: operatorToken)
        } else if operatorToken.isKeyword(.not) {
            throw ConditionError(
                .unexpectedToken, at: operatorToken.position,
                "`not` after a value must be followed by `in`; put `not` before the whole test instead")
        } else {
            return left
        }
        if case .symbol(let symbol) = current.kind, Self.comparison(symbol) != nil {
            throw ConditionError(
                .unexpectedToken, at: current.position,
                "comparisons cannot be chained; join them with `and`")
        }
        return test
    }

    /// The parenthesised list after `in` or `not in`; every item has the type of the value tested.
    private mutating func parseList(
        of operand: ConditionNode, negated: Bool, at operatorToken: ConditionToken
    ) throws(ConditionError) -> ConditionNode {
        guard current.isSymbol(.leftParenthesis) else {
            throw ConditionError(
                .unexpectedToken, at: current.position, "expected `(` to start the list, found \(spelling(current))")
        }
        let open = advance()
        if current.isSymbol(.rightParenthesis) {
            throw ConditionError(.unexpectedToken, at: current.position, "the list is empty")
        }
        var items: [ConditionNode] = []
        while true {
            let item = try parseAdditive()
            try requireSameType(operand, item)
            items.append(item)
            if current.isSymbol(.comma) {
                _ = advance()
                continue
            }
            let close = try expectClosing(open, inList: true)
            return try node(
                .membership(operand, items, negated: negated), .bool,
                operand.range.lowerBound..<close.range.upperBound, at: operatorToken)
        }
    }

    private mutating func parseAdditive() throws(ConditionError) -> ConditionNode {
        try parseArithmetic(of: [.plus, .minus]) { (parser: inout ConditionParser) throws(ConditionError) in
            try parser.parseMultiplicative()
        }
    }

    private mutating func parseMultiplicative() throws(ConditionError) -> ConditionNode {
        try parseArithmetic(of: [.times, .divide]) { (parser: inout ConditionParser) throws(ConditionError) in
            try parser.parseUnary()
        }
    }

    /// A left-associative run of arithmetic operators of one precedence.
    private mutating func parseArithmetic(
        of operators: [ConditionNode.Arithmetic],
        operand: (inout ConditionParser) throws(ConditionError) -> ConditionNode
    ) throws(ConditionError) -> ConditionNode {
        var left = try operand(&self)
        while case .symbol(let symbol) = current.kind,
            let operation = ConditionNode.Arithmetic(rawValue: symbol.rawValue), operators.contains(operation)
        {
            let operatorToken = advance()
            try require(left, is: .number) { "`\(operation.rawValue)` needs numbers, but \($0) is \($1)" }
            let right = try operand(&self)
            try require(right, is: .number) { "`\(operation.rawValue)` needs numbers, but \($0) is \($1)" }
            let range = left.range.lowerBound..<right.range.upperBound
            left = try node(.arithmetic(operation, left, right), .number, range, at: operatorToken)
        }
        return left
    }

    private mutating func parseUnary() throws(ConditionError) -> ConditionNode {
        guard current.isSymbol(.minus) else { return try parsePrimary() }
        let minus = advance()
        try enter(at: minus)
        let operand = try parseUnary()
        depth -= 1
        try require(operand, is: .number) { "`-` needs a number, but \($0) is \($1)" }
        let range = minus.position..<operand.range.upperBound
        if case .literal(.number(let number)) = operand.kind {
            return ConditionNode(.literal(.number(-number)), type: .number, range: range)
        }
        return try node(.negate(operand), .number, range, at: minus)
    }

    private mutating func parsePrimary() throws(ConditionError) -> ConditionNode {
        let token = current
        switch token.kind {
        case .identifier(let name):
            guard let type = knownFacts[name] else {
                throw ConditionError.unknownFact(name, at: token.position, knownFacts: knownFacts.keys)
            }
            _ = advance()
            return ConditionNode(.fact(name), type: type, range: token.range)
        case .number(let number):
            _ = advance()
            return ConditionNode(.literal(.number(number)), type: .number, range: token.range)
        case .string(let text):
            _ = advance()
            return ConditionNode(.literal(.text(text)), type: .text, range: token.range)
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return ConditionNode(.literal(.bool(token.isKeyword(.true))), type: .bool, range: token.range)
        case .keyword(.null):
            throw ConditionError(
                .misplacedNull, at: token.position, "test for null with `is null` or `is not null`")
        case .symbol(.leftParenthesis):
            let open = advance()
            try enter(at: open)
            let inner = try parseOr()
            let close = try expectClosing(open, inList: false)
            depth -= 1
            return inner.spanning(open.position..<close.range.upperBound)
        case .end:
            throw ConditionError(
                .unexpectedToken, at: token.position, "the condition ends too soon; expected a fact or a value")
        default:
            throw ConditionError(
                .unexpectedToken, at: token.position, "expected a fact or a value, found \(spelling(token))")
        }
    }
}

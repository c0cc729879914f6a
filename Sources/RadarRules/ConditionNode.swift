import RadarDomain

/// A type-checked sub-expression of a condition, with the characters of the source it was parsed from.
struct ConditionNode: Sendable, Hashable {
    /// Operators that compare two values of one type.
    enum Comparison: String, Sendable, Hashable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        var isOrdering: Bool { self != .equal && self != .notEqual }
    }

    /// Operators of arithmetic on numbers.
    enum Arithmetic: String, Sendable, Hashable {
        case plus = "+"
        case minus = "-"
        case times = "*"
        case divide = "/"
    }

    /// What the node computes; `and` and `or` hold all operands of a chain written without parentheses.
    indirect enum Kind: Sendable, Hashable {
        case fact(String)
        case literal(FactValue)
        case negate(ConditionNode)
        case arithmetic(Arithmetic, ConditionNode, ConditionNode)
        case comparison(Comparison, ConditionNode, ConditionNode)
        case membership(ConditionNode, [ConditionNode], negated: Bool)
        case nullCheck(ConditionNode, negated: Bool)
        case not(ConditionNode)
        case and([ConditionNode])
        case or([ConditionNode])
    }

    let kind: Kind
    let type: FactType
    /// Character offsets of the source text, including any parentheses written around it.
    let range: Range<Int>
    /// The number of operators on the longest path from this node down to a fact or literal.
    let height: Int

    init(_ kind: Kind, type: FactType, range: Range<Int>) {
        self.kind = kind
        self.type = type
        self.range = range
        self.height = kind.children.map { $0.height + 1 }.max() ?? 0
    }

    /// The same node covering a wider source range, for an expression written inside parentheses.
    func spanning(_ range: Range<Int>) -> ConditionNode {
        ConditionNode(kind, type: type, range: range)
    }

    /// Whether this node is one of the parts `explain` reports: a logical operator or a test.
    var isLogical: Bool {
        switch kind {
        case .comparison, .membership, .nullCheck, .not, .and, .or: true
        case .fact, .literal, .negate, .arithmetic: false
        }
    }

    /// Every fact name read anywhere below this node, in source order, with repeats.
    func collectFacts(into names: inout [String]) {
        if case .fact(let name) = kind { names.append(name) }
        for child in kind.children { child.collectFacts(into: &names) }
    }
}

extension ConditionNode.Kind {
    /// The direct sub-expressions, in source order.
    var children: [ConditionNode] {
        switch self {
        case .fact, .literal: []
        case .negate(let operand), .nullCheck(let operand, _), .not(let operand): [operand]
        case .arithmetic(_, let left, let right), .comparison(_, let left, let right): [left, right]
        case .membership(let operand, let items, _): [operand] + items
        case .and(let operands), .or(let operands): operands
        }
    }
}

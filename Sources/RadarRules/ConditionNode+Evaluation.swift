import RadarDomain

/// Evaluation by one walk over the tree, with SQL's three-valued logic for NULL.
extension ConditionNode {
    /// The value of this node; a true/false node gives `.bool` or `.null` (unknown).
    func value(in facts: [String: FactValue]) -> FactValue {
        switch kind {
        case .fact(let name):
            let value = facts[name] ?? .null
            return type.admits(value) ? value : .null
        case .literal(let value):
            return value
        case .negate(let operand):
            guard case .number(let number) = operand.value(in: facts) else { return .null }
            return .number(-number)
        case .arithmetic(let operation, let left, let right):
            return Self.calculate(operation, left.value(in: facts), right.value(in: facts))
        case .comparison(let operation, let left, let right):
            return Self.compare(operation, left.value(in: facts), right.value(in: facts))
        case .membership(let operand, let items, let negated):
            return Self.member(operand.value(in: facts), of: items.lazy.map { $0.value(in: facts) }, negated: negated)
        case .nullCheck(let operand, let negated):
            return .bool((operand.value(in: facts) == .null) != negated)
        case .not(let operand):
            return Self.not(operand.value(in: facts))
        case .and(let operands):
            return Self.all(operands.lazy.map { $0.value(in: facts) })
        case .or(let operands):
            return Self.any(operands.lazy.map { $0.value(in: facts) })
        }
    }

    /// Arithmetic on two numbers; NULL in gives NULL out, and so does a result that is not finite.
    static func calculate(_ operation: Arithmetic, _ left: FactValue, _ right: FactValue) -> FactValue {
        guard case .number(let left) = left, case .number(let right) = right else { return .null }
        let result =
            switch operation {
            case .plus: left + right
            case .minus: left - right
            case .times: left * right
            case .divide: left / right
            }
        return result.isFinite ? .number(result) : .null
    }

    /// A comparison of two values of one type; unknown when either is NULL.
    static func compare(_ operation: Comparison, _ left: FactValue, _ right: FactValue) -> FactValue {
        let order: Int
        switch (left, right) {
        case (.number(let left), .number(let right)): order = left < right ? -1 : (left == right ? 0 : 1)
        case (.text(let left), .text(let right)): order = left < right ? -1 : (left == right ? 0 : 1)
        case (.bool(let left), .bool(let right)) where !operation.isOrdering: order = left == right ? 0 : 1
        default: return .null
        }
        let holds =
            switch operation {
            case .equal: order == 0
            case .notEqual: order != 0
            case .less: order < 0
            case .lessOrEqual: order <= 0
            case .greater: order > 0
            case .greaterOrEqual: order >= 0
            }
        return .bool(holds)
    }

    /// `in` as SQL has it: true on a match, unknown if there is none but a NULL was among the items.
    static func member(_ value: FactValue, of items: some Sequence<FactValue>, negated: Bool) -> FactValue {
        guard value != .null else { return .null }
        var sawNull = false
        for item in items {
            if item == .null {
                sawNull = true
            } else if compare(.equal, value, item) == .bool(true) {
                return .bool(!negated)
            }
        }
        return sawNull ? .null : .bool(negated)
    }

    /// `not`: unknown stays unknown.
    static func not(_ value: FactValue) -> FactValue {
        guard case .bool(let holds) = value else { return .null }
        return .bool(!holds)
    }

    /// `and`: false if any operand is false, else unknown if any is unknown; stops at the first false.
    static func all(_ values: some Sequence<FactValue>) -> FactValue {
        var unknown = false
        for value in values {
            switch value {
            case .bool(false): return .bool(false)
            case .bool(true): continue
            default: unknown = true
            }
        }
        return unknown ? .null : .bool(true)
    }

    /// `or`: true if any operand is true, else unknown if any is unknown; stops at the first true.
    static func any(_ values: some Sequence<FactValue>) -> FactValue {
        var unknown = false
        for value in values {
            switch value {
            case .bool(true): return .bool(true)
            case .bool(false): continue
            default: unknown = true
            }
        }
        return unknown ? .null : .bool(false)
    }

    /// The value of this node, recording every logical part below it in source order (parents first).
    /// Unlike `value(in:)` it never stops early, so every part gets a truth value.
    func explain(
        _ facts: [String: FactValue], source: [Character], depth: Int, isPredicate: Bool,
        into parts: inout [ConditionPart]
    ) -> FactValue {
        let reported = isLogical || (isPredicate && type == .bool)
        let slot = parts.count
        if reported {
            let text = String(source[range.clamped(to: 0..<source.count)])
            parts.append(ConditionPart(text: text, position: range.lowerBound, depth: depth, truth: .unknown))
        }
        let childDepth = reported ? depth + 1 : depth
        func walk(_ child: ConditionNode, predicate: Bool) -> FactValue {
            child.explain(facts, source: source, depth: childDepth, isPredicate: predicate, into: &parts)
        }
        let value: FactValue
        switch kind {
        case .fact, .literal:
            value = self.value(in: facts)
        case .negate(let operand):
            let operandValue = walk(operand, predicate: false)
            if case .number(let number) = operandValue { value = .number(-number) } else { value = .null }
        case .arithmetic(let operation, let left, let right):
            value = Self.calculate(operation, walk(left, predicate: false), walk(right, predicate: false))
        case .comparison(let operation, let left, let right):
            value = Self.compare(operation, walk(left, predicate: false), walk(right, predicate: false))
        case .membership(let operand, let items, let negated):
            let operandValue = walk(operand, predicate: false)
            value = Self.member(operandValue, of: items.map { walk($0, predicate: false) }, negated: negated)
        case .nullCheck(let operand, let negated):
            value = .bool((walk(operand, predicate: false) == .null) != negated)
        case .not(let operand):
            value = Self.not(walk(operand, predicate: true))
        case .and(let operands):
            value = Self.all(operands.map { walk($0, predicate: true) })
        case .or(let operands):
            value = Self.any(operands.map { walk($0, predicate: true) })
        }
        if reported {
            let part = parts[slot]
            parts[slot] = ConditionPart(
                text: part.text, position: part.position, depth: part.depth, truth: ConditionTruth(value))
        }
        return value
    }
}

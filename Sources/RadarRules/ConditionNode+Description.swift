import RadarDomain

/// The normalised spelling of a condition: lower-case keywords, double-quoted strings, only needed parentheses.
extension ConditionNode {
    /// How tightly an expression binds, loosest first; a child binding more loosely than its place needs parentheses.
    enum Binding: Int, Comparable {
        case or = 1, and, not, comparison, additive, multiplicative, unary, atom

        static func < (left: Binding, right: Binding) -> Bool { left.rawValue < right.rawValue }
    }

    /// How tightly this node binds when written out.
    var binding: Binding {
        switch kind {
        case .or: .or
        case .and: .and
        case .not: .not
        case .comparison, .membership, .nullCheck: .comparison
        case .arithmetic(.plus, _, _), .arithmetic(.minus, _, _): .additive
        case .arithmetic: .multiplicative
        case .negate: .unary
        case .literal(.number(let number)) where number < 0 || (number == 0 && number.sign == .minus): .unary
        case .fact, .literal: .atom
        }
    }

    /// The node written out in normal form.
    var normalised: String {
        switch kind {
        case .fact(let name):
            return name
        case .literal(let value):
            return Self.spell(value)
        case .negate(let operand):
            return "-" + operand.normalised(atLeast: .unary)
        case .arithmetic(let operation, let left, let right):
            let tighter: Binding = binding == .additive ? .multiplicative : .unary
            return "\(left.normalised(atLeast: binding)) \(operation.rawValue) \(right.normalised(atLeast: tighter))"
        case .comparison(let operation, let left, let right):
            let (left, right) = (left.normalised(atLeast: .additive), right.normalised(atLeast: .additive))
            return "\(left) \(operation.rawValue) \(right)"
        case .membership(let operand, let items, let negated):
            let list = items.map { $0.normalised(atLeast: .additive) }.joined(separator: ", ")
            return "\(operand.normalised(atLeast: .additive)) \(negated ? "not in" : "in") (\(list))"
        case .nullCheck(let operand, let negated):
            return "\(operand.normalised(atLeast: .additive)) is \(negated ? "not null" : "null")"
        case .not(let operand):
            return "not " + operand.normalised(atLeast: .not)
        case .and(let operands):
            return operands.map { $0.normalised(atLeast: .not) }.joined(separator: " and ")
        case .or(let operands):
            return operands.map { $0.normalised(atLeast: .and) }.joined(separator: " or ")
        }
    }

    private func normalised(atLeast required: Binding) -> String {
        binding < required ? "(\(normalised))" : normalised
    }

    /// A literal as the lexer reads it back: integers without `.0`, strings double-quoted with escapes.
    static func spell(_ value: FactValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let holds): return holds ? "true" : "false"
        case .number(let number): return number.plainText
        case .text(let text):
            var quoted = "\""
            for character in text {
                switch character {
                case "\\": quoted += "\\\\"
                case "\"": quoted += "\\\""
                case "\n": quoted += "\\n"
                case "\t": quoted += "\\t"
                default: quoted.append(character)
                }
            }
            return quoted + "\""
        }
    }
}

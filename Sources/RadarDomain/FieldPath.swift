/// Where a value sits in one piece of input, in the domain's own names: `initiatedBy`, `participants[2].email`.
///
/// Names are the domain's, in camel case; each edge spells a path once for its users: the CLI as its option names,
/// the API as its JSON names, the web pages as their form fields.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step down into the input: a named field, or a position in a list.
    public enum Step: Hashable, Sendable {
        case name(String)
        case index(Int)
    }

    public var steps: [Step]

    public init(steps: [Step]) {
        self.steps = steps
    }

    /// Reads the canonical text, such as `participants[2].email`; a name with other characters is kept as it is.
    public init(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var positions: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
            {
                positions.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { steps.append(.name(String(name))) }
            steps += positions.map(Step.index)
        }
        self.steps = steps
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    /// The field `name` inside this one.
    public func appending(_ name: String) -> FieldPath {
        FieldPath(steps: steps + [.name(name)])
    }

    /// The element at `index` of the list this path names.
    public func at(_ index: Int) -> FieldPath {
        FieldPath(steps: steps + [.index(index)])
    }

    /// The names along the path, without positions.
    public var names: [String] {
        steps.compactMap { if case .name(let name) = $0 { name } else { nil } }
    }

    /// The positions along the path, outermost first.
    public var positions: [Int] {
        steps.compactMap { if case .index(let index) = $0 { index } else { nil } }
    }

    /// The canonical text: names joined by dots, positions in brackets.
    public var description: String {
        spelled { $0 }
    }

    /// The path with each name spelled by `name`, joined by dots, positions in brackets: how an edge whose names
    /// follow a rule (JSON's snake case, say) spells it.
    public func spelled(_ name: (String) -> String) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .name(let part): text += (text.isEmpty ? "" : ".") + name(part)
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The words of a camel-case name joined by `separator`: `initiatedBy` becomes `initiated_by` with "_".
    /// Anything else (`time-zone`, `RADAR_PORT`, a file's path) comes back unchanged.
    public static func words(of name: String, joinedBy separator: String) -> String {
        guard let first = name.first, first.isASCII, first.isLowercase,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return name }
        var text = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                text += separator + character.lowercased()
            } else {
                text.append(character)
            }
            previous = character
        }
        return text
    }
}

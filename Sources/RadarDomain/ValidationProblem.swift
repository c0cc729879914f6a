/// Something wrong with one field of the input, said so a person can fix it.
public struct ValidationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, in the domain's canonical form; each edge spells it for its users.
    public var field: FieldPath
    public var message: String

    public init(field: FieldPath, message: String) {
        self.field = field
        self.message = message
    }

    /// A problem whose field is given as canonical text (or an edge's own name, such as a CSV column).
    public init(field: String, message: String) {
        self.init(field: FieldPath(field), message: message)
    }

    public var description: String { "\(field): \(message)" }
}

/// One or more problems found in one piece of input; nothing was changed.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [ValidationProblem]

    public init(_ problems: [ValidationProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

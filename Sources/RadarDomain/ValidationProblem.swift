/// Something wrong with one field of the input, said so a person can fix it.
public struct ValidationProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field as the user named it (a CLI option, a CSV column, a JSON key).
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
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

/// A value read from one typed word (a vocabulary's word, a guideline code), naming the field when the text is none.
public protocol WordReading: Hashable, Sendable {
    static func parse(_ text: String, field: FieldPath) throws(ValidationProblem) -> Self
}

/// A word of a closed list as an edge hands it over: already read (the API's typed values), or text still to be read
/// (from the CLI, a form or a file), so a problem with it is reported along with every other problem of the input.
public enum Word<Value: WordReading>: Hashable, Sendable, ExpressibleByStringLiteral {
    case value(Value)
    case text(String)

    public init(stringLiteral text: String) {
        self = .text(text)
    }

    /// The value, read from the text when need be.
    public func read(field: FieldPath) throws(ValidationProblem) -> Value {
        switch self {
        case .value(let value): value
        case .text(let text): try Value.parse(text, field: field)
        }
    }

    /// Whether this is text with nothing but white space in it: a word left out.
    public var isBlank: Bool {
        if case .text(let text) = self { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } else { false }
    }
}

extension GuidelineCode: WordReading {}

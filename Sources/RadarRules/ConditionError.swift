/// Why a condition or message template was refused, and the character it points at.
public struct ConditionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kinds of mistake, so callers and tests need not match on message text.
    public enum Code: String, Sendable, Hashable {
        case empty
        case tooLong
        case tooDeep
        case unexpectedCharacter
        case unterminatedString
        case invalidEscape
        case invalidNumber
        case unexpectedToken
        case unknownFact
        case typeMismatch
        case misplacedNull
        case unbalancedBrace
    }

    public let code: Code
    /// The 0-based character offset of the offending token.
    public let position: Int
    public let message: String

    public init(_ code: Code, at position: Int, _ message: String) {
        self.code = code
        self.position = position
        self.message = message
    }

    /// The 1-based column of the offending token, as people count.
    public var column: Int { position + 1 }

    public var description: String { "column \(column): \(message)" }

    /// The error for a name that is not a known fact, suggesting the closest known one.
    static func unknownFact(_ name: String, at position: Int, knownFacts: some Collection<String>) -> ConditionError {
        var message = "unknown fact \"\(name)\""
        if let suggestion = FactNameSuggestion.closest(to: name, among: knownFacts) {
            message += " (did you mean \"\(suggestion)\"?)"
        }
        return ConditionError(.unknownFact, at: position, message)
    }
}

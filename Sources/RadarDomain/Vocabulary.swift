import Foundation

/// A closed list of words the product uses (tiers, roles, kinds …), stored as their raw text.
public protocol Vocabulary: WordReading, RawRepresentable, CaseIterable, Codable, CustomStringConvertible
where RawValue == String, AllCases: RandomAccessCollection {
    /// What the list is called in messages, e.g. "tier".
    static var vocabularyName: String { get }
}

extension Vocabulary {
    public var description: String { rawValue }

    /// Every accepted word, for messages such as "expected one of top_team, senior_leader, …".
    public static var acceptedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a word or throws a validation problem naming the field and the accepted words.
    public static func parse(_ text: String, field: FieldPath) throws(ValidationProblem) -> Self {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let value = Self(rawValue: word) else {
            throw ValidationProblem(
                field: field, message: "\"\(text)\" is not a valid \(vocabularyName); expected one of \(acceptedValues)"
            )
        }
        return value
    }
}

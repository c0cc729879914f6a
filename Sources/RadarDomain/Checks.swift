import Foundation

/// Collects validation problems for one input so they can be reported all at once.
public struct Checks: Sendable {
    public private(set) var problems: [ValidationProblem] = []

    public init() {}

    public mutating func add(_ field: FieldPath, _ message: String) {
        problems.append(ValidationProblem(field: field, message: message))
    }

    /// Adds a problem found elsewhere (a vocabulary's or a guideline code's parse).
    public mutating func add(_ problem: ValidationProblem) {
        problems.append(problem)
    }

    /// The trimmed text, cleaned of control characters (`CleanText`: one line when `max` is a line's or an
    /// e-mail's), or a "required" problem when it is empty; longer than `max` is a problem too.
    public mutating func required(_ value: String?, field: FieldPath, max: Int = TextLimit.line) -> String {
        let text = Self.clean(value, max: max)
        if text.isEmpty { add(field, "is required") }
        limit(text, field: field, max: max)
        return text
    }

    /// The trimmed text, or nil when empty.
    public func optional(_ value: String?) -> String? {
        let text = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : text
    }

    /// The trimmed text cleaned as `required` cleans it, or nil when empty; longer than `max` is a problem.
    public mutating func optional(_ value: String?, field: FieldPath, max: Int) -> String? {
        let text = Self.clean(value, max: max)
        guard !text.isEmpty else { return nil }
        limit(text, field: field, max: max)
        return text
    }

    /// `value` without control characters and trimmed; a one-line field's breaks become spaces.
    static func clean(_ value: String?, max: Int) -> String {
        guard let value else { return "" }
        let cleaned = max <= TextLimit.email ? CleanText.oneLine(value) : CleanText.paragraph(value)
        return cleaned.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Adds a problem when `text` is longer than `max`.
    public mutating func limit(_ text: String, field: FieldPath, max: Int) {
        if let message = TextLimit.problem(text, max: max) { add(field, message) }
    }

    /// A lower-cased e-mail address of a plausible shape.
    public mutating func email(_ value: String?, field: FieldPath) -> String {
        let text = required(value, field: field, max: TextLimit.email).lowercased()
        if !text.isEmpty, !Self.isEmail(text) {
            add(field, "\"\(text)\" is not an e-mail address")
        }
        return text
    }

    public static func isEmail(_ text: String) -> Bool {
        text.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil
    }

    /// A word of a vocabulary, or a problem listing the accepted words.
    public mutating func word<V: Vocabulary>(_ value: String?, _: V.Type, field: FieldPath) -> V? {
        guard let text = optional(value) else { return nil }
        do {
            return try V.parse(text, field: field)
        } catch {
            problems.append(error)
            return nil
        }
    }

    /// The value of a word, read when it is text; nil when it is left out or blank, a problem when it is no word.
    public mutating func word<V>(_ value: Word<V>?, field: FieldPath) -> V? {
        guard let value, !value.isBlank else { return nil }
        do {
            return try value.read(field: field)
        } catch {
            problems.append(error)
            return nil
        }
    }

    /// A value on the 1–5 scale.
    public mutating func scale(_ value: Int?, field: FieldPath) -> Int? {
        guard let value else { return nil }
        if !(1...5).contains(value) { add(field, "\(value) is outside the scale 1 to 5") }
        return value
    }

    /// Throws every problem found, or returns when there were none.
    public func finish() throws {
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }
}

import Foundation

/// One of the twelve commitment guidelines (G01–G12) or the principle P00.
public struct GuidelineCode: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let code = rawValue.trimmingCharacters(in: .whitespaces).uppercased()
        guard Self.all.contains(where: { $0 == code }) else { return nil }
        self.rawValue = code
    }

    private init(uncheckedCode: String) { rawValue = uncheckedCode }

    /// G01 … G12, then P00, in the order the product shows them.
    public static let all: [String] = (1...12).map { "G" + ($0 < 10 ? "0" : "") + String($0) } + ["P00"]

    /// Every code, as values.
    public static var allCodes: [GuidelineCode] { all.map(GuidelineCode.init(uncheckedCode:)) }

    public static let fearsSurfaced = GuidelineCode(uncheckedCode: "G07")

    /// Parses a code or throws a validation problem naming the field.
    public static func parse(_ text: String, field: FieldPath) throws(ValidationProblem) -> GuidelineCode {
        guard let code = GuidelineCode(rawValue: text) else {
            throw ValidationProblem(
                field: field, message: "\"\(text)\" is not a guideline code; expected G01 to G12 or P00")
        }
        return code
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool {
        all.firstIndex(of: lhs.rawValue)! < all.firstIndex(of: rhs.rawValue)!
    }
}

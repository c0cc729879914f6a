import RadarDomain

/// The declared type of a fact that conditions and message templates may read; any fact may also be NULL.
public enum FactType: String, Sendable, Hashable, CaseIterable {
    case number
    case text
    case bool

    /// How the type is named in error messages.
    var spoken: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .bool: "true/false"
        }
    }

    /// Whether a run-time value may stand for a fact of this type; a value of another type counts as NULL.
    func admits(_ value: FactValue) -> Bool {
        switch (self, value) {
        case (_, .null), (.number, .number), (.text, .text), (.bool, .bool): true
        default: false
        }
    }
}

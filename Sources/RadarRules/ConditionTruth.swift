import RadarDomain

/// A truth value in the three-valued logic of conditions: a comparison with NULL is `unknown`.
public enum ConditionTruth: String, Sendable, Hashable, CaseIterable {
    case `true`
    case `false`
    case unknown

    init(_ value: FactValue) {
        switch value {
        case .bool(let holds): self = holds ? .true : .false
        default: self = .unknown
        }
    }

    /// The truth as a value: `unknown` is NULL.
    var value: FactValue {
        switch self {
        case .true: .bool(true)
        case .false: .bool(false)
        case .unknown: .null
        }
    }
}

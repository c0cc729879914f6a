import Foundation

/// What a note of a leader's case is about: what the change gives them (G04) or what it costs them (G05).
public enum LeaderCaseAspect: String, Vocabulary {
    case personalGain = "personal_gain", personalCost = "personal_cost"
    public static let vocabularyName = "leader's case aspect"
}

/// Whether a leader feels able to role-model the change, as said when its cost was talked through.
public enum RoleModelReadiness: String, Vocabulary {
    case ready, withSupport = "with_support", notYet = "not_yet"
    public static let vocabularyName = "role-model readiness"
}

/// One dated note of a leader's case, in the leader's own words.
public struct LeaderCaseNote: Sendable, Hashable, Codable {
    public var id: UUID
    public var email: String
    public var aspect: LeaderCaseAspect
    public var recordedOn: CalendarDate
    /// Sensitive, like conversation notes.
    public var words: String
    /// Only with a personal cost.
    public var roleModel: RoleModelReadiness?

    public init(
        id: UUID, email: String, aspect: LeaderCaseAspect, recordedOn: CalendarDate, words: String,
        roleModel: RoleModelReadiness? = nil
    ) {
        self.id = id
        self.email = email
        self.aspect = aspect
        self.recordedOn = recordedOn
        self.words = words
        self.roleModel = roleModel
    }
}

/// A note of a leader's case as supplied, before validation.
public struct LeaderCaseDraft: Sendable, Hashable {
    public var aspect: String?
    public var words: String?
    public var roleModel: String?
    public var recordedOn: CalendarDate?

    public init(aspect: String? = nil, words: String? = nil, roleModel: String? = nil, recordedOn: CalendarDate? = nil)
    {
        self.aspect = aspect
        self.words = words
        self.roleModel = roleModel
        self.recordedOn = recordedOn
    }
}

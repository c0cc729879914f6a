/// Where a stakeholder sits in the organisation.
public enum Tier: String, Vocabulary {
    case topTeam = "top_team", seniorLeader = "senior_leader", lineManager = "line_manager", hr, other
    public static let vocabularyName = "tier"
}

/// The part a stakeholder plays in the coaching programme.
public enum ProgrammeRole: String, Vocabulary {
    case sponsor, champion, potentialChampion = "potential_champion", stakeholder
    public static let vocabularyName = "role"
}

/// The five-step scale of stakeholder engagement, lowest first.
public enum EngagementLevel: String, Vocabulary, Comparable {
    case unaware, resistant, neutral, supportive, leading
    public static let vocabularyName = "engagement level"

    /// 1 for unaware … 5 for leading, as `engagement_rank()` in SQL.
    public var rank: Int { Self.allCases.firstIndex(of: self)! + 1 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of meeting or exchange a conversation was.
public enum ConversationKind: String, Vocabulary {
    case oneToOne = "one_to_one", group, presentation, workshop, email, informal
    public static let vocabularyName = "conversation kind"
}

/// What a conversation was for: keeping people informed, asking them for something, sounding them out, deciding.
public enum ConversationPurpose: String, Vocabulary {
    case update, ask, sounding, decision
    public static let vocabularyName = "conversation purpose"
}

/// Whether an invited person took part.
public enum Attendance: String, Vocabulary {
    case attended, declined, delegated, noShow = "no_show"
    public static let vocabularyName = "attendance"
}

/// What a voiced fear is about.
public enum FearCategory: String, Vocabulary {
    case time, exposure, capability, control, cost, results, fit, fatigue, confidentiality, other
    public static let vocabularyName = "fear category"
}

/// Where a fear stands.
public enum FearStatus: String, Vocabulary {
    case open, addressing, resolved, dismissed
    public static let vocabularyName = "fear status"

    /// Resolved and dismissed fears are closed; the others still need attention.
    public var isClosed: Bool { self == .resolved || self == .dismissed }
}

/// How much a fear weighs.
public enum FearSeverity: String, Vocabulary {
    case low, medium, high
    public static let vocabularyName = "severity"
}

/// Where a commitment stands.
public enum CommitmentStatus: String, Vocabulary {
    case open, done, dropped
    public static let vocabularyName = "commitment status"
}

/// The kinds of initiative in the rolling programme.
public enum InitiativeKind: String, Vocabulary {
    case pilot, training, peerCoaching = "peer_coaching", actionLearningSet = "action_learning_set", workshop
    case communication, other
    public static let vocabularyName = "initiative kind"
}

/// Where an initiative stands.
public enum InitiativeStatus: String, Vocabulary {
    case planned, running, done, cancelled
    public static let vocabularyName = "initiative status"
}

/// How serious a flag is, lowest first.
public enum Severity: String, Vocabulary, Comparable {
    case info, low, medium, high, critical
    public static let vocabularyName = "severity"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a rule or a flag is about.
public enum SubjectKind: String, Vocabulary {
    case stakeholder, initiative, conversation, organisation
    public static let vocabularyName = "subject kind"
}

/// What a user may do in an organisation.
public enum MemberRole: String, Vocabulary {
    case admin, hr, viewer
    public static let vocabularyName = "role"
}

/// Where a flag stands in its life: waiting for its condition to hold long enough, raised and open, seen and acted
/// on, quiet until a day, quieted by a silence, made redundant by another flag on its subject, or over.
public enum FlagStatus: String, Vocabulary {
    case pending, open, acknowledged, snoozed, silenced, suppressed, resolved
    public static let vocabularyName = "flag status"
}

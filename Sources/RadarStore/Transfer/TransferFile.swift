/// One of the CSV files `radar import` reads and `radar export` writes, in load order.
public enum TransferFile: String, CaseIterable, Sendable, Hashable, Comparable {
    case stakeholders, conversations, participants, fears, commitments, initiatives, priorities
    case initiativeMembers = "initiative_members", initiativeSessions = "initiative_sessions"
    case coachingGoals = "coaching_goals", coachingObservations = "coaching_observations"
    case coachingPeriods = "coaching_periods", peerGroups = "peer_groups", leaderCase = "leader_case"
    case narratives, tensions, benefits, benefitReadings = "benefit_readings"
    case strategyElements = "strategy_elements", expectations, influenceLinks = "influence_links"

    /// The file's name inside the folder, e.g. `stakeholders.csv`.
    public var fileName: String { rawValue + ".csv" }

    /// The header, in the order export writes it.
    public var columns: [String] {
        switch self {
        case .stakeholders:
            [
                "name", "email", "title", "tier", "role", "function", "influence", "interest", "engagement",
                "desired_engagement", "changed_on", "hr_owner",
            ]
        case .conversations:
            ["ref", "occurred_at", "kind", "initiated_by", "guidelines", "summary", "purpose"]
        case .participants:
            ["conversation_ref", "email", "attendance", "engagement"]
        case .fears:
            ["email", "raised_on", "category", "statement", "severity", "status", "resolved_on", "conversation_ref"]
        case .commitments:
            [
                "owner_email", "made_on", "description", "due_on", "status", "done_on", "conversation_ref",
                "accountability_partner",
            ]
        case .initiatives:
            [
                "ref", "title", "kind", "owner_email", "starts_on", "ends_on", "status", "success_measure", "outcome",
                "cadence_days", "pilot",
            ]
        case .priorities:
            ["priority", "function", "how_coaching_helps", "endorsed_by", "recorded_on"]
        case .initiativeMembers:
            ["initiative_ref", "email", "role", "enrolled_on", "left_on"]
        case .initiativeSessions:
            ["conversation_ref", "initiative_ref"]
        case .coachingGoals:
            ["email", "behaviour", "description", "observed_how", "set_on", "review_on", "closed_on"]
        case .coachingObservations:
            ["email", "behaviour", "goal_set_on", "observed_on", "note"]
        case .coachingPeriods:
            ["email", "kind", "since", "until"]
        case .peerGroups:
            ["initiative_ref", "name", "members", "starts_on", "ends_on", "rhythm_days"]
        case .leaderCase:
            ["email", "aspect", "recorded_on", "in_their_words", "role_model"]
        case .narratives:
            ["kind", "title", "statement", "recorded_on"]
        case .tensions:
            ["stated_value", "rewarded_behaviour", "raised_by", "raised_on", "discussed_on"]
        case .benefits:
            ["initiative_ref", "measure", "baseline", "baseline_on"]
        case .benefitReadings:
            ["initiative_ref", "measure", "measured_on", "value", "seen_by"]
        case .strategyElements:
            ["element", "since", "until"]
        case .expectations:
            ["initiative_ref", "presented_as", "presented_to", "presented_on", "realistic_outcome", "agreed_on"]
        case .influenceLinks:
            ["email", "kind", "other_email", "since", "until"]
        }
    }

    /// Columns that must be in the header and must have a value on every line.
    public var requiredColumns: Set<String> {
        switch self {
        case .stakeholders: ["name", "email", "tier", "role"]
        case .conversations: ["ref", "occurred_at", "kind"]
        case .participants: ["conversation_ref", "email", "attendance"]
        case .fears: ["email", "raised_on", "category", "statement"]
        case .commitments: ["owner_email", "made_on"]
        case .initiatives: ["ref", "title", "kind", "starts_on"]
        case .priorities: ["priority", "function"]
        case .initiativeMembers: ["initiative_ref", "email", "enrolled_on"]
        case .initiativeSessions: ["conversation_ref", "initiative_ref"]
        case .coachingGoals: ["email", "behaviour", "set_on"]
        case .coachingObservations: ["email", "behaviour", "goal_set_on", "observed_on", "note"]
        case .coachingPeriods: ["email", "kind", "since"]
        case .peerGroups: ["initiative_ref", "name", "members", "starts_on", "rhythm_days"]
        case .leaderCase: ["email", "aspect", "recorded_on", "in_their_words"]
        case .narratives: ["kind", "title", "recorded_on"]
        case .tensions: ["stated_value", "rewarded_behaviour", "raised_on"]
        case .benefits: ["initiative_ref", "measure", "baseline", "baseline_on"]
        case .benefitReadings: ["initiative_ref", "measure", "measured_on", "value"]
        case .strategyElements: ["element", "since"]
        case .expectations: ["initiative_ref", "presented_as", "presented_to", "presented_on"]
        case .influenceLinks: ["email", "kind", "other_email", "since"]
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

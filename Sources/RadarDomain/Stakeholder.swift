import Foundation

/// A person whose commitment matters, as recorded.
public struct Stakeholder: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var email: String
    public var title: String?
    public var tier: Tier
    public var role: ProgrammeRole
    public var function: String?
    public var influence: Int?
    public var interest: Int?
    public var engagement: EngagementLevel?
    public var desiredEngagement: EngagementLevel?
    /// The HR owner: a member of the organisation (an account), by e-mail and display name.
    public var hrOwnerEmail: String?
    public var hrOwnerName: String?
    public var active: Bool
    public var leftOn: CalendarDate?
    public var version: Int

    public init(
        id: UUID, name: String, email: String, title: String? = nil, tier: Tier, role: ProgrammeRole,
        function: String? = nil, influence: Int? = nil, interest: Int? = nil, engagement: EngagementLevel? = nil,
        desiredEngagement: EngagementLevel? = nil, hrOwnerEmail: String? = nil, hrOwnerName: String? = nil,
        active: Bool, leftOn: CalendarDate? = nil, version: Int
    ) {
        self.hrOwnerName = hrOwnerName
        self.id = id
        self.name = name
        self.email = email
        self.title = title
        self.tier = tier
        self.role = role
        self.function = function
        self.influence = influence
        self.interest = interest
        self.engagement = engagement
        self.desiredEngagement = desiredEngagement
        self.hrOwnerEmail = hrOwnerEmail
        self.active = active
        self.leftOn = leftOn
        self.version = version
    }

    /// Leaders are the top team and the sponsor: the people whose commitment the programme depends on.
    public var isLeader: Bool { tier == .topTeam || role == .sponsor }
}

/// What a person supplies to add a stakeholder, before validation.
public struct StakeholderDraft: Sendable, Hashable {
    public var name: String
    public var email: String
    public var title: String?
    public var tier: String
    public var role: String?
    public var function: String?
    public var influence: Int?
    public var interest: Int?
    public var engagement: String?
    public var desiredEngagement: String?
    public var hrOwnerEmail: String?

    public init(
        name: String, email: String, title: String? = nil, tier: String, role: String? = nil,
        function: String? = nil, influence: Int? = nil, interest: Int? = nil, engagement: String? = nil,
        desiredEngagement: String? = nil, hrOwnerEmail: String? = nil
    ) {
        self.name = name
        self.email = email
        self.title = title
        self.tier = tier
        self.role = role
        self.function = function
        self.influence = influence
        self.interest = interest
        self.engagement = engagement
        self.desiredEngagement = desiredEngagement
        self.hrOwnerEmail = hrOwnerEmail
    }
}

/// Changes to a stakeholder; `nil` leaves a field as it is, an empty string clears an optional one.
public struct StakeholderChanges: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var title: String?
    public var tier: String?
    public var role: String?
    public var function: String?
    public var influence: Int?
    public var interest: Int?
    public var engagement: String?
    public var desiredEngagement: String?
    public var hrOwnerEmail: String?
    /// When the new tier, role, function or engagement took effect (an assessment's day); nil means now.
    public var changedAt: Date?

    public init() {}
}

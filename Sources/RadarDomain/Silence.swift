import Foundation

/// An admin's order to keep quiet every flag that matches all its matchers (a rule, a guideline, a stakeholder,
/// a tier) until a day, with a reason.
public struct Silence: Sendable, Hashable {
    public var id: UUID
    public var rule: String?
    public var guideline: String?
    public var stakeholderID: UUID?
    /// The stakeholder's e-mail, when it matches one.
    public var stakeholder: String?
    public var tier: Tier?
    /// From when it holds; nil: for any instant before its end.
    public var startsAt: Date?
    /// The day it stops holding (it holds until that day starts on the organisation's calendar).
    public var until: CalendarDate
    public var reason: String
    public var createdBy: String
    public var createdAt: Date
    /// When someone ended it early.
    public var endedAt: Date?
    public var endedBy: String?

    public init(
        id: UUID, rule: String?, guideline: String?, stakeholderID: UUID?, stakeholder: String?,
        tier: Tier?, startsAt: Date?, until: CalendarDate, reason: String, createdBy: String,
        createdAt: Date, endedAt: Date?, endedBy: String?
    ) {
        self.id = id
        self.rule = rule
        self.guideline = guideline
        self.stakeholderID = stakeholderID
        self.stakeholder = stakeholder
        self.tier = tier
        self.startsAt = startsAt
        self.until = until
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.endedBy = endedBy
    }

    /// Whether it holds for an evaluation as of `instant`, whose local day is `day`.
    public func holds(at instant: Date, day: CalendarDate) -> Bool {
        if let startsAt, startsAt > instant { return false }
        if let endedAt, endedAt <= instant { return false }
        return day < until
    }

    /// Whether it quiets a flag of `rule` under `guideline` on a stakeholder `subject` (nil for other subjects)
    /// of tier `subjectTier` (as of the evaluation).
    public func matches(rule: String, guideline: String, subject: UUID?, subjectTier: String?) -> Bool {
        if let matched = self.rule, matched != rule { return false }
        if let matched = self.guideline, matched != guideline { return false }
        if let stakeholderID, stakeholderID != subject { return false }
        if let tier, tier.rawValue != subjectTier { return false }
        return true
    }

    /// The matchers in words: "rule silent-leader, guideline G11, maya@acme.test, tier top_team".
    public var matcherText: String {
        var parts: [String] = []
        if let rule { parts.append("rule \(rule)") }
        if let guideline { parts.append("guideline \(guideline)") }
        if let stakeholder { parts.append(stakeholder) }
        if let tier { parts.append("tier \(tier.rawValue)") }
        return parts.joined(separator: ", ")
    }
}

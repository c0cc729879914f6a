import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// More of a scenario's history: fears, commitments, initiatives, priorities and snapshots, dated relative to
/// the check instant in the organisation's calendar.
extension RuleScenario {
    /// The local calendar day `offset` days after the check instant (negative: before it).
    func day(_ offset: Int) -> CalendarDate {
        CalendarDate(Self.asOf, in: org.zone).adding(days: offset)
    }

    /// The subjects `rule` flags as of `days` after the check instant (without touching any flag).
    func flagged(_ rule: String, daysLater days: Int = 0) async throws -> Set<String> {
        Set(try await findings(daysLater: days, rule: rule).map(\.subject))
    }

    /// Records a conversation at an exact instant.
    func converse(
        at instant: Date, _ kind: Word<ConversationKind> = "one_to_one", by initiator: String = "hana@x.test",
        with people: [String], guidelines: [Word<GuidelineCode>] = []
    ) async throws {
        try await write { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: instant, kind: kind, initiatedBy: initiator,
                    participants: people.map { .init(email: $0, attendance: "attended", engagement: nil) },
                    guidelines: guidelines), now: max(instant, Self.asOf))
        }
    }

    /// Records a fear raised `days` ago; returns its id.
    @discardableResult
    func fear(_ email: String, raisedDaysAgo days: Int) async throws -> UUID {
        let raised = day(-days)
        return try await write { tx in
            try Fears(tx).add(
                FearDraft(
                    email: email, category: "time", statement: "Not enough hours in the week",
                    raisedOn: raised))
        }
    }

    /// Records an open commitment owned by `owner`, made 30 days ago and due `due` days from the check day.
    @discardableResult
    func commitment(_ owner: String, dueInDays due: Int) async throws -> UUID {
        let (made, dueOn) = (day(-30), day(due))
        return try await write { tx in
            try Commitments(tx).add(
                CommitmentDraft(
                    ownerEmail: owner, description: "Follow up", madeOn: made,
                    dueOn: dueOn))
        }
    }

    /// Adds an initiative that starts `starts` days from the check day (negative: in the past).
    func initiative(
        _ ref: String, _ kind: String, startsInDays starts: Int, endsInDays ends: Int? = nil,
        status: String? = nil, pilot: String? = nil
    ) async throws {
        let (startsOn, endsOn) = (day(starts), ends.map(day))
        try await write { tx in
            _ = try Initiatives(tx).add(
                InitiativeDraft(
                    ref: ref, title: ref, kind: kind, startsOn: startsOn,
                    endsOn: endsOn, status: status, pilot: pilot))
        }
    }

    /// Changes how engaged a stakeholder is assessed to be, from an hour before the check instant.
    func assess(_ email: String, engagement: String) async throws {
        var draft = StakeholderChanges()
        draft.engagement = engagement
        draft.changedAt = Self.asOf.addingTimeInterval(-3600)
        let changes = draft
        _ = try await write { tx in try Stakeholders(tx).update(email: email, expectedVersion: nil, changes) }
    }

    /// Marks `email` as having left `days` before the check day.
    func leave(_ email: String, daysAgo days: Int) async throws {
        let on = day(-days)
        _ = try await write { try Stakeholders($0).leave(email: email, on: on) }
    }

    /// Changes a stakeholder's tier, role, function or assessed engagement with effect from an hour before the
    /// check instant less `days` days (so a change "0 days ago" holds at the check).
    func change(
        _ email: String, tier: String? = nil, role: String? = nil, function: String? = nil,
        engagement: String? = nil, daysAgo days: Int
    ) async throws {
        var changes = StakeholderChanges()
        changes.tier = tier
        changes.role = role
        changes.function = function
        changes.engagement = engagement
        changes.changedAt = Self.asOf.addingTimeInterval(-Double(days) * 86400 - 3600)
        let frozen = changes
        _ = try await write { try Stakeholders($0).update(email: email, expectedVersion: nil, frozen) }
    }

    /// Adds a stakeholder.
    func person(
        _ name: String, _ email: String, tier: String, role: String? = nil, function: String? = nil,
        engagement: String? = nil
    ) async throws {
        _ = try await write { tx in
            try Stakeholders(tx).add(
                .init(name: name, email: email, tier: tier, role: role, function: function, engagement: engagement))
        }
    }

    /// Links `person` to `other` (`kind`, e.g. reports_to) from `days` days before the check.
    func link(_ person: String, _ kind: String, _ other: String, daysAgo days: Int) async throws {
        let since = day(-days)
        _ = try await write { tx in
            try InfluenceLinks(tx).add(person: person, kind: kind, other: other, since: since, today: since)
        }
    }

    /// Takes the weekly snapshot as of `days` after the check instant.
    @discardableResult
    func snapshot(daysLater days: Int = 0) async throws -> Int {
        let instant = Self.asOf.addingTimeInterval(Double(days) * 86400)
        return try await write { try Snapshots($0).take(asOf: instant) }
    }
}

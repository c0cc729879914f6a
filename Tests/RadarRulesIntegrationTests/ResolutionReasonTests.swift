import RadarTestSupport
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// Every resolved flag says why it stopped, and only a cleared condition counts as an improvement (issue 16).
@Suite("Resolution reasons")
struct ResolutionReasonTests {
    static let cara = "cara@x.test", dev = "dev@x.test", hana = "hana@x.test"

    /// Runs a full check as of the scenario's instant plus `days`.
    static func check(_ scenario: RuleScenario, daysLater days: Int = 0) async throws {
        let instant = RuleScenario.asOf.addingTimeInterval(Double(days) * 86400)
        _ = try await scenario.write { try FlagBook($0).check(asOf: instant) }
    }

    /// The flag of `rule` about `subject` (an e-mail, a ref, or nil for any).
    static func flag(_ scenario: RuleScenario, _ rule: String, _ subject: String? = nil) async throws -> Flag {
        try #require(
            try await scenario.write { tx in
                try FlagBook(tx).all().first { $0.rule == rule && (subject == nil || $0.subject == subject) }
            })
    }

    @Test func aClearedConditionNamesTheFactsThatChanged() async throws {
        let scenario = try await RuleScenario.make("cleared")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        try await Self.check(scenario)
        try await scenario.converse(-1, with: [Self.cara, Self.hana])
        try await Self.check(scenario, daysLater: 1)
        let flag = try await Self.flag(scenario, "silent-leader", Self.cara)
        #expect(flag.status == .resolved)
        #expect(flag.resolution == .conditionCleared)
        #expect(flag.statusReason?.contains("days_overdue 10 → 0") == true, "\(flag.statusReason ?? "")")
        let event = try await scenario.write { tx in
            try tx.connection.queryRow(
                "SELECT resolution::text, reason FROM flag_events WHERE flag_id = $1 AND event = 'resolved'", [flag.id])
        }
        #expect(try event?.decode("resolution", as: String.self) == "condition_cleared")
    }

    @Test func aSubjectWhoLeftIsNotAnImprovement() async throws {
        let scenario = try await RuleScenario.make("left")
        try await scenario.converse(40, with: [Self.dev, Self.hana])
        try await Self.check(scenario)
        try await scenario.leave(Self.dev, daysAgo: -1)
        try await Self.check(scenario, daysLater: 2)
        let flag = try await Self.flag(scenario, "silent-leader", Self.dev)
        #expect(flag.status == .resolved)
        #expect(flag.resolution == .subjectLeft)
    }

    @Test func aSponsorLeavingRaisesItsOwnCriticalFlag() async throws {
        let scenario = try await RuleScenario.make("sponsorleft")
        try await Self.check(scenario)
        try await scenario.leave(Self.cara, daysAgo: -1)
        try await Self.check(scenario, daysLater: 2)
        let flag = try await Self.flag(scenario, "no-active-sponsor")
        #expect(flag.status == .open)
        #expect(flag.severity == .critical)
        #expect(flag.message == "The programme has no active sponsor since Cara Chief left on \(scenario.day(1)).")
        // Her own flags stop because she left, not because anything got better.
        let hers = try await scenario.write { try FlagBook($0).all().filter { $0.subject == Self.cara } }
        #expect(!hers.isEmpty)
        #expect(hers.allSatisfy { $0.status == .resolved && $0.resolution == .subjectLeft })
    }

    @Test func aDisabledOrEditedRuleSaysSo() async throws {
        let scenario = try await RuleScenario.make("ruleedit")
        try await scenario.converse(40, with: [Self.cara, Self.hana])
        try await scenario.converse(40, with: [Self.dev, Self.hana])
        try await Self.check(scenario)
        _ = try await scenario.write { try RuleBook($0).update("silent-leader", .init(enabled: false)) }
        #expect(try await Self.flag(scenario, "no-business-case", Self.dev).status == .open)
        _ = try await scenario.write {
            try RuleBook($0).update(
                "no-business-case",
                .init(condition: "tier = \"top_team\" and not function_has_priority and conversations_180d > 5"))
        }
        try await Self.check(scenario)
        #expect(try await Self.flag(scenario, "silent-leader", Self.cara).resolution == .ruleDisabled)
        #expect(try await Self.flag(scenario, "no-business-case", Self.dev).resolution == .ruleChanged)
    }

    @Test func aPresentationOlderThanEveryWindowExpires() async throws {
        let scenario = try await RuleScenario.make("expired")
        try await scenario.converse(170, "presentation", with: [Self.cara, Self.dev, Self.hana])
        try await Self.check(scenario)
        _ = try await Self.flag(scenario, "hr-before-champions")
        try await Self.check(scenario, daysLater: 20)
        let flag = try await Self.flag(scenario, "hr-before-champions")
        #expect(flag.status == .resolved)
        #expect(flag.resolution == .expired)
    }
}

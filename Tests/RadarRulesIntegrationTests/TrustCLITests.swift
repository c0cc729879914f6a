import RadarTestSupport
import Foundation
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// The command-line edges of issue 16: the bounds of a leader's rhythm, a conversation's purpose, a dated change.
@Suite("radar org rhythm, --purpose and --changed-on")
struct TrustCLITests {
    @Test func theBoundsOfSilenceAreShownSetAndRefusedNamingTheOption() async throws {
        let scenario = try await RuleScenario.make("rhythmcli")
        let slug = scenario.org.slug
        let shown = try await radar("org", "rhythm", "--format", "csv", org: slug)
        #expect(shown.exitCode == 0, "\(shown.err)")
        #expect(shown.out.contains("14,60"))
        let set = try await radar("org", "rhythm", "--silence-ceiling-days", "45", "--format", "csv", org: slug)
        #expect(set.exitCode == 0, "\(set.err)")
        #expect(set.out.contains("14,45"))
        let crossed = try await radar("org", "rhythm", "--silence-floor-days", "50", org: slug)
        #expect(crossed.exitCode == 2)
        #expect(crossed.err.contains("silence-floor-days: the floor (50 days) may not exceed"), "\(crossed.err)")
        #expect(
            try await scenario.write { try SilenceBounds.read(in: $0) } == SilenceBounds(floorDays: 14, ceilingDays: 45)
        )
        let audited = try await scenario.write { tx in
            try tx.connection.queryRow(
                "SELECT count(*) AS n FROM audit_events WHERE entity = 'organisation' AND 'settings' = ANY (changed_fields)"
            )!
            .decode("n", as: Int.self)
        }
        #expect(audited == 1)
    }

    @Test func aConversationKeepsItsPurposeAndABadOneIsRefused() async throws {
        let scenario = try await RuleScenario.make("purposecli")
        let slug = scenario.org.slug
        let recorded = try await radar(
            "conversation", "record", "--at", "2026-03-02T09:30", "--kind", "presentation", "--purpose", "update",
            "--initiated-by", "hana@x.test", "--participant", "cara@x.test", "--participant", "dev@x.test",
            "--ref", "monthly-update", org: slug)
        #expect(recorded.exitCode == 0, "\(recorded.err)")
        let shown = try await radar("conversation", "show", "monthly-update", org: slug)
        #expect(shown.out.contains("purpose:      update"))
        let bad = try await radar(
            "conversation", "record", "--at", "2026-03-02T09:30", "--kind", "group", "--purpose", "gossip",
            "--participant", "cara@x.test", org: slug)
        #expect(bad.exitCode == 2)
        #expect(bad.err.contains("purpose: \"gossip\" is not a valid conversation purpose"), "\(bad.err)")
        #expect(try await scenario.flagged("hr-before-champions").isEmpty, "an update is not an ask")
    }

    @Test func aDatedChangeHoldsFromItsDayAndNotBefore() async throws {
        let scenario = try await RuleScenario.make("changedon")
        let slug = scenario.org.slug
        let changed = try await radar(
            "stakeholder", "update", "cara@x.test", "--engagement", "neutral", "--changed-on", "2026-03-01", org: slug)
        #expect(changed.exitCode == 0, "\(changed.err)")
        // Neutral against a wanted "leading" is two steps: from 1 March, not on 28 February.
        #expect(try await scenario.flagged("engagement-gap").contains("cara@x.test"))
        #expect(!(try await scenario.flagged("engagement-gap", daysLater: -14)).contains("cara@x.test"))
    }
}

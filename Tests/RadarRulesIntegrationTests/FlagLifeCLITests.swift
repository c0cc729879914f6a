import RadarTestSupport
import Foundation
import RadarDomain
import RadarRules
import RadarStore
import Testing

/// The command line's side of a flag's life: `radar silence …`, `radar flags history`, the rules' pending
/// periods, and what `radar flags list` and `radar explain` say of pending, suppressed and silenced flags.
@Suite("radar silence, radar flags history and pending periods")
struct FlagLifeCLITests {
    static let asOf = "2026-03-13T12:00:00Z"

    @Test func anAdminSilencesByGuidelineAndSubjectListsAndEndsIt() async throws {
        let scenario = try await RuleScenario.make("silencecli")
        let slug = scenario.org.slug
        try await scenario.converse(40, with: ["cara@x.test", "hana@x.test"])
        let bad = try await radar(
            "silence", "add", "--guideline", "G99", "--subject", "nobody@x.test", "--until", "2026-04-01",
            "--reason", "sabbatical", org: slug)
        #expect(bad.exitCode != 0)
        #expect(bad.err.contains("guideline"), "\(bad.err)")
        #expect(bad.err.contains("subject: no stakeholder has the e-mail \"nobody@x.test\""), "\(bad.err)")
        let noMatcher = try await radar("silence", "add", "--until", "2026-04-01", "--reason", "x", org: slug)
        #expect(noMatcher.exitCode != 0)
        #expect(noMatcher.err.contains("matcher: give at least one of rule, guideline, subject or tier"))
        let added = try await radar(
            "silence", "add", "--guideline", "G11", "--subject", "cara@x.test", "--until", "2026-04-01",
            "--reason", "sabbatical", org: slug)
        #expect(added.exitCode == 0, "\(added.err)")
        #expect(added.out.contains("guideline G11, cara@x.test until 2026-04-01"), "\(added.out)")
        let checked = try await radar("check", "--as-of", Self.asOf, "--format", "json", org: slug)
        let flags = try jsonArray(checked.out)
        let hers = try #require(
            flags.first { $0["rule"] as? String == "silent-leader" && $0["subject"] as? String == "cara@x.test" })
        #expect(hers["status"] as? String == "silenced")
        #expect(hers["silence_reason"] as? String == "sabbatical")
        #expect(hers["silenced_until"] as? String == "2026-04-01")
        let listed = try await radar("flags", "list", "--format", "csv", org: slug)
        #expect(listed.out.contains("silenced until 2026-04-01: sabbatical"), "\(listed.out)")
        let onlySilenced = try jsonArray(
            try await radar("flags", "list", "--status", "silenced", "--format", "json", org: slug).out)
        #expect(!onlySilenced.isEmpty)
        #expect(
            onlySilenced.allSatisfy {
                $0["status"] as? String == "silenced" && $0["subject"] as? String == "cara@x.test"
            })
        #expect(try await radar("flags", "list", "--status", "muted", org: slug).exitCode != 0)
        let explained = try await radar("explain", "cara@x.test", "--as-of", Self.asOf, org: slug)
        #expect(explained.out.contains("silent-leader (G11): FIRES (silenced until 2026-04-01: sabbatical)"))
        let silences = try await radar("silence", "list", "--format", "csv", org: slug)
        #expect(silences.out.contains("sabbatical"))
        let id = try #require(
            silences.out.split(whereSeparator: \.isNewline).dropFirst().first?.split(separator: ",").first)
        let ended = try await radar("silence", "end", String(id), org: slug)
        #expect(ended.exitCode == 0, "\(ended.err)")
        let again = try await radar("silence", "end", String(id), org: slug)
        #expect(again.exitCode != 0)
        #expect(again.err.contains("is already ended"), "\(again.err)")
        #expect(try await radar("silence", "list", "--format", "csv", org: slug).out.contains(",ended,"))
    }

    @Test func historyShowsEachChangeWithItsFactsInTextAndJSON() async throws {
        let scenario = try await RuleScenario.make("historycli")
        let slug = scenario.org.slug
        try await scenario.converse(40, with: ["cara@x.test", "hana@x.test"])
        let checked = try await radar("check", "--as-of", Self.asOf, "--format", "json", org: slug)
        let flags = try jsonArray(checked.out)
        let flag = try #require(
            flags.first { $0["rule"] as? String == "silent-leader" && $0["subject"] as? String == "cara@x.test" })
        let id = try #require(flag["id"] as? String)
        let acked = try await radar("flags", "ack", String(id.prefix(8)), "--reason", "calling her", org: slug)
        #expect(acked.exitCode == 0, "\(acked.err)")
        let text = try await radar("flags", "history", String(id.prefix(8)), org: slug)
        #expect(text.exitCode == 0, "\(text.err)")
        #expect(text.out.contains("2026-03-13T12:00:00Z  raised (medium)"), "\(text.out)")
        #expect(text.out.contains("days_overdue = 10"))
        #expect(text.out.contains("acknowledged (medium): calling her"))
        let json = try await radar("flags", "history", id, "--format", "json", org: slug)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.map { $0["event"] as? String } == ["raised", "acknowledged"])
        #expect((events.first?["evidence"] as? [String: Any])?["days_overdue"] as? Int == 10)
        let missing = try await radar("flags", "history", "ffffffff", org: slug)
        #expect(missing.exitCode != 0)
        #expect(missing.err.contains("does not exist"), "\(missing.err)")
    }

    @Test func aRulesPendingPeriodIsShownSetAndRefusedOutOfRange() async throws {
        let scenario = try await RuleScenario.make("forcli")
        let slug = scenario.org.slug
        let shown = try await radar("rules", "show", "silent-leader", org: slug)
        #expect(shown.out.contains("for:        3 days"), "\(shown.out)")
        #expect(shown.out.contains("suppresses: fading-contact, score-decline, engagement-gap"))
        let bad = try await radar("rules", "set", "silent-leader", "--for-days", "400", org: slug)
        #expect(bad.exitCode != 0)
        #expect(bad.err.contains("for-days: 400 is not between 0 and 365 days"), "\(bad.err)")
        let set = try await radar("rules", "set", "silent-leader", "--for-days", "0", "--suppresses", "", org: slug)
        #expect(set.exitCode == 0, "\(set.err)")
        try await scenario.converse(31, with: ["cara@x.test", "hana@x.test"])
        // With no pending period a day overdue opens at once.
        let checked = try await radar("check", "--as-of", Self.asOf, "--format", "json", org: slug)
        let flags = try jsonArray(checked.out)
        #expect(flags.contains { $0["rule"] as? String == "silent-leader" && $0["status"] as? String == "open" })
    }
}

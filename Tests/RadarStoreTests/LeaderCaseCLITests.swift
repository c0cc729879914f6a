import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("The leader's case from the command line")
struct LeaderCaseCLITests {
    @Test func hrRecordsWhatTheChangeGivesAndCostsALeaderInTheirWords() async throws {
        let org = try await TestDatabase.newOrganisation("case-cli")
        _ = try await radar(
            "stakeholder", "add", "--name", "Ana Alder", "--email", "ana@x.test", "--tier", "top_team", org: org.slug)
        let gain = try await radar(
            "leader", "gain", "ana@x.test", "--words", "Time back on Fridays", "--on", "2026-01-10", "--format", "csv",
            org: org.slug)
        #expect(gain.exitCode == 0, "\(gain.err)")
        #expect(gain.out.contains("ana@x.test,personal_gain,2026-01-10,,Time back on Fridays"), "\(gain.out)")
        let cost = try await radar(
            "leader", "cost", "ana@x.test", "--words", "Letting go of being the expert", "--role-model", "with-support",
            "--on", "2026-01-20", "--format", "csv", org: org.slug)
        #expect(cost.exitCode == 0, "\(cost.err)")
        let listed = try await radar("leader", "case", "ana@x.test", "--format", "csv", org: org.slug)
        #expect(
            listed.out.contains("ana@x.test,personal_cost,2026-01-20,with_support,Letting go of being the expert"),
            "\(listed.out)")
        #expect(listed.out.split(separator: "\r\n").count == 3)
    }

    @Test func badNotesNameTheOptionAndChangeNothing() async throws {
        let org = try await TestDatabase.newOrganisation("case-cli-bad")
        _ = try await radar(
            "stakeholder", "add", "--name", "Ana Alder", "--email", "ana@x.test", "--tier", "top_team", org: org.slug)
        let blank = try await radar("leader", "gain", "ana@x.test", "--words", "  ", org: org.slug)
        #expect(blank.exitCode == 2)
        #expect(blank.err.contains("words:"), "\(blank.err)")
        let word = try await radar(
            "leader", "cost", "ana@x.test", "--words", "Time", "--role-model", "maybe", org: org.slug)
        #expect(word.exitCode == 2)
        #expect(word.err.contains("role-model:"), "\(word.err)")
        _ = try await radar("leader", "gain", "ana@x.test", "--words", "One", "--on", "2026-01-10", org: org.slug)
        let twice = try await radar(
            "leader", "gain", "ana@x.test", "--words", "Two", "--on", "2026-01-10", org: org.slug)
        #expect(twice.exitCode == 2)
        #expect(twice.err.contains("on:"), "\(twice.err)")
        let listed = try await radar("leader", "case", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 2, "only the first: \(listed.out)")
    }
}

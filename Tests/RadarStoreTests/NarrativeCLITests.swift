import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Narratives, tensions and benefits from the command line")
struct NarrativeCLITests {
    @Test func hrRecordsAValueATensionItsDiscussionAndABenefit() async throws {
        let org = try await TestDatabase.newOrganisation("narrative-cli")
        _ = try await radar(
            "stakeholder", "add", "--name", "Ana Alder", "--email", "ana@x.test", "--tier", "line_manager",
            org: org.slug)
        let value = try await radar(
            "narrative", "add", "--kind", "value", "--title", "We grow our own", "--on", "2026-01-05", "--format",
            "csv", org: org.slug)
        #expect(value.out.contains("value,We grow our own,,2026-01-05"), "\(value.err)")
        let logged = try await radar(
            "tension", "log", "--stated-value", "We grow our own", "--rewarded", "Outside hires promoted",
            "--raised-by", "ana@x.test", "--on", "2026-01-10", "--format", "csv", org: org.slug)
        #expect(logged.exitCode == 0, "\(logged.err)")
        let id = String(
            try #require(logged.out.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first))
        let discussed = try await radar(
            "tension", "discussed", id, "--on", "2026-02-01", "--format", "csv", org: org.slug)
        #expect(discussed.out.contains(",ana@x.test,2026-01-10,2026-02-01"), "\(discussed.out)\(discussed.err)")
        let early = try await radar("tension", "discussed", id, "--on", "2026-01-01", org: org.slug)
        #expect(early.exitCode == 2)
        #expect(early.err.contains("on:"), "\(early.err)")

        _ = try await radar(
            "initiative", "add", "pilot-1", "--title", "Pilot", "--kind", "pilot", "--starts-on", "2026-01-05",
            org: org.slug)
        let benefit = try await radar(
            "benefit", "add", "pilot-1", "--measure", "Escalations a month", "--baseline", "40", "--on", "2026-01-05",
            org: org.slug)
        #expect(benefit.exitCode == 0, "\(benefit.err)")
        let reading = try await radar(
            "benefit", "read", "pilot-1", "--measure", "Escalations a month", "--value", "31.5", "--on", "2026-03-01",
            "--seen-by", "ana@x.test", "--format", "csv", org: org.slug)
        #expect(
            reading.out.contains("pilot-1,Escalations a month,40,2026-01-05,1,31.5,2026-03-01,ana@x.test"),
            "\(reading.out)\(reading.err)")
        let unknown = try await radar(
            "benefit", "read", "pilot-1", "--measure", "Escalations a month", "--value", "30", "--on", "2026-04-01",
            "--seen-by", "zed@x.test", org: org.slug)
        #expect(unknown.exitCode == 2)
        #expect(unknown.err.contains("seen-by: no stakeholder"), "\(unknown.err)")
    }
}

import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Leaders' coaching goals from the command line")
struct CoachingCLITests {
    @Test func hrSetsAGoalObservesItAndRecordsThatTheLeaderIsCoached() async throws {
        let org = try await TestDatabase.newOrganisation("coaching-cli")
        _ = try await radar(
            "stakeholder", "add", "--name", "Ana Alder", "--email", "ana@x.test", "--tier", "top_team", org: org.slug)
        let goal = try await radar(
            "coaching", "goal", "ana@x.test", "--behaviour", "questions-before-advice", "--observed-how",
            "Her team, in one-to-ones", "--on", "2026-01-10", "--review-on", "2026-04-10", "--format", "csv",
            org: org.slug)
        #expect(goal.exitCode == 0, "\(goal.err)")
        #expect(
            goal.out.contains(
                ",ana@x.test,questions_before_advice,,\"Her team, in one-to-ones\",2026-01-10,2026-04-10,2026-01-10,0"),
            "\(goal.out)")
        let id = String(try #require(goal.out.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first))
        let observed = try await radar(
            "coaching", "observe", "ana@x.test", "--goal", id, "--note", "Asked two questions first", "--on",
            "2026-02-01", "--format", "csv", org: org.slug)
        #expect(observed.exitCode == 0, "\(observed.err)")
        #expect(observed.out.contains("2026-04-10,2026-02-01,1"), "\(observed.out)")
        #expect(!observed.out.contains("Asked two questions first"), "notes are not listed")
        let coached = try await radar(
            "coaching", "coached", "ana@x.test", "--kind", "peer-coached", "--since", "2026-01-15", "--format", "csv",
            org: org.slug)
        #expect(coached.exitCode == 0, "\(coached.err)")
        #expect(coached.out.contains("ana@x.test,peer_coached,2026-01-15,"))
        let listed = try await radar("coaching", "coaching", "--format", "csv", org: org.slug)
        #expect(listed.out.contains("ana@x.test,peer_coached,2026-01-15"))
    }

    @Test func badGoalsNameTheFieldAndChangeNothing() async throws {
        let org = try await TestDatabase.newOrganisation("coaching-bad")
        _ = try await radar(
            "stakeholder", "add", "--name", "Ana Alder", "--email", "ana@x.test", "--tier", "top_team", org: org.slug)
        let other = try await radar("coaching", "goal", "ana@x.test", "--behaviour", "other", org: org.slug)
        #expect(other.exitCode == 2)
        #expect(other.err.contains("description: describe the behaviour"), "\(other.err)")
        let word = try await radar("coaching", "goal", "ana@x.test", "--behaviour", "shouting", org: org.slug)
        #expect(word.exitCode == 2)
        #expect(word.err.contains("behaviour: \"shouting\" is not a valid coaching behaviour"), "\(word.err)")
        let review = try await radar(
            "coaching", "goal", "ana@x.test", "--behaviour", "other", "--description", "Listens", "--on",
            "2026-03-01", "--review-on", "2026-02-01", org: org.slug)
        #expect(review.exitCode == 2)
        #expect(review.err.contains("review-on"), "\(review.err)")
        let kind = try await radar(
            "coaching", "coached", "ana@x.test", "--kind", "mentored", "--since", "2026-01-01", org: org.slug)
        #expect(kind.exitCode == 2)
        #expect(kind.err.contains("kind:"), "\(kind.err)")
        let goals = try await radar("coaching", "goals", "--format", "csv", org: org.slug)
        #expect(goals.out.split(separator: "\r\n").count == 1, "only the header: \(goals.out)")
    }
}

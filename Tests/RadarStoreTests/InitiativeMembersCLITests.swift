import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Members and sessions of an initiative, from the command line")
struct InitiativeMembersCLITests {
    /// An organisation with two people and a peer-coaching trio that meets every 30 days from 5 January 2026.
    static func trio(_ label: String) async throws -> Organisation {
        let org = try await TestDatabase.newOrganisation(label)
        for (name, email) in [("Ana Alder", "ana@x.test"), ("Ben Birch", "ben@x.test")] {
            let added = try await radar(
                "stakeholder", "add", "--name", name, "--email", email, "--tier", "top_team", org: org.slug)
            #expect(added.exitCode == 0, "\(added.err)")
        }
        let trio = try await radar(
            "initiative", "add", "trio-1", "--title", "Peer trio", "--kind", "peer_coaching",
            "--starts-on", "2026-01-05", "--cadence-days", "30", "--format", "csv", org: org.slug)
        #expect(trio.exitCode == 0, "\(trio.err)")
        #expect(trio.out.contains(",30,,1"), "cadence, no pilot, then version: \(trio.out)")
        return org
    }

    @Test func hrEnrolsPeopleRecordsASessionAndReadsWhoCameAndWhenTheNextIsDue() async throws {
        let org = try await Self.trio("members")
        let enrolled = try await radar(
            "initiative", "enrol", "trio-1", "--email", "ANA@x.test", "--role", "facilitator", "--format", "csv",
            org: org.slug)
        #expect(enrolled.exitCode == 0, "\(enrolled.err)")
        #expect(enrolled.out.contains("ana@x.test,Ana Alder,facilitator,2026-01-05"))
        _ = try await radar(
            "initiative", "enrol", "trio-1", "--email", "ben@x.test", "--on", "2026-01-10", org: org.slug)
        let session = try await radar(
            "conversation", "record", "--at", "2026-02-02T10:00", "--kind", "group", "--participant",
            "ana@x.test", "--participant", "ben@x.test:declined", "--initiative", "trio-1", "--ref", "trio-s1",
            org: org.slug)
        #expect(session.exitCode == 0, "\(session.err)")
        let members = try await radar(
            "initiative", "members", "trio-1", "--as-of", "2026-02-10", "--format", "csv", org: org.slug)
        #expect(members.out.contains("ana@x.test,Ana Alder,facilitator,2026-01-05,,1,0"), "\(members.out)")
        #expect(members.out.contains("ben@x.test,Ben Birch,participant,2026-01-10,,0,1"), "\(members.out)")
        let sessions = try await radar("initiative", "sessions", "trio-1", "--as-of", "2026-02-10", org: org.slug)
        #expect(sessions.out.contains("trio-s1"))
        #expect(sessions.out.contains("next session due: 2026-03-04"), "\(sessions.out)")
        let shown = try await radar("conversation", "show", "trio-s1", org: org.slug)
        #expect(shown.out.contains("session of:   trio-1"))
        // As of a day before the session, it has not happened yet.
        let before = try await radar("initiative", "sessions", "trio-1", "--as-of", "2026-02-01", org: org.slug)
        #expect(!before.out.contains("trio-s1"))
        #expect(before.out.contains("next session due: 2026-02-04"), "\(before.out)")
    }

    @Test func badEnrolmentsAndSessionsNameTheFieldAndChangeNothing() async throws {
        let org = try await Self.trio("members-bad")
        let role = try await radar(
            "initiative", "enrol", "trio-1", "--email", "ana@x.test", "--role", "boss", org: org.slug)
        #expect(role.exitCode == 2)
        #expect(role.err.contains("role: \"boss\" is not a valid enrolment role"), "\(role.err)")
        let nobody = try await radar("initiative", "enrol", "trio-1", "--email", "zed@x.test", org: org.slug)
        #expect(nobody.exitCode == 2)
        #expect(nobody.err.contains("email: no stakeholder"), "\(nobody.err)")
        let unknown = try await radar(
            "conversation", "record", "--at", "2026-02-02T10:00", "--kind", "group", "--participant", "ana@x.test",
            "--initiative", "nope", org: org.slug)
        #expect(unknown.exitCode == 2)
        #expect(unknown.err.contains("initiative: no initiative with ref \"nope\""), "\(unknown.err)")
        let cadence = try await radar("initiative", "update", "trio-1", "--cadence-days", "400", org: org.slug)
        #expect(cadence.exitCode == 2)
        #expect(cadence.err.contains("cadence-days"), "\(cadence.err)")
        let leave = try await radar("initiative", "leave", "trio-1", "--email", "ana@x.test", org: org.slug)
        #expect(leave.exitCode == 2)
        #expect(leave.err.contains("is not enrolled"), "\(leave.err)")
        let members = try await radar("initiative", "members", "trio-1", "--format", "csv", org: org.slug)
        #expect(members.out.split(separator: "\r\n").count == 1, "only the header: \(members.out)")
        let listed = try await radar("conversation", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 1, "no conversation: \(listed.out)")
    }

    @Test func aMemberWhoLeavesKeepsTheirRowAndIsNotCountedForLaterSessions() async throws {
        let org = try await Self.trio("members-leave")
        _ = try await radar("initiative", "enrol", "trio-1", "--email", "ana@x.test", org: org.slug)
        _ = try await radar("initiative", "enrol", "trio-1", "--email", "ben@x.test", org: org.slug)
        let early = try await radar(
            "initiative", "leave", "trio-1", "--email", "ben@x.test", "--on", "2026-01-01", org: org.slug)
        #expect(early.exitCode == 2)
        #expect(early.err.contains("left-on"), "\(early.err)")
        let left = try await radar(
            "initiative", "leave", "trio-1", "--email", "ben@x.test", "--on", "2026-01-20", "--format", "csv",
            org: org.slug)
        #expect(left.exitCode == 0, "\(left.err)")
        #expect(left.out.contains("ben@x.test,Ben Birch,participant,2026-01-05,2026-01-20"))
        _ = try await radar(
            "conversation", "record", "--at", "2026-02-02T10:00", "--kind", "group", "--participant", "ana@x.test",
            "--initiative", "trio-1", org: org.slug)
        let members = try await radar(
            "initiative", "members", "trio-1", "--as-of", "2026-02-10", "--format", "csv", org: org.slug)
        #expect(members.out.contains("ben@x.test,Ben Birch,participant,2026-01-05,2026-01-20,0,0"), "\(members.out)")
    }
}

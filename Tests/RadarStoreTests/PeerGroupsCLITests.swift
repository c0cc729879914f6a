import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Peer-coaching pairs and trios from the command line")
struct PeerGroupsCLITests {
    /// An organisation with Ana, Ben and Cy, and a peer-coaching initiative from 5 January 2026.
    static func organisation(_ label: String) async throws -> Organisation {
        let org = try await TestDatabase.newOrganisation(label)
        for (name, email) in [("Ana Alder", "ana@x.test"), ("Ben Birch", "ben@x.test"), ("Cy Cole", "cy@x.test")] {
            _ = try await radar(
                "stakeholder", "add", "--name", name, "--email", email, "--tier", "line_manager", org: org.slug)
        }
        _ = try await radar(
            "initiative", "add", "peer-1", "--title", "Peer coaching", "--kind", "peer_coaching", "--starts-on",
            "2026-01-05", org: org.slug)
        return org
    }

    @Test func hrFormsATrioRecordsAMeetingAndEndsIt() async throws {
        let org = try await Self.organisation("peer-cli")
        let formed = try await radar(
            "peer", "group", "peer-1", "--name", "Trio A", "--member", "ana@x.test", "--member", "ben@x.test",
            "--member", "cy@x.test", "--rhythm", "21", "--on", "2026-01-12", "--format", "csv", org: org.slug)
        #expect(formed.exitCode == 0, "\(formed.err)")
        #expect(formed.out.contains("peer-1,Trio A,ana@x.test;ben@x.test;cy@x.test,2026-01-12,,21,0,,2026-02-02"))
        let meeting = try await radar(
            "conversation", "record", "--at", "2026-02-01T10:00", "--kind", "group", "--participant", "ana@x.test",
            "--participant", "cy@x.test", "--initiative", "peer-1", org: org.slug)
        #expect(meeting.exitCode == 0, "\(meeting.err)")
        let listed = try await radar("peer", "groups", "--email", "cy@x.test", "--format", "csv", org: org.slug)
        #expect(listed.out.contains(",21,1,2026-02-01,2026-02-22"), "\(listed.out)")
        // Before the meeting it had not met.
        let before = try await radar(
            "peer", "groups", "--initiative", "peer-1", "--as-of", "2026-01-31", "--format", "csv", org: org.slug)
        #expect(before.out.contains(",21,0,,2026-02-02"), "\(before.out)")
        let ended = try await radar(
            "peer", "end", "peer-1", "--name", "Trio A", "--on", "2026-03-01", "--format", "csv", org: org.slug)
        #expect(ended.exitCode == 0, "\(ended.err)")
        #expect(ended.out.contains("2026-01-12,2026-03-01,21,1,2026-02-01,\r\n"), "\(ended.out)")
        let again = try await radar("peer", "end", "peer-1", "--name", "Trio A", "--on", "2026-03-02", org: org.slug)
        #expect(again.exitCode == 2)
        #expect(again.err.contains("already ended"), "\(again.err)")
    }

    @Test func badGroupsNameTheFieldAndChangeNothing() async throws {
        let org = try await Self.organisation("peer-cli-bad")
        let alone = try await radar(
            "peer", "group", "peer-1", "--name", "Solo", "--member", "ana@x.test", "--rhythm", "14", org: org.slug)
        #expect(alone.exitCode == 2)
        #expect(alone.err.contains("members: a peer group has two or three members, not 1"), "\(alone.err)")
        let unknown = try await radar(
            "peer", "group", "peer-1", "--name", "P", "--member", "ana@x.test", "--member", "zed@x.test", "--rhythm",
            "14", org: org.slug)
        #expect(unknown.exitCode == 2)
        #expect(unknown.err.contains("zed@x.test"), "\(unknown.err)")
        let rhythm = try await radar(
            "peer", "group", "peer-1", "--name", "P", "--member", "ana@x.test", "--member", "ben@x.test", "--rhythm",
            "0", org: org.slug)
        #expect(rhythm.exitCode == 2)
        #expect(rhythm.err.contains("rhythm"), "\(rhythm.err)")
        _ = try await radar(
            "initiative", "add", "course", "--title", "Course", "--kind", "training", "--starts-on", "2026-01-05",
            org: org.slug)
        let course = try await radar(
            "peer", "group", "course", "--name", "P", "--member", "ana@x.test", "--member", "ben@x.test", "--rhythm",
            "14", org: org.slug)
        #expect(course.exitCode == 2)
        #expect(course.err.contains("not peer_coaching"), "\(course.err)")
        let listed = try await radar("peer", "groups", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 1, "only the header: \(listed.out)")
    }

    @Test func aCommitmentNamesAnAccountabilityPartnerWhoIsNotItsOwner() async throws {
        let org = try await Self.organisation("peer-partner")
        let recorded = try await radar(
            "conversation", "record", "--at", "2026-02-01T10:00", "--kind", "one_to_one", "--participant",
            "ana@x.test", "--commitment", "ana@x.test:2026-03-01:Ask before answering", org: org.slug)
        #expect(recorded.exitCode == 0, "\(recorded.err)")
        let list = try await radar("commitment", "list", "--format", "csv", org: org.slug)
        let id = String(try #require(list.out.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first))
        let named = try await radar(
            "commitment", "partner", id, "--email", "Ben@x.test", "--format", "csv", org: org.slug)
        #expect(named.exitCode == 0, "\(named.err)")
        #expect(named.out.hasSuffix(",ben@x.test\r\n"), "\(named.out)")
        let owner = try await radar("commitment", "partner", id, "--email", "ana@x.test", org: org.slug)
        #expect(owner.exitCode == 2)
        #expect(owner.err.contains("accountability-partner: is the owner"), "\(owner.err)")
        let neither = try await radar("commitment", "partner", id, org: org.slug)
        #expect(neither.exitCode != 0)
        let cleared = try await radar("commitment", "partner", id, "--clear", "--format", "csv", org: org.slug)
        #expect(cleared.exitCode == 0, "\(cleared.err)")
        #expect(cleared.out.hasSuffix(",Ask before answering,3,\r\n"), "no partner left: \(cleared.out)")
    }
}

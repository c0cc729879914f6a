import RadarTestSupport
import Foundation
import Testing

/// One command with bad input, the line it must print and what must stay unchanged.
struct BadInput: Sendable, CustomStringConvertible {
    var arguments: [String]
    var expected: String
    var description: String { arguments.prefix(2).joined(separator: " ") + " → " + expected }
}

@Suite("Validation of every entity from the command line")
struct ValidationCLITests {
    static let cases: [BadInput] = [
        BadInput(
            arguments: ["stakeholder", "add", "--name", " ", "--email", "a@x.test", "--tier", "hr"],
            expected: "name: is required"),
        BadInput(
            arguments: [
                "stakeholder", "add", "--name", "A", "--email", "a@x.test", "--tier", "hr",
                "--engagement", "keen",
            ],
            expected: "engagement: \"keen\" is not a valid engagement level"),
        BadInput(
            arguments: ["stakeholder", "update", "ghost@x.test", "--title", "X"],
            expected: "stakeholder \"ghost@x.test\" does not exist"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "chat",
                "--participant", "lead@x.test",
            ],
            expected: "kind: \"chat\" is not a valid conversation kind"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test:maybe",
            ],
            expected: "radar: participant: \"maybe\" is not a valid attendance"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test", "--fear", "lead@x.test:boredom::Too dull",
            ],
            expected: "radar: fear: \"boredom\" is not a valid fear category"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test", "--commitment", "nobody@x.test::Do it",
            ],
            expected: "radar: commitment: no stakeholder with e-mail \"nobody@x.test\""),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test", "--commitment", "lead@x.test,nobody@x.test::Do it",
            ],
            expected: "radar: commitment: no stakeholder with e-mail \"nobody@x.test\""),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test", "--commitment", "lead@x.test,::Do it",
            ],
            expected: "has a comma but no partner's e-mail after it"),
        BadInput(
            arguments: ["fear", "update", "zz", "--severity", "high"],
            expected: "id: \"zz\" is not an id"),
        BadInput(
            arguments: ["commitment", "done", "0000aaaa"],
            expected: "commitment \"0000aaaa\" does not exist"),
        BadInput(
            arguments: [
                "initiative", "add", "p-1", "--title", "Pilot", "--kind", "pilot",
                "--starts-on", "2026-03-01", "--ends-on", "2026-02-01",
            ],
            expected: "ends-on: 2026-02-01 is before the start on 2026-03-01"),
        BadInput(
            arguments: [
                "initiative", "add", "p-2", "--title", "Pilot", "--kind", "hackathon",
                "--starts-on", "2026-03-01",
            ],
            expected: "kind: \"hackathon\" is not a valid initiative kind"),
        BadInput(
            arguments: [
                "priority", "add", "--priority", "Grow", "--function", "sales",
                "--endorsed-by", "nobody@x.test", "--on", "2026-03-01",
            ],
            expected: "endorsed-by: no stakeholder with e-mail \"nobody@x.test\""),
        BadInput(
            arguments: [
                "initiative", "add", "p-3", "--title", "Pilot", "--kind", "pilot",
                "--starts-on", "2026-13-40",
            ],
            expected: "--starts-on"),
        // Length limits hold at every edge, not only the API's.
        BadInput(
            arguments: [
                "stakeholder", "add", "--name", String(repeating: "n", count: 201), "--email",
                "long@x.test", "--tier", "hr",
            ],
            expected: "radar: name: is longer than 200 characters"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test", "--notes", String(repeating: "n", count: 20_001),
            ],
            expected: "radar: notes: is longer than 20000 characters"),
        BadInput(
            arguments: [
                "conversation", "record", "--at", "2026-03-01", "--kind", "email",
                "--participant", "lead@x.test",
                "--fear", "lead@x.test:time::" + String(repeating: "f", count: 5_001),
            ],
            expected: "radar: fear: is longer than 5000 characters"),
        BadInput(
            arguments: [
                "initiative", "add", "p-4", "--title", String(repeating: "t", count: 201),
                "--kind", "pilot", "--starts-on", "2026-03-01",
            ],
            expected: "radar: title: is longer than 200 characters"),
    ]

    @Test(arguments: cases)
    func badInputIsRefusedWithTheFieldNamedAndChangesNothing(_ input: BadInput) async throws {
        let org = try await TestDatabase.newOrganisation("valid")
        let added = try await radar(
            [
                "stakeholder", "add", "--name", "Lee Lead", "--email", "lead@x.test",
                "--tier", "top_team",
            ], org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        let before = try await auditCount(org.slug)

        let run = try await radar(input.arguments, org: org.slug)
        #expect(run.exitCode == 2, "exit \(run.exitCode): \(run.err)")
        #expect(run.err.contains(input.expected), "stderr was: \(run.err)")
        #expect(try await auditCount(org.slug) == before, "a refused command must change nothing")
    }

    @Test func aResolutionDateBeforeTheFearWasRaisedIsRefused() async throws {
        let org = try await TestDatabase.newOrganisation("resolve")
        _ = try await radar(
            [
                "stakeholder", "add", "--name", "Lee Lead", "--email", "lead@x.test",
                "--tier", "top_team",
            ], org: org.slug)
        let recorded = try await radar(
            [
                "conversation", "record", "--at", "2026-03-10T10:00:00Z", "--kind",
                "one_to_one", "--participant", "lead@x.test", "--format", "json",
                "--fear", "lead@x.test:time:high:No time",
            ], org: org.slug)
        #expect(recorded.exitCode == 0, "\(recorded.err)")
        let listed = try await radar(["fear", "list", "--format", "csv"], org: org.slug)
        let id = try #require(listed.out.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first)
        let refused = try await radar(["fear", "resolve", String(id), "--on", "2026-03-01"], org: org.slug)
        #expect(refused.exitCode == 2)
        #expect(refused.err.contains("radar: on: 2026-03-01 is before the fear was raised on 2026-03-10"))
        let resolved = try await radar(["fear", "resolve", String(id), "--on", "2026-03-12"], org: org.slug)
        #expect(resolved.exitCode == 0, "\(resolved.err)")
        #expect(resolved.out.contains("resolved"))
    }

    private func auditCount(_ slug: String) async throws -> Int {
        try await TestDatabase.shared().inOrganisation(slug, actor: "test") { tx in
            try tx.connection.queryRow("SELECT count(*) AS n FROM audit_events")!.decode("n", as: Int.self)
        }
    }
}

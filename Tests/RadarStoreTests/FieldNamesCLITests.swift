import Foundation
import RadarStore
import RadarTestSupport
import Testing

@Suite("The CLI names a refused field by the option it was typed in")
struct FieldNamesCLITests {
    @Test(
        "a conversation's unknown initiator, odd attendance, unknown commitment owner and future date name their options"
    )
    func aRefusedConversationNamesItsOptions() async throws {
        let org = try await TestDatabase.newOrganisation("cli-fields")
        let added = try await radar(
            "stakeholder", "add", "--name", "Lee Lead", "--email", "lead@x.test",
            "--tier", "top_team", org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        let future = Date.now.addingTimeInterval(3 * 24 * 3600).formatted(.iso8601)

        let run = try await radar(
            "conversation", "record", "--at", future, "--kind", "one_to_one", "--initiated-by", "ghost@x.test",
            "--participant", "lead@x.test:maybe", "--commitment", "nobody@x.test::Send the brief", org: org.slug)

        #expect(run.exitCode == 2)
        #expect(run.err.contains("radar: initiated-by: no stakeholder with e-mail \"ghost@x.test\""), "\(run.err)")
        #expect(run.err.contains("radar: participant: \"maybe\" is not a valid attendance"), "\(run.err)")
        #expect(run.err.contains("radar: commitment: no stakeholder with e-mail \"nobody@x.test\""), "\(run.err)")
        #expect(run.err.contains("radar: at: "), "\(run.err)")
        for spelling in ["initiatedBy", "initiated_by", "participants[", "commitments[", "occurredAt"] {
            #expect(!run.err.contains(spelling), "the CLI has no field spelled \(spelling): \(run.err)")
        }
    }

    @Test(
        "a stakeholder's unknown HR owner and odd desired engagement name the options --hr-owner and --desired-engagement"
    )
    func aRefusedStakeholderNamesItsOptions() async throws {
        let org = try await TestDatabase.newOrganisation("cli-fields-s")
        let run = try await radar(
            "stakeholder", "add", "--name", "Lee Lead", "--email", "lead@x.test",
            "--tier", "top_team", "--hr-owner", "ghost@x.test", "--desired-engagement", "keen",
            org: org.slug)
        #expect(run.exitCode == 2)
        #expect(run.err.contains("radar: hr-owner: no HR user (a member with the hr or admin role) with e-mail \"ghost@x.test\""), "\(run.err)")
        #expect(run.err.contains("radar: desired-engagement: \"keen\" is not a valid engagement level"), "\(run.err)")
    }
}

import Foundation
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Reading conversations back")
struct ConversationReadingTests {
    @Test("a listed page gives each conversation its own people, guidelines, fears and commitments, none of another's")
    func listedConversationsKeepTheirOwnParts() async throws {
        let org = try await TestDatabase.newOrganisation("read")
        let database = try await TestDatabase.shared()
        let march = try #require(try? Date("2026-03-02T09:00:00Z", strategy: .iso8601))
        let later = march.addingTimeInterval(7 * 86_400)
        let listed = try await database.inOrganisation(org.slug, actor: "test") { tx in
            let people = Stakeholders(tx)
            try people.add(StakeholderDraft(name: "Ada Park", email: "ada@example.org", tier: "top_team"))
            try people.add(StakeholderDraft(name: "Ben Osei", email: "ben@example.org", tier: "senior_leader"))
            try people.add(StakeholderDraft(name: "Cleo Hart", email: "cleo@example.org", tier: "hr"))
            let conversations = Conversations(tx)
            // Ada's one-to-one: a fear and a commitment of hers.
            try conversations.record(
                ConversationDraft(
                    ref: "ada-1", occurredAt: march, kind: "one_to_one", initiatedBy: "cleo@example.org",
                    participants: [
                        .init(email: "Cleo@Example.org"), .init(email: "ada@example.org", engagement: "neutral"),
                    ],
                    guidelines: ["G04", "G01"],
                    fears: [.init(email: "ada@example.org", category: "time", statement: "No room in the diary")],
                    commitments: [.init(ownerEmail: "ada@example.org", description: "Name a sponsor")]), now: later)
            // A group conversation without fears or commitments, where Ben declined.
            try conversations.record(
                ConversationDraft(
                    ref: "group-1", occurredAt: march.addingTimeInterval(86_400), kind: "group",
                    participants: [
                        .init(email: "ben@example.org", attendance: "declined"), .init(email: "ada@example.org"),
                    ]),
                now: later)
            // Ben's one-to-one: only a fear, his.
            try conversations.record(
                ConversationDraft(
                    ref: "ben-1", occurredAt: march.addingTimeInterval(2 * 86_400), kind: "one_to_one",
                    participants: [.init(email: "ben@example.org", engagement: "resistant")],
                    fears: [.init(email: "ben@example.org", category: "exposure", statement: "Being seen to struggle")]),
                now: later)
            return try conversations.list()
        }

        #expect(listed.map(\.ref) == ["ben-1", "group-1", "ada-1"], "newest first")
        let ben = listed[0], group = listed[1], ada = listed[2]

        #expect(ada.participants.map(\.email) == ["ada@example.org", "cleo@example.org"], "in name order")
        #expect(ada.participants.map(\.engagement) == [.neutral, nil])
        #expect(ada.initiatedBy == "cleo@example.org")
        #expect(ada.guidelines.map(\.rawValue) == ["G01", "G04"])
        #expect(ada.fears.map(\.statement) == ["No room in the diary"])
        #expect(ada.commitments.map(\.description) == ["Name a sponsor"])

        #expect(group.participants.map(\.name) == ["Ada Park", "Ben Osei"])
        #expect(group.participants.map(\.attendance) == [.attended, .declined])
        #expect(group.guidelines.isEmpty && group.fears.isEmpty && group.commitments.isEmpty)

        #expect(ben.fears.map(\.email) == ["ben@example.org"])
        #expect(ben.fears.map(\.category) == [.exposure])
        #expect(ben.commitments.isEmpty)
        #expect(ben.participants.map(\.engagement) == [.resistant])
    }

    @Test("a fear for someone the conversation does not name is refused with its field, and nothing is recorded")
    func fearForAnUnknownPersonIsRefused() async throws {
        let org = try await TestDatabase.newOrganisation("readbad")
        let database = try await TestDatabase.shared()
        let march = try #require(try? Date("2026-03-02T09:00:00Z", strategy: .iso8601))
        let problem = try await database.inOrganisation(org.slug, actor: "test") { tx -> String in
            try Stakeholders(tx).add(StakeholderDraft(name: "Ada Park", email: "ada@example.org", tier: "top_team"))
            do {
                try Conversations(tx).record(
                    ConversationDraft(
                        ref: "ada-1", occurredAt: march, kind: "one_to_one",
                        participants: [.init(email: "ada@example.org")],
                        fears: [.init(email: "nobody@example.org", category: "time", statement: "Too busy")]),
                    now: march)
                return "recorded"
            } catch let failure as ValidationFailure {
                return failure.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            }
        }
        #expect(problem == "fears[0].email: no stakeholder with e-mail \"nobody@example.org\" in this organisation")
        let left = try await database.inOrganisation(org.slug, actor: "test") { try Conversations($0).list() }
        #expect(left.isEmpty)
    }
}

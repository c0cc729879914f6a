import Foundation
import RadarDomain
import RadarStore

/// Stakeholders the page tests share: two leaders and a champion, with influence and interest.
enum PageTestData {
    static let ada = "ada.lovell@example.org"
    static let ben = "ben.osei@example.org"
    static let cara = "cara.nyberg@example.org"

    /// Adds the three people to the fixture's organisation.
    static func addPeople(_ fixture: WebFixture) async throws {
        try await fixture.inOrganisation { tx in
            let stakeholders = Stakeholders(tx)
            try stakeholders.add(
                StakeholderDraft(
                    name: "Ada Lovell", email: ada, title: "Chief Executive", tier: "top_team", role: "sponsor",
                    influence: 5, interest: 4, engagement: "supportive", desiredEngagement: "leading"))
            try stakeholders.add(
                StakeholderDraft(
                    name: "Ben Osei", email: ben, title: "Finance Director", tier: "top_team", influence: 4,
                    interest: 2,
                    engagement: "resistant", desiredEngagement: "supportive"))
            try stakeholders.add(
                StakeholderDraft(
                    name: "Cara Nyberg", email: cara, tier: "line_manager", role: "champion", influence: 2, interest: 5,
                    engagement: "leading"))
        }
    }

    /// Records a one-to-one with Ada two days before the fixture's start, with a fear and a commitment.
    static func recordWithAda(_ fixture: WebFixture, fear: String, commitment: String, notes: String) async throws {
        try await fixture.inOrganisation { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: WebFixture.start.addingTimeInterval(-2 * 86_400), kind: "one_to_one",
                    participants: [.init(email: ada, engagement: "supportive")], guidelines: ["G07"], notes: notes,
                    fears: [.init(email: ada, category: "time", statement: fear, severity: "high")],
                    commitments: [.init(ownerEmail: ada, description: commitment)]), now: WebFixture.start)
        }
    }
}

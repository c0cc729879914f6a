import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

/// An organisation whose history the digest tests write week by week, at explicit instants (never today's date).
struct DigestScenario {
    let org: Organisation

    /// A London organisation with a sponsor, a director, an HR partner and a champion, and only the rules named
    /// in `rules` enabled, so each week's flags are exactly the ones the test reasons about.
    static func make(_ label: String, rules: [String]? = nil) async throws -> DigestScenario {
        let org = try await TestDatabase.newOrganisation(label, timeZone: "Europe/London")
        let scenario = DigestScenario(org: org)
        try await scenario.write { tx in
            let people = Stakeholders(tx)
            try people.add(
                .init(
                    name: "Cara Chief", email: "cara@x.test", title: "Chief Executive", tier: "top_team",
                    role: "sponsor", function: "executive", engagement: "supportive",
                    desiredEngagement: "leading"))
            try people.add(
                .init(
                    name: "Dev Director", email: "dev@x.test", title: "Finance Director",
                    tier: "top_team", function: "finance", engagement: "supportive",
                    desiredEngagement: "supportive"))
            try people.add(.init(name: "Hana HR", email: "hana@x.test", tier: "hr"))
            try people.add(.init(name: "Chip Champion", email: "chip@x.test", tier: "line_manager", role: "champion"))
            if let rules {
                try tx.connection.execute("UPDATE rules SET enabled = (code = ANY ($1))", [rules])
            }
        }
        return scenario
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) throws -> T) async throws -> T {
        try await TestDatabase.shared().inOrganisation(org.slug, actor: "test", body)
    }

    /// An instant written as ISO 8601 text.
    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    static func day(_ text: String) -> CalendarDate {
        CalendarDate(text)!
    }

    /// Records a one-to-one between HR and `people` at `instant`.
    func converse(
        _ instant: String, with people: [String], guidelines: [Word<GuidelineCode>] = [],
        engagement: Word<EngagementLevel>? = nil
    ) async throws {
        let at = Self.at(instant)
        try await write { tx in
            try Conversations(tx).record(
                ConversationDraft(
                    occurredAt: at, kind: "one_to_one", initiatedBy: "hana@x.test",
                    participants: (people + ["hana@x.test"]).map {
                        .init(email: $0, attendance: "attended", engagement: $0 == "hana@x.test" ? nil : engagement)
                    },
                    guidelines: guidelines), now: at)
        }
    }

    /// Runs the rules as `radar check` does, as of `instant`.
    func check(_ instant: String) async throws {
        let at = Self.at(instant)
        try await write { tx in try FlagBook(tx).check(asOf: at) }
    }

    func digest(_ week: String) async throws -> Digest {
        let week = try #require(ISOWeek(week))
        return try await write { tx in try DigestBuilder.build(in: tx, week: week) }
    }

    /// The flag of `rule` about `subject`, for acknowledging or snoozing it.
    func flagID(_ rule: String, _ subject: String) async throws -> String {
        try await write { tx in
            try FlagBook(tx).all().first { $0.rule == rule && $0.subject == subject }!.id.uuidString
        }
    }
}

extension Array where Element == DigestFlag {
    /// "rule subject" per flag, for comparing lists as sets.
    var keys: Set<String> { Set(map { "\($0.rule) \($0.subject)" }) }
}

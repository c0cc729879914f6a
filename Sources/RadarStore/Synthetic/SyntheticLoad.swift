import Foundation
import Postgres
import RadarDomain

/// Writes a generated world through COPY: each table is copied into a temporary twin (row-level security does
/// not allow COPY into the real table) and moved across with one `INSERT … SELECT`.
struct SyntheticLoad {
    let tx: TenantTransaction
    let world: SyntheticWorld

    /// The tables in load order (parents first), with the columns the generator fills.
    enum Table: String, CaseIterable {
        case stakeholders, conversations, conversationParticipants = "conversation_participants"
        case conversationGuidelines = "conversation_guidelines", fears, commitments, initiatives
        case businessPriorities = "business_priorities"

        var columns: [String] {
            switch self {
            case .stakeholders:
                [
                    "org_id", "id", "name", "email", "title", "tier", "role", "function", "influence",
                    "interest", "engagement", "desired_engagement",
                ]
            case .conversations: ["org_id", "id", "ref", "occurred_at", "kind", "initiated_by"]
            case .conversationParticipants:
                [
                    "org_id", "conversation_id", "stakeholder_id", "attendance", "engagement",
                    "occurred_at",
                ]
            case .conversationGuidelines: ["org_id", "conversation_id", "guideline"]
            case .fears:
                [
                    "org_id", "id", "stakeholder_id", "conversation_id", "category", "statement", "severity",
                    "status", "raised_on", "resolved_on",
                ]
            case .commitments:
                [
                    "org_id", "id", "owner_id", "conversation_id", "description", "made_on", "due_on",
                    "status", "done_on",
                ]
            case .initiatives:
                [
                    "org_id", "id", "ref", "title", "kind", "owner_id", "starts_on", "ends_on", "status",
                    "outcome",
                ]
            case .businessPriorities:
                [
                    "org_id", "priority", "function", "how_coaching_helps", "endorsed_by",
                    "recorded_on",
                ]
            }
        }
    }

    // Table and column names come from the fixed list above, never from input.
    enum Query {
        static func createStaging(_ table: Table) -> String {
            "CREATE TEMP TABLE synthetic_\(table.rawValue) (LIKE \(table.rawValue) INCLUDING DEFAULTS) ON COMMIT DROP"
        }
        static func copy(_ table: Table) -> String {
            "COPY synthetic_\(table.rawValue) (\(table.columns.joined(separator: ", "))) FROM STDIN"
        }
        static func move(_ table: Table) -> String {
            let columns = table.columns.joined(separator: ", ")
            return "INSERT INTO \(table.rawValue) (\(columns)) SELECT \(columns) FROM synthetic_\(table.rawValue)"
        }
        static let plantGoals = """
            INSERT INTO coaching_goals (org_id, stakeholder_id, behaviour, observed_how, set_on, review_on)
            SELECT radar_current_org(), p, 'input_before_concluding', 'Their directors, at the weekly meeting', $2, $3
              FROM unnest($1::uuid[]) AS p
            """
        static let plantObservations = """
            INSERT INTO coaching_observations (org_id, goal_id, observed_on, note)
            SELECT radar_current_org(), g.id, d, 'Asked for the team''s view before deciding'
              FROM coaching_goals g CROSS JOIN unnest($2::date[]) AS d
             WHERE g.stakeholder_id = ANY ($1::uuid[])
            """
        static let plantCase = """
            INSERT INTO leader_case_notes (org_id, stakeholder_id, aspect, recorded_on, in_their_words)
            SELECT radar_current_org(), p, a.aspect, $2, a.words
              FROM unnest($1::uuid[]) AS p
             CROSS JOIN (VALUES ('personal_gain', 'More time to think about what is next'),
                                ('personal_cost', 'Holding back the answer I already have')) AS a (aspect, words)
            """
        static let plantCoaching = """
            INSERT INTO leader_coaching (org_id, stakeholder_id, kind, since)
            SELECT radar_current_org(), s.id, 'coached', $2
              FROM stakeholders s WHERE s.id = ANY ($1::uuid[]) AND s.role = 'sponsor'
            """
    }

    func run() throws -> SyntheticHistory.Summary {
        var summary = SyntheticHistory.Summary()
        summary.stakeholders = try load(.stakeholders, stakeholderRows())
        summary.conversations = try load(.conversations, conversationRows())
        summary.participations = try load(.conversationParticipants, participantRows())
        summary.guidelineLinks = try load(.conversationGuidelines, guidelineRows())
        summary.fears = try load(.fears, fearRows())
        summary.commitments = try load(.commitments, commitmentRows())
        summary.initiatives = try load(.initiatives, initiativeRows())
        summary.priorities = try load(.businessPriorities, priorityRows())
        try plantProgramme()
        return summary
    }

    /// The programme's records of the top team: a coaching goal set three weeks in and observed every two months
    /// while they keep the programme up (until a drift begins), the gain and the cost of it in their words, and
    /// coaching for those who sponsor it. So no flag on a healthy leader comes from a record the generator simply
    /// never wrote, while a drifting leader's goal goes unobserved, as a lead would find it.
    private func plantProgramme() throws {
        let leaders = world.people.filter { $0.planted != nil }
        guard !leaders.isEmpty else { return }
        let start = CalendarDate(world.start, in: tx.organisation.zone)
        let goalSet = start.adding(days: 21)
        try tx.connection.execute(
            Query.plantGoals, [leaders.map(\.id), goalSet, start.adding(days: world.endDay + 60)])
        try tx.connection.execute(Query.plantCase, [leaders.map(\.id), goalSet])
        try tx.connection.execute(Query.plantCoaching, [leaders.map(\.id), goalSet])
        for leader in leaders {
            let observed = stride(from: world.endDay - 30, to: 21, by: -60)
                .filter { leader.planted!.keepsUpTheProgramme(on: $0) }.map { start.adding(days: $0) }
            try tx.connection.execute(Query.plantObservations, [[leader.id], observed])
        }
    }

    private func load(_ table: Table, _ rows: some Sequence<[String?]>) throws -> Int {
        try tx.connection.execute(Query.createStaging(table))
        try tx.connection.copyIn(Query.copy(table), rows: rows)
        return try tx.connection.execute(Query.move(table))
    }

    private var org: String { tx.organisation.id.uuidString.lowercased() }

    private func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    private func personID(_ index: Int32) -> String { id(world.people[Int(index)].id) }

    private func day(_ instant: Date) -> String { CalendarDate(instant, in: tx.organisation.zone).description }

    private func level(_ rank: Int) -> String { SyntheticWorld.levels[max(1, min(5, rank)) - 1] }

    private func stakeholderRows() -> [[String?]] {
        world.people.enumerated().map { index, person in
            let first = SyntheticWorld.firstNames[index % SyntheticWorld.firstNames.count]
            let last = SyntheticWorld.lastNames[
                (index / SyntheticWorld.firstNames.count) % SyntheticWorld.lastNames.count]
            return [
                org, id(person.id), "\(first) \(last) \(index + 1)", SyntheticWorld.email(index),
                person.tier.replacingOccurrences(of: "_", with: " ").capitalized, person.tier, person.role,
                person.function, String(person.influence), String(person.interest), level(person.engagement),
                level(person.desired),
            ]
        }
    }

    private func conversationRows() -> some Sequence<[String?]> {
        world.conversations.lazy.enumerated().map { index, conversation in
            [
                org, id(conversation.id), "SYN-\(index + 1)", conversation.occurredAt.postgresText,
                SyntheticWorld.kinds[Int(conversation.kind)], personID(conversation.initiator),
            ]
        }
    }

    private func participantRows() -> some Sequence<[String?]> {
        world.conversations.lazy.flatMap { conversation in
            let (conversationID, occurredAt) = (id(conversation.id), conversation.occurredAt.postgresText)
            return conversation.participants.map { participant -> [String?] in
                [
                    org, conversationID, personID(participant.person),
                    SyntheticWorld.attendances[Int(participant.attendance)],
                    participant.engagement == 0 ? nil : level(Int(participant.engagement)), occurredAt,
                ]
            }
        }
    }

    private func guidelineRows() -> some Sequence<[String?]> {
        world.conversations.lazy.flatMap { conversation in
            let conversationID = id(conversation.id)
            return (0..<12).filter { conversation.guidelines & (1 << $0) != 0 }.map { bit -> [String?] in
                [org, conversationID, bit < 9 ? "G0\(bit + 1)" : "G\(bit + 1)"]
            }
        }
    }

    private func fearRows() -> [[String?]] {
        world.fears.enumerated().map { index, fear in
            [
                org, id(fear.id), personID(fear.person), id(world.conversations[Int(fear.conversation)].id),
                SyntheticWorld.fearCategories[Int(fear.category)], "Synthetic concern number \(index + 1)",
                SyntheticWorld.fearSeverities[Int(fear.severity)], SyntheticWorld.fearStatuses[Int(fear.status)],
                day(fear.raisedOn), fear.resolvedOn.map(day),
            ]
        }
    }

    private func commitmentRows() -> [[String?]] {
        world.commitments.enumerated().map { index, commitment in
            [
                org, id(commitment.id), personID(commitment.owner),
                id(world.conversations[Int(commitment.conversation)].id),
                "Synthetic follow-up number \(index + 1)", day(commitment.madeOn), day(commitment.dueOn),
                SyntheticWorld.commitmentStatuses[Int(commitment.status)], commitment.doneOn.map(day),
            ]
        }
    }

    private func initiativeRows() -> [[String?]] {
        world.initiatives.map { initiative in
            [
                org, id(initiative.id), "INIT-\(initiative.number)",
                "\(initiative.kind.replacingOccurrences(of: "_", with: " ").capitalized) \(initiative.number)",
                initiative.kind, personID(initiative.owner), day(initiative.startsOn), day(initiative.endsOn),
                initiative.status, initiative.outcome,
            ]
        }
    }

    /// Every function but the last two has a business case, so the business-case rule has something to find.
    private func priorityRows() -> [[String?]] {
        SyntheticWorld.functions.dropLast(2).map { function in
            [
                org, "Priority for \(function)", function, "Coaching supports the \(function.lowercased()) plan",
                personID(0), day(world.start),
            ]
        }
    }
}

import Foundation
import Postgres
import RadarDomain

/// Leaders' cases in one organisation: dated notes, in their words, of what the change gives and costs them.
public struct LeaderCases {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO leader_case_notes (org_id, stakeholder_id, aspect, recorded_on, in_their_words, role_model)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5)
            RETURNING id
            """
        static let notes = """
            SELECT n.id, s.email, n.aspect, n.recorded_on, n.in_their_words, n.role_model
              FROM leader_case_notes n
              JOIN stakeholders s ON s.org_id = n.org_id AND s.id = n.stakeholder_id
             WHERE ($1::uuid IS NULL OR n.stakeholder_id = $1) AND ($2::uuid IS NULL OR n.id = $2)
             ORDER BY s.email, n.recorded_on, n.aspect
            """
    }

    /// Records a note of the case of the stakeholder with this e-mail; it is dated `today` unless the draft says.
    @discardableResult
    public func record(email: String, _ draft: LeaderCaseDraft, today: CalendarDate) throws -> LeaderCaseNote {
        var checks = Checks()
        let person = try Stakeholders(tx).resolve(email, field: "email", checks: &checks)
        let aspect = checks.word(checks.required(draft.aspect, field: "aspect"), LeaderCaseAspect.self, field: "aspect")
        let words = checks.required(draft.words, field: "inTheirWords", max: TextLimit.paragraph)
        let roleModel = checks.word(draft.roleModel, RoleModelReadiness.self, field: "roleModel")
        if roleModel != nil, aspect == .personalGain {
            checks.add("roleModel", "goes with a personal cost, not a gain")
        }
        try checks.finish()
        let day = draft.recordedOn ?? today
        let id: UUID = try mapUniqueViolation(field: "recordedOn", value: day.description) {
            try tx.connection.queryRow(Query.insert, [person, aspect?.rawValue, day, words, roleModel?.rawValue])!
                .decode("id")
        }
        return try read(person: nil, id: id)[0]
    }

    /// The notes of one person (or everyone's), by e-mail and day.
    public func notes(email: String? = nil) throws -> [LeaderCaseNote] {
        let person = try email.map { try Stakeholders(tx).find(email: $0).id }
        return try read(person: person, id: nil)
    }

    private func read(person: UUID?, id: UUID?) throws -> [LeaderCaseNote] {
        try tx.connection.query(Query.notes, [person, id]).map { row in
            LeaderCaseNote(
                id: try row.decode("id"), email: try row.decode("email"), aspect: try row.word("aspect"),
                recordedOn: try row.decode("recorded_on"), words: try row.decode("in_their_words"),
                roleModel: try row.optionalWord("role_model"))
        }
    }
}

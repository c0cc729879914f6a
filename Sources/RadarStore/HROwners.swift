import Foundation
import Postgres
import RadarDomain

/// Who looks after whom: each stakeholder's HR owner, a member of the organisation with the hr or admin role.
/// Owners are set one person at a time (`Stakeholders.update`) or here, for many people at once.
public struct HROwners {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// A member who may own people: their account id, e-mail and name.
    public struct Candidate: Sendable, Hashable, Codable {
        public var id: UUID
        public var email: String
        public var name: String
    }

    /// One person and their owner, as the owners list shows them.
    public struct Assignment: Sendable, Hashable, Codable {
        public var email: String
        public var name: String
        public var ownerEmail: String?
        public var ownerName: String?
    }

    enum Query {
        static let candidates = """
            SELECT u.id, u.email, u.display_name FROM users u
              JOIN memberships m ON m.user_id = u.id AND m.org_id = radar_current_org() AND m.role IN ('hr', 'admin')
             WHERE u.disabled_at IS NULL
             ORDER BY u.display_name, u.email
            """
        static let assignments = """
            SELECT s.email, s.name, o.email AS owner_email, o.display_name AS owner_name
              FROM stakeholders s LEFT JOIN users o ON o.id = s.hr_owner_user_id
             WHERE s.active AND ($1::uuid IS NULL OR s.hr_owner_user_id = $1)
             ORDER BY s.name, s.email
            """
        static let peopleOf = "SELECT id FROM stakeholders WHERE active AND hr_owner_user_id = $1"
        static let member = """
            SELECT u.id, u.email, u.display_name FROM users u
              JOIN memberships m ON m.user_id = u.id AND m.org_id = radar_current_org()
             WHERE u.email = $1
            """
        // One statement for all of them; the trigger audits each row whose owner changed.
        static let assign = """
            UPDATE stakeholders SET hr_owner_user_id = $2
             WHERE id = ANY ($1::uuid[]) AND hr_owner_user_id IS DISTINCT FROM $2
            """
    }

    /// The members who may own people.
    public func candidates() throws -> [Candidate] {
        try tx.connection.query(Query.candidates).map {
            Candidate(id: try $0.decode("id"), email: try $0.decode("email"), name: try $0.decode("display_name"))
        }
    }

    /// Every active person with their owner; only the people of `owner` when given.
    public func assignments(owner: UUID? = nil) throws -> [Assignment] {
        try tx.connection.query(Query.assignments, [owner]).map {
            Assignment(
                email: try $0.decode("email"), name: try $0.decode("name"), ownerEmail: try $0.decode("owner_email"),
                ownerName: try $0.decode("owner_name"))
        }
    }

    /// The ids of the active people `owner` (an account id) looks after.
    public func people(of owner: UUID) throws -> [UUID] {
        try tx.connection.query(Query.peopleOf, [owner]).map { try $0.decode("id") }
    }

    /// Makes `ownerEmail` the HR owner of every person in `people` (by e-mail), or clears their owner when it is
    /// nil; all or nothing: an unknown person or owner changes nobody. Returns how many people changed owner.
    @discardableResult
    public func assign(_ ownerEmail: String?, to people: [String], field: FieldPath = "people") throws -> Int {
        var checks = Checks()
        if people.isEmpty { checks.add(field, "name at least one person") }
        let stakeholders = Stakeholders(tx)
        let owner = try stakeholders.resolveOwner(ownerEmail, field: "owner", checks: &checks)
        let known = try stakeholders.ids(byEmail: people)
        var ids: [UUID] = []
        for (index, email) in people.enumerated() {
            if let id = stakeholders.resolve(email, among: known, field: field.at(index), checks: &checks) {
                ids.append(id)
            }
        }
        try checks.finish()
        return try tx.connection.execute(Query.assign, [ids, owner])
    }

    /// The account id of the HR user (a member with the hr or admin role) with this e-mail, or nil.
    public func ownerID(email: String) throws -> UUID? {
        let key = Stakeholders.emailKey(email)
        return try Stakeholders(tx).ownerIDs(byEmail: [key])[key]
    }

    /// The account id of the organisation's member with this e-mail (any role), or `StoreError.notFound`.
    public func member(email: String) throws -> Candidate {
        let key = Stakeholders.emailKey(email)
        guard let row = try tx.connection.queryRow(Query.member, [key]) else { throw StoreError.notFound(entity: "member", key: key) }
        return Candidate(id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("display_name"))
    }
}

extension HROwners {
    /// Sets owners from CSV text with a header naming `email` and `hr_owner` (an empty owner clears it), in one
    /// transaction: every row is checked first, and a problem names the line. Returns how many people changed.
    public func importCSV(_ text: String) throws -> Int {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        func cells(_ line: Substring) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        guard let header = lines.first.map(cells), let emailColumn = header.firstIndex(of: "email"),
            let ownerColumn = header.firstIndex(of: "hr_owner")
        else {
            throw ValidationFailure([
                ValidationProblem(field: "header", message: "the first line must name the columns email and hr_owner")
            ])
        }
        var byOwner: [String: [String]] = [:]
        var checks = Checks()
        for (index, line) in lines.enumerated().dropFirst() where !line.allSatisfy(\.isWhitespace) {
            let row = cells(line)
            guard row.count > max(emailColumn, ownerColumn), !row[emailColumn].isEmpty else {
                checks.add(FieldPath("line \(index + 1)"), "needs an e-mail and an hr_owner cell")
                continue
            }
            byOwner[row[ownerColumn].lowercased(), default: []].append(row[emailColumn])
        }
        try checks.finish()
        var changed = 0
        for (owner, people) in byOwner.sorted(by: { $0.key < $1.key }) {
            changed += try assign(owner.isEmpty ? nil : owner, to: people, field: "email")
        }
        return changed
    }
}

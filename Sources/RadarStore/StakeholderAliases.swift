import Foundation
import Postgres
import RadarDomain

/// A stakeholder's other e-mail addresses, by which calendars may name them: a meeting naming an alias is matched
/// to the person it belongs to. An alias belongs to one person and is never anyone's main address.
public struct StakeholderAliases {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// At most this many aliases per person.
    public static let limit = 20

    enum Query {
        static let ofPerson = "SELECT email FROM stakeholder_aliases WHERE stakeholder_id = $1 ORDER BY email"
        static let remove = "DELETE FROM stakeholder_aliases WHERE stakeholder_id = $1 AND NOT (email = ANY ($2::text[]))"
        static let add = """
            INSERT INTO stakeholder_aliases (org_id, stakeholder_id, email)
            SELECT radar_current_org(), $1, a FROM unnest($2::text[]) AS a
            ON CONFLICT (org_id, email) DO NOTHING
            """
        // Who already holds each address: as a main address, or as somebody else's alias.
        static let holders = """
            SELECT s.email AS address, s.email AS holder FROM stakeholders s WHERE s.email = ANY ($1::text[])
            UNION ALL
            SELECT a.email, s.email FROM stakeholder_aliases a JOIN stakeholders s ON s.id = a.stakeholder_id
             WHERE a.email = ANY ($1::text[]) AND a.stakeholder_id <> $2
            """
        static let mainAddresses = """
            SELECT a.email AS alias, s.email FROM stakeholder_aliases a JOIN stakeholders s ON s.id = a.stakeholder_id
             WHERE a.email = ANY ($1::text[])
            """
    }

    /// The aliases of the stakeholder with main address `email`, alphabetically.
    public func aliases(of email: String) throws -> [String] {
        let person = try Stakeholders(tx).find(email: email)
        return try tx.connection.query(Query.ofPerson, [person.id]).map { try $0.decode("email") }
    }

    /// Makes `aliases` the whole list of the stakeholder's other addresses (adding and removing as needed); answers
    /// it. Each must be an e-mail address, not their main one, nor anyone else's address or alias.
    @discardableResult
    public func replace(of email: String, with aliases: [String]) throws -> [String] {
        let person = try Stakeholders(tx).find(email: email)
        var checks = Checks()
        var wanted: [String] = []
        for (index, alias) in aliases.enumerated() {
            let address = checks.email(alias, field: FieldPath("aliases").at(index))
            if address == person.email {
                checks.add(FieldPath("aliases").at(index), "is their main address already")
            } else if !address.isEmpty, !wanted.contains(address) {
                wanted.append(address)
            }
        }
        if wanted.count > Self.limit { checks.add("aliases", "at most \(Self.limit) other addresses per person") }
        for row in try tx.connection.query(Query.holders, [wanted, person.id]) {
            let address: String = try row.decode("address")
            let holder: String = try row.decode("holder")
            let index = aliases.firstIndex { Stakeholders.emailKey($0) == address } ?? 0
            checks.add(FieldPath("aliases").at(index), "\(address) is already \(holder)'s address")
        }
        try checks.finish()
        try tx.connection.execute(Query.remove, [person.id, wanted])
        try tx.connection.execute(Query.add, [person.id, wanted])
        return try tx.connection.query(Query.ofPerson, [person.id]).map { try $0.decode("email") }
    }

    /// The main address of each of `emails` that is someone's alias, keyed by the alias (normalised).
    public func mainAddresses(of emails: [String]) throws -> [String: String] {
        var found: [String: String] = [:]
        for row in try tx.connection.query(Query.mainAddresses, [emails.map(Stakeholders.emailKey)]) {
            found[try row.decode("alias")] = try row.decode("email")
        }
        return found
    }
}

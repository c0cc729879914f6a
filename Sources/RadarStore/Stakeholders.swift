import Foundation
import Postgres
import RadarDomain

/// Stakeholders of one organisation: add, find, list, update, mark as left.
public struct Stakeholders {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Filters for `list`; nil matches everything.
    public struct Filter: Sendable {
        public var tier: Tier?
        public var role: ProgrammeRole?
        public var function: String?
        public var engagement: EngagementLevel?
        public var includeLeft = false

        public init(
            tier: Tier? = nil, role: ProgrammeRole? = nil, function: String? = nil,
            engagement: EngagementLevel? = nil, includeLeft: Bool = false
        ) {
            self.tier = tier
            self.role = role
            self.function = function
            self.engagement = engagement
            self.includeLeft = includeLeft
        }
    }

    enum Query {
        static let columns = """
            s.id, s.name, s.email, s.title, s.tier, s.role, s.function, s.influence, s.interest, s.engagement,
            s.desired_engagement, o.email AS hr_owner_email, o.display_name AS hr_owner_name, s.active, s.left_on, s.version
            """
        static let from = " FROM stakeholders s LEFT JOIN users o ON o.id = s.hr_owner_user_id"
        static let select = "SELECT \(columns)" + from
        static let byEmail = select + " WHERE s.email = $1"
        static let byID = select + " WHERE s.id = $1"
        static let matching = """
             WHERE ($1::text IS NULL OR s.tier = $1) AND ($2::text IS NULL OR s.role = $2)
               AND ($3::text IS NULL OR lower(s.function) = lower($3)) AND ($4::text IS NULL OR s.engagement = $4)
               AND (s.active OR $5)
            """
        static let list = select + matching + " ORDER BY s.name, s.email"
        // `list`'s order, the id last to make the key unique; $6 is the key to read after, NULL on the first page.
        static let page =
            "SELECT \(columns), ARRAY[s.name, s.email, s.id::text] AS page_key" + from + matching + """
                   AND ($6::text[] IS NULL OR (s.name, s.email, s.id) > ($6[1], $6[2], $6[3]::uuid))
                 ORDER BY s.name, s.email, s.id
                 LIMIT $7
                """
        static let keyset = Keyset(.text, .text, .uuid)
        static let idsByEmail = "SELECT email, id FROM stakeholders WHERE email = ANY ($1::text[])"
        // Owners are the organisation's HR people: its members with the hr or admin role.
        static let ownersByEmail = """
            SELECT u.email, u.id FROM users u
              JOIN memberships m ON m.user_id = u.id AND m.org_id = radar_current_org() AND m.role IN ('hr', 'admin')
             WHERE u.email = ANY ($1::text[]) AND u.disabled_at IS NULL
            """
        static let insert = """
            INSERT INTO stakeholders (org_id, name, email, title, tier, role, function, influence, interest,
                                      engagement, desired_engagement, hr_owner_user_id)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            RETURNING id
            """
        static let update = """
            UPDATE stakeholders
               SET name = $3, email = $4, title = $5, tier = $6, role = $7, function = $8, influence = $9,
                   interest = $10, engagement = $11, desired_engagement = $12, hr_owner_user_id = $13, changed_at = $14
             WHERE id = $1 AND version = $2
            """
        static let leave = "UPDATE stakeholders SET active = false, left_on = $2 WHERE id = $1 AND active"
    }

    /// Adds a stakeholder after checking every field; an e-mail already used in the organisation is refused.
    @discardableResult
    public func add(_ draft: StakeholderDraft) throws -> Stakeholder {
        var checks = Checks()
        let name = checks.required(draft.name, field: "name")
        let email = checks.email(draft.email, field: "email")
        let tier = checks.word(checks.required(draft.tier, field: "tier"), Tier.self, field: "tier")
        let role = checks.word(draft.role, ProgrammeRole.self, field: "role") ?? .stakeholder
        let influence = checks.scale(draft.influence, field: "influence")
        let interest = checks.scale(draft.interest, field: "interest")
        let engagement = checks.word(draft.engagement, EngagementLevel.self, field: "engagement")
        let desired = checks.word(draft.desiredEngagement, EngagementLevel.self, field: "desiredEngagement")
        let title = checks.optional(draft.title, field: "title", max: TextLimit.line)
        let function = checks.optional(draft.function, field: "function", max: TextLimit.line)
        let ownerEmail = checks.optional(draft.hrOwnerEmail, field: "hrOwner", max: TextLimit.email)
        let owner = try resolveOwner(ownerEmail, field: "hrOwner", checks: &checks)
        try checks.finish()

        let parameters: [(any PostgresEncodable)?] = [
            name, email, title, tier?.rawValue, role.rawValue, function,
            influence, interest, engagement?.rawValue, desired?.rawValue, owner,
        ]
        let id: UUID = try mapUniqueViolation(field: "email", value: email) {
            try tx.connection.queryRow(Query.insert, parameters)!.decode("id")
        }
        return try find(id: id)
    }

    /// The stakeholder with this e-mail, or `StoreError.notFound`.
    public func find(email: String) throws -> Stakeholder {
        let key = Self.emailKey(email)
        guard let row = try tx.connection.queryRow(Query.byEmail, [key]) else {
            throw StoreError.notFound(entity: "stakeholder", key: key)
        }
        return try Self.decode(row)
    }

    public func find(id: UUID) throws -> Stakeholder {
        guard let row = try tx.connection.queryRow(Query.byID, [id]) else {
            throw StoreError.notFound(entity: "stakeholder", key: id.uuidString.lowercased())
        }
        return try Self.decode(row)
    }

    public func list(_ filter: Filter = Filter()) throws -> [Stakeholder] {
        try tx.connection.query(
            Query.list,
            [
                filter.tier?.rawValue, filter.role?.rawValue, filter.function, filter.engagement?.rawValue,
                filter.includeLeft,
            ]
        ).map(Self.decode)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(_ filter: Filter = Filter(), page request: PageRequest) throws -> Page<Stakeholder> {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(
            Query.page,
            [
                filter.tier?.rawValue, filter.role?.rawValue, filter.function, filter.engagement?.rawValue,
                filter.includeLeft, after, limit,
            ]
        ).rows
        return try Query.keyset.page(rows, request, item: Self.decode)
    }

    /// Applies `changes` if the stakeholder is still at `expectedVersion`; a stale version is refused.
    @discardableResult
    public func update(email: String, expectedVersion: Int?, _ changes: StakeholderChanges) throws -> Stakeholder {
        let current = try find(email: email)
        var checks = Checks()
        let name = changes.name.map { checks.required($0, field: "name") } ?? current.name
        let newEmail = changes.email.map { checks.email($0, field: "email") } ?? current.email
        let title = changes.title.map { checks.optional($0, field: "title", max: TextLimit.line) } ?? current.title
        let tier = changes.tier.map { checks.word($0, Tier.self, field: "tier") } ?? current.tier
        let role = changes.role.map { checks.word($0, ProgrammeRole.self, field: "role") } ?? current.role
        let function =
            changes.function.map { checks.optional($0, field: "function", max: TextLimit.line) }
            ?? current.function
        let influence = changes.influence.map { checks.scale($0, field: "influence") } ?? current.influence
        let interest = changes.interest.map { checks.scale($0, field: "interest") } ?? current.interest
        let engagement =
            changes.engagement.map { checks.word($0, EngagementLevel.self, field: "engagement") }
            ?? current.engagement
        let desired =
            changes.desiredEngagement.map {
                checks.word($0, EngagementLevel.self, field: "desiredEngagement")
            } ?? current.desiredEngagement
        let ownerEmail =
            changes.hrOwnerEmail.map { checks.optional($0, field: "hrOwner", max: TextLimit.email) }
            ?? current.hrOwnerEmail
        let owner = try resolveOwner(ownerEmail, field: "hrOwner", checks: &checks)
        try checks.finish()

        let version = expectedVersion ?? current.version
        let updated = try mapUniqueViolation(field: "email", value: newEmail) {
            try tx.connection.execute(
                Query.update,
                [
                    current.id, version, name, newEmail, title, tier?.rawValue, role?.rawValue, function, influence,
                    interest, engagement?.rawValue, desired?.rawValue, owner, changes.changedAt,
                ])
        }
        guard updated == 1 else {
            throw StoreError.staleVersion(
                entity: "stakeholder", key: current.email, expected: version,
                current: current.version)
        }
        return try find(id: current.id)
    }

    /// Marks a stakeholder as having left on `date`; their history stays.
    @discardableResult
    public func leave(email: String, on date: CalendarDate) throws -> Stakeholder {
        let current = try find(email: email)
        try tx.connection.execute(Query.leave, [current.id, date])
        return try find(id: current.id)
    }

    /// The id of the stakeholder with this e-mail, or a validation problem naming the field.
    func resolve(_ email: String, field: FieldPath, checks: inout Checks) throws -> UUID? {
        resolve(email, among: try ids(byEmail: [email]), field: field, checks: &checks)
    }

    /// The ids of the stakeholders with these e-mails, by normalised e-mail, in one query; unknown ones are absent.
    func ids(byEmail emails: [String]) throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for row in try tx.connection.query(Query.idsByEmail, [emails.map(Self.emailKey)]) {
            ids[try row.decode("email")] = try row.decode("id")
        }
        return ids
    }

    /// The id `ids(byEmail:)` found for `email`, or a problem on `field` saying no such stakeholder exists.
    func resolve(_ email: String, among ids: [String: UUID], field: FieldPath, checks: inout Checks) -> UUID? {
        let key = Self.emailKey(email)
        guard let id = ids[key] else {
            checks.add(field, "no stakeholder with e-mail \"\(key)\" in this organisation")
            return nil
        }
        return id
    }

    /// An e-mail as stakeholders are stored and matched: trimmed, lowercase.
    static func emailKey(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The account ids of the HR owners with these e-mails (members with the hr or admin role), by e-mail.
    func ownerIDs(byEmail emails: [String]) throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for row in try tx.connection.query(Query.ownersByEmail, [emails.map(Self.emailKey)]) {
            ids[try row.decode("email")] = try row.decode("id")
        }
        return ids
    }

    /// The account id of the HR owner with this e-mail, or a problem on `field`; nil when no owner is named.
    func resolveOwner(_ email: String?, field: FieldPath, checks: inout Checks) throws -> UUID? {
        guard let email else { return nil }
        let key = Self.emailKey(email)
        guard let id = try ownerIDs(byEmail: [key])[key] else {
            checks.add(field, "no HR user (a member with the hr or admin role) with e-mail \"\(key)\" in this organisation")
            return nil
        }
        return id
    }

    func resolveOptional(_ email: String?, field: FieldPath, checks: inout Checks) throws -> UUID? {
        guard let email else { return nil }
        return try resolve(email, field: field, checks: &checks)
    }

    static func decode(_ row: Row) throws -> Stakeholder {
        Stakeholder(
            id: try row.decode("id"), name: try row.decode("name"), email: try row.decode("email"),
            title: try row.decode("title"), tier: try row.word("tier"), role: try row.word("role"),
            function: try row.decode("function"), influence: try row.decode("influence"),
            interest: try row.decode("interest"), engagement: try row.optionalWord("engagement"),
            desiredEngagement: try row.optionalWord("desired_engagement"),
            hrOwnerEmail: try row.decode("hr_owner_email"), hrOwnerName: try row.decode("hr_owner_name"), active: try row.decode("active"),
            leftOn: try row.decode("left_on"), version: try row.decode("version"))
    }
}

/// Turns a unique violation into a validation problem on the field the person typed.
func mapUniqueViolation<T>(field: FieldPath, value: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PostgresError where error.code == .uniqueViolation {
        throw ValidationFailure([
            ValidationProblem(
                field: field, message: "\"\(value)\" is already used in this organisation")
        ])
    }
}

extension Row {
    /// Decodes a vocabulary word stored as text.
    public func word<V: Vocabulary>(_ column: String, as type: V.Type = V.self) throws -> V {
        try Self.word(decode(column), as: V.self, column: column)
    }

    /// A stored word (a column's, or an element of an array column's); one the vocabulary lacks is a decoding error.
    static func word<V: Vocabulary>(_ text: String, as type: V.Type = V.self, column: String) throws -> V {
        guard let value = V(rawValue: text) else {
            throw PostgresError(
                kind: .decoding, message: "column \"\(column)\": \"\(text)\" is not a \(V.vocabularyName)")
        }
        return value
    }

    public func optionalWord<V: Vocabulary>(_ column: String, as type: V.Type = V.self) throws -> V? {
        try decode(column, as: String?.self) == nil ? nil : try word(column, as: V.self)
    }
}

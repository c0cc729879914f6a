import Foundation
import Postgres
import RadarDomain

/// Fears of one organisation: add, list, update, resolve.
public struct Fears {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        public var email: String?
        public var category: FearCategory?
        public var status: FearStatus?
        /// Only those recorded in one of these conversations.
        public var conversations: [UUID]?
        /// Whether resolved and dismissed fears are listed too.
        public var includeClosed = false

        public init(
            email: String? = nil, category: FearCategory? = nil, status: FearStatus? = nil,
            conversations: [UUID]? = nil, includeClosed: Bool = false
        ) {
            self.email = email
            self.category = category
            self.status = status
            self.conversations = conversations
            self.includeClosed = includeClosed
        }
    }

    enum Query {
        static let insertValues = """
            INSERT INTO fears (org_id, stakeholder_id, conversation_id, category, statement, severity, status,
                               mitigation, raised_on, resolved_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
            """
        static let insert = insertValues + " RETURNING id"
        // The new fear as `list` reads it.
        static let insertReturning = """
            WITH f AS (\(insertValues) RETURNING *)
            SELECT \(columns)
              FROM f
              JOIN stakeholders s ON s.id = f.stakeholder_id
              LEFT JOIN conversations c ON c.id = f.conversation_id
            """
        static let columns = """
            f.id, s.email, s.name, c.ref AS conversation_ref, f.category, f.statement, f.severity, f.status,
                   f.mitigation, f.raised_on, f.resolved_on, f.version
            """
        static let from = """
              FROM fears f
              JOIN stakeholders s ON s.id = f.stakeholder_id
              LEFT JOIN conversations c ON c.id = f.conversation_id
            """
        static let select = "SELECT \(columns)" + from
        static let matching = """
             WHERE ($1::text IS NULL OR s.email = $1) AND ($2::text IS NULL OR f.category = $2)
               AND ($3::text IS NULL OR f.status = $3) AND ($4::uuid[] IS NULL OR f.conversation_id = ANY($4))
               AND ($5 OR f.status IN ('open', 'addressing') OR $3::text IS NOT NULL)
            """
        static let list = select + matching + " ORDER BY f.raised_on, s.name, f.id"
        // Each fear of the person raised by $2 with its status that day: its latest dated change by then.
        static let statusOn = """
            SELECT f.id, COALESCE((SELECT x.status FROM fear_updates x
                                    WHERE x.fear_id = f.id AND x.changed_on <= $2
                                    ORDER BY x.changed_on DESC, x.id DESC LIMIT 1), f.status) AS status
              FROM fears f JOIN stakeholders s ON s.id = f.stakeholder_id
             WHERE s.email = $1 AND f.raised_on <= $2
            """
        // `list`'s order, its key unique by the id; $6 is the key to read after, NULL on the first page.
        static let page =
            "SELECT \(columns), ARRAY[f.raised_on::text, s.name, f.id::text] AS page_key" + from
            + matching + """
                   AND ($6::text[] IS NULL OR (f.raised_on, s.name, f.id) > ($6[1]::date, $6[2], $6[3]::uuid))
                 ORDER BY f.raised_on, s.name, f.id
                 LIMIT $7
                """
        static let keyset = Keyset(.date, .text, .uuid)
        static let byIDPrefix = select + " WHERE f.id::text LIKE $1 || '%' LIMIT 2"
        static let update = """
            UPDATE fears SET category = $3, severity = $4, status = $5, mitigation = $6, resolved_on = $7,
                             changed_on = $8
             WHERE id = $1 AND version = $2
            """
    }

    /// Adds a fear (optionally tied to a conversation); throws every problem found.
    @discardableResult
    public func add(_ draft: FearDraft, conversation: UUID? = nil) throws -> UUID {
        try add(draft, conversation: conversation, among: Stakeholders(tx).ids(byEmail: [draft.email]))
    }

    /// Adds a fear whose person is among `known` (from `Stakeholders.ids(byEmail:)`), without looking them up again.
    func add(_ draft: FearDraft, conversation: UUID?, among known: [String: UUID]) throws -> UUID {
        try tx.connection.queryRow(Query.insert, insertParameters(draft, conversation: conversation, among: known))!
            .decode("id")
    }

    /// `add`, answering the new fear as `list` gives it, in the same statement.
    func addReturning(_ draft: FearDraft, conversation: UUID?, among known: [String: UUID]) throws -> Fear {
        try Self.decode(
            tx.connection.queryRow(
                Query.insertReturning, insertParameters(draft, conversation: conversation, among: known),
                preparing: true)!)
    }

    /// The parameters of `Query.insertValues` for `draft`, once it passes every check.
    private func insertParameters(
        _ draft: FearDraft, conversation: UUID?, among known: [String: UUID]
    ) throws -> [(any PostgresEncodable)?] {
        var checks = Checks()
        draft.check(into: &checks)
        let person = Stakeholders(tx).resolve(draft.email, among: known, field: "email", checks: &checks)
        try checks.finish()
        // Checked above: reading the words again finds no problem.
        let category = checks.word(draft.category, field: "category")
        let severity = checks.word(draft.severity, field: "severity") ?? .medium
        let status = checks.word(draft.status, field: "status") ?? .open
        return [
            person, conversation, category?.rawValue, draft.statement.trimmingCharacters(in: .whitespaces),
            severity.rawValue, status.rawValue,
            checks.optional(draft.mitigation), draft.raisedOn, draft.resolvedOn,
        ]
    }

    public func list(_ filter: Filter = Filter()) throws -> [Fear] {
        try tx.connection.query(
            Query.list,
            [
                filter.email?.lowercased(), filter.category?.rawValue, filter.status?.rawValue, filter.conversations,
                filter.includeClosed,
            ]
        ).map(Self.decode)
    }

    /// The fears of the person with `email` still open or being addressed on `day`, each with its status then,
    /// whatever changed later.
    public func open(email: String, on day: CalendarDate) throws -> [Fear] {
        var then: [UUID: FearStatus] = [:]
        for row in try tx.connection.query(Query.statusOn, [Stakeholders.emailKey(email), day]) {
            then[try row.decode("id")] = FearStatus(rawValue: try row.decode("status"))
        }
        return try list(Filter(email: email, includeClosed: true)).compactMap { fear in
            guard let status = then[fear.id], status == .open || status == .addressing else { return nil }
            var fear = fear
            fear.status = status
            return fear
        }
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(_ filter: Filter = Filter(), page request: PageRequest) throws -> Page<Fear> {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(
            Query.page,
            [
                filter.email?.lowercased(), filter.category?.rawValue, filter.status?.rawValue, filter.conversations,
                filter.includeClosed, after, limit,
            ]
        ).rows
        return try Query.keyset.page(rows, request, item: Self.decode)
    }

    /// The fear whose id starts with `prefix` (at least 4 characters), or a not-found/ambiguous error.
    public func find(_ prefix: String) throws -> Fear {
        try Self.decode(uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "fear", in: tx))
    }

    /// Changes a fear's category, severity, status or mitigation if it is still at `expectedVersion`.
    /// `day` is when the change was made (the trigger's default: the resolution day when it closes, else today);
    /// "no update for 30 days" counts from it.
    @discardableResult
    public func update(
        _ prefix: String, expectedVersion: Int?, category: String? = nil, severity: String? = nil,
        status: String? = nil, mitigation: String? = nil, resolvedOn: CalendarDate? = nil, on day: CalendarDate? = nil
    ) throws -> Fear {
        let current = try find(prefix)
        var checks = Checks()
        let category = category.map { checks.word($0, FearCategory.self, field: "category") } ?? current.category
        let severity = severity.map { checks.word($0, FearSeverity.self, field: "severity") } ?? current.severity
        let status = status.map { checks.word($0, FearStatus.self, field: "status") } ?? current.status
        if let mitigation { _ = checks.optional(mitigation, field: "mitigation", max: TextLimit.paragraph) }
        var resolved = resolvedOn ?? current.resolvedOn
        if let status, !status.isClosed { resolved = nil }
        if let resolved, resolved < current.raisedOn {
            checks.add("resolvedOn", "\(resolved) is before the fear was raised on \(current.raisedOn)")
        }
        if resolvedOn != nil, let status, !status.isClosed {
            checks.add("resolvedOn", "only a resolved or dismissed fear has a resolution date")
        }
        try checks.finish()
        let version = expectedVersion ?? current.version
        let changed = try tx.connection.execute(
            Query.update,
            [
                current.id, version, category?.rawValue, severity?.rawValue, status?.rawValue,
                mitigation.map { checks.optional($0) } ?? current.mitigation, resolved, day,
            ])
        guard changed == 1 else {
            throw StoreError.staleVersion(
                entity: "fear", key: current.id.uuidString.lowercased(),
                expected: version, current: current.version)
        }
        return try find(current.id.uuidString)
    }

    static func decode(_ row: Row) throws -> Fear {
        Fear(
            id: try row.decode("id"), email: try row.decode("email"), name: try row.decode("name"),
            conversationRef: try row.decode("conversation_ref"), category: try row.word("category"),
            statement: try row.decode("statement"), severity: try row.word("severity"),
            status: try row.word("status"), mitigation: try row.decode("mitigation"),
            raisedOn: try row.decode("raised_on"), resolvedOn: try row.decode("resolved_on"),
            version: try row.decode("version"))
    }
}

/// The one row whose id starts with `prefix`; refuses short, unknown and ambiguous prefixes.
public func uniqueRow(_ query: String, prefix: String, entity: String, in tx: TenantTransaction) throws -> Row {
    let key = prefix.trimmingCharacters(in: .whitespaces).lowercased()
    guard key.count >= 4, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
        throw ValidationFailure([
            ValidationProblem(
                field: "id", message: "\"\(prefix)\" is not an id; give at least its first 4 characters")
        ])
    }
    let rows = try tx.connection.query(query, [key]).rows
    guard let row = rows.first else { throw StoreError.notFound(entity: entity, key: key) }
    guard rows.count == 1 else {
        throw ValidationFailure([
            ValidationProblem(
                field: "id", message: "\"\(key)\" matches more than one \(entity); give more characters")
        ])
    }
    return row
}

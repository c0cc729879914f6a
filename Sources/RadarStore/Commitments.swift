import Foundation
import Postgres
import RadarDomain

/// Commitments of one organisation: add, list, update, mark done.
public struct Commitments {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        public var ownerEmail: String?
        public var status: CommitmentStatus?
        /// Only those recorded in one of these conversations.
        public var conversations: [UUID]?
        /// Only open commitments past their due date on this day.
        public var overdueOn: CalendarDate?
        public var includeClosed = false

        public init(
            ownerEmail: String? = nil, status: CommitmentStatus? = nil, conversations: [UUID]? = nil,
            overdueOn: CalendarDate? = nil, includeClosed: Bool = false
        ) {
            self.ownerEmail = ownerEmail
            self.status = status
            self.conversations = conversations
            self.overdueOn = overdueOn
            self.includeClosed = includeClosed
        }
    }

    enum Query {
        static let insert = """
            INSERT INTO commitments (org_id, owner_id, conversation_id, description, made_on, due_on, status, done_on,
                                     partner_id)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id
            """
        static let columns = """
            m.id, s.email AS owner_email, s.name AS owner_name,
                   (s.tier = 'top_team' OR s.role = 'sponsor') AS owner_is_leader, s.tier = 'hr' AS owner_is_hr,
                   c.ref AS conversation_ref, m.description, m.made_on, m.due_on, m.status, m.done_on, m.version,
                   a.email AS partner_email
            """
        static let from = """
              FROM commitments m
              JOIN stakeholders s ON s.id = m.owner_id
              LEFT JOIN conversations c ON c.id = m.conversation_id
              LEFT JOIN stakeholders a ON a.id = m.partner_id
            """
        static let select = "SELECT \(columns)" + from
        static let matching = """
             WHERE ($1::text IS NULL OR s.email = $1) AND ($2::text IS NULL OR m.status = $2)
               AND ($3::uuid[] IS NULL OR m.conversation_id = ANY($3))
               AND ($4::date IS NULL OR (m.status = 'open' AND m.due_on < $4))
               AND ($5 OR m.status = 'open' OR $2::text IS NOT NULL)
            """
        static let list = select + matching + " ORDER BY m.due_on NULLS LAST, m.made_on, m.id"
        // The commitments among $1 (ids) open on $2: made by then and neither done nor dropped by then.
        static let openOn = """
            SELECT id FROM commitments
             WHERE id = ANY ($1::uuid[]) AND radar_commitment_open(status, made_on, done_on, dropped_on, $2)
            """
        // `list`'s order; $6 is the key to read after, NULL on the first page. The key holds no due day as '', and
        // compares "no due day" first so that those rows come after every dated one, as NULLS LAST puts them.
        static let page = """
            SELECT \(columns), ARRAY[COALESCE(m.due_on::text, ''), m.made_on::text, m.id::text] AS page_key
            """ + from + matching + """
                   AND ($6::text[] IS NULL
                        OR (m.due_on IS NULL, COALESCE(m.due_on, 'infinity'), m.made_on, m.id)
                           > ($6[1] = '', COALESCE(NULLIF($6[1], '')::date, 'infinity'), $6[2]::date, $6[3]::uuid))
                 ORDER BY m.due_on NULLS LAST, m.made_on, m.id
                 LIMIT $7
                """
        static let keyset = Keyset(.dateOrNone, .date, .uuid)
        static let byIDPrefix = select + " WHERE m.id::text LIKE $1 || '%' LIMIT 2"
        static let setPartner = "UPDATE commitments SET partner_id = $2 WHERE id = $1"
        static let markDone = "UPDATE commitments SET status = 'done', done_on = $3 WHERE id = $1 AND version = $2"
        static let update = """
            UPDATE commitments
               SET owner_id = COALESCE($3, owner_id), description = $4, due_on = $5, status = $6, done_on = $7
             WHERE id = $1 AND version = $2
            """
    }

    /// Adds a commitment (optionally made in a conversation); throws every problem found.
    @discardableResult
    public func add(_ draft: CommitmentDraft, conversation: UUID? = nil) throws -> UUID {
        try add(draft, conversation: conversation, among: Stakeholders(tx).ids(byEmail: [draft.ownerEmail]))
    }

    /// Adds a commitment whose owner is among `known` (from `Stakeholders.ids(byEmail:)`), without looking them up.
    func add(_ draft: CommitmentDraft, conversation: UUID?, among known: [String: UUID]) throws -> UUID {
        var checks = Checks()
        draft.check(into: &checks)
        let owner = Stakeholders(tx).resolve(draft.ownerEmail, among: known, field: "owner", checks: &checks)
        let partner = try Stakeholders(tx).resolveOptional(
            draft.partnerEmail, field: "accountabilityPartner", checks: &checks)
        try checks.finish()
        return try tx.connection.queryRow(
            Query.insert,
            [
                owner, conversation, checks.optional(draft.description), draft.madeOn, draft.dueOn,
                checks.optional(draft.status?.lowercased()) ?? CommitmentStatus.open.rawValue, draft.doneOn, partner,
            ])!.decode("id")
    }

    /// The commitments `filter` finds, done and dropped ones included, that were open on `day`: as they stood
    /// then, whatever changed later.
    public func open(_ filter: Filter, on day: CalendarDate) throws -> [Commitment] {
        var all = filter
        all.includeClosed = true
        let found = try list(all)
        let open = Set(
            try tx.connection.query(Query.openOn, [found.map(\.id), day]).map { try $0.decode("id", as: UUID.self) })
        return found.filter { open.contains($0.id) }
    }

    public func list(_ filter: Filter = Filter()) throws -> [Commitment] {
        try tx.connection.query(
            Query.list,
            [
                filter.ownerEmail?.lowercased(), filter.status?.rawValue, filter.conversations, filter.overdueOn,
                filter.includeClosed,
            ]
        ).map(Self.decode)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(_ filter: Filter = Filter(), page request: PageRequest) throws -> Page<Commitment> {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(
            Query.page,
            [
                filter.ownerEmail?.lowercased(), filter.status?.rawValue, filter.conversations, filter.overdueOn,
                filter.includeClosed, after, limit,
            ]
        ).rows
        return try Query.keyset.page(rows, request, item: Self.decode)
    }

    public func find(_ prefix: String) throws -> Commitment {
        try Self.decode(uniqueRow(Query.byIDPrefix, prefix: prefix, entity: "commitment", in: tx))
    }

    /// Names (or, with nil, clears) the stakeholder who holds the commitment's owner to it.
    @discardableResult
    public func setPartner(_ prefix: String, email: String?) throws -> Commitment {
        let current = try find(prefix)
        var checks = Checks()
        let partner = try Stakeholders(tx).resolveOptional(email, field: "accountabilityPartner", checks: &checks)
        if let email, Stakeholders.emailKey(email) == current.ownerEmail {
            checks.add("accountabilityPartner", "is the owner; name someone else")
        }
        try checks.finish()
        try tx.connection.execute(Query.setPartner, [current.id, partner])
        return try find(current.id.uuidString)
    }

    /// Marks a commitment done on `day`.
    @discardableResult
    public func markDone(_ prefix: String, on day: CalendarDate, expectedVersion: Int? = nil) throws -> Commitment {
        let current = try find(prefix)
        if day < current.madeOn {
            throw ValidationFailure([
                ValidationProblem(
                    field: "doneOn", message: "\(day) is before the commitment was made on \(current.madeOn)")
            ])
        }
        let version = expectedVersion ?? current.version
        guard try tx.connection.execute(Query.markDone, [current.id, version, day]) == 1 else {
            throw StoreError.staleVersion(
                entity: "commitment", key: current.id.uuidString.lowercased(),
                expected: version, current: current.version)
        }
        return try find(current.id.uuidString)
    }

    /// Applies `changes` if the commitment is still at `expectedVersion`. A done commitment needs a done date on or
    /// after the day it was made; reopening or dropping one clears its done date.
    @discardableResult
    public func update(_ prefix: String, expectedVersion: Int?, _ changes: CommitmentChanges) throws -> Commitment {
        let current = try find(prefix)
        var checks = Checks()
        let description =
            changes.description.map {
                checks.optional($0, field: "description", max: TextLimit.paragraph)
            } ?? current.description
        let status = changes.status.map { checks.word($0, CommitmentStatus.self, field: "status") } ?? current.status
        var doneOn: CalendarDate?
        if status == .done {
            doneOn = changes.doneOn ?? current.doneOn
            if doneOn == nil { checks.add("doneOn", "is required when the commitment is done") }
        } else if changes.doneOn != nil {
            checks.add("doneOn", "only a done commitment has a done date")
        }
        if let done = doneOn, done < current.madeOn {
            checks.add("doneOn", "\(done) is before the commitment was made on \(current.madeOn)")
        }
        let owner = try Stakeholders(tx).resolveOptional(changes.ownerEmail, field: "owner", checks: &checks)
        try checks.finish()

        let version = expectedVersion ?? current.version
        let updated = try tx.connection.execute(
            Query.update,
            [
                current.id, version, owner, description, changes.dueOn ?? current.dueOn, status?.rawValue, doneOn,
            ])
        guard updated == 1 else {
            throw StoreError.staleVersion(
                entity: "commitment", key: current.id.uuidString.lowercased(),
                expected: version, current: current.version)
        }
        return try find(current.id.uuidString)
    }

    static func decode(_ row: Row) throws -> Commitment {
        Commitment(
            id: try row.decode("id"), ownerEmail: try row.decode("owner_email"),
            ownerName: try row.decode("owner_name"),
            ownerIsLeader: try row.decode("owner_is_leader"), ownerIsHR: try row.decode("owner_is_hr"),
            conversationRef: try row.decode("conversation_ref"), description: try row.decode("description"),
            madeOn: try row.decode("made_on"), dueOn: try row.decode("due_on"), status: try row.word("status"),
            doneOn: try row.decode("done_on"), partnerEmail: try row.decode("partner_email"),
            version: try row.decode("version"))
    }
}

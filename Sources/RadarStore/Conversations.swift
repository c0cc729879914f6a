import Foundation
import Postgres
import RadarDomain

/// Conversations of one organisation: record a whole conversation at once, list and show them.
public struct Conversations {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        // The stored conversation comes back as `select` reads it (less the participants and guidelines, which the
        // next statements write), so recording needs no second read.
        static let insert = """
            INSERT INTO conversations (org_id, ref, occurred_at, kind, initiated_by, notes, purpose, initiative_id, source)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id, ref, occurred_at, kind, purpose,
                      (SELECT i.email FROM stakeholders i
                        WHERE i.org_id = conversations.org_id AND i.id = conversations.initiated_by) AS initiated_by,
                      notes, version,
                      (SELECT n.ref FROM initiatives n
                        WHERE n.org_id = conversations.org_id AND n.id = conversations.initiative_id) AS initiative_ref
            """
        // Participants and guidelines arrive as arrays, written in one statement however many there are. The
        // participants come back as `from` reads them: in arrays, in the same order.
        static let insertParticipantsAndGuidelines = """
            WITH p AS (
                INSERT INTO conversation_participants (org_id, conversation_id, stakeholder_id, attendance, engagement)
                SELECT radar_current_org(), $1, p.stakeholder_id, p.attendance, p.engagement
                  FROM unnest($2::uuid[], $3::attendance[], $4::engagement_level[]) AS p (stakeholder_id, attendance, engagement)
                RETURNING org_id, stakeholder_id, attendance, engagement
            ), g AS (
                INSERT INTO conversation_guidelines (org_id, conversation_id, guideline)
                SELECT radar_current_org(), $1, g.code FROM unnest($5::guideline_code[]) AS g (code)
            )
            SELECT array_agg(s.email ORDER BY s.name, s.email) AS participant_emails,
                   array_agg(s.name ORDER BY s.name, s.email) AS participant_names,
                   array_agg(p.attendance::text ORDER BY s.name, s.email) AS participant_attendances,
                   array_agg(p.engagement::text ORDER BY s.name, s.email) AS participant_engagements
              FROM p JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
            """
        // Everyone a conversation names, by e-mail, and whether its ref is taken, in one statement: one row per person
        // found, or a single row without a person when none is.
        static let people = """
            SELECT r.taken AS ref_taken, s.email, s.id
              FROM (SELECT EXISTS (SELECT FROM conversations WHERE ref = $2) AS taken) r
              LEFT JOIN stakeholders s ON s.email = ANY ($1::text[])
            """
        // A conversation with its participants and guidelines as arrays (the participants' four in the same
        // order), and whether it has fears or commitments to read in a second statement.
        static let columns = """
            c.id, c.ref, c.occurred_at, c.kind, c.purpose, i.email AS initiated_by, c.notes, c.version,
                   (SELECT n.ref FROM initiatives n WHERE n.org_id = c.org_id AND n.id = c.initiative_id)
                       AS initiative_ref,
                   pa.emails AS participant_emails, pa.names AS participant_names,
                   pa.attendances AS participant_attendances, pa.engagements AS participant_engagements,
                   ARRAY(SELECT g.guideline::text FROM conversation_guidelines g
                          WHERE g.org_id = c.org_id AND g.conversation_id = c.id ORDER BY 1) AS guidelines,
                   EXISTS (SELECT FROM fears f WHERE f.org_id = c.org_id AND f.conversation_id = c.id) AS has_fears,
                   EXISTS (SELECT FROM commitments m WHERE m.org_id = c.org_id AND m.conversation_id = c.id)
                       AS has_commitments
            """
        static let from = """
              FROM conversations c
              LEFT JOIN stakeholders i ON i.org_id = c.org_id AND i.id = c.initiated_by
             CROSS JOIN LATERAL (
                   SELECT array_agg(s.email ORDER BY s.name, s.email) AS emails,
                          array_agg(s.name ORDER BY s.name, s.email) AS names,
                          array_agg(p.attendance::text ORDER BY s.name, s.email) AS attendances,
                          array_agg(p.engagement::text ORDER BY s.name, s.email) AS engagements
                     FROM conversation_participants p
                     JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
                    WHERE p.org_id = c.org_id AND p.conversation_id = c.id) pa
            """
        static let select = "SELECT \(columns)" + from
        static let byRef = select + " WHERE c.ref = $1"
        static let matching = """
             WHERE ($1::timestamptz IS NULL OR c.occurred_at >= $1) AND ($2::timestamptz IS NULL OR c.occurred_at <= $2)
               AND ($3::text IS NULL OR EXISTS (
                     SELECT FROM conversation_participants p JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
                      WHERE p.org_id = c.org_id AND p.conversation_id = c.id AND s.email = $3))
            """
        static let list =
            select + matching + """
                 ORDER BY c.occurred_at DESC, c.ref
                 LIMIT $4
                """
        // `list`'s order (newest first, then by ref), the id last to make the key unique; $4 is the key to read
        // after, NULL on the first page. The key holds the instant as microseconds since 1970, which is exact.
        static let page = """
            SELECT \(columns), ARRAY[\(Keyset.microseconds("c.occurred_at")), c.ref, c.id::text] AS page_key
            """ + from + matching + """
                   AND ($4::text[] IS NULL OR c.occurred_at < \(Keyset.instant("$4[1]"))
                        OR (c.occurred_at = \(Keyset.instant("$4[1]")) AND (c.ref, c.id) > ($4[2], $4[3]::uuid)))
                 ORDER BY c.occurred_at DESC, c.ref, c.id
                 LIMIT $5
                """
        static let keyset = Keyset(.instant, .text, .uuid)
    }

    /// Records a conversation with its participants, guidelines, fears and commitments in the current
    /// transaction. `now` is the instant the recording happens, used to refuse dates in the future.
    @discardableResult
    public func record(_ draft: ConversationDraft, now: Date) throws -> Conversation {
        var checks = Checks()
        let stakeholders = Stakeholders(tx)
        if draft.kind.isBlank { checks.add("kind", "is required") }
        let kind = checks.word(draft.kind, field: "kind")
        let purpose = checks.word(draft.purpose, field: "purpose")
        if draft.occurredAt > now.addingTimeInterval(24 * 3600) {
            checks.add("occurredAt", "\(Self.isoFormat(draft.occurredAt)) is more than a day in the future")
        }
        // The ref is judged below, where its problems have always been listed; it is needed now for the lookup.
        var refChecks = Checks()
        let ref =
            refChecks.optional(draft.ref, field: "ref", max: TextLimit.line) ?? Self.generatedRef(for: draft.occurredAt)
        // Everyone the conversation names, looked up at once, with whether the ref is taken.
        var known: [String: UUID] = [:]
        var refTaken = false
        for row in try tx.connection.query(
            Query.people,
            [
                ([draft.initiatedBy].compactMap { $0 } + draft.participants.map(\.email)
                    + draft.fears.map(\.email) + draft.commitments.map(\.ownerEmail)
                    + draft.commitments.compactMap(\.partnerEmail)).map(Stakeholders.emailKey),
                ref,
            ], preparing: true)
        {
            refTaken = try row.decode("ref_taken")
            if let email = try row.decode("email", as: String?.self) { known[email] = try row.decode("id") }
        }
        let initiator = checks.optional(draft.initiatedBy, field: "initiatedBy", max: TextLimit.email).flatMap {
            stakeholders.resolve($0, among: known, field: "initiatedBy", checks: &checks)
        }
        if draft.participants.isEmpty { checks.add("participants", "at least one participant is required") }

        var participants: [(UUID, Attendance, EngagementLevel?)] = []
        var seen: Set<String> = []
        for (index, participant) in draft.participants.enumerated() {
            let path = FieldPath("participants").at(index)
            let email = Stakeholders.emailKey(participant.email)
            if !seen.insert(email).inserted { checks.add(path.appending("email"), "\(email) is listed twice") }
            let id = stakeholders.resolve(email, among: known, field: path.appending("email"), checks: &checks)
            let attendance = checks.word(participant.attendance, field: path.appending("attendance"))
            let engagement = checks.word(participant.engagement, field: path.appending("engagement"))
            if let id, let attendance { participants.append((id, attendance, engagement)) }
        }
        var guidelines: Set<GuidelineCode> = []
        for (index, code) in draft.guidelines.enumerated() {
            do { guidelines.insert(try code.read(field: FieldPath("guidelines").at(index))) } catch {
                checks.add(error)
            }
        }
        _ = checks.optional(draft.ref, field: "ref", max: TextLimit.line)
        let notes = checks.optional(draft.notes, field: "notes", max: TextLimit.notes)
        let initiativeRef = checks.optional(draft.initiative, field: "initiative", max: TextLimit.line)
        let initiative = try initiativeRef.flatMap {
            try Initiatives(tx).id(ref: $0, field: "initiative", checks: &checks)
        }
        if refTaken {
            checks.add("ref", "\"\(ref)\" is already used by another conversation")
        }
        let day = CalendarDate(draft.occurredAt, in: tx.organisation.zone)
        let fears = Fears(tx)
        let commitments = Commitments(tx)
        let fearDrafts = draft.fears.map {
            FearDraft(
                email: $0.email, category: $0.category, statement: $0.statement, severity: $0.severity,
                raisedOn: day)
        }
        let commitmentDrafts = draft.commitments.map {
            CommitmentDraft(
                ownerEmail: $0.ownerEmail, description: $0.description, madeOn: day, dueOn: $0.dueOn,
                partnerEmail: $0.partnerEmail)
        }
        // Every problem is found before anything is written, the people of fears and commitments included.
        for (index, fear) in fearDrafts.enumerated() {
            let path = FieldPath("fears").at(index)
            fear.check(into: &checks, at: path)
            _ = stakeholders.resolve(fear.email, among: known, field: path.appending("email"), checks: &checks)
        }
        for (index, commitment) in commitmentDrafts.enumerated() {
            let path = FieldPath("commitments").at(index)
            commitment.check(into: &checks, at: path)
            _ = stakeholders.resolve(
                commitment.ownerEmail, among: known, field: path.appending("owner"),
                checks: &checks)
            if let partner = commitment.partnerEmail {
                _ = stakeholders.resolve(
                    partner, among: known, field: path.appending("accountabilityPartner"), checks: &checks)
            }
        }
        try checks.finish()

        let row = try tx.connection.queryRow(
            Query.insert,
            [
                ref, draft.occurredAt, kind?.rawValue, initiator, notes, purpose?.rawValue, initiative,
                draft.source.rawValue,
            ], preparing: true)!
        let id: UUID = try row.decode("id")
        let people = try tx.connection.queryRow(
            Query.insertParticipantsAndGuidelines,
            [
                id, participants.map(\.0), participants.map(\.1.rawValue), participants.map { $0.2?.rawValue },
                guidelines.sorted().map(\.rawValue),
            ], preparing: true)!
        // What was written is what `show` would read: the fears and commitments as their lists give them.
        var recordedFears = try fearDrafts.map { try fears.addReturning($0, conversation: id, among: known) }
        if recordedFears.count > 1 {
            recordedFears = try fears.list(Fears.Filter(conversations: [id], includeClosed: true))
        }
        for commitment in commitmentDrafts { try commitments.add(commitment, conversation: id, among: known) }
        let recordedCommitments =
            commitmentDrafts.isEmpty
            ? [] : try commitments.list(Commitments.Filter(conversations: [id], includeClosed: true))
        return try Self.conversation(
            row, participants: people, guidelines: guidelines.sorted(), fears: recordedFears,
            commitments: recordedCommitments)
    }

    /// The conversation with this ref, with participants, guidelines, fears and commitments.
    public func show(ref: String) throws -> Conversation {
        guard let row = try tx.connection.queryRow(Query.byRef, [ref]) else {
            throw StoreError.notFound(entity: "conversation", key: ref)
        }
        return try complete([row])[0]
    }

    /// Conversations newest first, optionally within a window and with one participant.
    public func list(
        from: Date? = nil, to: Date? = nil, participant: String? = nil, limit: Int = 100
    )
        throws -> [Conversation]
    {
        try complete(tx.connection.query(Query.list, [from, to, participant?.lowercased(), limit]).rows)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(
        from: Date? = nil, to: Date? = nil, participant: String? = nil, page request: PageRequest
    )
        throws -> Page<Conversation>
    {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(Query.page, [from, to, participant?.lowercased(), after, limit]).rows
        return try Query.keyset.page(rows, request, items: complete)
    }

    /// The conversations of `rows` (from `Query.select`), with the fears and commitments of all of them read in at
    /// most one statement each, however many there are.
    private func complete(_ rows: [Row]) throws -> [Conversation] {
        var withFears: [UUID] = []
        var withCommitments: [UUID] = []
        for row in rows {
            if try row.decode("has_fears", as: Bool.self) { withFears.append(try row.decode("id")) }
            if try row.decode("has_commitments", as: Bool.self) { withCommitments.append(try row.decode("id")) }
        }
        let fears =
            withFears.isEmpty
            ? [:]
            : Dictionary(
                grouping: try Fears(tx).list(
                    Fears.Filter(conversations: withFears, includeClosed: true)), by: \.conversationRef)
        let commitments =
            withCommitments.isEmpty
            ? [:]
            : Dictionary(
                grouping: try Commitments(tx).list(
                    Commitments.Filter(conversations: withCommitments, includeClosed: true)), by: \.conversationRef)
        return try rows.map { row in
            let ref: String = try row.decode("ref")
            return try Self.conversation(
                row, participants: row,
                guidelines: row.decode("guidelines", as: [String].self).compactMap(GuidelineCode.init(rawValue:)),
                fears: fears[ref] ?? [], commitments: commitments[ref] ?? [])
        }
    }

    /// A conversation from its row (`columns`, or what `insert` returns) and its participants' row (the four
    /// `participant_…` arrays of `from`, or what `insertParticipantsAndGuidelines` returns).
    private static func conversation(
        _ row: Row, participants people: Row, guidelines: [GuidelineCode], fears: [Fear], commitments: [Commitment]
    ) throws -> Conversation {
        let emails: [String] = try people.decode("participant_emails", as: [String]?.self) ?? []
        let names: [String] = try people.decode("participant_names", as: [String]?.self) ?? []
        let attendances: [String] = try people.decode("participant_attendances", as: [String]?.self) ?? []
        let engagements: [String?] = try people.decode("participant_engagements", as: [String?]?.self) ?? []
        let participants = try emails.indices.map { index in
            Conversation.Participant(
                email: emails[index], name: names[index],
                attendance: try Row.word(attendances[index], column: "participant_attendances"),
                engagement: try engagements[index].map { try Row.word($0, column: "participant_engagements") })
        }
        return Conversation(
            id: try row.decode("id"), ref: try row.decode("ref"), occurredAt: try row.decode("occurred_at"),
            kind: try row.word("kind"), purpose: try row.optionalWord("purpose"),
            initiatedBy: try row.decode("initiated_by"),
            notes: try row.decode("notes"), participants: participants, guidelines: guidelines,
            fears: fears, commitments: commitments,
            initiativeRef: try row.decode("initiative_ref"), version: try row.decode("version"))
    }

    /// A readable, unique-enough ref such as `c-20260301-1a2b3c`.
    static func generatedRef(for date: Date) -> String {
        let day = CalendarDate(date, in: .gmt).description.replacingOccurrences(of: "-", with: "")
        return "c-\(day)-\(UUID().uuidString.prefix(6).lowercased())"
    }

    static func isoFormat(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

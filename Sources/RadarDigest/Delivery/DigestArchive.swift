import Foundation
import Postgres
import RadarDomain
import RadarStore

/// A digest as kept in the archive: once per organisation and ISO week, its content the `Digest` as JSON.
public struct ArchivedDigest: Sendable {
    public var id: UUID
    public var week: ISOWeek
    /// The instant the content was read as of: the end of the week.
    public var asOf: Date
    public var createdAt: Date
    public var digest: Digest
}

/// One line of the archive's list, without the content.
public struct ArchiveEntry: Sendable, Hashable {
    public var id: UUID
    public var week: ISOWeek
    public var createdAt: Date
    public var isQuiet: Bool
    public var deliveries: Int
    public var sent: Int
    public var pending: Int
    public var failed: Int
}

/// The organisation's stored digests and the outbox rows queued for them.
public struct DigestArchive {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        // The unique (org_id, week_start) key makes a second store of the same week a no-op.
        static let insert = """
            INSERT INTO digests (org_id, week_start, iso_week, as_of, content, quiet)
            VALUES (radar_current_org(), $1, $2, $3, $4::jsonb, $5)
            ON CONFLICT (org_id, week_start) DO NOTHING
            RETURNING id
            """
        static let byWeek = """
            SELECT id, week_start, as_of, created_at, content::text AS content FROM digests WHERE week_start = $1
            """
        static let entryColumns = """
            d.id, d.week_start, d.created_at, d.quiet AS is_quiet,
                   count(x.id) AS deliveries,
                   count(x.id) FILTER (WHERE x.status = 'sent') AS sent,
                   count(x.id) FILTER (WHERE x.status = 'pending') AS pending,
                   count(x.id) FILTER (WHERE x.status = 'failed') AS failed
            """
        static let entriesFrom = """
              FROM digests d
              LEFT JOIN digest_deliveries x ON x.org_id = d.org_id AND x.digest_id = d.id
            """
        static let list =
            "SELECT \(entryColumns)" + entriesFrom + """
                 GROUP BY d.org_id, d.id
                 ORDER BY d.week_start DESC
                """
        // `list`'s order (newest week first), the id last to make the key unique; $1 is the key to read after, NULL
        // on the first page.
        static let page =
            "SELECT \(entryColumns), ARRAY[d.week_start::text, d.id::text] AS page_key" + entriesFrom
                + """
                 WHERE ($1::text[] IS NULL OR d.week_start < $1[1]::date
                        OR (d.week_start = $1[1]::date AND d.id > $1[2]::uuid))
                 GROUP BY d.org_id, d.id
                 ORDER BY d.week_start DESC, d.id
                 LIMIT $2
                """
        static let keyset = Keyset(.date, .uuid)
        // One outbox row per enabled channel; the unique (digest, channel) key keeps a second queueing a no-op.
        static let queue = """
            INSERT INTO digest_deliveries (org_id, digest_id, channel_id, next_attempt_at)
            SELECT org_id, $1, id, $2 FROM delivery_channels WHERE enabled
            ON CONFLICT (org_id, digest_id, channel_id) DO NOTHING
            """
    }

    /// Stores `digest` unless its week is already archived; returns the stored id and whether this call stored it.
    public func store(_ digest: Digest, asOf: Date) throws -> (id: UUID, created: Bool) {
        let week = digest.week
        let content = String(decoding: try digest.jsonData(), as: UTF8.self)
        let parameters: [(any PostgresEncodable)?] = [week.monday, week.description, asOf, content, digest.isQuiet]
        if let row = try tx.connection.queryRow(Query.insert, parameters) {
            return (try row.decode("id"), true)
        }
        guard let existing = try find(week) else {
            throw StoreError.notFound(entity: "digest", key: week.description)
        }
        return (existing.id, false)
    }

    /// The archived digest of `week`, if there is one.
    public func find(_ week: ISOWeek) throws -> ArchivedDigest? {
        guard let row = try tx.connection.queryRow(Query.byWeek, [week.monday]) else { return nil }
        return ArchivedDigest(
            id: try row.decode("id"),
            week: ISOWeek(containing: try row.decode("week_start", as: CalendarDate.self)),
            asOf: try row.decode("as_of"), createdAt: try row.decode("created_at"),
            digest: try Digest.decode(Data(try row.decode("content", as: String.self).utf8)))
    }

    /// Every archived week, newest first, with how its deliveries stand.
    public func list() throws -> [ArchiveEntry] {
        try tx.connection.query(Query.list).map(Self.entry)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(page request: PageRequest) throws -> Page<ArchiveEntry> {
        let (after, limit) = try Query.keyset.bounds(request)
        return try Query.keyset.page(tx.connection.query(Query.page, [after, limit]).rows, request, item: Self.entry)
    }

    /// The archive entry in a row of `list` or `page`.
    static func entry(_ row: Row) throws -> ArchiveEntry {
        ArchiveEntry(
            id: try row.decode("id"),
            week: ISOWeek(containing: try row.decode("week_start", as: CalendarDate.self)),
            createdAt: try row.decode("created_at"), isQuiet: try row.decode("is_quiet"),
            deliveries: try row.decode("deliveries"), sent: try row.decode("sent"),
            pending: try row.decode("pending"), failed: try row.decode("failed"))
    }

    /// Queues one delivery of `digestID` per enabled channel, due at `dueAt`; returns how many were new.
    @discardableResult
    public func queueDeliveries(of digestID: UUID, dueAt: Date) throws -> Int {
        try tx.connection.execute(Query.queue, [digestID, dueAt])
    }
}

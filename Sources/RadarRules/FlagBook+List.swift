import Foundation
import Postgres
import RadarDomain
import RadarStore

extension FlagBook {
    /// Which flags a list holds; nil matches every flag.
    public struct Filter: Sendable {
        public var status: FlagStatus?
        /// Only flags at least this severe.
        public var minimumSeverity: Severity?
        /// Whether resolved flags are listed too; asking for the resolved status lists them anyway.
        public var includeResolved: Bool

        public init(status: FlagStatus? = nil, minimumSeverity: Severity? = nil, includeResolved: Bool = false) {
            self.status = status
            self.minimumSeverity = minimumSeverity
            self.includeResolved = includeResolved
        }
    }

    /// One page of the flags `filter` matches, the most severe first, then the first raised, read after the request's
    /// cursor.
    public func list(_ filter: Filter = Filter(), page request: PageRequest) throws -> Page<Flag> {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(
            Query.page,
            [
                Severity.allCases.map(\.rawValue), filter.includeResolved || filter.status == .resolved,
                filter.status?.rawValue, filter.minimumSeverity?.rawValue, after, limit,
            ]
        ).rows
        return try Query.keyset.page(rows, request, item: Flag.init(row:))
    }
}

extension FlagBook.Query {
    /// A flag's severity as its place in `Severity.allCases` (bound as $1), so SQL ranks as Swift compares.
    static let rank = "array_position($1::text[], f.severity::text)"
    // The key ascends: the rank negated (most severe first), the instant as microseconds since 1970, the id last to
    // make it unique. $5 is the key to read after, NULL on the first page.
    static let page = """
        SELECT \(columns), ARRAY[(-\(rank))::text, \(Keyset.microseconds("f.first_raised_at")), f.id::text] AS page_key
        """ + from + """
             WHERE ($2 OR f.status <> 'resolved') AND ($3::text IS NULL OR \(status) = $3)
               AND ($4::text IS NULL OR \(rank) >= array_position($1::text[], $4::text))
               AND ($5::text[] IS NULL
                    OR (-\(rank), f.first_raised_at, f.id) > ($5[1]::bigint, \(Keyset.instant("$5[2]")), $5[3]::uuid))
             ORDER BY -\(rank), f.first_raised_at, f.id
             LIMIT $6
            """
    static let keyset = Keyset(.integer, .instant, .uuid)
}

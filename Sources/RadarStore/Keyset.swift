import Postgres
import RadarDomain

/// How one list is read a page at a time by its sort key (keyset, or seek, paging): the shape of the key a cursor
/// carries, and the page made of the rows a query read.
///
/// A paged query selects its row's sort key (unique: the id last) as a text array named `page_key`, reads only the
/// rows after the cursor's key, bound as a `text[]` that is NULL for the first page, in the list's order, and reads
/// `limit + 1` rows: the one extra says whether another page follows.
public struct Keyset: Sendable {
    /// The kinds of the sort key's parts, in order.
    public let shape: [SortKeyPart]

    public init(_ shape: SortKeyPart...) {
        self.shape = shape
    }

    /// The key to read after (checked against the shape; nil for the first page) and the rows to read, to bind.
    public func bounds(_ request: PageRequest) throws -> (after: [String]?, limit: Int) {
        (try request.after.map { try $0.key(shaped: shape) }, request.limit + 1)
    }

    /// The page of `rows`, made into items together: at most `request.limit`, the cursor on the last when the query
    /// found more.
    public func page<Item>(
        _ rows: [Row], _ request: PageRequest, items: ([Row]) throws -> [Item]
    ) throws
        -> Page<Item>
    {
        let kept = Array(rows.prefix(request.limit))
        var next: PageCursor?
        if rows.count > request.limit, let last = kept.last { next = PageCursor(key: try last.decode("page_key")) }
        return Page(items: try items(kept), nextCursor: next)
    }

    /// SQL for a `timestamptz` expression as key text: whole microseconds since 1970, the column's own precision.
    public static func microseconds(_ expression: String) -> String {
        "(extract(epoch FROM \(expression)) * 1000000)::bigint::text"
    }

    /// SQL for the `timestamptz` whose microseconds since 1970 `text` (a key part, such as `$4[1]`) holds.
    public static func instant(_ text: String) -> String {
        "(timestamptz 'epoch' + \(text)::bigint * interval '1 microsecond')"
    }

    /// The page of `rows`, each made into an item.
    public func page<Item>(_ rows: [Row], _ request: PageRequest, item: (Row) throws -> Item) throws -> Page<Item> {
        try page(rows, request) { try $0.map(item) }
    }
}

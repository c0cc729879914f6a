import Foundation

/// Which page of a list to read: how many items, and after which one (the cursor the previous page gave out).
public struct PageRequest: Hashable, Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    /// How many items the page holds at most, from 1 to `maximumLimit`.
    public var limit: Int
    /// The position to read after; nil reads from the start.
    public var after: PageCursor?

    public init(limit: Int = Self.defaultLimit, after: PageCursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Reads a limit and a cursor as an edge received them; throws every problem, naming `limit` and `cursor`.
    public init(limit: Int?, cursor: String?) throws {
        var checks = Checks()
        let limit = limit ?? Self.defaultLimit
        if !(1...Self.maximumLimit).contains(limit) {
            checks.add("limit", "\(limit) is not from 1 to \(Self.maximumLimit)")
        }
        var after: PageCursor?
        if let cursor {
            after = PageCursor(token: cursor)
            if after == nil { checks.add(PageCursor.refused) }
        }
        try checks.finish()
        self.init(limit: limit, after: after)
    }
}

/// The kind of one part of a sort key, as a cursor carries it in text.
public enum SortKeyPart: Sendable {
    case text
    /// A whole number, such as a rank.
    case integer
    /// An instant as whole microseconds since 1970, from the year 1 to 9999.
    case instant
    /// A day in the ISO form `2026-03-01`.
    case date
    /// A day, or the empty text for none.
    case dateOrNone
    case uuid

    /// Whether `text` is a value of this kind.
    func admits(_ text: String) -> Bool {
        switch self {
        case .text: true
        case .integer: Int64(text) != nil
        case .instant: Int64(text).map { (-62_135_596_800_000_000...253_402_300_799_999_999).contains($0) } ?? false
        case .date: CalendarDate(text) != nil
        case .dateOrNone: text.isEmpty || CalendarDate(text) != nil
        case .uuid: UUID(uuidString: text) != nil
        }
    }
}

/// The position after one item of a list: that item's sort key (unique, the id last), opaque to the caller as
/// URL-safe base64. Never an offset, so rows added or removed before it do not shift the pages after it.
public struct PageCursor: Hashable, Sendable {
    /// The sort key's parts in text, in the list's order.
    public var key: [String]

    /// The most text a cursor may have; the longest keys (names and e-mails at their limits) stay well within it.
    public static let maximumLength = 2048

    public init(key: [String]) {
        self.key = key
    }

    /// Reads a cursor as `token` gave it out; nil for anything else.
    public init?(token: String) {
        guard token.utf8.count <= Self.maximumLength,
            token.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || Self.isAlphanumeric($0) })
        else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = try? JSONDecoder().decode([String].self, from: data),
            !key.isEmpty
        else { return nil }
        self.key = key
    }

    /// The cursor as text for a URL: URL-safe base64 without padding.
    public var token: String {
        // A list of strings always encodes.
        let data = (try? JSONEncoder().encode(key)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The key's parts, checked against the shape of the list's sort key; a cursor of another shape (another list's,
    /// or forged) is refused naming `cursor`.
    public func key(shaped shape: [SortKeyPart]) throws -> [String] {
        guard key.count == shape.count, zip(shape, key).allSatisfy({ $0.admits($1) }) else {
            throw ValidationFailure([Self.refused])
        }
        return key
    }

    /// The problem of a cursor this service did not give out.
    static let refused = ValidationProblem(field: "cursor", message: "is not a cursor this service gave out")

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// One page of a list, and the cursor of the next page when more items follow.
public struct Page<Item> {
    public var items: [Item]
    public var nextCursor: PageCursor?

    public init(items: [Item], nextCursor: PageCursor?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// The same page with each item transformed.
    public func map<Other>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), nextCursor: nextCursor)
    }
}

extension Page: Sendable where Item: Sendable {}
extension Page: Equatable where Item: Equatable {}

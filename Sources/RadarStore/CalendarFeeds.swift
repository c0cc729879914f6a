import Foundation
import Postgres
import RadarDomain

/// A subscribed calendar as it is shown: never its whole address, which is a secret.
public struct CalendarFeed: Sendable, Hashable, Codable {
    public var id: UUID
    /// The address with everything after the host elided, such as `https://calendar.google.com/…`.
    public var shownURL: String
    public var ownerEmail: String
    public var lastPolledAt: Date?
    public var lastChangedAt: Date?
    /// nil until the first poll: a new feed is due at once.
    public var nextPollAt: Date?
    /// Failed polls in a row since the last success.
    public var failures: Int
    public var lastError: String?
}

/// Subscribed calendars of one organisation: adding, listing and removing them, and the bookkeeping of polling.
public struct CalendarFeeds {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// A feed claimed for polling: its secret address and the validators of its last answer.
    public struct Claim: Sendable, Hashable {
        public var id: UUID
        public var url: String
        public var etag: String?
        public var lastModified: String?
        public var failures: Int
    }

    /// How often a healthy feed is polled, and the longest pause back-off reaches.
    public static let pollInterval: TimeInterval = 15 * 60
    public static let longestPause: TimeInterval = 24 * 3600
    /// How long a claim holds: an instance that claimed a feed and died leaves it to others after this.
    public static let claimLease: TimeInterval = 5 * 60

    enum Query {
        static let owner = """
            SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = radar_current_org()
             WHERE u.email = $1 AND u.disabled_at IS NULL
            """
        static let insert = """
            WITH feed AS (
                INSERT INTO calendar_feeds (org_id, url, shown_url, owner_id) VALUES (radar_current_org(), $1, $2, $3)
                RETURNING org_id, id)
            INSERT INTO calendar_feed_polls (org_id, feed_id) SELECT org_id, id FROM feed RETURNING feed_id AS id
            """
        static let taken = "SELECT EXISTS (SELECT FROM calendar_feeds WHERE url = $1) AS taken"
        static let list = """
            SELECT f.id, f.shown_url, u.email AS owner_email, p.last_polled_at, p.last_changed_at, p.next_poll_at,
                   p.failures, p.last_error
              FROM calendar_feeds f
              JOIN users u ON u.id = f.owner_id
              JOIN calendar_feed_polls p ON p.org_id = f.org_id AND p.feed_id = f.id
             WHERE ($1::uuid IS NULL OR f.id = $1)
             ORDER BY f.created_at, f.id
            """
        static let remove = "DELETE FROM calendar_feeds WHERE id = $1"
        static let find = "SELECT id FROM calendar_feeds WHERE id::text LIKE $1 || '%' LIMIT 2"
        // Due feeds, each moved past the lease at once: a second instance skips the rows the first has locked and
        // then finds them not due.
        static let claim = """
            UPDATE calendar_feed_polls p SET next_poll_at = $1::timestamptz + make_interval(secs => $2)
              FROM calendar_feeds f
             WHERE f.org_id = p.org_id AND f.id = p.feed_id
               AND p.feed_id IN (SELECT feed_id FROM calendar_feed_polls WHERE next_poll_at IS NULL OR next_poll_at <= $1
                                  ORDER BY next_poll_at FOR UPDATE SKIP LOCKED)
            RETURNING p.feed_id AS id, f.url, p.etag, p.last_modified, p.failures
            """
        static let succeeded = """
            UPDATE calendar_feed_polls
               SET etag = COALESCE($2, etag), last_modified = COALESCE($3, last_modified), last_polled_at = $4,
                   last_changed_at = CASE WHEN $5 THEN $4 ELSE last_changed_at END,
                   next_poll_at = $4::timestamptz + make_interval(secs => $6), failures = 0, last_error = NULL
             WHERE feed_id = $1
            """
        static let failed = """
            UPDATE calendar_feed_polls
               SET last_polled_at = $2, failures = failures + 1, last_error = left($3, 500),
                   next_poll_at = $2::timestamptz + make_interval(secs => least($5, $4 * power(2, failures)))
             WHERE feed_id = $1
            """
    }

    /// Subscribes the organisation to the calendar at `url` (https, `webcal://` read as https; plain http only to
    /// this machine), polled on behalf of `ownerEmail`, a member of the organisation.
    public func add(url: String, ownerEmail: String) throws -> CalendarFeed {
        var checks = Checks()
        let address = Self.normalised(url)
        if let problem = Self.problem(with: address) { checks.add("url", problem) }
        let owner = checks.email(ownerEmail, field: "owner")
        var ownerID: UUID?
        if !owner.isEmpty {
            ownerID = try tx.connection.queryRow(Query.owner, [Stakeholders.emailKey(owner)])?.decode("id")
            if ownerID == nil { checks.add("owner", "\(owner) is not a member of this organisation") }
        }
        if try tx.connection.queryRow(Query.taken, [address])!.decode("taken", as: Bool.self) {
            checks.add("url", "this calendar is already subscribed")
        }
        try checks.finish()
        let id: UUID = try tx.connection.queryRow(Query.insert, [address, Self.shown(address), ownerID])!.decode("id")
        return try list(id: id)[0]
    }

    /// Every subscribed calendar, oldest first (or the one `id`).
    public func list(id: UUID? = nil) throws -> [CalendarFeed] {
        try tx.connection.query(Query.list, [id]).rows.map { row in
            CalendarFeed(
                id: try row.decode("id"), shownURL: try row.decode("shown_url"), ownerEmail: try row.decode("owner_email"),
                lastPolledAt: try row.decode("last_polled_at"), lastChangedAt: try row.decode("last_changed_at"),
                nextPollAt: try row.decode("next_poll_at"), failures: try row.decode("failures"),
                lastError: try row.decode("last_error"))
        }
    }

    /// Unsubscribes the feed named by its id (or its first 8 or more characters); its drafts stay in the queue.
    public func remove(_ key: String) throws -> CalendarFeed {
        let text = key.trimmingCharacters(in: .whitespaces).lowercased()
        let rows =
            text.count >= 8 && text.allSatisfy({ $0.isHexDigit || $0 == "-" })
            ? try tx.connection.query(Query.find, [text]).rows : []
        guard rows.count == 1 else { throw StoreError.notFound(entity: "calendar feed", key: key) }
        let feed = try list(id: try rows[0].decode("id"))[0]
        try tx.connection.execute(Query.remove, [feed.id])
        return feed
    }

    /// Claims the feeds due at `now` for this instance to poll.
    public func claimDue(now: Date) throws -> [Claim] {
        try tx.connection.query(Query.claim, [now, Self.claimLease]).rows.map { row in
            Claim(
                id: try row.decode("id"), url: try row.decode("url"), etag: try row.decode("etag"),
                lastModified: try row.decode("last_modified"), failures: try row.decode("failures"))
        }
    }

    /// Notes a successful poll at `now`: new validators (if the answer had them), whether the calendar changed.
    public func succeeded(_ id: UUID, etag: String?, lastModified: String?, changed: Bool, now: Date) throws {
        try tx.connection.execute(Query.succeeded, [id, etag, lastModified, now, changed, Self.pollInterval])
    }

    /// Notes a failed poll at `now`: the pause before the next try doubles with each failure in a row, from the
    /// usual interval up to a day. `reason` must not contain the address.
    public func failed(_ id: UUID, reason: String, now: Date) throws {
        try tx.connection.execute(Query.failed, [id, now, reason, Self.pollInterval, Self.longestPause])
    }

    /// `webcal://` (how calendars hand out subscriptions) is the same address over https.
    static func normalised(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.lowercased().hasPrefix("webcal://") { return "https://" + trimmed.dropFirst(9) }
        return trimmed
    }

    /// What is wrong with a feed address, if anything.
    public static func problem(with url: String) -> String? {
        guard url.count <= 2000, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            let host = parsed.host, !host.isEmpty
        else { return "is not a calendar address (https://…)" }
        if scheme == "https" { return nil }
        if scheme == "http", ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) { return nil }
        return "must be an https address (plain http only to this machine), not \(scheme)"
    }

    /// The address as it may be shown: scheme and host, the secret rest elided.
    public static func shown(_ url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return "…" }
        let port = parsed.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)/…"
    }
}

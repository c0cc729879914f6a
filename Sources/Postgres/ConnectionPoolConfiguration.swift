/// How a `ConnectionPool` connects and how many connections it keeps.
public struct ConnectionPoolConfiguration: Sendable {
    /// Anything libpq accepts; see `Connection.connect`.
    public var conninfo: String
    /// The most connections open at once (and threads that run borrowers' blocking work).
    public var size: Int
    /// How long a borrower waits for a free connection before `.poolTimeout`.
    public var acquireTimeout: Duration
    /// libpq's `connect_timeout` (whole seconds, at least 2) unless the connection string sets one; `nil` for none.
    public var connectTimeout: Duration?
    /// Shown in `pg_stat_activity`; overrides one in the connection string.
    public var applicationName: String?

    public init(
        conninfo: String,
        size: Int = 4,
        acquireTimeout: Duration = .seconds(10),
        connectTimeout: Duration? = .seconds(10),
        applicationName: String? = nil
    ) {
        precondition(size > 0, "a connection pool needs at least one connection")
        self.conninfo = conninfo
        self.size = size
        self.acquireTimeout = acquireTimeout
        self.connectTimeout = connectTimeout
        self.applicationName = applicationName
    }
}

extension Duration {
    /// Short text for messages: "10s", "1.5s", "250ms".
    var shortDescription: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        return "\(Double(milliseconds) / 1000)s"
    }
}

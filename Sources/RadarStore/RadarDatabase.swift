import Foundation
import Logging
import Postgres

/// The product's database: a connection pool plus the two ways of working in it: as the application role
/// inside one organisation (row-level security applies), or as the schema owner for administration.
public struct RadarDatabase: Sendable {
    public let pool: ConnectionPool
    public let logger: Logger

    public init(pool: ConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Opens a pool for `conninfo` (any libpq connection string or URI; empty means libpq's `PG*` defaults).
    public static func open(
        conninfo: String, poolSize: Int = 4, acquireTimeout: Duration? = nil, logger: Logger = Logger(label: "radar.db")
    ) -> RadarDatabase {
        var configuration = ConnectionPoolConfiguration(conninfo: conninfo)
        configuration.size = poolSize
        if let acquireTimeout { configuration.acquireTimeout = acquireTimeout }
        configuration.applicationName = "radar"
        return RadarDatabase(pool: ConnectionPool(configuration: configuration, logger: logger), logger: logger)
    }

    public func close() async {
        await pool.shutdown()
    }

    /// Which server and database this is, as `radar status` shows it.
    public struct Server: Sendable, Hashable {
        public var database: String
        public var login: String
        public var version: String
        /// Whether the server is a standby (read-only until promoted).
        public var readOnly: Bool
    }

    enum Query {
        static let server = """
            SELECT current_database() AS database, session_user AS login,
                   current_setting('server_version') AS server_version,
                   pg_is_in_recovery() AS read_only
            """
        static let now = "SELECT now() AS now"
        // How far behind its primary this server's data is: 0 on a primary and on a standby that has replayed all it
        // received; the age of the last replayed commit otherwise; NULL on a standby that streams nothing (restored
        // from an archive, or cut off before it received anything), whose lag cannot be told.
        static let replicationLag = """
            SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0::float8
                        WHEN pg_last_wal_receive_lsn() IS NULL THEN NULL
                        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8
                        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                   END AS lag_seconds
            """
        static let actAsApplication = "SET LOCAL ROLE radar_app"
        static let actAsOwner = "SET LOCAL ROLE radar_owner"
        // The actor, the member acting (if a signed-in person is), then the organisation by slug ('' when there is
        // none or the member does not belong to it, which scopes every read to nothing), and the organisation's
        // row: no row then.
        static let enterOrganisation = """
            SELECT id, slug, name, time_zone, week_start FROM radar_enter_organisation($1, $2)
            """
        static let enterOrganisationAsMember = """
            SELECT id, slug, name, time_zone, week_start FROM radar_enter_organisation($1, $2, $3)
            """
    }

    /// Runs `body` in one transaction as `radar_app`, with the organisation and the actor set
    /// transaction-locally, so row-level security confines every statement to that organisation. `member` is the
    /// signed-in person acting, when one is: the database lets them into their own organisations only.
    @discardableResult
    public func inOrganisation<T: Sendable>(
        _ slug: String, actor: String, member: UUID? = nil, _ body: @escaping @Sendable (TenantTransaction) throws -> T
    ) async throws -> T {
        try await pool.transaction(opening: Query.actAsApplication) { connection in
            let entered =
                try member.map {
                    try connection.queryRow(Query.enterOrganisationAsMember, [actor, slug, $0], preparing: true)
                } ?? connection.queryRow(Query.enterOrganisation, [actor, slug], preparing: true)
            guard let row = entered else {
                throw StoreError.organisationNotFound(slug: slug)
            }
            let organisation = try Organisation(row: row)
            return try body(TenantTransaction(connection: connection, organisation: organisation, actor: actor))
        }
    }

    /// Runs `body` in one transaction as `radar_app` outside any organisation, with `settings` set
    /// transaction-locally: for the reference tables and the functions the application role may call there.
    @discardableResult
    public func asApplication<T: Sendable>(
        settings: [(String, String)] = [], _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await pool.transaction(opening: Query.actAsApplication, settings: settings, body)
    }

    /// Runs `body` in one transaction as `radar_owner`, for administration across organisations (operators'
    /// commands, logged in as the owner; the service's login cannot).
    @discardableResult
    public func asOwner<T: Sendable>(
        actor: String, _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await pool.transaction(opening: Query.actAsOwner, settings: [("radar.actor", actor)], body)
    }

    /// Creates the roles and grants (`sql/setup/roles.sql`); needs a superuser or CREATEROLE login.
    public func setUpRoles() async throws {
        _ = try await pool.withConnection { connection in
            try connection.execute(SQLFiles.roleSetup.text)
        }
    }

    /// Which server and database the pool reaches, and as whom.
    public func server() async throws -> Server {
        try await pool.withConnection { connection in
            let row = try connection.queryRow(Query.server)!
            return Server(
                database: try row.decode("database"), login: try row.decode("login"),
                version: try row.decode("server_version"), readOnly: try row.decode("read_only"))
        }
    }

    /// How far this server's data lags behind its primary: zero on a primary, `nil` when a standby cannot tell.
    /// A standby that lost its primary and has replayed all it received also answers zero.
    public func replicationLag() async throws -> Duration? {
        try await pool.withConnection { connection in
            try connection.queryRow(Query.replicationLag)!.decode("lag_seconds", as: Double?.self).map { .seconds($0) }
        }
    }

    /// The database's clock: the one "now" every instance of the service agrees on.
    public func now() async throws -> Date {
        try await pool.withConnection { try $0.queryRow(Query.now)!.decode("now", as: Date.self) }
    }

    /// Applies pending migrations and recreates changed definitions; says what it applied.
    @discardableResult
    public func migrate() async throws -> Migrator.Applied {
        let migrator = Migrator(logger: logger)
        return try await pool.withConnection { try migrator.migrate(on: $0) }
    }

    /// Every known migration and definition and whether its current text has been applied.
    public func migrationStatus() async throws -> [Migrator.Entry] {
        let migrator = Migrator(logger: logger)
        return try await pool.withConnection { try migrator.status(on: $0) }
    }
}

/// One transaction inside one organisation, as the application role.
public struct TenantTransaction {
    public let connection: Connection
    public let organisation: Organisation
    /// Who is acting, as recorded in the audit trail.
    public let actor: String

    /// Readies the transaction for reading the fact and query views, until it ends: they answer as of `instant`
    /// (`radar.as_of`, read by `radar_as_of()`; now when `nil`), and PostgreSQL's JIT compiler is off, because
    /// compiling these sub-second reads, in every parallel worker, cost more than it saved (about 0.15 s of 1.4 s
    /// for the stakeholder facts of 10 000 people).
    public func readViews(asOf instant: Date?) throws {
        if let instant {
            try connection.execute(Query.readViewsAsOf, [instant.postgresText])
        } else {
            try connection.execute(Query.readViews)
        }
    }

    enum Query {
        // Enough memory for the fact views' hash joins over a large organisation's conversations to stay in one
        // batch instead of spilling to disk (the default 4MB splits them); transaction-local, like the rest.
        static let readViews = "SELECT set_config('jit', 'off', true), set_config('work_mem', '16MB', true)"
        static let readViewsAsOf = """
            SELECT set_config('jit', 'off', true), set_config('work_mem', '16MB', true),
                   set_config('radar.as_of', $1, true)
            """
    }
}

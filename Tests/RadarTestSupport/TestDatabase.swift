import Foundation
import Postgres
import PostgresTestSupport
import RadarStore
import Testing

/// The real PostgreSQL the tests run against, set up and migrated once per test process.
public enum TestDatabase {
    /// The superuser URL `deploy/test.sh` exports; tests fail (never skip) without it.
    public static func superuserURL() throws -> String {
        try TestServer.url()
    }

    /// The same server with another database name.
    public static func url(forDatabase name: String) throws -> String {
        var components = try #require(URLComponents(string: try superuserURL()))
        components.path = "/" + name
        return try #require(components.string)
    }

    private static let ready = Task<RadarDatabase, any Error> {
        // Every suite shares these six connections; on a busy two-core CI machine the queue for them can be long,
        // and a test should fail for what it checks, not for waiting its turn.
        let database = RadarDatabase.open(conninfo: try superuserURL(), poolSize: 6, acquireTimeout: .seconds(60))
        try await database.setUpRoles()
        try await database.migrate()
        return database
    }

    /// The migrated shared test database.
    public static func shared() async throws -> RadarDatabase {
        try await ready.value
    }

    private static let service = Task<RadarDatabase, any Error> {
        _ = try await ready.value
        return RadarDatabase.open(conninfo: try serviceURL(), poolSize: 6, acquireTimeout: .seconds(60))
    }

    /// The same database as production's service sees it: logged in as `radar_service` (a member of `radar_app`
    /// only), not as the superuser. What the service does in the tests, it does through this.
    public static func asService() async throws -> RadarDatabase {
        try await service.value
    }

    /// The shared database's URL with the service's login (the test cluster trusts local logins).
    public static func serviceURL() throws -> String {
        var components = try #require(URLComponents(string: try superuserURL()))
        components.user = "radar_service"
        components.password = nil
        return try #require(components.string)
    }

    /// A fresh organisation with a unique slug, so each test works in its own tenant.
    public static func newOrganisation(_ label: String = "org", timeZone: String = "UTC") async throws -> Organisation {
        let database = try await shared()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return try await Organisations(database: database)
            .create(slug: "\(label)-\(suffix)", name: "Test \(label) \(suffix)", timeZone: timeZone, actor: "test")
    }

    /// Creates an empty database and returns a pool on it (for migration tests that need a clean slate).
    public static func freshDatabase() async throws -> (RadarDatabase, String) {
        let name = "radar_fresh_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try Connection.connect(try superuserURL())
        defer { admin.close() }
        // CREATE DATABASE takes no bind parameters; the name is generated above from hex digits only.
        try admin.execute("CREATE DATABASE \(name)")
        return (RadarDatabase.open(conninfo: try url(forDatabase: name), poolSize: 2), name)
    }
}

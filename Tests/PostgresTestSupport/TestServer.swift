import Foundation
import Postgres

/// The PostgreSQL server the tests use, given as a superuser URL in `RADAR_TEST_DATABASE_URL` by `deploy/test.sh`.
public enum TestServer {
    /// The superuser URL; without it the test fails (never skips), saying what to run and install.
    public static func url() throws -> String {
        try environment(
            "RADAR_TEST_DATABASE_URL",
            missing: "RADAR_TEST_DATABASE_URL is not set: run deploy/test.sh "
                + "(needs the Debian packages postgresql and libpq-dev)"
        )
    }

    public static func connect(applicationName: String = "PostgresTests") throws -> Connection {
        try Connection.connect(url(), applicationName: applicationName)
    }

    /// A pool on the test server; callers shut it down.
    public static func pool(
        size: Int,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "PostgresTests"
    ) throws -> ConnectionPool {
        ConnectionPool(
            configuration: ConnectionPoolConfiguration(
                conninfo: try url(),
                size: size,
                acquireTimeout: acquireTimeout,
                applicationName: applicationName
            )
        )
    }

    /// A table name no parallel test uses.
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// An environment variable the tests need; its absence fails the test with `missing`.
    public static func environment(_ name: String, missing: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestSetupError(description: missing)
        }
        return value
    }
}

/// The test environment is incomplete; the message says how to fix it.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Runs `body` with a fresh connection and closes it afterwards.
public func withTestConnection<T>(_ body: (Connection) throws -> T) throws -> T {
    let connection = try TestServer.connect()
    defer { connection.close() }
    return try body(connection)
}

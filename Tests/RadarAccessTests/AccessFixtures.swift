import Foundation
import Logging
import Postgres
import RadarAccess
import RadarStore
import RadarTestSupport
import Synchronization
import Testing

/// The test database's access API, with bcrypt at its minimum cost so tests stay fast.
struct AccessFixture {
    let database: RadarDatabase
    let accounts: Accounts
    let tokens: APITokens
    let keys: IdempotencyKeys

    init(throttle: LoginThrottle = .standard, logger: Logger = Logger(label: "radar.access.test")) async throws {
        database = try await TestDatabase.shared()
        accounts = Accounts(database: database, passwordCost: 4, throttle: throttle, logger: logger)
        tokens = APITokens(database: database)
        keys = IdempotencyKeys(database: database)
    }

    /// A new account with a unique e-mail address and the given memberships.
    func person(
        _ label: String = "person", password: String = AccessFixture.password,
        memberships: [String: AccessRole] = [:]
    ) async throws -> UserAccount {
        try await accounts.addUser(
            email: AccessFixture.email(label), displayName: "Test \(label)", password: password,
            memberships: memberships, actor: "test")
    }

    /// Runs one query as the superuser (outside the application's roles), to look at what was really stored.
    func inspect(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) async throws -> [Row] {
        try await database.pool.withConnection { try Array($0.query(sql, parameters)) }
    }

    static let password = "violet-harbour-lantern-42"

    static func email(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
    }

    /// A client address no other test uses.
    static func address() -> String {
        "198.51.100.\(Int.random(in: 1...254))/\(UUID().uuidString.prefix(8))"
    }
}

/// A swift-log handler that keeps every message with its metadata, so tests can read what was logged.
final class CapturedLog: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The whole entry as one line, as a log file would hold it.
        var rendered: String {
            "\(level) \(message) "
                + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
        }
    }

    let entries = Mutex<[Entry]>([])

    var logger: Logger {
        Logger(label: "radar.access.test") { _ in Handler(log: self) }
    }

    var all: [Entry] { entries.withLock { $0 } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let entry = Entry(
                level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            log.entries.withLock { $0.append(entry) }
        }
    }
}

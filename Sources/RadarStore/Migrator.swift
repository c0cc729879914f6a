import Foundation
import Logging
import Postgres

/// Applies the embedded migrations in order, each in its own transaction, recording name and checksum.
public struct Migrator: Sendable {
    /// A migration and whether it has been applied.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var checksum: String
        public var appliedAt: Date?
    }

    public var migrations: [SQLFile]
    public var logger: Logger

    public init(migrations: [SQLFile] = SQLFiles.migrations, logger: Logger = Logger(label: "radar.migrate")) {
        self.migrations = migrations
        self.logger = logger
    }

    enum Query {
        static let ensureLedger = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        static let rolesExist = "SELECT count(*) = 2 AS present FROM pg_roles WHERE rolname IN ('radar_owner', 'radar_app')"
        static let actAsOwner = "SET LOCAL ROLE radar_owner"
        static let applied = "SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name"
        static let checksum = "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS checksum"
        static let record = "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)"
        // One migrator at a time per database; the key is arbitrary but fixed.
        static let lock = "SELECT pg_advisory_xact_lock(7264211001)"
    }

    /// Every known migration with its applied time, after checking that applied files are unchanged.
    public func status(on connection: Connection) throws -> [Entry] {
        try connection.transaction { connection in
            try prepare(connection)
            return try verifiedEntries(connection)
        }
    }

    /// Applies every pending migration; returns the names applied (empty when already up to date).
    @discardableResult
    public func migrate(on connection: Connection) throws -> [String] {
        let pending = try status(on: connection).filter { $0.appliedAt == nil }
        var applied: [String] = []
        for entry in pending {
            guard let file = migrations.first(where: { $0.name == entry.name }) else { continue }
            let didApply = try connection.transaction { connection in
                try prepare(connection)
                // Another migrator may have applied it while we waited for the lock.
                let current = try verifiedEntries(connection)
                guard current.first(where: { $0.name == entry.name })?.appliedAt == nil else { return false }
                try connection.execute(file.text)
                try connection.execute(Query.record, [entry.name, entry.checksum])
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(entry.name)"])
                applied.append(entry.name)
            }
        }
        return applied
    }

    private func prepare(_ connection: Connection) throws {
        let rolesPresent = try connection.queryRow(Query.rolesExist)?.decode("present", as: Bool.self) ?? false
        guard rolesPresent else { throw StoreError.rolesMissing }
        try connection.execute(Query.actAsOwner)
        try connection.execute(Query.lock)
        try connection.execute(Query.ensureLedger)
    }

    private func verifiedEntries(_ connection: Connection) throws -> [Entry] {
        var applied: [String: (checksum: String, at: Date)] = [:]
        for row in try connection.query(Query.applied) {
            applied[try row.decode("name")] = (try row.decode("checksum"), try row.decode("applied_at"))
        }
        var entries: [Entry] = []
        for file in migrations {
            let checksum = try Self.checksum(of: file.text, on: connection)
            if let record = applied.removeValue(forKey: file.name) {
                guard record.checksum == checksum else {
                    throw StoreError.migrationChanged(name: file.name, applied: record.checksum, embedded: checksum)
                }
                entries.append(Entry(name: file.name, checksum: checksum, appliedAt: record.at))
            } else {
                entries.append(Entry(name: file.name, checksum: checksum, appliedAt: nil))
            }
        }
        if let unknown = applied.keys.sorted().first {
            throw StoreError.unknownAppliedMigration(name: unknown)
        }
        return entries
    }

    /// SHA-256 of the file's text, computed by the server so no crypto library is needed here.
    static func checksum(of text: String, on connection: Connection) throws -> String {
        try connection.queryRow(Query.checksum, [text])!.decode("checksum")
    }
}

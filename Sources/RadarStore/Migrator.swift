import Foundation
import Logging
import Postgres

/// Brings a database to this binary's schema: the numbered migrations of `sql/migrations/` in order, each in its own
/// transaction and checksummed, then the views and functions of `sql/definitions/` whose text changed (with whatever
/// requires them), in one transaction.
public struct Migrator: Sendable {
    /// A migration or a definition and whether its current text has been applied.
    public struct Entry: Sendable, Hashable {
        /// Which folder of `sql/` the file comes from.
        public enum Kind: String, Sendable, Hashable {
            case migration
            case definition
        }

        public var kind: Kind = .migration
        public var name: String
        public var checksum: String
        /// When this text was applied; `nil` while it is pending (a definition also when its object is missing).
        public var appliedAt: Date?
    }

    /// What one `migrate` applied.
    public struct Applied: Sendable, Hashable {
        /// Migrations applied, in order.
        public var migrations: [String] = []
        /// Views and functions created again, in creation order.
        public var definitions: [String] = []

        public var isEmpty: Bool { migrations.isEmpty && definitions.isEmpty }
    }

    /// Applied migrations whose text was later reworded without changing what they do, with the checksums they had
    /// before (as Flyway's `repair` records them): a database that applied an earlier text is accepted, its ledger
    /// takes the new checksum, and a later migration brings it the new wording. Nothing else may change an applied
    /// migration.
    public static let rewordedMigrations: [String: Set<String>] = [
        // 022_own_words.sql: guideline texts that kept the source documents' sentence shapes.
        "004_guidelines.sql": ["d52d5e110d0a24bdc82e81f3abc4dc5fbca221ebf60a656f3f0e70f95ef0b9d7"],
        // 022_own_words.sql: the next step of hr-before-champions.
        "008_rule_catalogue.sql": ["3b1338d634bb80c7b6112d2840884694d7c1d834dd7853bc6d6131fce0956f68"],
    ]

    public var migrations: [SQLFile]
    public var definitions: [SQLFile]
    public var logger: Logger

    public init(
        migrations: [SQLFile] = SQLFiles.migrations,
        definitions: [SQLFile] = SQLFiles.definitions,
        logger: Logger = Logger(label: "radar.migrate")
    ) {
        self.migrations = migrations
        self.definitions = definitions
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
        static let ensureDefinitionLedger = """
            CREATE TABLE IF NOT EXISTS schema_definitions (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        static let rolesExist =
            "SELECT count(*) = 2 AS present FROM pg_roles WHERE rolname IN ('radar_owner', 'radar_app')"
        static let actAsOwner = "SET LOCAL ROLE radar_owner"
        static let actAsApplication = "SET LOCAL ROLE radar_app"
        static let ledgersExist = """
            SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('schema_definitions') IS NOT NULL
                   AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'radar_app') AS present
            """
        static let applied = "SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name"
        static let appliedDefinitions = "SELECT name, checksum, applied_at FROM schema_definitions"
        static let checksums = """
            SELECT encode(sha256(convert_to(f.text, 'UTF8')), 'hex') AS checksum
              FROM unnest($1::text[]) WITH ORDINALITY AS f(text, position)
             ORDER BY f.position
            """
        static let record = "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)"
        static let repair = "UPDATE schema_migrations SET checksum = $2 WHERE name = $1"
        static let recordDefinition = """
            INSERT INTO schema_definitions (name, checksum) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()
            """
        /// The views and functions of the schema, by name, to tell a missing definition and what to drop.
        static let objects = """
            SELECT relname::text AS name, 'view' AS kind
              FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm')
            UNION
            SELECT proname::text, 'function' FROM pg_proc WHERE pronamespace = 'public'::regnamespace
            """
        // One migrator at a time per database; the key is arbitrary but fixed.
        static let lock = "SELECT pg_advisory_xact_lock(7264211001)"

        /// Drops one view of the definitions; the name is a checked identifier from an embedded file name.
        static func dropView(_ name: String) -> String { "DROP VIEW IF EXISTS \(name)" }
    }

    /// Every known migration, then every definition, with its applied time, after checking that applied migrations
    /// are unchanged.
    public func status(on connection: Connection) throws -> [Entry] {
        let graph = try DefinitionGraph(Definition.all(definitions))
        return try connection.transaction { connection in
            try prepareToRead(connection)
            return try verifiedEntries(connection) + definitionEntries(graph, connection).map(\.entry)
        }
    }

    /// Applies every pending migration, then recreates the definitions that changed; says what it applied (empty
    /// when already up to date).
    @discardableResult
    public func migrate(on connection: Connection) throws -> Applied {
        let graph = try DefinitionGraph(Definition.all(definitions))
        var applied = Applied()
        let pending = try connection.transaction { connection in
            try prepare(connection)
            return try verifiedEntries(connection, repairing: true).filter { $0.appliedAt == nil }
        }
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
                applied.migrations.append(entry.name)
            }
        }
        applied.definitions = try connection.transaction { connection in
            try prepare(connection)
            return try recreateChangedDefinitions(graph, connection)
        }
        return applied
    }

    /// Readies a transaction for reading the ledgers as the application role, so the service's own login (which
    /// cannot become the owner) can say whether the schema is current; a database without ledgers yet is prepared
    /// by the owner as for migrating.
    private func prepareToRead(_ connection: Connection) throws {
        if try connection.queryRow(Query.ledgersExist)?.decode("present", as: Bool.self) == true {
            try connection.execute(Query.actAsApplication)
        } else {
            try prepare(connection)
        }
    }

    private func prepare(_ connection: Connection) throws {
        let rolesPresent = try connection.queryRow(Query.rolesExist)?.decode("present", as: Bool.self) ?? false
        guard rolesPresent else { throw StoreError.rolesMissing }
        try connection.execute(Query.actAsOwner)
        try connection.execute(Query.lock)
        try connection.execute(Query.ensureLedger)
        try connection.execute(Query.ensureDefinitionLedger)
    }

    /// Every migration with its applied time; an applied file whose checksum changed is refused unless it is a listed
    /// rewording, whose ledger row takes the new checksum when `repairing`.
    private func verifiedEntries(_ connection: Connection, repairing: Bool = false) throws -> [Entry] {
        var applied: [String: (checksum: String, at: Date)] = [:]
        for row in try connection.query(Query.applied) {
            applied[try row.decode("name")] = (try row.decode("checksum"), try row.decode("applied_at"))
        }
        var entries: [Entry] = []
        for (file, checksum) in zip(migrations, try Self.checksums(of: migrations.map(\.text), on: connection)) {
            if let record = applied.removeValue(forKey: file.name) {
                if record.checksum != checksum {
                    guard Self.rewordedMigrations[file.name]?.contains(record.checksum) == true else {
                        throw StoreError.migrationChanged(name: file.name, applied: record.checksum, embedded: checksum)
                    }
                    if repairing {
                        try connection.execute(Query.repair, [file.name, checksum])
                        logger.info("accepted a reworded migration", metadata: ["migration": "\(file.name)"])
                    }
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

    /// Each definition in creation order, pending when its text differs from the one last applied or its object is
    /// missing (a migration may drop a view whose table it changes), with whether the object is a view now.
    private func definitionEntries(
        _ graph: DefinitionGraph, _ connection: Connection
    ) throws -> [(entry: Entry, definition: Definition, isView: Bool)] {
        var recorded: [String: (checksum: String, at: Date)] = [:]
        for row in try connection.query(Query.appliedDefinitions) {
            recorded[try row.decode("name")] = (try row.decode("checksum"), try row.decode("applied_at"))
        }
        var kinds: [String: String] = [:]
        for row in try connection.query(Query.objects) {
            kinds[try row.decode("name")] = try row.decode("kind")
        }
        let checksums = try Self.checksums(of: graph.ordered.map(\.file.text), on: connection)
        return zip(graph.ordered, checksums).map { definition, checksum in
            let record = recorded[definition.name]
            let current = record?.checksum == checksum && kinds[definition.name] != nil
            let entry = Entry(
                kind: .definition, name: definition.name, checksum: checksum,
                appliedAt: current ? record?.at : nil)
            return (entry, definition, kinds[definition.name] == "view")
        }
    }

    /// Drops the views a change reaches, last created first, then runs each reached file in creation order and
    /// records its checksum; returns the names recreated. A file that fails is named with the line PostgreSQL
    /// points at, and the caller's transaction leaves the database as it was.
    private func recreateChangedDefinitions(_ graph: DefinitionGraph, _ connection: Connection) throws -> [String] {
        let entries = try definitionEntries(graph, connection)
        let changed = Set(entries.filter { $0.entry.appliedAt == nil }.map(\.entry.name))
        guard !changed.isEmpty else { return [] }
        let reached = Set(graph.reach(of: changed).map(\.name))
        let affected = entries.filter { reached.contains($0.entry.name) }
        for item in affected.reversed() where item.isView {
            try connection.execute(Query.dropView(item.definition.name))
        }
        for item in affected {
            do {
                try connection.execute(item.definition.file.text)
            } catch let error as PostgresError {
                throw StoreError.definitionFailed(
                    file: item.definition.file.path,
                    line: error.position.map { item.definition.file.text.line(ofCharacter: $0) },
                    message: error.message)
            }
            try connection.execute(Query.recordDefinition, [item.entry.name, item.entry.checksum])
            logger.info("created definition", metadata: ["definition": "\(item.entry.name)"])
        }
        return affected.map(\.entry.name)
    }

    /// SHA-256 of each text, in order, computed by the server (so no crypto library is needed here) in one round
    /// trip: `/readyz` asks for the status of every migration and definition on each probe.
    static func checksums(of texts: [String], on connection: Connection) throws -> [String] {
        try connection.query(Query.checksums, [texts]).map { try $0.decode("checksum") }
    }

    /// SHA-256 of one text.
    static func checksum(of text: String, on connection: Connection) throws -> String {
        try checksums(of: [text], on: connection)[0]
    }
}

extension String {
    /// The 1-based line holding the 1-based character `position`, as PostgreSQL counts positions in a statement.
    func line(ofCharacter position: Int) -> Int {
        prefix(max(position - 1, 0)).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}

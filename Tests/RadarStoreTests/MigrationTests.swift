import RadarTestSupport
import Foundation
import Postgres
import PostgresTestSupport
import RadarDomain
import RadarRules
@testable import RadarStore
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test func aFreshDatabaseIsMigratedAndASecondRunIsANoOp() async throws {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        let applied = try await database.migrate()
        #expect(applied.migrations == SQLFiles.migrations.map(\.name))
        #expect(!applied.migrations.isEmpty)
        #expect(Set(applied.definitions) == Set(SQLFiles.definitions.map { String($0.name.dropLast(4)) }))

        let again = try await database.migrate()
        #expect(again.isEmpty)
        let status = try await database.migrationStatus()
        #expect(status.allSatisfy { $0.appliedAt != nil })
        await database.close()
    }

    @Test func aMigrationChangedAfterItWasAppliedIsRefused() async throws {
        let database = try await migratedFreshDatabase()

        var edited = SQLFiles.migrations
        edited[0].text += "\n-- an innocent-looking edit\n"
        let migrator = Migrator(migrations: edited)
        await #expect {
            try await database.pool.withConnection { try migrator.migrate(on: $0) }
        } throws: { error in
            guard case StoreError.migrationChanged(let name, _, _) = error else { return false }
            return name == edited[0].name
        }
        await database.close()
    }

    /// The texts of 004 and 008 before they were reworded (022), to make a database as an older radar left it.
    static let earlierWording: [String: [(now: String, before: String)]] = [
        "004_guidelines.sql": [
            (
                "Talk with each possible champion privately, starting from the coaching or mentoring that shaped them, and only then ask anything of them as a group.",
                "Sound out likely champions one at a time, about their own experience of being coached or mentored, before asking anything of a group."
            ),
            (
                "Invite every leader and champion to name what worries them about the change; a worry said aloud early is one the programme can still answer.",
                "Ask leaders and champions outright what worries them, so doubts and resistance show up early while they can still be worked with."
            ),
            (
                "Before HR stands up in front of the leadership team, briefed champions from line management should already have made the case to them in their own terms.",
                "Let well-briefed line-manager champions take the idea to the top team before HR makes any formal presentation."
            ),
            (
                "Leaders'' attention will wander sooner or later; keep them in the loop and give them parts to play, with new initiatives arriving one after another.",
                "Expect leaders'' attention to drift; keep them informed and involved through a rolling series of initiatives."
            ),
            (
                "Courses alone do not change a culture: treat training as one strand among several and agree outcomes the programme can truly deliver.",
                "A course is not a culture strategy: keep training as one part of the plan and keep expectations realistic."
            ),
        ],
        "008_rule_catalogue.sql": [
            (
                "Ask one or two briefed champions from line management to put the case to the leadership team themselves ahead of the next presentation.",
                "Brief one or two line-manager champions and let them carry the case to the top team before the next presentation."
            )
        ],
    ]

    @Test func aDatabaseMigratedBeforeTheRewordingMigratesCleanlyAndGetsTheNewWording() async throws {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        var earlier = SQLFiles.migrations.filter { $0.name < "022" }
        for index in earlier.indices {
            for (now, before) in Self.earlierWording[earlier[index].name] ?? [] {
                #expect(earlier[index].text.contains(now))
                earlier[index].text = earlier[index].text.replacingOccurrences(of: now, with: before)
            }
        }
        // As a radar from before sql/definitions/ left it: the views and functions its migrations made, no others
        // (today's definitions may read columns that later migrations add).
        let older = Migrator(migrations: earlier, definitions: [])
        try await database.pool.withConnection { _ = try older.migrate(on: $0) }
        for file in earlier where Self.earlierWording[file.name] != nil {
            let checksum = try await database.pool.withConnection { try Migrator.checksum(of: file.text, on: $0) }
            #expect(
                Migrator.rewordedMigrations[file.name]?.contains(checksum) == true,
                "\(file.name) as rebuilt here is not the text an older radar applied")
        }
        // Made as that radar made organisations: a copy of its catalogue, whose rules had no pending periods yet
        // (today's `Organisations.create` copies columns a later migration adds).
        let organisation = (slug: "before-rewording", name: "Before the rewording")
        try await database.asOwner(actor: "test") { connection in
            let id: UUID = try connection.queryRow(
                "INSERT INTO organisations (slug, name, time_zone) VALUES ($1, $2, 'UTC') RETURNING id",
                [organisation.slug, organisation.name])!.decode("id")
            try connection.execute("SELECT set_config('radar.org_id', $1, true)", [id.uuidString.lowercased()])
            try connection.execute(
                """
                INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                                   escalation_condition, escalation_severity, message_template, next_step, enabled)
                SELECT radar_current_org(), code, position, name, guideline, subject_kind, condition, severity,
                       escalation_condition, escalation_severity, message_template, next_step, enabled
                  FROM default_rules
                """)
        }
        let wording = { @Sendable () async throws -> (String, String) in
            try await database.inOrganisation(organisation.slug, actor: "test") { tx in
                let guideline = try GuidelineCatalogue.all(tx).first { $0.code == "G11" }
                // Read as SQL: `RuleEngine` reads columns the older schema does not have yet.
                let step: String? = try tx.connection.queryRow(
                    "SELECT next_step FROM rules WHERE code = 'hr-before-champions'")?.decode("next_step")
                return (guideline?.whatItAsks ?? "", step ?? "")
            }
        }
        #expect(try await wording().0.contains("informed and involved"))

        let applied = try await database.migrate()
        #expect(applied.migrations.first == "022_own_words.sql")
        #expect(applied.migrations == SQLFiles.migrations.map(\.name).filter { $0 >= "022" })
        let (guideline, step) = try await wording()
        #expect(guideline.hasPrefix("Leaders' attention will wander"))
        #expect(step.hasPrefix("Ask one or two briefed champions"))
        #expect(try await database.migrationStatus().allSatisfy { $0.appliedAt != nil })
        #expect(try await database.migrate().isEmpty)
        await database.close()
    }

    @Test func changingOneDefinitionRecreatesThatViewAndNothingElse() async throws {
        let database = try await migratedFreshDatabase()
        let before = try await Schema.read(database)

        var edited = SQLFiles.definitions
        let index = try #require(edited.firstIndex { $0.name == "query_activity.sql" })
        edited[index].text = edited[index].text.replacingOccurrences(
            of: "AS conversations", with: "AS conversations, 1 AS edition")
        #expect(edited[index].text != SQLFiles.definitions[index].text, "the edit must change the file")
        let applied = try await migrate(database, definitions: edited)
        #expect(applied.migrations.isEmpty)
        #expect(applied.definitions == ["query_activity"])

        let after = try await Schema.read(database)
        #expect(after.columns["query_activity"]?.contains("edition") == true)
        #expect(after.texts["query_activity"] != before.texts["query_activity"])
        for name in before.texts.keys where name != "query_activity" {
            #expect(after.texts[name] == before.texts[name], "\(name) changed")
            #expect(after.oids[name] == before.oids[name], "\(name) was recreated")
        }
        #expect(try await migrate(database, definitions: edited).isEmpty)
        await database.close()
    }

    @Test func changingAFunctionRecreatesTheViewsThatCallItAndLeavesTheOthers() async throws {
        let database = try await migratedFreshDatabase()
        let before = try await Schema.read(database)

        var edited = SQLFiles.definitions
        let index = try #require(edited.firstIndex { $0.name == "radar_owner_side.sql" })
        edited[index].text += "\n-- a comment that changes the checksum only\n"
        let applied = try await migrate(database, definitions: edited)
        #expect(applied.definitions == ["radar_owner_side", "query_commitments", "query_ownership"])

        let after = try await Schema.read(database)
        #expect(after.texts == before.texts, "the same text gives the same views")
        let views = Set(before.columns.filter { !$0.value.isEmpty }.keys)
        for name in views.subtracting(applied.definitions) {
            #expect(after.oids[name] == before.oids[name], "\(name) does not call it but was recreated")
        }
        for name in ["query_commitments", "query_ownership"] {
            #expect(after.oids[name] != before.oids[name], "\(name) calls it and was not recreated")
        }
        await database.close()
    }

    @Test func aDefinitionThatDoesNotCompileLeavesTheDatabaseAsItWasAndNamesTheFileAndLine() async throws {
        let database = try await migratedFreshDatabase()
        let before = try await Schema.read(database)

        var edited = SQLFiles.definitions
        // Two definitions change: the one that compiles first must not survive the other's failure.
        let good = try #require(edited.firstIndex { $0.name == "query_activity.sql" })
        edited[good].text = edited[good].text.replacingOccurrences(
            of: "AS conversations", with: "AS conversations, 1 AS edition")
        let bad = try #require(edited.firstIndex { $0.name == "query_silent.sql" })
        var lines = edited[bad].text.components(separatedBy: "\n")
        let broken = try #require(lines.firstIndex { $0.contains("FROM stakeholders s") })
        lines[broken] = lines[broken].replacingOccurrences(of: "FROM stakeholders s", with: "FROM no_such_table s")
        edited[bad].text = lines.joined(separator: "\n")

        await #expect {
            try await migrate(database, definitions: edited)
        } throws: { error in
            guard case StoreError.definitionFailed(let file, let line, let message) = error else { return false }
            return file == "definitions/query_silent.sql" && line == broken + 1 && message.contains("no_such_table")
                && "\(error)".hasPrefix("sql/definitions/query_silent.sql:\(broken + 1): ")
        }
        let after = try await Schema.read(database)
        #expect(after == before)
        let migrator = Migrator(definitions: edited)
        let pending = try await database.pool.withConnection {
            try migrator.status(on: $0)
        }.filter { $0.appliedAt == nil }.map(\.name)
        #expect(Set(pending) == ["query_activity", "query_silent"])
        await database.close()
    }

    @Test func aDefinitionDroppedByAMigrationIsCreatedAgain() async throws {
        let database = try await migratedFreshDatabase()
        try await database.pool.withConnection { try $0.execute("DROP VIEW query_activity") }

        let status = try await database.migrationStatus()
        #expect(status.filter { $0.appliedAt == nil }.map(\.name) == ["query_activity"])
        let applied = try await database.migrate()
        #expect(applied.definitions == ["query_activity"])
        #expect(try await Schema.read(database).columns["query_activity"] != nil)
        await database.close()
    }

    @Test func everyViewAndFunctionOfTheSchemaHasExactlyOneDefinitionFile() async throws {
        let database = try await TestDatabase.shared()
        let objects = try await database.pool.withConnection { connection in
            try connection.query(Migrator.Query.objects).map { try $0.decode("name", as: String.self) }
        }
        let files = SQLFiles.definitions.map { String($0.name.dropLast(4)) }
        #expect(Set(files).count == files.count)
        #expect(Set(objects) == Set(files))
    }

    @Test func definitionsAreCreatedAfterWhatTheyMentionAndAChangeReachesItsReaders() throws {
        func file(_ name: String, _ text: String) -> SQLFile { SQLFile(path: "definitions/\(name).sql", text: text) }
        let graph = try DefinitionGraph(
            Definition.all([
                file("top", "CREATE VIEW top AS SELECT * FROM middle"),
                file("middle", "CREATE VIEW middle AS SELECT * FROM base -- not: other"),
                file("base", "CREATE VIEW base AS SELECT 1"),
                file("other", "CREATE VIEW other AS SELECT 2"),
            ]))
        #expect(graph.ordered.map(\.name) == ["base", "other", "middle", "top"])
        #expect(graph.reach(of: ["middle"]).map(\.name) == ["middle", "top"])
        #expect(graph.reach(of: ["other"]).map(\.name) == ["other"])

        #expect(throws: StoreError.self) {
            try DefinitionGraph(Definition.all([file("a", "SELECT * FROM b"), file("b", "SELECT * FROM a")]))
        }
        #expect(throws: StoreError.self) { try Definition.all([file("Bad-Name", "SELECT 1")]) }
    }

    /// A database of its own, set up and migrated with the embedded files.
    private func migratedFreshDatabase() async throws -> RadarDatabase {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        try await database.migrate()
        return database
    }

    /// Migrates with the given definitions in place of the embedded ones.
    private func migrate(_ database: RadarDatabase, definitions: [SQLFile]) async throws -> Migrator.Applied {
        try await database.pool.withConnection { try Migrator(definitions: definitions).migrate(on: $0) }
    }

    @Test func theBinaryCarriesExactlyTheFilesOfTheSQLFolder() throws {
        let sqlFolder = URL(filePath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "sql")
        let walker = try #require(FileManager.default.enumerator(at: sqlFolder, includingPropertiesForKeys: nil))
        var onDisk: [String: String] = [:]
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(sqlFolder.standardizedFileURL.path.count + 1))
            onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        let embedded = Dictionary(uniqueKeysWithValues: SQLFiles.all.map { ($0.path, $0.text) })
        #expect(Set(embedded.keys) == Set(onDisk.keys))
        for (path, text) in onDisk {
            #expect(embedded[path] == text, "embedded copy of sql/\(path) differs from the file")
        }
    }
}

/// Roles belong to the whole cluster, and the shared test cluster has had them since the first test; these stories
/// need a cluster where setup never ran.
@Suite("Setting up a fresh cluster")
struct FreshClusterSetupTests {
    @Test func migratingBeforeSetupIsRefusedWithAMessageSayingToRunSetup() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.stop() }
        let database = RadarDatabase.open(conninfo: cluster.url(database: "postgres"), poolSize: 1)
        await #expect {
            try await database.migrate()
        } throws: { error in
            guard case StoreError.rolesMissing = error else { return false }
            return "\(error)".contains("radar setup")
        }
        await database.close()
    }

    /// Several databases of one cluster set up at once, as the test suite and a host with several organisations'
    /// databases do, race to create the same roles. Each round starts from a cluster without them.
    @Test func setupsOfSeveralDatabasesAtOnceAllSucceedWhenTheRolesDoNotExistYet() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.stop() }
        let admin = try Connection.connect(cluster.url(database: "postgres"))
        defer { admin.close() }
        let names = (1...6).map { "radar_setup_\($0)" }
        for round in 1...6 {
            for name in names { try admin.execute("CREATE DATABASE \(name)") }
            let databases = names.map { RadarDatabase.open(conninfo: cluster.url(database: $0), poolSize: 1) }
            let failures = await withTaskGroup(of: String?.self) { group in
                for database in databases {
                    group.addTask {
                        do {
                            try await database.setUpRoles()
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { failures, failure in
                    if let failure { failures.append(failure) }
                }
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
            for database in databases { await database.close() }
            // The next round needs a cluster without the roles again: first what they may connect to, then them.
            for name in names { try admin.execute("DROP DATABASE \(name)") }
            try admin.execute("DROP ROLE radar_owner")
            try admin.execute("DROP ROLE radar_app")
        }
    }
}

/// What a definition change may touch: each view's text, columns and identity, and each function's text.
private struct Schema: Equatable {
    var texts: [String: String] = [:]
    var columns: [String: [String]] = [:]
    var oids: [String: Int] = [:]

    static let query = """
        SELECT c.relname::text AS name, c.oid::int8 AS oid, pg_get_viewdef(c.oid) AS text,
               array_agg(a.attname::text ORDER BY a.attnum) AS columns
          FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'
         GROUP BY c.oid, c.relname
        UNION ALL
        SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.oid::int8,
               pg_get_functiondef(p.oid), ARRAY[]::text[]
          FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        """

    static func read(_ database: RadarDatabase) async throws -> Schema {
        try await database.pool.withConnection { connection in
            var schema = Schema()
            for row in try connection.query(query) {
                let name: String = try row.decode("name")
                schema.texts[name] = try row.decode("text")
                schema.columns[name] = try row.decode("columns")
                schema.oids[name] = Int(try row.decode("oid", as: Int64.self))
            }
            return schema
        }
    }
}

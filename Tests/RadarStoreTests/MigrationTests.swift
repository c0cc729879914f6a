import RadarTestSupport
import Foundation
import Postgres
@testable import RadarStore
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test func aFreshDatabaseIsMigratedAndASecondRunIsANoOp() async throws {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        let applied = try await database.migrate()
        #expect(applied == SQLFiles.migrations.map(\.name))
        #expect(!applied.isEmpty)

        let again = try await database.migrate()
        #expect(again.isEmpty)
        let status = try await database.migrationStatus()
        #expect(status.allSatisfy { $0.appliedAt != nil })
        await database.close()
    }

    @Test func aMigrationChangedAfterItWasAppliedIsRefused() async throws {
        let (database, _) = try await TestDatabase.freshDatabase()
        try await database.setUpRoles()
        try await database.migrate()

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

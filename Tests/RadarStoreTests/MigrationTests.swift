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

    @Test func migratingWithoutRolesSaysToRunSetup() async throws {
        // The roles are cluster-wide, so this only holds on a cluster where setup never ran; instead check
        // the message the migrator gives for that state.
        #expect(StoreError.rolesMissing.description.contains("radar setup"))
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

import Foundation
import RadarCLI
import RadarStore
import RadarTestSupport
import Synchronization
import Testing

@Suite("Reporting reads may go to a replica within the staleness allowed")
struct ReportingReadsTests {
    /// A URL where nothing listens: port 1 on this machine refuses at once.
    static let nowhere = "postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=2"

    @Test func readsGoToTheReadDatabaseWhenItIsFreshEnough() async throws {
        let org = try await TestDatabase.newOrganisation("reporting")
        // The primary cannot be reached, so an answer can only have come from the read database.
        let configuration = Configuration(
            databaseURL: Self.nowhere, organisation: nil,
            environment: ["RADAR_READ_DATABASE_URL": try TestDatabase.superuserURL()])
        let warnings = Mutex<[String]>([])
        let name = try await ReportingReads.withDatabase(
            configuration, warn: { line in warnings.withLock { $0.append(line) } }
        ) { database in
            try await database.inOrganisation(org.slug, actor: "test") { $0.organisation.name }
        }
        #expect(name == org.name)
        #expect(warnings.withLock { $0 }.isEmpty)
    }

    @Test func anUnreachableReadDatabaseSendsReadsToThePrimaryWithAWarning() async throws {
        let org = try await TestDatabase.newOrganisation("reporting")
        let configuration = Configuration(
            databaseURL: try TestDatabase.superuserURL(), organisation: nil,
            environment: ["RADAR_READ_DATABASE_URL": Self.nowhere])
        let warnings = Mutex<[String]>([])
        let name = try await ReportingReads.withDatabase(
            configuration, warn: { line in warnings.withLock { $0.append(line) } }
        ) { database in
            try await database.inOrganisation(org.slug, actor: "test") { $0.organisation.name }
        }
        #expect(name == org.name)
        let warned = warnings.withLock { $0 }
        #expect(warned.count == 1)
        #expect(warned.first?.contains("RADAR_READ_DATABASE_URL cannot be read") == true)
    }

    @Test func aPrimaryUsedAsReadDatabaseIsNeverStale() async throws {
        let lag = try await TestDatabase.shared().replicationLag()
        #expect(lag == .zero)
    }

    @Test func aReplicaIsUsedOnlyWhenItsLagIsKnownAndWithinTheAllowance() {
        #expect(ReportingReads.accepts(lag: .seconds(3), allowance: .seconds(30)))
        #expect(ReportingReads.accepts(lag: .seconds(30), allowance: .seconds(30)))
        #expect(!ReportingReads.accepts(lag: .seconds(45), allowance: .seconds(30)))
        #expect(!ReportingReads.accepts(lag: nil, allowance: .seconds(30)))
    }

    @Test func theAllowanceIsReadFromTheEnvironmentAndABadOneIsNamed() throws {
        let unset = Configuration(databaseURL: "", organisation: nil, environment: [:])
        #expect(try unset.readMaxStaleness() == Configuration.defaultReadMaxStaleness)
        #expect(unset.readDatabaseURL == nil)
        let set = Configuration(
            databaseURL: "", organisation: nil,
            environment: ["RADAR_READ_MAX_STALENESS": "5", "RADAR_READ_DATABASE_URL": "postgresql://replica/radar"])
        #expect(try set.readMaxStaleness() == .seconds(5))
        #expect(set.readDatabaseURL == "postgresql://replica/radar")
        let bad = Configuration(databaseURL: "", organisation: nil, environment: ["RADAR_READ_MAX_STALENESS": "soon"])
        #expect {
            try bad.readMaxStaleness()
        } throws: { error in
            "\(error)".contains("RADAR_READ_MAX_STALENESS") && "\(error)".contains("soon")
        }
    }
}

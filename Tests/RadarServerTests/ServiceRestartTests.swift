import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import PostgresTestSupport
@testable import RadarServer
import RadarStore
import RadarTestSupport
import Synchronization
import Testing

/// The service rides out a PostgreSQL restart under load. It restarts the shared test cluster, so `deploy/test.sh`
/// runs this suite on its own, after every other suite (see `restart_suites` there).
@Suite("The service keeps serving across a database restart", .serialized)
struct ServiceRestartTests {
    /// One POST as the client saw it: when it was sent and answered, and how.
    struct Attempt: Sendable {
        var email: String
        var sent: ContinuousClock.Instant
        var answered: ContinuousClock.Instant
        var status: Int
        var retryAfter: String?
    }

    @Test func writesAre201Or503WithRetryAfterAndNoAcknowledgedWriteIsLost() async throws {
        // A pool of its own with a short wait, so requests meet the outage quickly instead of queueing behind it.
        var configuration = ConnectionPoolConfiguration(
            conninfo: try TestDatabase.superuserURL(), size: 4, acquireTimeout: .seconds(2),
            connectTimeout: .seconds(2))
        configuration.applicationName = "radar restart test"
        var logger = Logger(label: "radar.test.restart")
        logger.logLevel = .critical
        let database = RadarDatabase(pool: ConnectionPool(configuration: configuration, logger: logger), logger: logger)
        let fixture = try await ServerFixture.make("restart", database: database)
        let record = LoadRecord()

        var dependencies = fixture.dependencies
        dependencies.logger = logger
        let application = Application(router: try buildRouter(dependencies))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let path = "/api/v1/orgs/\(fixture.org.slug)/stakeholders"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            var index = 0
                            while !record.stop.load(ordering: .relaxed) {
                                index += 1
                                let email = "w\(worker)-\(index)@example.org"
                                let sent = ContinuousClock.now
                                let response = try await connection.execute(
                                    .init(
                                        path, method: .post,
                                        headers: [
                                            .authorization: "Bearer \(fixture.hr.token)",
                                            .contentType: "application/json",
                                        ],
                                        body: ByteBuffer(string: stakeholderJSON(name: "Person \(index)", email: email))
                                    ))
                                record.attempts.withLock {
                                    $0.append(
                                        Attempt(
                                            email: email, sent: sent, answered: .now,
                                            status: Int(response.status.code),
                                            retryAfter: response.headers[.retryAfter]))
                                }
                                if response.status.code == 503 { try await Task.sleep(for: .milliseconds(50)) }
                            }
                        }
                    }
                }
                group.addTask {
                    defer { record.stop.store(true, ordering: .relaxed) }
                    try await Task.sleep(for: .seconds(1))
                    let began = ContinuousClock.now
                    try ClusterControl.restart()
                    record.outage.withLock { $0 = (began, .now) }
                    try await Task.sleep(for: .seconds(4))
                }
                try await group.waitForAll()
            }
        }

        let all = record.attempts.withLock { $0 }
        let window = try #require(record.outage.withLock { $0 })
        // Connections broken by the restart are found and replaced on their next use, within a moment of its end.
        let settled = window.ended.advanced(by: .seconds(2))
        let acknowledged = all.filter { $0.status == 201 }
        let unavailable = all.filter { $0.status == 503 }
        #expect(
            all.allSatisfy { $0.status == 201 || $0.status == 503 },
            "other statuses: \(Set(all.map(\.status)).sorted())")
        #expect(
            unavailable.allSatisfy { $0.retryAfter.flatMap(Int.init).map { $0 > 0 } == true },
            "every 503 carries Retry-After")
        #expect(
            unavailable.allSatisfy { $0.answered >= window.began && $0.sent <= settled },
            "a 503 outside the outage")
        #expect(!unavailable.isEmpty, "the load met the outage (\(all.count) requests)")
        #expect(!all.filter { $0.sent > settled }.isEmpty, "the load went on after the restart")
        #expect(acknowledged.filter { $0.sent < window.began }.count > 0, "writes were acknowledged before it")
        #expect(acknowledged.filter { $0.sent > settled }.count > 0, "writes were acknowledged after it")

        // Every acknowledged write is in the database (asked through a fresh connection of the shared pool).
        let shared = try await TestDatabase.shared()
        var stored: Set<String> = []
        for attempt in 1...5 {
            do {
                stored = Set(
                    try await shared.inOrganisation(fixture.org.slug, actor: "test") { tx in
                        try Stakeholders(tx).list(Stakeholders.Filter(includeLeft: true)).map(\.email)
                    })
                break
            } catch  where attempt < 5 {
                // The shared pool's connections were broken by the restart too; each is replaced on its first use.
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let lost = acknowledged.map(\.email).filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost)")
        await database.close()
    }
}

/// What the load saw, shared by the workers and the task that restarts the cluster.
final class LoadRecord: Sendable {
    let attempts = Mutex<[ServiceRestartTests.Attempt]>([])
    let outage = Mutex<(began: ContinuousClock.Instant, ended: ContinuousClock.Instant)?>(nil)
    let stop = Atomic<Bool>(false)
}

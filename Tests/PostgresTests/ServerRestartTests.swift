import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("The pool recovers by itself after the server restarts", .serialized, .exclusiveDatabase)
struct ServerRestartTests {
    @Test func poolRecoversAfterPgCtlRestart() async throws {
        #expect(await ServerRestartGate.shared.isExclusivelyHeld)
        let pool = try TestServer.pool(size: 2, acquireTimeout: .seconds(5))
        let startedBefore = try await pool.withConnection { connection in
            try connection.queryRow("SELECT pg_postmaster_start_time()::text AS started")?.text("started")
        }
        // Warm both connections, so both are stale after the restart.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { _ = try await pool.withConnection { try $0.execute("SELECT pg_sleep(0.2)") } }
            }
            try await group.waitForAll()
        }
        #expect(pool.statistics.open == 2)

        try ClusterControl.restart()

        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        var startedAfter: String?
        var failures = 0
        while startedAfter == nil, ContinuousClock.now < deadline {
            do {
                startedAfter = try await pool.withConnection { connection in
                    try connection.queryRow("SELECT pg_postmaster_start_time()::text AS started")?.text("started")
                }
            } catch {
                failures += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(startedAfter != nil && startedAfter != startedBefore)
        // Both stale connections are gone: several borrowers in a row all succeed.
        for _ in 0..<6 {
            #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)
        }
        #expect(failures <= 2, "at most one failed borrow per stale connection")
        await pool.shutdown()
    }
}

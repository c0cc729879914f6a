import Foundation
import Postgres
import Testing

/// Restarts the test server with `pg_ctl restart`, as the OS user that owns it.
private func restartServer() throws {
    let missing = "is not set: run deploy/test.sh, which starts a throwaway server this test may restart"
    let dataDirectory = try TestDatabase.environment("RADAR_TEST_PGDATA", missing: "RADAR_TEST_PGDATA \(missing)")
    let binDirectory = try TestDatabase.environment("RADAR_TEST_PGBIN", missing: "RADAR_TEST_PGBIN \(missing)")
    let osUser = ProcessInfo.processInfo.environment["RADAR_TEST_PG_OS_USER"] ?? ""
    // The server's output goes to its own log file, so it does not hold pg_ctl's output open.
    let serverLog = FileManager.default.temporaryDirectory
        .appendingPathComponent("radar-pg-restart-\(UUID().uuidString).log").path
    let pgCtl = ["\(binDirectory)/pg_ctl", "-D", dataDirectory, "-l", serverLog, "-m", "fast", "-w", "-t", "60", "restart"]
    let process = Process()
    if osUser.isEmpty {
        process.executableURL = URL(fileURLWithPath: pgCtl[0])
        process.arguments = Array(pgCtl.dropFirst())
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", osUser, "--"] + pgCtl
    }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("pg_ctl-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    try #require(process.terminationStatus == 0, "pg_ctl restart failed: \(text)")
}

@Suite("The pool recovers by itself after the server restarts", .serialized, .exclusiveDatabase)
struct ServerRestartTests {
    @Test func poolRecoversAfterPgCtlRestart() async throws {
        #expect(await ServerRestartGate.shared.isExclusivelyHeld)
        let pool = try TestDatabase.pool(size: 2, acquireTimeout: .seconds(5))
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

        try restartServer()

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

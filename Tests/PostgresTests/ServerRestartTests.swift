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
    let pgCtl = [
        "\(binDirectory)/pg_ctl", "-D", dataDirectory, "-l", serverLog, "-m", "fast", "-w", "-t", "60", "restart",
    ]
    let command = osUser.isEmpty ? pgCtl : ["/usr/sbin/runuser", "-u", osUser, "--"] + pgCtl
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("pg_ctl-\(UUID().uuidString).out")
    defer { try? FileManager.default.removeItem(at: output) }
    let status = try runToCompletion(command, output: output.path)
    let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    try #require(status == 0, "pg_ctl restart failed: \(text)")
}

/// Runs a program with stdout and stderr in a file and returns its exit status. (Foundation's `Process` can miss
/// the child's exit when waited for from a test task on Linux, so this waits with `waitpid`.)
private func runToCompletion(_ command: [String], output: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let arguments = command.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
    guard spawned == 0 else {
        throw TestSetupError(description: "cannot run \(command[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WEXITSTATUS, which Swift does not import.
    return (status >> 8) & 0xff
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

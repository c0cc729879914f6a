import Foundation
import Testing

/// PostgreSQL's programs run as the OS user that owns a test cluster (`deploy/test.sh` says which): restarting the
/// shared cluster, and what `PrivateCluster` needs.
public enum ClusterControl {
    public static func restart() throws {
        let environment = ProcessInfo.processInfo.environment
        let missing = "is not set: run deploy/test.sh, which starts a throwaway server this test may restart"
        let dataDirectory = try #require(environment["RADAR_TEST_PGDATA"], "RADAR_TEST_PGDATA \(missing)")
        let binDirectory = try #require(environment["RADAR_TEST_PGBIN"], "RADAR_TEST_PGBIN \(missing)")
        let serverLog = FileManager.default.temporaryDirectory
            .appendingPathComponent("radar-pg-restart-\(UUID().uuidString).log").path
        try runAsClusterOwner(
            [
                "\(binDirectory)/pg_ctl", "-D", dataDirectory, "-l", serverLog, "-m", "fast", "-w", "-t", "60",
                "restart",
            ],
            osUser: environment["RADAR_TEST_PG_OS_USER"] ?? "", doing: "pg_ctl restart")
    }

    /// Runs one of PostgreSQL's programs as the OS user that owns the cluster (`runuser` when one is named); a
    /// failure fails the test with the program's output, saying it was `doing` that.
    static func runAsClusterOwner(_ program: [String], osUser: String, doing: String) throws {
        let command = osUser.isEmpty ? program : ["/usr/sbin/runuser", "-u", osUser, "--"] + program
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try run(command, output: output.path)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try #require(status == 0, "\(doing) failed: \(text)")
    }

    /// Runs a program with stdout and stderr in a file and returns its exit status, waiting with `waitpid` (Foundation's
    /// `Process` can miss the child's exit when waited for from a test task on Linux).
    private static func run(_ command: [String], output: String) throws -> Int32 {
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
            Issue.record("cannot run \(command[0]): \(String(cString: strerror(spawned)))")
            return -1
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WEXITSTATUS, which Swift does not import.
        return (status >> 8) & 0xff
    }
}

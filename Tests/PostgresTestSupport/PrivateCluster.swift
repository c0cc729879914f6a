import Foundation
import Testing

/// A PostgreSQL cluster of one test's own, for what is cluster-wide and already settled on the shared one (the
/// product's roles): initdb into a fresh directory, started on a free port, and stopped and removed by `stop()`.
public final class PrivateCluster: Sendable {
    public let port: Int
    let directory: String
    let binDirectory: String
    let osUser: String

    /// Creates and starts the cluster with the same binaries and OS user as the shared test cluster.
    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        let missing = "is not set: run deploy/test.sh, which says where PostgreSQL's programs are"
        binDirectory = try #require(environment["RADAR_TEST_PGBIN"], "RADAR_TEST_PGBIN \(missing)")
        osUser = environment["RADAR_TEST_PG_OS_USER"] ?? ""
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("radar-private-cluster-\(UUID().uuidString.prefix(8).lowercased())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !osUser.isEmpty {
            try FileManager.default.setAttributes([.ownerAccountName: osUser], ofItemAtPath: directory)
        }
        port = try Self.freePort()
        try runAsOwner(["initdb", "-D", "\(directory)/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        try runAsOwner([
            "pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-t", "60", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ])
    }

    /// The superuser URL of `database` in this cluster.
    public func url(database: String) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Stops the server and removes its files.
    public func stop() {
        _ = try? runAsOwner(["pg_ctl", "-D", "\(directory)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one of PostgreSQL's programs (by name) as the cluster's OS user; a failure fails the test.
    private func runAsOwner(_ command: [String]) throws {
        try ClusterControl.runAsClusterOwner(
            ["\(binDirectory)/\(command[0])"] + command.dropFirst(), osUser: osUser,
            doing: "\(command[0]) for the private cluster")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0, "cannot open a socket to find a free port")
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        try #require(bound, "cannot bind a socket to find a free port")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

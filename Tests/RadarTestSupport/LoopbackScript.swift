import Foundation

/// A small HTTP peer on 127.0.0.1 in its own Python process, for tests that need a real server on the other end (a
/// calendar feed, a webhook receiver). The script listens on a port of its choosing and prints it as its first
/// line; it must exit when its standard input closes, so it never outlives the test process.
public final class LoopbackScript {
    public let process: Process
    public let port: Int
    private let input = Pipe()

    /// Starts `python3 -c script arguments…`; `name` says in a failure which peer did not start.
    public init(_ script: String, arguments: [String], name: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        do { try process.run() } catch { throw Unavailable(name: name) }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw Unavailable(name: name) }
        self.port = port
    }

    /// The peer could not start.
    public struct Unavailable: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "the \(name) did not start (python3 is needed: apt-get install python3)" }
    }

    /// Each line of the JSON-lines file `log` the script writes, decoded; none while it does not exist yet.
    public static func entries<Entry: Decodable>(of log: URL, as _: Entry.Type = Entry.self) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        return try String(decoding: Data(contentsOf: log), as: UTF8.self).split(separator: "\n")
            .map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    /// Ends the peer without waiting for it: SIGKILL, since a child of a Swift process inherits a signal mask that
    /// blocks SIGTERM, and no blocking wait on the cooperative pool.
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

import Foundation
import Testing

extension TestDatabase {
    /// A data-only dump of the whole test database, as an operator would take one. pg_dump runs as a child process
    /// that is awaited, not waited for on a cooperative thread, so the other suites keep running meanwhile.
    public static func dump() async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let candidates =
            [environment["RADAR_TEST_PGBIN"].map { $0 + "/pg_dump" }]
            + (environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/pg_dump" }
        guard let executable = candidates.compactMap({ $0 }).first(where: FileManager.default.isExecutableFile) else {
            Issue.record("pg_dump was not found in $RADAR_TEST_PGBIN or on PATH: install postgresql-client")
            throw MissingTool()
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("radar-dump-\(UUID().uuidString).sql")
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("radar-dump-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: errors)
        }
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--data-only", "--no-owner", "--file", file.path, try TestDatabase.superuserURL()]
        process.standardError = try FileHandle(forWritingTo: errors)
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let complaint = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(status == 0, "pg_dump exited with \(status): \(complaint)")
        return try String(contentsOf: file, encoding: .utf8)
    }
}

/// pg_dump was not where the tests look for it.
private struct MissingTool: Error {}

/// How often `needle` occurs in `text`.
public func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

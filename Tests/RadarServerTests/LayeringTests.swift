import Foundation
import Testing

/// The layers keep to their jobs: SQL lives in the store and in the modules that own their tables, never in the
/// edges (web pages, the HTTP service, the CLI), and the domain does no I/O.
@Suite("Layering")
struct LayeringTests {
    static let sources = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources")

    /// Every Swift file of a module, by its path below `Sources/`, with its lines.
    static func files(of module: String) throws -> [(path: String, lines: [String])] {
        let folder = sources.appending(path: module)
        let walker = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
            let path = String(url.standardizedFileURL.path.dropFirst(sources.standardizedFileURL.path.count + 1))
            return (path, try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n"))
        }
    }

    static let sql = #"\b(SELECT\s|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)"#
    static let databaseAccess = #"\.connection\b|pool\.(withConnection|transaction)"#

    @Test(arguments: ["RadarWeb", "RadarServer", "RadarCLI", "radar"])
    func theEdgesHoldNoSQLAndNeverReachForAConnection(module: String) throws {
        let sql = try Regex(Self.sql), databaseAccess = try Regex(Self.databaseAccess)
        var found: [String] = []
        for file in try Self.files(of: module) {
            for (number, line) in file.lines.enumerated()
            where line.contains(sql) || line.contains(databaseAccess) {
                found.append("\(file.path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "SQL or a connection in an edge:\n\(found.joined(separator: "\n"))")
    }

    @Test func theDomainImportsNothingThatDoesIO() throws {
        let allowed: Set<String> = ["Foundation", "CivilCalendar"]
        var found: [String] = []
        for file in try Self.files(of: "RadarDomain") {
            for line in file.lines where line.hasPrefix("import ") {
                let module = String(line.dropFirst("import ".count)).trimmingCharacters(in: .whitespaces)
                if !allowed.contains(module) { found.append("\(file.path): \(line)") }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}

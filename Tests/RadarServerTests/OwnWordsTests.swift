import Foundation
import Testing

/// Every text the product shows is written in our own words: no run of five words from the source documents in
/// `../shared/seeds` appears in the schema, the sources (templates and string literals among them) or the README.
@Suite("Our own words")
struct OwnWordsTests {
    static let repository = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Lower-case words, apostrophes kept, curly ones folded: how the runs are compared.
    static func words(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
            .split { !($0.isLetter && $0.isASCII) && $0 != "'" }.map(String.init)
    }

    static func runs(_ words: [String]) -> [String] {
        words.count < 5 ? [] : (0...(words.count - 5)).map { words[$0..<$0 + 5].joined(separator: " ") }
    }

    static func files(below folder: URL, endings: Set<String>) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.compactMap { $0 as? URL } ?? []).filter { endings.contains($0.pathExtension) }
    }

    @Test func noRunOfFiveWordsFromTheSourceDocumentsAppearsInTheProduct() throws {
        let seeds = Self.repository.deletingLastPathComponent().appending(path: "shared/seeds")
        let seedFiles = (try? FileManager.default.contentsOfDirectory(at: seeds, includingPropertiesForKeys: nil)) ?? []
        try #require(
            !seedFiles.isEmpty,
            "the source documents are not at \(seeds.path): the repository's parent must hold shared/seeds")
        var seedRuns: Set<String> = []
        for file in seedFiles {
            seedRuns.formUnion(Self.runs(Self.words(try String(contentsOf: file, encoding: .utf8))))
        }
        let product =
            Self.files(below: Self.repository.appending(path: "sql"), endings: ["sql"])
            + Self.files(
                below: Self.repository.appending(path: "Sources"),
                endings: ["swift", "mustache", "html", "yaml", "css", "js"])
            + [Self.repository.appending(path: "README.md")]
        #expect(product.count > 50)
        var copies: [String] = []
        for file in product {
            let text = try String(contentsOf: file, encoding: .utf8)
            for run in Set(Self.runs(Self.words(text))) where seedRuns.contains(run) {
                copies.append("\(file.path.dropFirst(Self.repository.path.count + 1)): \"\(run)\"")
            }
        }
        #expect(copies.isEmpty, "say it in our own words:\n\(copies.sorted().joined(separator: "\n"))")
    }
}

import Foundation

/// One view or function of `sql/definitions/`: its current text, recreated by `radar migrate` when that text changes.
///
/// The file is named after the object it defines (`facts_stakeholder.sql` defines `facts_stakeholder`); views are
/// dropped and created again, functions are replaced in place (`CREATE OR REPLACE FUNCTION`), so the triggers and
/// policies that call them stay attached.
public struct Definition: Sendable, Hashable {
    public var file: SQLFile
    /// The object's name: the file name without `.sql`.
    public var name: String
    /// The other definitions whose names the text mentions outside comments: they are created first, and a change to
    /// any of them recreates this one too.
    public var requires: Set<String>

    /// Reads each file's name and what it mentions; fails on a file name that is not a plain SQL identifier.
    public static func all(_ files: [SQLFile]) throws -> [Definition] {
        let names = try files.map { file -> String in
            let name = String(file.name.dropLast(".sql".count))
            guard file.name.hasSuffix(".sql"), name.isPlainIdentifier else {
                throw StoreError.definitionFailed(
                    file: file.path, line: nil,
                    message: "a definition's file name must be the object's name in lower case, followed by .sql")
            }
            return name
        }
        let known = Set(names)
        return zip(files, names).map { file, name in
            let words = Set(file.text.withoutLineComments.identifierWords)
            return Definition(file: file, name: name, requires: words.intersection(known).subtracting([name]))
        }
    }
}

/// The definitions in the order they can be created, and which of them a change reaches.
public struct DefinitionGraph: Sendable {
    /// Every definition, each after those it requires (ties broken by name, so the order is stable).
    public let ordered: [Definition]

    public init(_ definitions: [Definition]) throws {
        var remaining = Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) })
        var ordered: [Definition] = []
        while !remaining.isEmpty {
            let ready = remaining.values.filter { $0.requires.allSatisfy { remaining[$0] == nil } }
                .sorted { $0.name < $1.name }
            guard !ready.isEmpty else {
                let cycle = remaining.keys.sorted().joined(separator: ", ")
                throw StoreError.definitionFailed(
                    file: "definitions/", line: nil,
                    message: "these definitions mention each other in a circle: \(cycle)")
            }
            for definition in ready { remaining[definition.name] = nil }
            ordered += ready
        }
        self.ordered = ordered
    }

    /// The named definitions and every definition that requires one of them, directly or through others, in
    /// creation order.
    public func reach(of changed: Set<String>) -> [Definition] {
        var reached = changed
        // Creation order lists each definition after what it requires, so one pass carries a change all the way up.
        for definition in ordered where !definition.requires.isDisjoint(with: reached) {
            reached.insert(definition.name)
        }
        return ordered.filter { reached.contains($0.name) }
    }
}

extension String {
    /// Whether the text is a lower-case SQL identifier that needs no quoting.
    fileprivate var isPlainIdentifier: Bool {
        guard let first = unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The text without `--` comments, so a name mentioned only in prose creates no dependency.
    fileprivate var withoutLineComments: String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
    }

    /// Every run of identifier characters, lower-cased.
    fileprivate var identifierWords: [String] {
        lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }
}

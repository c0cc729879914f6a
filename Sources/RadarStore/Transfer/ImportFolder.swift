import Foundation
import RadarDomain

/// The CSV files of a folder to import, read and parsed before any transaction starts.
public struct ImportFolder: Sendable {
    /// The tables found, by file; files the folder does not hold are absent.
    public let tables: [TransferFile: CSVTable]

    public init(tables: [TransferFile: CSVTable]) {
        self.tables = tables
    }

    /// Parses CSV texts given by file, as if they were a folder's files (for tests and other callers).
    public init(texts: [TransferFile: String]) {
        tables = texts.reduce(into: [:]) { $0[$1.key] = CSVTable.parse($1.value, as: $1.key) }
    }

    /// The files present, in load order.
    public var files: [TransferFile] { tables.keys.sorted() }

    /// Reads whichever of the seven files `directory` holds; a missing folder, or one holding none of them, is
    /// a validation failure naming it.
    public static func read(_ directory: URL) throws -> ImportFolder {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ValidationFailure([ValidationProblem(field: directory.path, message: "no such folder")])
        }
        var tables: [TransferFile: CSVTable] = [:]
        for file in TransferFile.allCases {
            let url = directory.appendingPathComponent(file.fileName)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            tables[file] = try CSVTable.read(url, as: file)
        }
        guard !tables.isEmpty else {
            let names = TransferFile.allCases.map(\.fileName).joined(separator: ", ")
            throw ValidationFailure([
                ValidationProblem(
                    field: directory.path, message: "holds none of the files to import (\(names))")
            ])
        }
        return ImportFolder(tables: tables)
    }
}

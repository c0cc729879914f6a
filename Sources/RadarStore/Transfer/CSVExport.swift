import CSV
import Foundation
import Postgres
import RadarDomain

/// Exports the transaction's organisation as the seven CSV files `CSVImport` reads, in a stable order, so that
/// export → import into an empty organisation → export gives the same bytes.
public struct CSVExport {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// One exported file: its rows as CSV text (UTF-8, CRLF line ends, header first).
    public struct File: Sendable {
        public var file: TransferFile
        public var rows: Int
        public var data: Data
    }

    /// Every file, in load order.
    public func files() throws -> [File] {
        try TransferFile.allCases.map { file in
            let result = try tx.connection.query(Query.select(file))
            return File(file: file, rows: result.count, data: try Self.csv(header: file.columns, rows: result.rows))
        }
    }

    /// RFC 4180 text through the CSV library: NULL becomes an empty cell, a cell a spreadsheet would run as a
    /// formula is neutralised (`SpreadsheetCell`), every line ends in CRLF.
    static func csv(header: [String], rows: [Row]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: header)
        for row in rows {
            try writer.write(row: row.values.map { $0.map(SpreadsheetCell.neutralised) ?? "" })
        }
        stream.close()
        var data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        // The library separates rows but does not end the last one.
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }

    /// Writes `files` into `directory` (created if missing); existing files are refused unless `overwrite`.
    public static func write(_ files: [File], to directory: URL, overwrite: Bool) throws {
        try checkTarget(directory, files: files.map(\.file), overwrite: overwrite)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            try file.data.write(to: directory.appendingPathComponent(file.file.fileName), options: .atomic)
        }
    }

    /// Refuses a target that is a file, or that holds any of `files` when not overwriting, naming each one.
    public static func checkTarget(
        _ directory: URL, files: [TransferFile] = TransferFile.allCases, overwrite: Bool
    ) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationFailure([ValidationProblem(field: directory.path, message: "is a file, not a folder")])
        }
        guard !overwrite else { return }
        let existing = files.map { directory.appendingPathComponent($0.fileName) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        if !existing.isEmpty {
            throw ValidationFailure(
                existing.map {
                    ValidationProblem(field: $0.path, message: "already exists; pass --force to overwrite it")
                })
        }
    }
}

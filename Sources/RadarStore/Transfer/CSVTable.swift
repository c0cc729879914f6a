import CSV
import Foundation
import RadarDomain

/// One CSV file as read: its header checked against the file's columns, and its records with the physical line
/// each starts on, so problems can name `file:line`.
public struct CSVTable: Sendable {
    public let file: TransferFile
    /// Column name → position in each record, for the known columns the header names.
    let columnIndex: [String: Int]
    let records: [CSVRecord]
    /// Problems with the file's shape: unreadable text, header, cell counts.
    let problems: [ShapeProblem]

    /// A problem with the file itself rather than one value.
    struct ShapeProblem: Sendable {
        var line: Int
        var column: String?
        var message: String
    }

    /// Whether the header names `column`.
    func has(_ column: String) -> Bool { columnIndex[column] != nil }

    /// The values of one column, trimmed, skipping empty cells.
    func values(of column: String) -> [String] {
        records.compactMap { CSVRecord.Cells(record: $0, columnIndex: columnIndex)[column] }
    }

    /// Reads and checks a file that exists; text that is not UTF-8 is a problem on line 1.
    static func read(_ url: URL, as file: TransferFile) throws -> CSVTable {
        let data = try Data(contentsOf: url)
        guard let text = String(validating: data, as: UTF8.self) else {
            return CSVTable(
                file: file, columnIndex: [:], records: [],
                problems: [
                    ShapeProblem(line: 1, message: "is not UTF-8 text")
                ])
        }
        return parse(text, as: file)
    }

    /// Parses CSV text (RFC 4180) with the CSV library and checks its header against `file`'s columns.
    static func parse(_ text: String, as file: TransferFile) -> CSVTable {
        // Spreadsheets often start UTF-8 files with a byte order mark; it is not part of the first column's name.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var problems: [ShapeProblem] = []
        guard let reader = try? CSVReader(string: body, hasHeaderRow: true), let header = reader.headerRow,
            header != [""]
        else {
            return CSVTable(
                file: file, columnIndex: [:], records: [],
                problems: [
                    ShapeProblem(
                        line: 1, message: "the header row is missing; expected \(file.columns.joined(separator: ","))")
                ])
        }
        var columnIndex: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if !file.columns.contains(name) {
                problems.append(
                    ShapeProblem(
                        line: 1, column: name.isEmpty ? "column \(position + 1)" : name,
                        message: "unknown column; expected \(file.columns.joined(separator: ", "))"))
            } else if columnIndex[name] != nil {
                problems.append(ShapeProblem(line: 1, column: name, message: "column appears twice in the header"))
            } else {
                columnIndex[name] = position
            }
        }
        for column in file.columns where file.requiredColumns.contains(column) && columnIndex[column] == nil {
            problems.append(ShapeProblem(line: 1, column: column, message: "required column is missing"))
        }

        var records: [CSVRecord] = []
        var line = 1 + 1 + header.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        while let cells = reader.next() {
            let start = line
            line += 1 + cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count == header.count else {
                problems.append(
                    ShapeProblem(
                        line: start, message: "has \(cells.count) cells but the header has \(header.count)"))
                continue
            }
            records.append(CSVRecord(line: start, cells: cells))
        }
        return CSVTable(file: file, columnIndex: columnIndex, records: records, problems: problems)
    }

    /// Line breaks inside a quoted cell: CRLF, LF and a lone CR each end one physical line.
    static func lineBreaks(in cell: String) -> Int {
        var count = 0
        var afterCR = false
        for byte in cell.utf8 {
            if byte == UInt8(ascii: "\r") {
                count += 1
                afterCR = true
            } else {
                if byte == UInt8(ascii: "\n"), !afterCR { count += 1 }
                afterCR = false
            }
        }
        return count
    }
}

/// One data record of a CSV file and the physical line it starts on.
struct CSVRecord: Sendable {
    let line: Int
    let cells: [String]

    /// A record's cells looked up by column name.
    struct Cells {
        let record: CSVRecord
        let columnIndex: [String: Int]

        var line: Int { record.line }

        /// Whether the file has this column at all.
        func has(_ column: String) -> Bool { columnIndex[column] != nil }

        /// The trimmed value (a cell neutralised for spreadsheets restored first), or nil when the cell is empty or
        /// the column absent.
        subscript(column: String) -> String? {
            guard let index = columnIndex[column] else { return nil }
            var cell = record.cells[index]
            if cell.hasPrefix("'") { cell = SpreadsheetCell.restored(cell) }
            // Most cells have nothing to trim; checking the ends first keeps large imports fast.
            guard let first = cell.unicodeScalars.first, let last = cell.unicodeScalars.last else { return nil }
            if !first.properties.isWhitespace, !last.properties.isWhitespace { return cell }
            let text = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }
}

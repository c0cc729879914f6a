import Foundation
import RadarDomain

/// Rows of text under named columns, written as an aligned table, JSON or CSV.
struct Report: Sendable {
    var columns: [String]
    var rows: [[String?]]

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        }
    }

    /// Columns two spaces apart, each as wide as its widest cell (in characters as people see them); no line ends
    /// in spaces. Plain Swift strings throughout: Foundation's padding cost a quarter of a second for 10 000 rows.
    private func table() -> String {
        let body = rows.map { $0.map { $0 ?? "" } }
        var widths = columns.map(\.count)
        let bodyWidths = body.map { row in
            row.enumerated().map { index, cell in
                let width = cell.count
                widths[index] = max(widths[index], width)
                return width
            }
        }
        var text = ""
        func line(_ cells: [String], _ cellWidths: [Int]) {
            var line = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { line += "  " }
                line += cell
                if index < cells.count - 1 { line += String(repeating: " ", count: widths[index] - cellWidths[index]) }
            }
            while line.last == " " { line.removeLast() }
            text += line
            text += "\n"
        }
        line(columns, columns.map(\.count))
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (cells, cellWidths) in zip(body, bodyWidths) { line(cells, cellWidths) }
        return text
    }

    private func json() -> String {
        let objects = rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row.map { $0.map(JSONValue.string) ?? .null }))
        }
        return JSONValue.array(objects.map(JSONValue.object)).encoded(pretty: true) + "\n"
    }

    private func csv() -> String {
        ([columns] + rows.map { $0.map { $0 ?? "" } })
            .map { $0.map(Self.csvField).joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break, doubling inner quotes; a field a spreadsheet
    /// would run as a formula is neutralised first (`SpreadsheetCell`).
    static func csvField(_ field: String) -> String {
        let field = SpreadsheetCell.neutralised(field)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A JSON value whose object keys keep a stable, sorted order when encoded.
enum JSONValue: Encodable, Sendable {
    case string(String), number(Double), integer(Int), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }

    func encoded(pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}

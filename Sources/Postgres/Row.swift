/// One result row: column values as the server's text, decoded on demand by column name.
public struct Row: Sendable {
    let layout: ColumnLayout
    /// The text of each column, `nil` for NULL.
    public let values: [String?]

    init(layout: ColumnLayout, values: [String?]) {
        self.layout = layout
        self.values = values
    }

    public var columns: [String] { layout.names }

    /// Decodes a column by name. `Optional` types read NULL as `nil`; other types throw, naming the column.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(at: try index(of: column), as: type)
    }

    /// Decodes a column by position (from 0).
    public func decode<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        precondition(values.indices.contains(index), "column index \(index) out of range 0..<\(values.count)")
        let name = layout.names[index]
        guard let text = values[index] else {
            guard let null = T.postgresNull else {
                throw PostgresError(
                    kind: .decoding,
                    message: "column \"\(name)\" is NULL; decode it as \(T.self)? to allow NULL",
                    column: name
                )
            }
            return null
        }
        do {
            return try T(postgresText: text, type: layout.types[index])
        } catch var error as PostgresError where error.kind == .decoding {
            error.message = "column \"\(name)\": \(error.message)"
            error.column = name
            throw error
        }
    }

    /// The column's text, `nil` for NULL or a column that does not exist.
    public subscript(column: String) -> String? {
        layout.index(of: column).flatMap { values[$0] }
    }

    /// The column's text, `nil` for NULL or a column that does not exist.
    public func text(_ column: String) -> String? {
        self[column]
    }

    /// Whether the column is NULL (or does not exist).
    public func isNull(_ column: String) -> Bool {
        self[column] == nil
    }

    private func index(of column: String) throws -> Int {
        guard let index = layout.index(of: column) else {
            throw PostgresError(
                kind: .decoding,
                message: "no column \"\(column)\" in the result (columns: \(layout.names.joined(separator: ", ")))",
                column: column
            )
        }
        return index
    }
}

/// The rows a statement returned, copied out of libpq so the result outlives the connection call.
public struct QueryResult: Sendable, Sequence {
    public let columns: [String]
    /// Column type OIDs, parallel to `columns`.
    public let columnTypes: [UInt32]
    public var rows: [Row]
    /// Rows inserted, updated, deleted, copied or selected, as the server's command tag reports.
    public let rowsAffected: Int

    public var count: Int { rows.count }

    public var first: Row? { rows.first }

    public func makeIterator() -> IndexingIterator<[Row]> {
        rows.makeIterator()
    }
}

/// Column names and types shared by every row of one result.
final class ColumnLayout: Sendable {
    let names: [String]
    let types: [UInt32]
    private let indexByName: [String: Int]

    init(names: [String], types: [UInt32]) {
        self.names = names
        self.types = types
        // With duplicate names the first column wins, as in most drivers.
        self.indexByName = Dictionary(
            names.enumerated().map { ($0.element, $0.offset) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    func index(of name: String) -> Int? {
        indexByName[name]
    }
}

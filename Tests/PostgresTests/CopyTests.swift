import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("COPY moves many rows quickly and exactly", .sharedDatabase)
struct CopyTests {
    /// A row whose text exercises every escape COPY's text format needs.
    private func trickyRow(_ id: Int) -> [String?] {
        let bodies = [
            "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N is not NULL", "", "Zoë 😀 汉字",
            "trailing backslash\\", "\t\n\\\r",
        ]
        let note: String? = id % 7 == 0 ? nil : "note \(id)"
        return [String(id), bodies[id % bodies.count] + " #\(id)", note]
    }

    @Test func tenThousandTrickyRowsComeBackIdentical() throws {
        try withTestConnection { connection throws in
            let table = TestServer.uniqueName("copied")
            try connection.execute("CREATE TEMP TABLE \(table) (id int PRIMARY KEY, body text, note text)")
            let rows = (1...10_000).map(trickyRow)
            let copied = try connection.copyIn("COPY \(table) (id, body, note) FROM STDIN", rows: rows)
            #expect(copied == 10_000)

            let back = try connection.query("SELECT id, body, note FROM \(table) ORDER BY id")
            #expect(back.count == 10_000)
            var mismatches = 0
            for (expected, row) in zip(rows, back.rows) where row.values != expected {
                mismatches += 1
            }
            #expect(mismatches == 0)
            let nulls = try #require(try connection.queryRow("SELECT count(*) AS n FROM \(table) WHERE note IS NULL"))
            #expect(try nulls.decode("n", as: Int.self) == 10_000 / 7)
        }
    }

    @Test func badDataSurfacesTheServersMessageAndKeepsTheConnection() throws {
        try withTestConnection { connection throws in
            let table = TestServer.uniqueName("copied")
            try connection.execute("CREATE TEMP TABLE \(table) (id int, body text)")
            let rows: [[String?]] = [["1", "fine"], ["two", "not a number"], ["3", "never reached"]]
            let error = #expect(throws: PostgresError.self) {
                try connection.copyIn("COPY \(table) FROM STDIN", rows: rows)
            }
            #expect(error?.kind == .server)
            #expect(error?.code == .invalidTextRepresentation)
            #expect(error?.message.contains("invalid input syntax for type integer") == true)
            #expect(try connection.queryRow("SELECT count(*) AS n FROM \(table)")?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func copyIntoAMissingTableFailsBeforeStreaming() throws {
        try withTestConnection { connection throws in
            let error = #expect(throws: PostgresError.self) {
                try connection.copyIn("COPY \(TestServer.uniqueName("missing")) FROM STDIN", rows: [["1"]])
            }
            #expect(error?.code == .undefinedTable)
            #expect(try connection.query("SELECT 1").count == 1)
        }
    }

    @Test func copyOutHandsOverOneLinePerRow() throws {
        try withTestConnection { connection throws in
            var lines: [String] = []
            try connection.copyOut("COPY (SELECT n, 'a\tb' AS t, NULL AS z FROM generate_series(1, 3) n) TO STDOUT") {
                lines.append($0)
            }
            #expect(lines == ["1\ta\\tb\t\\N\n", "2\ta\\tb\t\\N\n", "3\ta\\tb\t\\N\n"])
        }
    }

    @Test func copyStatementThroughQueryIsRefusedWithoutWedgingTheConnection() throws {
        try withTestConnection { connection throws in
            let error = #expect(throws: PostgresError.self) {
                try connection.query("COPY (SELECT 1) TO STDOUT")
            }
            #expect(error?.kind == .protocolViolation)
            #expect(try connection.query("SELECT 1").count == 1)
        }
    }
}

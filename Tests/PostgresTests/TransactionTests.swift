import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// An error a transaction body throws on purpose.
private struct ChangedMyMind: Error, Equatable {}

@Suite("Transactions commit all or nothing", .sharedDatabase)
struct TransactionTests {
    /// A fresh connection with an empty `commitments` table of a unique name. It is a temporary table: a real one,
    /// created and dropped while another suite's pg_dump lists and then locks the database's tables, fails that dump.
    private func withCommitments(_ body: (Connection, String) throws -> Void) throws {
        try withTestConnection { connection throws in
            let table = TestServer.uniqueName("commitments")
            try connection.execute("CREATE TEMP TABLE \(table) (id serial PRIMARY KEY, title text NOT NULL)")
            try body(connection, table)
        }
    }

    private func count(_ table: String, on connection: Connection) throws -> Int {
        try #require(try connection.queryRow("SELECT count(*) AS n FROM \(table)")).decode("n")
    }

    @Test func committedTransactionKeepsItsRowsAndReturnsTheBodysValue() throws {
        try withCommitments { connection, table throws in
            let inserted = try connection.transaction { connection in
                try connection.execute("INSERT INTO \(table) (title) VALUES ($1), ($2)", ["ship it", "write docs"])
            }
            #expect(inserted == 2)
            #expect(try count(table, on: connection) == 2)
            #expect(!connection.isInTransaction)
        }
    }

    @Test func throwingTransactionLeavesNoRowsAndRethrowsTheOriginalError() throws {
        try withCommitments { connection, table throws in
            #expect(throws: ChangedMyMind()) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) (title) VALUES ('half done')")
                    throw ChangedMyMind()
                }
            }
            #expect(try count(table, on: connection) == 0)
            #expect(!connection.isInTransaction)
        }
    }

    @Test func serverErrorInsideTransactionRollsEverythingBack() throws {
        try withCommitments { connection, table throws in
            let error = #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) (title) VALUES ('first')")
                    try connection.execute("INSERT INTO \(table) (title) VALUES (NULL)")
                }
            }
            #expect(error?.code == .notNullViolation)
            #expect(error?.column == "title")
            #expect(try count(table, on: connection) == 0)
        }
    }

    @Test func swallowedErrorDoesNotReportACommit() throws {
        try withCommitments { connection, table throws in
            let error = #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) (title) VALUES ('kept?')")
                    _ = try? connection.execute("SELECT 1/0")
                }
            }
            #expect(error?.kind == .transactionAborted)
            #expect(try count(table, on: connection) == 0)
        }
    }

    @Test func nestedTransactionIsASavepoint() throws {
        try withCommitments { connection, table throws in
            try connection.transaction { connection in
                try connection.execute("INSERT INTO \(table) (title) VALUES ('outer')")
                _ = try? connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) (title) VALUES ('inner')")
                    throw ChangedMyMind()
                }
            }
            let titles = try connection.query("SELECT title FROM \(table)").map {
                try $0.decode("title", as: String.self)
            }
            #expect(titles == ["outer"])
        }
    }

    @Test func setLocalLastsOnlyUntilTheTransactionEnds() throws {
        try withTestConnection { connection throws in
            let inside = try connection.transaction { connection in
                try connection.setLocal("radar.org_id", "org-42")
                return try connection.queryRow("SELECT current_setting('radar.org_id', true) AS org")?.text("org")
            }
            #expect(inside == "org-42")
            let after = try connection.queryRow("SELECT current_setting('radar.org_id', true) AS org")?.text("org")
            #expect((after ?? "").isEmpty)
        }
    }
}

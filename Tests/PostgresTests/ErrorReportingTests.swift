import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("Errors say what failed, in one line", .sharedDatabase)
struct ErrorReportingTests {
    @Test func decodingTheWrongTypeNamesTheColumnAndBothTypes() throws {
        try withTestConnection { connection throws in
            let row = try #require(try connection.queryRow("SELECT 'forty'::text AS age, NULL::int AS height"))
            let error = #expect(throws: PostgresError.self) { try row.decode("age", as: Int.self) }
            #expect(error?.kind == .decoding)
            #expect(error?.description == #"column "age": cannot decode PostgreSQL type text (oid 25) as Int"#)
            #expect(error?.column == "age")

            let null = #expect(throws: PostgresError.self) { try row.decode("height", as: Int.self) }
            #expect(null?.description.contains(#"column "height" is NULL"#) == true)
            #expect(try row.decode("height", as: Int?.self) == nil)

            let missing = #expect(throws: PostgresError.self) { try row.decode("weight", as: Int.self) }
            #expect(missing?.description.contains(#"no column "weight""#) == true)
        }
    }

    @Test func uniqueViolationCarriesSQLStateAndConstraint() throws {
        try withTestConnection { connection throws in
            let table = TestServer.uniqueName("people")
            try connection.execute("CREATE TEMP TABLE \(table) (email text CONSTRAINT \(table)_email_key UNIQUE)")
            try connection.execute("INSERT INTO \(table) VALUES ($1)", ["zoe@example.com"])
            let error = #expect(throws: PostgresError.self) {
                try connection.execute("INSERT INTO \(table) VALUES ($1)", ["zoe@example.com"])
            }
            #expect(error?.kind == .server)
            #expect(error?.code == .uniqueViolation)
            #expect(error?.constraint == "\(table)_email_key")
            #expect(error?.table == table)
            #expect(error?.detail?.contains("already exists") == true)
            #expect(error?.description.hasPrefix("PostgreSQL error 23505: duplicate key value") == true)
            // The connection stays usable after a server error.
            #expect(try connection.query("SELECT 1 AS one").count == 1)
            #expect(connection.isHealthy)
        }
    }

    @Test func raisedExceptionsKeepTheirMessageAndHint() throws {
        try withTestConnection { connection throws in
            let error = #expect(throws: PostgresError.self) {
                try connection.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'no such stakeholder' USING HINT = 'check the id'; END $$"
                )
            }
            #expect(error?.code == .raiseException)
            #expect(error?.message == "no such stakeholder")
            #expect(error?.hint == "check the id")
        }
    }

    @Test func unreachableServerFailsWithOneLineNamingHostAndPort() {
        let error = #expect(throws: PostgresError.self) {
            try Connection.connect("postgresql://radar:hunter2secret@127.0.0.1:1/radar")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.description == "cannot connect to PostgreSQL at 127.0.0.1:1: connection refused")
    }

    @Test(
        "A bad connection string gives one line and never the password",
        arguments: [
            "postgresql://radar:hunter2secret@127.0.0.1:notaport/radar",
            "postgresql://radar:hunter2secret@[::1/radar",
            "host=127.0.0.1 port=1 password=hunter2secret dbname",
            "postgresql://radar:hunter2secret@127.0.0.1:1/radar?sslmode=bogus",
            "postgresql://radar:hunter2secret@127.0.0.1:1/radar?nosuchoption=1",
            "this is not a connection string password=hunter2secret",
        ]
    )
    func badConnectionStringGivesOneLineWithoutThePassword(conninfo: String) {
        let error = #expect(throws: PostgresError.self) { try Connection.connect(conninfo) }
        #expect(error?.kind == .connectionFailed)
        let description = error?.description ?? ""
        #expect(!description.contains("hunter2secret"), "\(description)")
        #expect(!description.contains("\n"))
        #expect(!description.isEmpty)
    }

    @Test func wrongPasswordNeverAppearsInTheError() throws {
        let url = try TestServer.url()
        try withTestConnection { connection throws in
            let role = TestServer.uniqueName("radar_pw")
            try connection.execute("CREATE ROLE \(role) LOGIN PASSWORD 'correct-horse'")
            defer { _ = try? connection.execute("DROP ROLE \(role)") }
            // Trust authentication accepts any password, so this checks only that the secret is not echoed.
            guard var components = URLComponents(string: url) else { return }
            components.user = role
            components.password = "s3cr3t-in-url"
            components.path = "/no_such_database_\(role)"
            let error = #expect(throws: PostgresError.self) { try Connection.connect(components.string!) }
            #expect(error?.kind == .connectionFailed)
            #expect(error?.description.contains("s3cr3t-in-url") == false)
            #expect(error?.description.contains("does not exist") == true, "\(error?.description ?? "")")
        }
    }

    @Test func closedConnectionSaysSo() throws {
        let connection = try TestServer.connect()
        connection.close()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.kind == .connectionClosed)
        #expect(!connection.isHealthy)
    }

    @Test func terminatedSessionIsNoLongerHealthy() throws {
        let connection = try TestServer.connect()
        defer { connection.close() }
        #expect(connection.isHealthy)
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        }
        #expect(error?.code == .adminShutdown || error?.kind == .connectionLost, "\(String(describing: error))")
        #expect(!connection.isHealthy)
        try connection.reset()
        #expect(connection.isHealthy)
        #expect(try connection.query("SELECT 1").count == 1)
    }

    @Test func sessionSettingsAreFixedAtConnect() throws {
        try withTestConnection { connection throws in
            let row = try #require(
                try connection.queryRow(
                    """
                    SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS style,
                           current_setting('client_encoding') AS encoding, current_setting('application_name') AS app
                    """
                )
            )
            #expect(row.text("zone") == "UTC")
            #expect(row.text("style")?.hasPrefix("ISO") == true)
            #expect(row.text("encoding") == "UTF8")
            #expect(row.text("app") == "PostgresTests")
            try connection.execute("SET TimeZone = 'Asia/Tokyo'; RESET ALL")
            #expect(try connection.queryRow("SELECT current_setting('TimeZone') AS zone")?.text("zone") == "UTC")
        }
    }

    @Test func callerOptionsInTheConnectionStringAreKept() throws {
        let url = try TestServer.url()
        let separator = url.contains("?") ? "&" : "?"
        let withOptions = url + separator + "options=-c%20statement_timeout%3D4321"
        let connection = try Connection.connect(withOptions)
        defer { connection.close() }
        let row = try #require(
            try connection.queryRow(
                "SELECT current_setting('statement_timeout') AS timeout, current_setting('TimeZone') AS zone"
            )
        )
        #expect(row.text("timeout") == "4321ms")
        #expect(row.text("zone") == "UTC")
    }
}

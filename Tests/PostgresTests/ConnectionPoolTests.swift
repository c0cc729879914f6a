import Foundation
import Postgres
import PostgresTestSupport
import Synchronization
import Testing

/// Counts borrowers inside the pool at once, remembering the peak.
private final class Occupancy: Sendable {
    private let counts = Mutex((current: 0, peak: 0))

    func enter() {
        counts.withLock { counts in
            counts.current += 1
            counts.peak = max(counts.peak, counts.current)
        }
    }

    func leave() {
        counts.withLock { $0.current -= 1 }
    }

    var peak: Int { counts.withLock { $0.peak } }
}

/// Records the order in which borrowers got their turn.
private final class TurnLog: Sendable {
    private let turns = Mutex<[Int]>([])

    func record(_ turn: Int) {
        turns.withLock { $0.append(turn) }
    }

    var recorded: [Int] { turns.withLock { $0 } }
}

/// Waits until `condition` holds (up to a minute: on a busy two-core CI machine a new task can wait seconds for a
/// thread), so a test can line borrowers up in a known order.
private func eventually(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(60))
    while !condition(), ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
    }
    try #require(condition())
}

private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

@Suite("The pool lends a bounded number of clean connections", .sharedDatabase)
struct ConnectionPoolTests {
    @Test func opensLazilyAndMakesTheThirdBorrowerWait() async throws {
        let name = TestServer.uniqueName("bounded")
        let pool = try TestServer.pool(size: 2, applicationName: name)
        #expect(pool.statistics.open == 0)
        let occupancy = Occupancy()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await pool.withConnection { connection in
                        occupancy.enter()
                        defer { occupancy.leave() }
                        try connection.execute("SELECT pg_sleep(0.4)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(occupancy.peak == 2)
        #expect(seconds(since: start) >= 0.75)
        let sessions = try await pool.withConnection { connection in
            try connection.queryRow(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [name]
            )?.decode("n", as: Int.self)
        }
        #expect(sessions == 2)
        #expect(pool.statistics == .init(open: 2, idle: 2, waiting: 0))
        // Four borrows (three sleepers and the count); the third sleeper waited about 0.4 s for a connection.
        #expect(pool.borrowing.acquisitions == 4)
        #expect(pool.borrowing.waitedAcquisitions == 1)
        #expect(pool.borrowing.totalWait >= .milliseconds(300))
        await pool.shutdown()
    }

    @Test func waitingTooLongFailsWithAClearTimeout() async throws {
        let pool = try TestServer.pool(size: 1, acquireTimeout: .milliseconds(300))
        // The holder keeps the only connection until the waiter has given up, so the waiter can only have failed
        // by its own timeout, however slow the machine is.
        let release = DispatchSemaphore(value: 0)
        let holder = Task {
            try await pool.withConnection { connection in
                try connection.execute("SELECT 1")
                release.wait()
            }
        }
        try await eventually { pool.statistics.open == 1 }
        let start = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.execute("SELECT 1") }
        }
        #expect(seconds(since: start) >= 0.25)
        release.signal()
        #expect(error?.kind == .poolTimeout)
        #expect(error?.description == "no PostgreSQL connection free within 300ms (pool size 1)")
        _ = try await holder.value
        await pool.shutdown()
    }

    @Test func unreachableDatabaseFailsEveryWaiterFast() async throws {
        let pool = ConnectionPool(
            configuration: ConnectionPoolConfiguration(
                conninfo: "postgresql://postgres@127.0.0.1:1/postgres",
                size: 2,
                acquireTimeout: .seconds(120)
            )
        )
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: PostgresError.Kind?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await pool.withConnection { try $0.execute("SELECT 1") }
                        return nil
                    } catch let error as PostgresError {
                        return error.kind
                    } catch {
                        return nil
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(failures == Array(repeating: .connectionFailed, count: 8))
        // Far sooner than the acquire timeout, with room for a busy machine.
        #expect(seconds(since: start) < 30)
        #expect(pool.statistics == .init(open: 0, idle: 0, waiting: 0))
        await pool.shutdown()
    }

    @Test func cancellingAWaiterRemovesItFromTheQueue() async throws {
        let pool = try TestServer.pool(size: 1, acquireTimeout: .seconds(120))
        // The holder keeps the only connection until the waiter has ended, so the waiter can only end by being
        // cancelled: it would otherwise wait for two minutes and then fail with a timeout, not a cancellation.
        let release = DispatchSemaphore(value: 0)
        let holder = Task {
            try await pool.withConnection { connection in
                try connection.execute("SELECT 1")
                release.wait()
            }
        }
        try await eventually { pool.statistics.open == 1 }
        let waiter = Task {
            try await pool.withConnection { _ in "should never run" }
        }
        try await eventually { pool.statistics.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.statistics.waiting == 0)
        #expect(pool.statistics.open == 1, "the holder still has the connection")
        release.signal()
        _ = try await holder.value
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)
        await pool.shutdown()
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        // The first waiter must still be queued when the last one joins, however long lining them up takes.
        let pool = try TestServer.pool(size: 1, acquireTimeout: .seconds(120))
        let log = TurnLog()
        // The holder keeps the only connection until every waiter has queued, however slow the machine is.
        let release = DispatchSemaphore(value: 0)
        let holder = Task {
            try await pool.withConnection { connection in
                try connection.execute("SELECT 1")
                release.wait()
            }
        }
        try await eventually { pool.statistics.open == 1 }
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<4 {
            waiters.append(
                Task {
                    try await pool.withConnection { _ in log.record(index) }
                })
            try await eventually { pool.statistics.waiting == index + 1 }
        }
        release.signal()
        _ = try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(log.recorded == [0, 1, 2, 3])
        await pool.shutdown()
    }

    @Test func transactionSettingsDoNotReachTheNextBorrower() async throws {
        let pool = try TestServer.pool(size: 1)
        let (inside, firstPID) = try await pool.transaction(settings: [("radar.org_id", "org-1")]) { connection in
            let row = try #require(
                try connection.queryRow("SELECT current_setting('radar.org_id', true) AS org, pg_backend_pid() AS pid")
            )
            return (row.text("org"), try row.decode("pid", as: Int.self))
        }
        #expect(inside == "org-1")
        let (after, secondPID) = try await pool.withConnection { connection in
            let row = try #require(
                try connection.queryRow("SELECT current_setting('radar.org_id', true) AS org, pg_backend_pid() AS pid")
            )
            return (row.text("org"), try row.decode("pid", as: Int.self))
        }
        #expect(secondPID == firstPID, "the test needs the same session twice")
        #expect((after ?? "").isEmpty)
        await pool.shutdown()
    }

    /// What the next borrower of a pooled session sees of what earlier borrowers left behind.
    private static let leftovers = """
        SELECT pg_backend_pid() AS pid, current_setting('application_name') AS app, current_user AS who,
               to_regclass('pg_temp.scratch') IS NULL AS no_table,
               (SELECT count(*) FROM pg_prepared_statements) AS prepared,
               (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks,
               (SELECT count(*) FROM pg_listening_channels()) AS channels
        """

    /// Changes every kind of session state a pool must not pass on, ending as `role`; returns the session's pid.
    private static func leaveSessionChanges(on connection: Connection, as role: String) throws -> Int? {
        try connection.execute("SET application_name = 'leaky'")
        try connection.execute("CREATE TEMP TABLE scratch (id int)")
        try connection.execute("PREPARE kept AS SELECT 1")
        try connection.execute("SELECT pg_advisory_lock(7264211002)")
        try connection.execute("LISTEN radar_test_channel")
        try connection.execute("SET SESSION AUTHORIZATION \(role)")
        try connection.execute("SET ROLE \(role)")
        return try connection.queryRow("SELECT pg_backend_pid() AS pid")?.decode("pid", as: Int.self)
    }

    /// Runs `body` with a pool of one connection named "pool-app" and a throwaway role, dropped afterwards.
    private func withPoolAndRole(_ body: (ConnectionPool, String) async throws -> Void) async throws {
        let role = TestServer.uniqueName("radar_role")
        _ = try withTestConnection { try $0.execute("CREATE ROLE \(role)") }
        defer { _ = try? withTestConnection { try $0.execute("DROP ROLE IF EXISTS \(role)") } }
        let pool = try TestServer.pool(size: 1, applicationName: "pool-app")
        do {
            try await body(pool, role)
        } catch {
            await pool.shutdown()
            throw error
        }
        await pool.shutdown()
    }

    /// Expects the next borrower of session `pid` to find none of `leaveSessionChanges`'s changes.
    private static func expectNothingLeft(in pool: ConnectionPool, pid: Int, role: String) async throws {
        let next = try await pool.withConnection { try #require(try $0.queryRow(Self.leftovers)) }
        #expect(try next.decode("pid", as: Int.self) == pid, "the test needs the same session twice")
        #expect(next.text("app") == "pool-app")
        #expect(next.text("who") != role)
        #expect(try next.decode("no_table", as: Bool.self))
        #expect(try next.decode("prepared", as: Int.self) == 0)
        #expect(try next.decode("locks", as: Int.self) == 0)
        #expect(try next.decode("channels", as: Int.self) == 0)
    }

    @Test func sessionChangesDoNotReachTheNextBorrower() async throws {
        try await withPoolAndRole { pool, role in
            let firstPID = try await pool.withConnection { connection in
                let pid = try Self.leaveSessionChanges(on: connection, as: role)
                try connection.execute("BEGIN")  // left open on purpose
                return pid
            }
            try await Self.expectNothingLeft(in: pool, pid: try #require(firstPID), role: role)
        }
    }

    @Test func aCommittedTransactionResetsItsSessionWithTheCommitAndLeavesTheNextBorrowerNothing() async throws {
        try await withPoolAndRole { pool, role in
            let firstPID = try await pool.transaction { try Self.leaveSessionChanges(on: $0, as: role) }
            let pid = try #require(firstPID)
            // The reset travelled with the COMMIT, and found the statement prepared with SQL: the one thing that
            // followed it deallocated that (`statementsTheConnectionPrepared…` sees the reset come last otherwise).
            let lastStatement = try withTestConnection { admin in
                try admin.queryRow("SELECT query FROM pg_stat_activity WHERE pid = $1::int", [pid])?.text("query")
            }
            #expect(lastStatement == "DEALLOCATE ALL", "\(lastStatement ?? "no session")")
            try await Self.expectNothingLeft(in: pool, pid: pid, role: role)
        }
    }

    @Test func aCommitThatFailsIsReportedAndTheSessionIsStillResetForTheNextBorrower() async throws {
        let pool = try TestServer.pool(size: 1)
        let error = await #expect(throws: PostgresError.self) {
            try await pool.transaction { connection in
                // A deferred check fails only at COMMIT.
                try connection.execute(
                    """
                    CREATE TEMP TABLE scratch (id int CONSTRAINT scratch_once UNIQUE DEFERRABLE INITIALLY DEFERRED)
                    """)
                try connection.execute("INSERT INTO scratch VALUES (1), (1)")
                try connection.execute("PREPARE kept AS SELECT 1")
            }
        }
        #expect(error?.code == .uniqueViolation)
        let next = try await pool.withConnection { try #require(try $0.queryRow(Self.leftovers)) }
        #expect(try next.decode("no_table", as: Bool.self))
        #expect(try next.decode("prepared", as: Int.self) == 0)
        #expect(pool.statistics == .init(open: 1, idle: 1, waiting: 0))
        await pool.shutdown()
    }

    @Test func terminatedConnectionIsReplacedWithoutFailingTheNextBorrower() async throws {
        let pool = try TestServer.pool(size: 1)
        let firstPID = try await pool.withConnection { connection in
            try connection.queryRow("SELECT pg_backend_pid() AS pid")?.decode("pid", as: Int.self)
        }
        let pid = try #require(firstPID)
        try withTestConnection { admin in
            try admin.execute("SELECT pg_terminate_backend($1::int)", [pid])
            for _ in 0..<100 {
                let alive = try admin.queryRow("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1::int", [pid])
                if try alive?.decode("n", as: Int.self) == 0 { break }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        let secondPID = try await pool.withConnection { connection in
            try connection.queryRow("SELECT pg_backend_pid() AS pid")?.decode("pid", as: Int.self)
        }
        #expect(secondPID != nil && secondPID != firstPID)
        #expect(pool.statistics.open == 1)
        await pool.shutdown()
    }

    /// After a failover, a session on the demoted primary (or on a standby) refuses every write: the pool must drop
    /// it so the next connect finds the new primary, instead of lending it again and failing writes for ever.
    @Test func connectionThatMetAReadOnlyServerIsNotLentAgain() async throws {
        let pool = try TestServer.pool(size: 1)
        let firstPID = try await pool.withConnection { connection in
            try connection.queryRow("SELECT pg_backend_pid() AS pid")?.decode("pid", as: Int.self)
        }
        let refusal = await #expect(throws: PostgresError.self) {
            _ = try await pool.withConnection { connection in
                try connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                try connection.execute("CREATE TEMPORARY TABLE refused (x int)")
            }
        }
        #expect(refusal?.code == .readOnlySQLTransaction)
        let secondPID = try await pool.withConnection { connection in
            try connection.queryRow("SELECT pg_backend_pid() AS pid")?.decode("pid", as: Int.self)
        }
        #expect(firstPID != nil && secondPID != nil && secondPID != firstPID)
        #expect(pool.statistics == .init(open: 1, idle: 1, waiting: 0))
        await pool.shutdown()
    }

    @Test func statementsTheConnectionPreparedOutliveTheBorrowButThosePreparedWithSQLDoNot() async throws {
        let pool = try TestServer.pool(size: 1)
        let statement = "SELECT $1::int + 1 AS next, pg_backend_pid() AS pid"
        let prepared = """
            SELECT count(*) FILTER (WHERE NOT from_sql) AS own, count(*) FILTER (WHERE from_sql) AS by_sql
              FROM pg_prepared_statements
            """
        let first = try await pool.transaction { connection in
            try #require(try connection.queryRow(statement, [41], preparing: true)).decode("pid", as: Int.self)
        }
        // With nothing prepared by SQL, the reset travelled with the COMMIT and nothing followed it.
        let lastStatement = try withTestConnection { admin in
            try admin.queryRow("SELECT query FROM pg_stat_activity WHERE pid = $1::int", [first])?.text("query")
        }
        #expect(lastStatement?.hasPrefix("COMMIT; CLOSE ALL;") == true, "\(lastStatement ?? "no session")")
        // The next borrower finds the statement still prepared, holding no value of the last run, and leaves one
        // prepared with SQL behind.
        let (second, kept, next) = try await pool.withConnection { connection in
            let row = try #require(try connection.queryRow(statement, [1], preparing: true))
            let kept = try #require(try connection.queryRow(prepared)).decode("own", as: Int.self)
            try connection.execute("PREPARE by_sql AS SELECT 1")
            return (try row.decode("pid", as: Int.self), kept, try row.decode("next", as: Int.self))
        }
        #expect(second == first, "the test needs the same session twice")
        #expect(kept == 1)
        #expect(next == 2)
        // The reset took the statement prepared with SQL away (and, with it, the connection's own, which the
        // connection then prepares again).
        let (third, left, again) = try await pool.withConnection { connection in
            let left = try #require(try connection.queryRow(prepared)).decode("by_sql", as: Int.self)
            let row = try #require(try connection.queryRow(statement, [9], preparing: true))
            return (try row.decode("pid", as: Int.self), left, try row.decode("next", as: Int.self))
        }
        #expect(third == first)
        #expect(left == 0)
        #expect(again == 10)
        await pool.shutdown()
    }

    @Test func failingBodyStillReturnsItsConnection() async throws {
        let pool = try TestServer.pool(size: 1)
        await #expect(throws: PostgresError.self) {
            let missing = TestServer.uniqueName("nowhere")
            _ = try await pool.withConnection { try $0.execute("SELECT * FROM \(missing)") }
        }
        #expect(pool.statistics == .init(open: 1, idle: 1, waiting: 0))
        #expect(try await pool.withConnection { try $0.query("SELECT 1").count } == 1)
        await pool.shutdown()
    }

    @Test func shutDownPoolRefusesBorrowers() async throws {
        let pool = try TestServer.pool(size: 1)
        _ = try await pool.withConnection { try $0.query("SELECT 1") }
        await pool.shutdown()
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT 1") }
        }
        #expect(error?.kind == .poolClosed)
        #expect(pool.statistics.open == 0)
    }
}

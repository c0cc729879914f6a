import CLibPQ
import Foundation
import Logging
import Synchronization

/// One PostgreSQL session over libpq. Every call blocks the calling thread; calls on one connection are serialised.
///
/// Each session starts with `client_encoding=UTF8`, `TimeZone=UTC`, `DateStyle=ISO` and `extra_float_digits=3`,
/// given as startup options, so they also survive `RESET ALL` and `DISCARD ALL`.
public final class Connection: Sendable {
    struct State {
        var handle: OpaquePointer?
        /// Set when a call showed the session is gone, so a pool discards the connection instead of reusing it.
        var isBroken = false
        var savepointCounter = 0
        /// Set when the session was returned to a clean state and nothing has run since.
        var isClean = false
        /// The statements this session prepared (`query(…, preparing: true)`), by text and parameter types: kept
        /// across borrows, as the session reset leaves them.
        var prepared: [PreparedKey: String] = [:]
    }

    /// A statement as prepared: its text and the types its parameters were bound with.
    struct PreparedKey: Hashable {
        var sql: String
        var types: [UInt32]
    }

    /// The most statements one session keeps prepared; later ones run unprepared.
    static let preparedLimit = 64

    private let state: Mutex<State>
    let logger: Logger
    private let noticeSink: NoticeSink

    private init(handle: sending OpaquePointer, logger: Logger) {
        let sink = NoticeSink(logger: logger)
        PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
            }, Unmanaged.passUnretained(sink).toOpaque())
        self.noticeSink = sink
        self.logger = logger
        self.state = Mutex(State(handle: handle))
    }

    deinit {
        state.withLock { state in
            if let handle = state.handle { PQfinish(handle) }
        }
    }

    /// Opens a session. `conninfo` is anything libpq accepts: a `postgresql://` URI, `key=value` pairs, or `""` to
    /// use the `PG*` environment variables, `~/.pgpass` and service files. Throws `.connectionFailed` with one line.
    public static func connect(
        _ conninfo: String,
        applicationName: String? = nil,
        connectTimeout: Duration? = nil,
        logger: Logger? = nil
    ) throws -> Connection {
        let logger = logger ?? Logger(label: "Postgres")
        let parameters = try ConnectionString.parameters(
            for: conninfo,
            applicationName: applicationName,
            connectTimeout: connectTimeout
        )
        let handle = connectdb(parameters)
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let error = ConnectionString.connectFailure(handle: handle, conninfo: conninfo)
            if let handle { PQfinish(handle) }
            logger.debug("PostgreSQL connect failed", metadata: ["error": "\(error)"])
            throw error
        }
        return Connection(handle: handle, logger: logger)
    }

    /// Calls `PQconnectdbParams`; taking only Sendable values keeps the returned handle free to move into a Mutex.
    private static func connectdb(_ parameters: [(String, String)]) -> OpaquePointer? {
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let keywordArray = keywords.map { UnsafePointer($0) } + [nil]
        let valueArray = values.map { UnsafePointer($0) } + [nil]
        return PQconnectdbParams(keywordArray, valueArray, 1)
    }

    /// Runs a statement and returns the number of rows it affected. Without parameters, `sql` may hold several
    /// statements separated by semicolons (the simple query protocol); with parameters it must be one statement.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
        try query(sql, parameters).rowsAffected
    }

    /// Runs a statement and returns all its rows. Parameters are bound to `$1`, `$2`… in text format. With
    /// `preparing`, for a fixed statement run often, the session prepares it once and keeps it across borrows, so
    /// the server parses it only the first time; it holds no values (they are bound on each run), only the text.
    public func query(
        _ sql: String, _ parameters: [(any PostgresEncodable)?] = [], preparing: Bool = false
    ) throws -> QueryResult {
        let texts = try parameters.enumerated().map { index, parameter -> String? in
            try bindText(parameter, position: index + 1)
        }
        let types = parameters.map { parameter in parameter.map { type(of: $0).postgresTypeOID } ?? 0 }
        logger.trace("PostgreSQL query", metadata: ["sql": "\(sql)"])
        return try withHandle { handle, state in
            let result: OpaquePointer?
            if parameters.isEmpty {
                result = PQexec(handle, sql)
            } else {
                let values = texts.map { $0.map { strdup($0) } ?? nil }
                defer { values.forEach { free($0) } }
                if preparing, let name = try Self.prepared(sql, types: types, handle: handle, state: &state) {
                    result = PQexecPrepared(
                        handle, name, Int32(values.count), values.map { UnsafePointer($0) }, nil, nil, 0)
                } else {
                    result = PQexecParams(
                        handle, sql, Int32(values.count), types, values.map { UnsafePointer($0) }, nil, nil, 0
                    )
                }
            }
            return try ResultReader.queryResult(result, handle: handle)
        }
    }

    /// The name of the session's prepared statement for `sql` with parameters of `types`, preparing it first if
    /// needed; `nil` once the session keeps `preparedLimit` statements.
    private static func prepared(
        _ sql: String, types: [UInt32], handle: OpaquePointer, state: inout State
    ) throws -> String? {
        let key = PreparedKey(sql: sql, types: types)
        if let name = state.prepared[key] { return name }
        guard state.prepared.count < preparedLimit else { return nil }
        let name = "radar_\(state.prepared.count + 1)"
        _ = try ResultReader.queryResult(
            PQprepare(handle, name, sql, Int32(types.count), types), handle: handle)
        state.prepared[key] = name
        return name
    }

    /// The first row of the result, or `nil` when there is none.
    public func queryRow(
        _ sql: String, _ parameters: [(any PostgresEncodable)?] = [], preparing: Bool = false
    ) throws -> Row? {
        try query(sql, parameters, preparing: preparing).rows.first
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (rethrowing its error).
    /// `opening`, a fixed statement without parameters (such as `SET LOCAL ROLE …`), travels with the BEGIN in
    /// one round trip. With `resettingAfterCommit`, the session reset a pool does before lending the connection
    /// again travels with the COMMIT. Called inside a transaction, it runs `opening` and `body` in a savepoint.
    public func transaction<T>(
        opening: String? = nil, resettingAfterCommit: Bool = false, _ body: (Connection) throws -> T
    ) throws -> T {
        if isInTransaction {
            return try savepoint { connection in
                if let opening { try connection.execute(opening) }
                return try body(connection)
            }
        }
        try execute(opening.map { "BEGIN; \($0)" } ?? "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            if isInTransaction {
                do {
                    try execute("ROLLBACK")
                } catch let rollbackError {
                    logger.debug("ROLLBACK failed", metadata: ["error": "\(rollbackError)"])
                }
            }
            throw error
        }
        if transactionStatus == PQTRANS_INERROR {
            // COMMIT would quietly roll back; say so instead of reporting success.
            try execute("ROLLBACK")
            throw PostgresError(
                kind: .transactionAborted,
                message: "the transaction was rolled back: a statement in it failed and the error was caught"
            )
        }
        if resettingAfterCommit {
            try commitAndReset()
        } else {
            try execute("COMMIT")
        }
        return value
    }

    /// What `DISCARD ALL` does, except forgetting cached plans and the statements the connection itself prepared:
    /// settings, role, cursors, LISTEN, advisory locks, temporary tables and sequence state. Cached plans are only
    /// caches (PostgreSQL invalidates them itself when the schema changes); discarding them made every PL/pgSQL
    /// function, such as the audit triggers, plan its statements again on the next borrow. The connection's own
    /// prepared statements hold only fixed texts, never values or settings, so keeping them passes nothing on; the
    /// last statement counts those prepared with SQL's `PREPARE` instead, which the next round trip deallocates
    /// (`ResetOutcome`). Unlike `DISCARD ALL`, these statements may follow a COMMIT in one simple query.
    static let sessionReset = """
        CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; \
        SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES; \
        SELECT count(*) AS prepared_by_sql FROM pg_prepared_statements WHERE from_sql
        """

    /// What the session reset's results said.
    enum ResetOutcome {
        case clean
        /// Clean but for statements prepared with SQL's `PREPARE`.
        case preparedBySQL
        case failed(PostgresError?)
    }

    /// Reads the session reset's results (after any before it, such as its COMMIT's) and clears them.
    static func readReset(_ handle: OpaquePointer) -> ResetOutcome {
        var error: PostgresError?
        var preparedBySQL: Bool?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE {
                error = ResultReader.error(from: result, handle: handle)
            } else if status == PGRES_TUPLES_OK, PQntuples(result) == 1, PQnfields(result) == 1,
                let name = PQfname(result, 0), String(cString: name) == "prepared_by_sql"
            {
                preparedBySQL = PQgetvalue(result, 0, 0).map { String(cString: $0) } != "0"
            }
            PQclear(result)
        }
        if let error { return .failed(error) }
        guard let preparedBySQL else { return .failed(nil) }
        return preparedBySQL ? .preparedBySQL : .clean
    }

    /// Finishes a reset whose results said `outcome`: statements prepared with SQL go (with the connection's own,
    /// as `DEALLOCATE ALL` takes them all). Whether the session is clean.
    private static func finishReset(_ outcome: ResetOutcome, handle: OpaquePointer, state: inout State) -> Bool {
        switch outcome {
        case .clean:
            return true
        case .preparedBySQL:
            state.prepared = [:]
            return runSimple("DEALLOCATE ALL", handle: handle)
        case .failed:
            return false
        }
    }

    /// Sends COMMIT and the session reset in one round trip. Only the COMMIT's failure is the caller's error: once
    /// it succeeded, the transaction is durable, and a failed reset only leaves the session to be reset again.
    private func commitAndReset() throws {
        let clean = try withHandle { handle, state -> Bool in
            guard PQsendQuery(handle, "COMMIT; " + Self.sessionReset) == 1 else {
                throw ResultReader.connectionError(handle)
            }
            guard let commit = PQgetResult(handle) else { throw ResultReader.connectionError(handle) }
            let committed = PQresultStatus(commit) == PGRES_COMMAND_OK
            let commitError = committed ? nil : ResultReader.error(from: commit, handle: handle)
            PQclear(commit)
            let outcome = Self.readReset(handle)
            if let commitError { throw commitError }
            if case .failed(let resetError) = outcome {
                logger.notice(
                    "Resetting a PostgreSQL session after COMMIT failed",
                    metadata: ["error": "\(resetError.map { "\($0)" } ?? "no answer")"])
                return false
            }
            return Self.finishReset(outcome, handle: handle, state: &state)
        }
        if clean { state.withLock { $0.isClean = true } }
    }

    /// Runs `body` inside a savepoint of the current transaction.
    private func savepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        let name = state.withLock { state in
            state.savepointCounter += 1
            return "nested_\(state.savepointCounter)"
        }
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body(self)
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            _ = try? execute("ROLLBACK TO SAVEPOINT \(name)")
            throw error
        }
    }

    /// Sets a configuration parameter until the end of the current transaction (`set_config(name, value, true)`).
    public func setLocal(_ name: String, _ value: String) throws {
        try setLocal([(name, value)])
    }

    /// Sets several configuration parameters until the end of the current transaction, in one statement.
    public func setLocal(_ settings: [(String, String)]) throws {
        guard !settings.isEmpty else { return }
        _ = try query(Self.setLocalStatement, [settings.map(\.0), settings.map(\.1)], preparing: true)
    }

    /// `set_config` for each name and value pair of the two arrays, in order.
    static let setLocalStatement = """
        SELECT count(set_config(s.name, s.value, true)) FROM unnest($1::text[], $2::text[]) AS s (name, value)
        """

    /// Runs `body`, whose statements must each commit on their own and leave no session state behind (no `SET`, no
    /// temporary tables, no session-wide `set_config`), and keeps the session counted as clean if it was before, so
    /// a pool lends it again without the session reset's round trip.
    func keepingSessionClean<T>(_ body: (Connection) throws -> T) throws -> T {
        let wasClean = state.withLock { $0.isClean }
        let value = try body(self)
        if wasClean && transactionStatus == PQTRANS_IDLE {
            state.withLock { $0.isClean = true }
        }
        return value
    }

    /// Whether the session is inside a transaction block (including a failed one).
    public var isInTransaction: Bool {
        let status = transactionStatus
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    private var transactionStatus: PGTransactionStatusType {
        state.withLock { state in state.handle.map { PQtransactionStatus($0) } ?? PQTRANS_UNKNOWN }
    }

    /// Whether the session is open and no call has shown it to be broken.
    public var isHealthy: Bool {
        state.withLock { state in
            guard let handle = state.handle, !state.isBroken else { return false }
            return PQstatus(handle) == CONNECTION_OK
        }
    }

    /// Reconnects with the same parameters, dropping all session state.
    public func reset() throws {
        try state.withLock { state in
            guard let handle = state.handle else { throw PostgresError.closed }
            state.prepared = [:]
            PQreset(handle)
            guard PQstatus(handle) == CONNECTION_OK else {
                state.isBroken = true
                throw ConnectionString.connectFailure(handle: handle, conninfo: "")
            }
            state.isBroken = false
        }
    }

    /// Ends the session. Later calls throw `.connectionClosed`.
    public func close() {
        state.withLock { state in
            if let handle = state.handle { PQfinish(handle) }
            state.handle = nil
        }
    }

    /// Runs `body` with the libpq handle under the connection's lock, noting whether a failure broke the session.
    func withHandle<R: Sendable>(_ body: (OpaquePointer) throws -> R) throws -> R {
        try withHandle { handle, _ in try body(handle) }
    }

    /// `withHandle`, giving `body` the connection's state too.
    private func withHandle<R: Sendable>(_ body: (OpaquePointer, inout State) throws -> R) throws -> R {
        try state.withLock { state in
            guard let handle = state.handle else { throw PostgresError.closed }
            state.isClean = false
            do {
                return try body(handle, &state)
            } catch let error as PostgresError {
                let gone = error.kind == .connectionLost || error.code?.meansConnectionIsGone == true
                // A server that refuses writes (a primary demoted in a failover, or a standby a multi-host URL
                // reached) stays so; a fresh connect lets libpq's target_session_attrs find the new primary.
                let readOnly = error.code == .readOnlySQLTransaction
                if gone || readOnly || PQstatus(handle) != CONNECTION_OK {
                    state.isBroken = true
                }
                throw error
            }
        }
    }

    /// Whether an idle pooled connection still looks alive: reads anything the server sent meanwhile (such as a
    /// termination notice) without blocking, then checks the status.
    func looksAliveWhileIdle() -> Bool {
        state.withLock { state in
            guard let handle = state.handle, !state.isBroken else { return false }
            // A closed socket shows up as end-of-file only on the read after the server's last message.
            for _ in 0..<2 where PQconsumeInput(handle) == 1 {
                while let notification = PQnotifies(handle) { PQfreemem(notification) }
            }
            // The server announces a termination with a FATAL message before it closes the socket.
            if noticeSink.takeFatal() {
                state.isBroken = true
            }
            return !state.isBroken && PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
        }
    }

    /// Returns the session to a clean state for the next borrower: rolls back an open transaction and runs
    /// `sessionReset`, in one round trip, unless a COMMIT already did and nothing ran since.
    /// `false` when the session cannot be reused.
    func prepareForReuse() -> Bool {
        state.withLock { state in
            guard let handle = state.handle, !state.isBroken, PQstatus(handle) == CONNECTION_OK else { return false }
            let status = PQtransactionStatus(handle)
            if status == PQTRANS_IDLE && state.isClean { return true }
            let sql: String
            if status == PQTRANS_INTRANS || status == PQTRANS_INERROR {
                sql = "ROLLBACK; " + Self.sessionReset
            } else if status == PQTRANS_IDLE {
                sql = Self.sessionReset
            } else {
                return false
            }
            guard PQsendQuery(handle, sql) == 1 else { return false }
            return Self.finishReset(Self.readReset(handle), handle: handle, state: &state)
        }
    }

    private static func runSimple(_ sql: String, handle: OpaquePointer) -> Bool {
        guard let result = PQexec(handle, sql) else { return false }
        defer { PQclear(result) }
        return PQresultStatus(result) == PGRES_COMMAND_OK
    }

    /// The text for parameter `$position`, or `.encoding` naming it.
    private func bindText(_ parameter: (any PostgresEncodable)?, position: Int) throws -> String? {
        guard let parameter else { return nil }
        do {
            let text = try parameter.postgresBindText()
            if let text, text.utf8.contains(0) {
                throw PostgresError(kind: .encoding, message: "contains a NUL character, which PostgreSQL rejects")
            }
            return text
        } catch var error as PostgresError {
            error.message = "parameter $\(position): \(error.message)"
            throw error
        }
    }
}

extension PostgresError {
    static let closed = PostgresError(kind: .connectionClosed, message: "the PostgreSQL connection is closed")
}

/// Sends the server's notices and warnings to the connection's logger instead of stderr, and remembers a FATAL
/// message that arrived while idle (the server saying it is about to close the session).
final class NoticeSink: Sendable {
    let logger: Logger
    private let sawFatal = Atomic(false)

    init(logger: Logger) {
        self.logger = logger
    }

    func receive(_ result: OpaquePointer) {
        let severity = ResultReader.field(result, "V") ?? "NOTICE"
        let message = ResultReader.field(result, "M") ?? ""
        if severity == "FATAL" || severity == "PANIC" {
            sawFatal.store(true, ordering: .relaxed)
        }
        let level: Logger.Level = severity == "WARNING" ? .warning : .debug
        logger.log(level: level, "PostgreSQL \(severity.lowercased()): \(message)")
    }

    /// Whether a FATAL message arrived since the last call.
    func takeFatal() -> Bool {
        sawFatal.exchange(false, ordering: .relaxed)
    }
}

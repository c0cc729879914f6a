import Logging
import NIOPosix
import Synchronization

/// A bounded pool of connections for async code. Borrowers' blocking libpq work runs on the pool's own threads,
/// never on the Swift cooperative pool or an event loop.
///
/// Connections open lazily, at most `size` at once. Borrowers that find none free wait in FIFO order for at most
/// `acquireTimeout`. A connection that broke (server restart, network cut) is discarded, not reused. Every
/// connection goes back clean: an open transaction is rolled back and session settings, `SET ROLE`, temporary
/// tables, statements prepared with SQL, LISTEN and advisory locks are reset (`Connection.sessionReset`); the
/// statements the connection prepared itself (`query(…, preparing: true)`), fixed texts, stay. A `transaction`
/// sends that reset with its COMMIT; other borrows pay one extra round trip for it.
public final class ConnectionPool: Sendable {
    /// A snapshot of the pool's bookkeeping.
    public struct Statistics: Sendable, Equatable {
        /// Connections open or being opened, lent out or idle.
        public var open: Int
        public var idle: Int
        public var waiting: Int

        public init(open: Int, idle: Int, waiting: Int) {
            self.open = open
            self.idle = idle
            self.waiting = waiting
        }
    }

    /// What borrowers have met since the pool started: how many borrows were granted, how many of them had to wait
    /// for a connection, and the time spent waiting in all.
    public struct Borrowing: Sendable, Equatable {
        public var acquisitions = 0
        public var waitedAcquisitions = 0
        public var totalWait = Duration.zero
    }

    public let configuration: ConnectionPoolConfiguration
    private let logger: Logger
    private let threadPool: NIOThreadPool
    private let state = Mutex(PoolState())

    /// Starts the pool's threads (one per connection); connections open on first use. Call `shutdown()` when done.
    public init(
        configuration: ConnectionPoolConfiguration,
        logger: Logger = Logger(label: "Postgres.ConnectionPool")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.size)
        threadPool.start()
    }

    deinit {
        if !state.withLock({ $0.isClosed }) {
            threadPool.shutdownGracefully { _ in }
        }
    }

    public var statistics: Statistics {
        state.withLock { Statistics(open: $0.openCount, idle: $0.idle.count, waiting: $0.waiters.count) }
    }

    public var borrowing: Borrowing {
        state.withLock { $0.borrowing }
    }

    /// Borrows a connection for `body`, which runs on the pool's threads; the connection returns clean afterwards.
    public func withConnection<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        let grant = try await acquire()
        return try await withoutActuallyEscaping(body) { body in
            try await run(grant) { connection in try body(connection) }
        }
    }

    /// Borrows a connection for `body`, whose statements must each commit on their own and leave no session state
    /// behind (fixed statements such as a `SECURITY DEFINER` function's call, no `SET`), so the connection goes back
    /// without the session reset: a single statement costs one round trip in all.
    public func withSessionUntouched<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        try await withConnection { connection in try connection.keepingSessionClean(body) }
    }

    /// Borrows a connection and runs `body` in a transaction that starts with `opening` (a fixed statement sent
    /// with the BEGIN, such as `SET LOCAL ROLE …`) and then `set_config(name, value, true)` for every setting
    /// (for example row-level-security keys) in one statement; the settings end with the transaction.
    public func transaction<T: Sendable>(
        opening: String? = nil,
        settings: [(String, String)] = [],
        _ body: @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try connection.transaction(opening: opening, resettingAfterCommit: true) { connection in
                try connection.setLocal(settings)
                return try body(connection)
            }
        }
    }

    /// Fails waiting and later borrowers with `.poolClosed`, closes idle connections (lent ones close when they
    /// come back) and stops the pool's threads once running work is done.
    public func shutdown() async {
        let (idle, waiters, wasClosed) = state.withLock { state in
            let wasClosed = state.isClosed
            state.isClosed = true
            let idle = state.idle
            let waiters = state.waiters
            state.idle = []
            state.waiters = []
            state.openCount -= idle.count
            return (idle, waiters, wasClosed)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: closedError)
        }
        for connection in idle {
            connection.close()
        }
        if !wasClosed {
            try? await threadPool.shutdownGracefully()
        }
    }

    /// Runs `work` on a pool thread with the granted connection (opening one first for a permit).
    private func run<T: Sendable>(
        _ grant: Grant,
        _ work: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        let job = PendingWork { [self] in try borrow(grant, work) }
        return try await withCheckedThrowingContinuation { continuation in
            threadPool.submit { [self] shouldRun in
                if shouldRun == .active {
                    continuation.resume(with: job.run())
                } else {
                    job.drop()
                    giveBack(grant)
                    continuation.resume(throwing: closedError)
                }
            }
        }
    }

    /// On a pool thread: checks the connection out, runs `body`, checks it back in.
    private func borrow<T>(_ grant: Grant, _ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut(grant)
        defer { checkIn(connection) }
        return try body(connection)
    }

    private func checkOut(_ grant: Grant) throws -> Connection {
        if case .connection(let connection) = grant {
            if connection.looksAliveWhileIdle() {
                return connection
            }
            logger.notice("Discarding a pooled PostgreSQL connection that broke while idle")
            connection.close()
        }
        do {
            let connection = try Connection.connect(
                configuration.conninfo,
                applicationName: configuration.applicationName,
                connectTimeout: configuration.connectTimeout,
                logger: logger
            )
            logger.debug("Opened a pooled PostgreSQL connection")
            return connection
        } catch {
            logger.warning("PostgreSQL pool cannot connect", metadata: ["error": "\(error)"])
            releaseSlot()
            throw error
        }
    }

    private func checkIn(_ connection: Connection) {
        if connection.prepareForReuse() {
            giveBack(.connection(connection))
        } else {
            logger.notice("Discarding a broken PostgreSQL connection")
            connection.close()
            releaseSlot()
        }
    }

    /// Waits for a free connection or a permit to open one, at most `acquireTimeout`.
    private func acquire() async throws -> Grant {
        try Task.checkCancellation()
        let size = configuration.size
        let deadline = ContinuousClock.now.advanced(by: configuration.acquireTimeout)
        let firstTry = state.withLock { state -> Result<Grant, PostgresError>? in
            if state.isClosed { return .failure(closedError) }
            guard let grant = state.grantImmediately(size: size) else { return nil }
            state.borrowing.acquisitions += 1
            return .success(grant)
        }
        if let firstTry { return try firstTry.get() }
        let waitStarted = ContinuousClock.now

        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = Task { [self] in
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return
            }
            failWaiter(id, with: timeoutError)
        }
        defer { timer.cancel() }
        let grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                let immediate = state.withLock { state -> Result<Grant, any Error>? in
                    if state.isClosed { return .failure(closedError) }
                    // The handler below only finds waiters already queued, so check here too.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let grant = state.grantImmediately(size: size) { return .success(grant) }
                    if ContinuousClock.now >= deadline { return .failure(timeoutError) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let immediate {
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            failWaiter(id, with: CancellationError())
        }
        state.withLock { state in
            state.borrowing.acquisitions += 1
            state.borrowing.waitedAcquisitions += 1
            state.borrowing.totalWait += ContinuousClock.now - waitStarted
        }
        return grant
    }

    /// Hands a connection to the longest waiter, or keeps it idle.
    private func giveBack(_ grant: Grant) {
        guard case .connection(let connection) = grant else {
            releaseSlot()
            return
        }
        let (waiter, mustClose) = state.withLock { state -> (Waiter?, Bool) in
            if state.isClosed {
                state.openCount -= 1
                return (nil, true)
            }
            if !state.waiters.isEmpty {
                return (state.waiters.removeFirst(), false)
            }
            state.idle.append(connection)
            return (nil, false)
        }
        if mustClose { connection.close() }
        waiter?.continuation.resume(returning: .connection(connection))
    }

    /// Frees a connection slot (a connection was discarded or could not open) and lets the longest waiter try to
    /// open one, so an unreachable server fails every waiter quickly instead of leaving them to time out.
    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            state.openCount -= 1
            guard !state.isClosed, !state.waiters.isEmpty else { return nil }
            state.openCount += 1
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .permit)
    }

    private func failWaiter(_ id: Int, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
        }
        waiter?.continuation.resume(throwing: error)
    }

    private var timeoutError: PostgresError {
        PostgresError(
            kind: .poolTimeout,
            message: "no PostgreSQL connection free within \(configuration.acquireTimeout.shortDescription) "
                + "(pool size \(configuration.size))"
        )
    }

    private var closedError: PostgresError {
        PostgresError(kind: .poolClosed, message: "the PostgreSQL connection pool is shut down")
    }
}

/// What a borrower is given: an idle connection, or the right to open a new one.
enum Grant: Sendable {
    case connection(Connection)
    case permit
}

/// A borrower waiting for a grant.
struct Waiter {
    let id: Int
    let continuation: CheckedContinuation<Grant, any Error>
}

/// The pool's mutable state, guarded by its mutex.
struct PoolState {
    var idle: [Connection] = []
    var openCount = 0
    var waiters: [Waiter] = []
    var borrowing = ConnectionPool.Borrowing()
    var nextWaiterID = 0
    var isClosed = false

    /// An idle connection (most recently used first), or a permit while below `size`.
    mutating func grantImmediately(size: Int) -> Grant? {
        if let connection = idle.popLast() { return .connection(connection) }
        guard openCount < size else { return nil }
        openCount += 1
        return .permit
    }
}

/// A closure run at most once on another thread, released before its caller resumes, so a non-escaping closure
/// can be lent to it through `withoutActuallyEscaping`.
final class PendingWork<T: Sendable>: Sendable {
    private let work: Mutex<(@Sendable () throws -> T)?>

    init(_ work: @escaping @Sendable () throws -> T) {
        self.work = Mutex(work)
    }

    func run() -> Result<T, any Error> {
        guard let work = take() else { return .failure(CancellationError()) }
        return Result { try work() }
    }

    func drop() {
        _ = take()
    }

    private func take() -> (@Sendable () throws -> T)? {
        work.withLock { work in
            defer { work = nil }
            return work
        }
    }
}

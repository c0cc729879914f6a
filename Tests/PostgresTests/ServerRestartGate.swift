import Testing

/// Keeps the server-restart test from pulling the server out from under other tests in this target: every database
/// test holds shared access while it runs; the restart test waits for exclusive access.
actor ServerRestartGate {
    static let shared = ServerRestartGate()

    private(set) var sharedHolders = 0
    private(set) var isExclusivelyHeld = false
    private var waitingExclusive: [CheckedContinuation<Void, Never>] = []
    private var waitingShared: [CheckedContinuation<Void, Never>] = []

    func lockShared() async {
        // A waiting restart goes first, so a steady stream of tests cannot starve it.
        if isExclusivelyHeld || !waitingExclusive.isEmpty {
            await withCheckedContinuation { waitingShared.append($0) }
        } else {
            sharedHolders += 1
        }
    }

    func unlockShared() {
        sharedHolders -= 1
        if sharedHolders == 0, !waitingExclusive.isEmpty {
            isExclusivelyHeld = true
            waitingExclusive.removeFirst().resume()
        }
    }

    func lockExclusive() async {
        if isExclusivelyHeld || sharedHolders > 0 {
            await withCheckedContinuation { waitingExclusive.append($0) }
        } else {
            isExclusivelyHeld = true
        }
    }

    func unlockExclusive() {
        if !waitingExclusive.isEmpty {
            waitingExclusive.removeFirst().resume()
            return
        }
        isExclusivelyHeld = false
        sharedHolders += waitingShared.count
        waitingShared.forEach { $0.resume() }
        waitingShared = []
    }
}

/// A trait for suites that use the database: `.sharedDatabase` for ordinary tests, `.exclusiveDatabase` for the
/// test that restarts the server.
struct DatabaseAccessTrait: SuiteTrait, TestTrait, TestScoping {
    let exclusive: Bool

    var isRecursive: Bool { true }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard !test.isSuite else {
            try await function()
            return
        }
        let gate = ServerRestartGate.shared
        if exclusive {
            await gate.lockExclusive()
        } else {
            await gate.lockShared()
        }
        do {
            try await function()
        } catch {
            await exclusive ? gate.unlockExclusive() : gate.unlockShared()
            throw error
        }
        await exclusive ? gate.unlockExclusive() : gate.unlockShared()
    }
}

extension Trait where Self == DatabaseAccessTrait {
    static var sharedDatabase: Self { DatabaseAccessTrait(exclusive: false) }
    static var exclusiveDatabase: Self { DatabaseAccessTrait(exclusive: true) }
}

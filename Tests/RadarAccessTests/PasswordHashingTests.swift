import Foundation
import RadarAccess
import RadarTestSupport
import Synchronization
import Testing

@Suite("Password checks leave the service responsive")
struct PasswordHashingTests {
    /// More production-cost logins than Swift has cooperative threads run at once. If bcrypt ran on those threads,
    /// a short sleep elsewhere could only resume between two ~0.35 s hashes, so few naps would fit while they run.
    @Test func productionCostLoginsDoNotStarveOtherTasks() async throws {
        let database = try await TestDatabase.shared()
        let accounts = Accounts(database: database, passwordCost: 12)
        let logins = 2 * max(ProcessInfo.processInfo.activeProcessorCount, 2)
        let instant = Date(timeIntervalSince1970: 1_790_000_000)
        let finished = Tally()
        let started = Date()
        let attempts = (0..<logins).map { index in
            Task {
                defer { finished.add() }
                let suffix = UUID().uuidString.prefix(8).lowercased()
                do {
                    _ = try await accounts.logIn(
                        email: "nobody-\(suffix)@example.org", password: "not the password",
                        address: "hashing-\(suffix)-\(index)", now: instant)
                    return false
                } catch AccessError.invalidCredentials {
                    return true
                }
            }
        }
        var naps = 0
        while finished.count < logins {
            try await Task.sleep(for: .milliseconds(10))
            naps += 1
        }
        let elapsed = Date().timeIntervalSince(started)
        var refused = 0
        for attempt in attempts where try await attempt.value { refused += 1 }
        #expect(refused == logins, "an unknown e-mail must be refused")
        // Each login hashes at least once at cost 12, so they kept the threads they ran on busy for a while.
        #expect(elapsed > 0.3, "logins took \(elapsed) s")
        #expect(naps >= 10, "only \(naps) naps of 10 ms fitted in the \(elapsed) s that \(logins) logins hashed")
    }
}

/// A count shared between tasks.
private final class Tally: Sendable {
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    func add() { value.withLock { $0 += 1 } }
}

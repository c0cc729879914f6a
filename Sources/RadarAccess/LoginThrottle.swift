import Foundation

/// How failed logins are slowed and then refused, per account and per client address.
public struct LoginThrottle: Sendable {
    /// Failures older than this (counted from the latest one) are forgotten.
    public var window: TimeInterval
    /// Failures allowed before any slowing.
    public var freeFailures: Int
    /// The delay after the first slowed failure, doubling with each further one, up to `maximumDelay`.
    public var baseDelay: Int
    public var maximumDelay: Int
    /// Failures on one account after which it is refused for `lockout`.
    public var accountLimit: Int
    /// Failures from one address after which it is refused for `lockout`; higher, as offices share addresses.
    public var addressLimit: Int
    public var lockout: TimeInterval

    public init(
        window: TimeInterval = 15 * 60, freeFailures: Int = 3, baseDelay: Int = 1, maximumDelay: Int = 30,
        accountLimit: Int = 10, addressLimit: Int = 50, lockout: TimeInterval = 15 * 60
    ) {
        self.window = window
        self.freeFailures = freeFailures
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.lockout = lockout
    }

    public static let standard = LoginThrottle()

    /// Seconds a caller should wait after the `failures`-th failure in a row.
    public func delay(afterFailures failures: Int) -> Int {
        let slowed = failures - freeFailures
        guard slowed > 0 else { return 0 }
        // Capped before shifting, so a long run of failures cannot overflow.
        return min(baseDelay << min(slowed - 1, 20), maximumDelay)
    }

    /// Runs a sign-in `attempt`. When it fails on credentials, the answer is held back for the throttle's delay,
    /// at most five seconds: further attempts are refused (429) for the whole delay anyway, and holding this answer
    /// back as well slows a serial guesser without tying up a connection for long. Every edge that checks a password
    /// (API and web, login and password change) answers through this.
    public static func holdingBackFailures<T>(_ attempt: () async throws -> T) async throws -> T {
        do {
            return try await attempt()
        } catch AccessError.invalidCredentials(let delay) {
            try await Task.sleep(for: .seconds(min(max(delay, 0), 5)))
            throw AccessError.invalidCredentials(delay: delay)
        }
    }

    /// Seconds until another attempt is allowed given a counter, or nil when an attempt may go ahead now.
    func retryAfter(failures: Int, lastFailure: Date, limit: Int, now: Date) -> Int? {
        // Attempts running side by side read their clocks before waiting their turn, so the last failure may be a
        // moment later than this attempt's `now`: that is no time since it, not a negative time still to wait.
        let since = max(0, now.timeIntervalSince(lastFailure))
        guard since < window else { return nil }
        let wait = failures >= limit ? lockout : TimeInterval(delay(afterFailures: failures))
        let remaining = wait - since
        return remaining > 0 ? Int(remaining.rounded(.up)) : nil
    }
}

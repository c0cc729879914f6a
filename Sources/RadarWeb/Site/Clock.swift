import Foundation

/// Where the site reads the time: the system clock in service, a fixed or moved instant in tests.
public struct WebClock: Sendable {
    public let now: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = WebClock { Date() }
}

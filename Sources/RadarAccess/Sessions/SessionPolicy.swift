import Foundation

/// How long a sign-in lasts: ended after `idle` seconds without a request, and `absolute` seconds after sign-in
/// whatever happens.
public struct SessionPolicy: Sendable {
    public var idle: TimeInterval
    public var absolute: TimeInterval
    /// A request refreshes the session's last use only when this much time has passed, to spare a write per page.
    public var touchInterval: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 60 * 60, touchInterval: TimeInterval = 60) {
        self.idle = idle
        self.absolute = absolute
        self.touchInterval = touchInterval
    }

    /// Whether a session made at `created` and last used at `lastSeen` is still alive at `now`.
    func isAlive(created: Date, lastSeen: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeen) < idle && now.timeIntervalSince(created) < absolute
    }
}

import ArgumentParser
import Foundation

/// Everything the CLI reads from its environment, read once: flags first, then environment variables,
/// then defaults.
public struct Configuration: Sendable {
    /// libpq connection string or URI; empty lets libpq use `PG*` variables, `~/.pgpass` and service files.
    public var databaseURL: String
    /// The organisation commands work in, if one was named.
    public var organisation: String?
    /// Who is acting, as recorded in the audit trail.
    public var actor: String
    /// Where reporting reads (`radar query`, digest rendering) may go instead: typically a streaming replica
    /// (`RADAR_READ_DATABASE_URL`); nil sends them to `databaseURL` with everything else.
    public var readDatabaseURL: String?
    /// How stale the data behind `readDatabaseURL` may be, as given (`RADAR_READ_MAX_STALENESS`, whole seconds).
    public var readMaxStalenessText: String?

    /// The staleness reporting reads accept when not set: 30 seconds.
    public static let defaultReadMaxStaleness = Duration.seconds(30)

    public init(databaseURL: String?, organisation: String?, environment: [String: String]) {
        self.databaseURL = databaseURL ?? environment["DATABASE_URL"] ?? ""
        self.organisation = organisation ?? environment["RADAR_ORG"].flatMap { $0.isEmpty ? nil : $0 }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        self.actor = environment["RADAR_ACTOR"] ?? "cli:\(user)"
        self.readDatabaseURL = environment["RADAR_READ_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        self.readMaxStalenessText = environment["RADAR_READ_MAX_STALENESS"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The staleness allowed to reporting reads, or an error naming the setting and what it expects.
    public func readMaxStaleness() throws -> Duration {
        guard let text = readMaxStalenessText else { return Self.defaultReadMaxStaleness }
        guard let seconds = Int(text), seconds >= 0, seconds <= 86_400 else {
            throw ValidationError(
                "RADAR_READ_MAX_STALENESS: \"\(text)\" is not a whole number of seconds between 0 and 86400")
        }
        return .seconds(seconds)
    }
}

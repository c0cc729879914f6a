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

    public init(databaseURL: String?, organisation: String?, environment: [String: String]) {
        self.databaseURL = databaseURL ?? environment["DATABASE_URL"] ?? ""
        self.organisation = organisation ?? environment["RADAR_ORG"].flatMap { $0.isEmpty ? nil : $0 }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        self.actor = environment["RADAR_ACTOR"] ?? "cli:\(user)"
    }
}

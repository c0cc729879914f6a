import Foundation
import Postgres

/// A tenant: one organisation whose people and conversations are isolated from every other.
public struct Organisation: Sendable, Hashable, Codable {
    public var id: UUID
    public var slug: String
    public var name: String
    public var timeZone: String
    /// ISO weekday the organisation's week starts on (1 = Monday).
    public var weekStart: Int

    init(row: Row) throws {
        id = try row.decode("id")
        slug = try row.decode("slug")
        name = try row.decode("name")
        timeZone = try row.decode("time_zone")
        weekStart = try row.decode("week_start")
    }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }
}

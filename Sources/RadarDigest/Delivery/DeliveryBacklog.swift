import Foundation
import Postgres
import RadarStore

/// The digest outbox across every organisation, counted for operators: deliveries waiting, those already due, the
/// wait of the oldest due one, and those given up on. Counts only, read through `radar_delivery_backlog()`.
public struct DeliveryBacklog: Sendable, Hashable {
    public var pending: Int
    public var due: Int
    public var oldestDueSeconds: Double
    public var failed: Int

    static let query = "SELECT pending, due, oldest_due_seconds, failed FROM radar_delivery_backlog()"

    /// The backlog as the database sees it now.
    public static func read(_ database: RadarDatabase) async throws -> DeliveryBacklog {
        try await database.asApplication { connection in
            let row = try connection.queryRow(query)!
            return DeliveryBacklog(
                pending: try row.decode("pending"), due: try row.decode("due"),
                oldestDueSeconds: try row.decode("oldest_due_seconds"), failed: try row.decode("failed"))
        }
    }
}

import Foundation
import RadarStore

/// Where reporting reads go: the read database (`RADAR_READ_DATABASE_URL`, typically a streaming replica) when its
/// data is no staler than `RADAR_READ_MAX_STALENESS` allows, else the primary (`DATABASE_URL`), with a warning.
/// Only reads that write nothing may be routed here: a replica refuses writes.
public enum ReportingReads {
    /// Whether a read database lagging by `lag` (nil: cannot tell) may answer within `allowance`.
    public static func accepts(lag: Duration?, allowance: Duration) -> Bool {
        guard let lag else { return false }
        return lag <= allowance
    }

    /// Opens the database reporting reads go to under `configuration`, runs `body` on it and closes it.
    /// `warn` hears why the read database was passed over, when it was.
    public static func withDatabase<T: Sendable>(
        _ configuration: Configuration, poolSize: Int = 2,
        warn: (String) -> Void = { Console.current.printError("radar: warning: " + $0) },
        _ body: (RadarDatabase) async throws -> T
    ) async throws -> T {
        if let readURL = configuration.readDatabaseURL {
            let allowance = try configuration.readMaxStaleness()
            let replica = RadarDatabase.open(conninfo: readURL, poolSize: poolSize)
            let lag: Result<Duration?, any Error>
            do { lag = .success(try await replica.replicationLag()) } catch { lag = .failure(error) }
            switch lag {
            case .success(let lag) where accepts(lag: lag, allowance: allowance):
                return try await using(replica, body)
            case .success(let lag):
                warn(
                    "RADAR_READ_DATABASE_URL: "
                        + (lag.map { "its data is \(seconds($0)) s behind" } ?? "how far behind its data is cannot be told")
                        + ", more than the \(seconds(allowance)) s RADAR_READ_MAX_STALENESS allows; reading from "
                        + "DATABASE_URL instead")
            case .failure(let error):
                warn("RADAR_READ_DATABASE_URL cannot be read (\(error)); reading from DATABASE_URL instead")
            }
            await replica.close()
        }
        return try await using(RadarDatabase.open(conninfo: configuration.databaseURL, poolSize: poolSize), body)
    }

    /// Runs `body` on `database` and closes it, whatever happens.
    private static func using<T: Sendable>(
        _ database: RadarDatabase, _ body: (RadarDatabase) async throws -> T
    ) async throws -> T {
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

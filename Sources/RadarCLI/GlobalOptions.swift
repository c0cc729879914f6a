import ArgumentParser
import Foundation
import RadarStore

/// How tables of results are written.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// Where to connect and which organisation to work in: the options every command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostgreSQL connection string or URI (default: $DATABASE_URL, else libpq's PG* variables).",
            valueName: "url"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp("Organisation to work in (default: $RADAR_ORG).", valueName: "slug"))
    var org: String?

    /// The configuration these flags and the environment make.
    var configuration: Configuration {
        Configuration(databaseURL: databaseURL, organisation: org, environment: ProcessInfo.processInfo.environment)
    }

    /// The organisation slug, or a usage error saying how to name one.
    func requireOrganisation() throws -> String {
        guard let slug = configuration.organisation else {
            throw ValidationError("--org: no organisation given; pass --org SLUG or set RADAR_ORG")
        }
        return slug
    }

    /// Opens the database, runs `body` and closes the pool, whatever happens.
    func withDatabase<T: Sendable>(poolSize: Int = 2, _ body: (RadarDatabase) async throws -> T) async throws -> T {
        let database = RadarDatabase.open(conninfo: configuration.databaseURL, poolSize: poolSize)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Options every command accepts: the connection and a table format.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    var org: String? { connection.org }
    var configuration: Configuration { connection.configuration }

    func requireOrganisation() throws -> String { try connection.requireOrganisation() }

    func withDatabase<T: Sendable>(poolSize: Int = 2, _ body: (RadarDatabase) async throws -> T) async throws -> T {
        try await connection.withDatabase(poolSize: poolSize, body)
    }
}

extension GlobalOptions {
    /// Runs `body` in one transaction inside the chosen organisation, as the application role.
    func inOrganisation<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) throws -> T) async throws -> T {
        let slug = try requireOrganisation()
        let actor = configuration.actor
        return try await withDatabase { database in
            try await database.inOrganisation(slug, actor: actor, body)
        }
    }

    /// Writes a report in the chosen format.
    func emit(_ report: Report) {
        Console.current.write(report.render(format))
    }

    /// Writes one value as pretty JSON (for `show` commands in json format).
    func emitJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        Console.current.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

import Foundation
import Postgres
import RadarDomain

/// Creating organisations (administration done as the schema owner) and listing them.
public struct Organisations: Sendable {
    public let database: RadarDatabase

    public init(database: RadarDatabase) {
        self.database = database
    }

    enum Query {
        static let insert = """
            INSERT INTO organisations (slug, name, time_zone) VALUES ($1, $2, $3)
            RETURNING id, slug, name, time_zone, week_start
            """
        static let list = "SELECT id, slug, name, time_zone, week_start FROM radar_organisations()"
        static let knownZone = "SELECT count(*) = 1 AS known FROM pg_timezone_names WHERE name = $1"
        static let setOrganisation = "SELECT set_config('radar.org_id', $1, true)"
    }

    /// Creates an organisation (week starting Monday) with its own copy of the default rule catalogue.
    public func create(slug: String, name: String, timeZone: String = "UTC", actor: String) async throws -> Organisation
    {
        try await create(slug: slug, name: name, timeZone: timeZone, actor: actor) { $0.organisation }
    }

    /// Creates an organisation and fills it with `fill` in the same transaction (as the application role), so a
    /// failure leaves no half-made organisation behind.
    public func create<T: Sendable>(
        slug: String, name: String, timeZone: String = "UTC", actor: String,
        fill: @escaping @Sendable (TenantTransaction) throws -> T
    ) async throws -> T {
        var problems: [ValidationProblem] = []
        if slug.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) == nil {
            problems.append(
                ValidationProblem(
                    field: "slug", message: "\"\(slug)\" must be 1–63 lower-case letters, digits or dashes"))
        }
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(ValidationProblem(field: "name", message: "is required"))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return try await database.asOwner(actor: actor) { connection in
            let known = try connection.queryRow(Query.knownZone, [timeZone])?.decode("known", as: Bool.self) ?? false
            guard known else {
                throw ValidationFailure([
                    ValidationProblem(
                        field: "time-zone", message: "\"\(timeZone)\" is not an IANA time zone (e.g. Europe/London)")
                ])
            }
            let organisation: Organisation
            do {
                organisation = try Organisation(row: connection.queryRow(Query.insert, [slug, name, timeZone])!)
            } catch let error as PostgresError where error.code == .uniqueViolation {
                throw ValidationFailure([ValidationProblem(field: "slug", message: "\"\(slug)\" is already taken")])
            }
            try connection.execute(Query.setOrganisation, [organisation.id.uuidString.lowercased()])
            try DefaultRules.install(on: connection)
            try connection.execute(RadarDatabase.Query.actAsApplication)
            return try fill(TenantTransaction(connection: connection, organisation: organisation, actor: actor))
        }
    }

    /// Every organisation, by slug; the application role may ask (the scheduler does).
    public func list() async throws -> [Organisation] {
        try await database.asApplication { connection in
            try connection.query(Query.list).map(Organisation.init(row:))
        }
    }
}
